import Foundation
import SchedCore
import SchedLang
import SchedInterchange
import Scheduling

/// One entry of an imported file and what became of it.
public struct ImportResult: Sendable, Equatable {
    var entry: ImportEntry
    var outcome: ImportOutcome
    /// For an occurrence of a repeating event, the start its rule gives it.
    var occurrence: Date?

    /// `line 12`, or `row 3 (line 4)` for CSV.
    var place: String {
        entry.row.map { "row \($0) (line \(entry.line))" } ?? "line \(entry.line)"
    }

    /// The entry's name as the report quotes it.
    var quotedName: String {
        entry.name.isEmpty ? "(no name)" : "\"\(SchedError.clip(entry.name))\""
    }

    /// `Ann: Time not available`, naming the entry by its customer or summary, and an
    /// occurrence by its date too: `"Ann" Tue 4 Mar 2025 10:00: …`.
    func text(zone: HomeZone) -> String {
        let name = quotedName + (occurrence.map { " " + HumanFormat.moment($0, zone: zone) } ?? "")
        switch outcome {
        case .imported(let appointment): return "#\(appointment.number) \(appointment.customerName)"
        case .skipped(let reason): return "\(name): \(reason)"
        case .refused(let error, _): return "\(name): \(error.message)"
        case .series(let occurrences): return "\(name): \(occurrences.count) occurrences"
        }
    }

    /// What was changed to import the entry; nothing for an entry that was not imported.
    var warnings: [String] {
        guard case .imported = outcome else { return [] }
        return entry.warnings
    }

    var outcomeName: String {
        switch outcome {
        case .imported: "imported"
        case .skipped: "skipped"
        case .refused: "refused"
        case .series(let occurrences): occurrences.contains { $0.outcome.isRefused } ? "refused" : "imported"
        }
    }
}

/// The report of an `import`: a line an entry, then the totals.
public struct ImportReport: Sendable, Equatable {
    var file: String
    var format: ImportFormat
    var results: [ImportResult]
    /// False when an all-or-nothing import was undone.
    var kept: Bool

    func count(_ outcome: String) -> Int {
        results.count { $0.outcomeName == outcome }
    }

    /// The warnings of the imported entries, one a line: `visits.ics line 5: "Ann": …`.
    var warnings: [String] {
        results.flatMap { result in
            result.warnings.map { "\(file) \(result.place): \(result.quotedName): \($0)" }
        }
    }

    func report(zone: HomeZone) -> Report {
        let rows: [[String]] = results.map { result in
            var text = result.text(zone: zone)
            if case .imported(let appointment) = result.outcome {
                text += "  " + HumanFormat.span(appointment.start, appointment.end, zone: zone)
            }
            return [result.place, result.outcomeName, text]
        }
        let noun = format == .csv ? "row" : "event"
        let total = results.count
        let summary = "Imported \(count("imported")) of \(total) \(noun)\(total == 1 ? "" : "s") from \(file)"
            + " (\(count("skipped")) skipped, \(count("refused")) refused)"
        let table = TextTable.render(rows).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        return Report(lines: table + [summary], json: json(zone: zone))
    }

    private func json(zone: HomeZone) -> JSONValue {
        let entries: [JSONValue] = results.map { result in
            var fields: [(String, JSONValue)] = [("line", .number(result.entry.line))]
            if let row = result.entry.row { fields.append(("row", .number(row))) }
            fields += [("name", .string(SchedError.clip(result.entry.name, limit: 200))), ("outcome", .string(result.outcomeName))]
            switch result.outcome {
            case .imported(let appointment):
                fields.append(("number", .number(appointment.number)))
                fields.append(("appointment", JSONRenderer(zone: zone).json(appointment)))
            case .skipped(let reason): fields.append(("reason", .string(reason)))
            case .refused(let error, _): fields.append(("reason", .string(error.message)))
            case .series: break
            }
            if let occurrence = result.occurrence {
                fields.append(("occurrence_start", .string(zone.iso8601(occurrence))))
            }
            if !result.warnings.isEmpty { fields.append(("warnings", .array(result.warnings.map(JSONValue.string)))) }
            return .object(fields)
        }
        return .object([
            ("file", .string(file)), ("format", .string(format.rawValue)),
            ("imported", .number(count("imported"))), ("skipped", .number(count("skipped"))),
            ("refused", .number(count("refused"))), ("entries", .array(entries)),
        ])
    }
}
