import Foundation
import SchedCore
import SchedLang
import SchedInterchange
import Scheduling

/// `import ics` and `import csv`: appointments read from a file, each booked as `book` books.
extension Interpreter {
    func importAppointments(_ statement: ImportStatement) throws -> Value {
        var path = ""
        var results: [ImportResult] = []
        var candidateEntries: [Int] = []
        var plan = SeriesPlan([])
        var zone = HomeZone.utc
        let imported = try perform(ImportAppointments { context in
            zone = context.zone
            path = try self.text(statement.file, context, what: "a file name")
            let entries = try self.readEntries(statement.format, path: path, at: statement.file.range)
            plan = SeriesPlan(entries)
            var candidates: [ImportCandidate] = []
            results = entries.map { ImportResult(entry: $0, outcome: .skipped("")) }
            for (index, entry) in entries.enumerated() where plan.attached[index] == nil {
                guard entry.rule != nil else {
                    switch self.candidate(entry, context) {
                    case .success(let candidate):
                        candidates.append(candidate)
                        candidateEntries.append(index)
                    case .failure(let failure):
                        results[index].outcome = failure.outcome
                    }
                    continue
                }
                let overrides = plan.overrides[index, default: []].map { entries[$0] }
                switch self.seriesCandidate(entry, overrides: overrides, context) {
                case .success(let (candidate, extra)):
                    candidates.append(candidate)
                    candidateEntries.append(index)
                    for (rdate, override) in extra {
                        candidates.append(rdate)
                        if let override, let at = plan.overrides[index]?[override] {
                            plan.addedDates.insert(at)
                            candidateEntries.append(at)
                        } else {
                            results.append(ImportResult(entry: entry, outcome: .skipped("")))
                            candidateEntries.append(results.count - 1)
                        }
                    }
                case .failure(let failure):
                    results[index].outcome = failure.outcome
                }
            }
            // Inside an --atomic run the whole run is all or nothing, and so is the import.
            return .init(candidates: candidates, allOrNothing: statement.atomic || self.run != nil,
                         refusedBefore: results.contains { $0.outcome.isRefused })
        })
        let (outcomes, kept) = imported
        for (index, outcome) in zip(candidateEntries, outcomes) { results[index].outcome = outcome }
        results = Self.expandingSeries(results, plan)
        Self.nameOverlaps(&results, zone: zone)
        let report = ImportReport(file: path, format: statement.format, results: results, kept: kept)
        if !kept {
            for result in results where result.outcome.isRefused {
                warn?("\(path) \(result.place): \(result.text(zone: zone))")
            }
            let first = results.first { $0.outcome.isRefused }.map { "\($0.place): \($0.text(zone: zone))" } ?? ""
            throw RuntimeFailure(.importRefused(path, refused: report.count("refused"), of: results.count, first: first),
                                 at: statement.file.range)
        }
        // An import may add thousands of rows: they go into the database file now, not when
        // the process ends (inside an --atomic run, once it commits).
        store.checkpoint()
        return .outcome(.imported(report))
    }

    private func readEntries(_ format: ImportFormat, path: String, at range: SourceRange) throws -> [ImportEntry] {
        // Bytes, not a String: a folded line may split a UTF-8 sequence that unfolding rejoins.
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path: path)
        } catch {
            throw RuntimeFailure(.fileUnreadable(path, reason: error.reason), at: range)
        }
        do {
            switch format {
            case .ics: return try ICalendarReader.entries(utf8: bytes)
            case .csv: return try CSVReader.entries(utf8: bytes)
            }
        } catch {
            throw RuntimeFailure(.importFileInvalid(path, line: error.line, error.message), at: range)
        }
    }

    /// The results with each series' outcome spread over its occurrences, and each override's
    /// at its own line, in the order of the file.
    static func expandingSeries(_ results: [ImportResult], _ plan: SeriesPlan) -> [ImportResult] {
        var expanded: [[ImportResult]] = results.map { [$0] }
        for index in results.indices {
            guard plan.attached[index] == nil else { continue }
            let master = results[index]
            let overrides = plan.overrides[index, default: []]
            let byLine = Dictionary(overrides.map { (results[$0].entry.line, $0) }, uniquingKeysWith: { first, _ in first })
            var spoken: [Int: [ImportResult]] = [:]
            switch master.outcome {
            case .series(let occurrences):
                var own: [ImportResult] = []
                for occurrence in occurrences {
                    var one = ImportResult(entry: master.entry, outcome: occurrence.outcome)
                    one.occurrence = occurrence.originalStart
                    if let key = occurrence.key, let override = byLine[key] {
                        one.entry = results[override].entry
                        spoken[override, default: []].append(one)
                    } else {
                        own.append(one)
                    }
                }
                expanded[index] = own
            case .imported, .skipped, .refused:
                break
            }
            for override in overrides where !plan.addedDates.contains(override) {
                let entry = results[override].entry
                if let said = spoken[override] {
                    expanded[override] = said
                    continue
                }
                let outcome: ImportOutcome
                switch master.outcome {
                case .series:
                    outcome = entry.cancelled ? .skipped("cancelled in the file")
                        : .refused(ImportMessage.refusal(entry.problem ?? ImportMessage.startMissing))
                case .skipped, .imported: outcome = .skipped(ImportMessage.seriesSkipped(line: master.entry.line))
                case .refused: outcome = .refused(ImportMessage.refusal(ImportMessage.seriesRefused(line: master.entry.line)))
                }
                expanded[override] = [ImportResult(entry: entry, outcome: outcome)]
            }
        }
        return expanded.flatMap { $0 }
    }

    /// Names what each overlap refusal overlaps: an entry imported before it from the file, by
    /// its line, or else the booked appointment, as `#12 Ann, Tue 4 Mar 2025 10:00–10:30`.
    static func nameOverlaps(_ results: inout [ImportResult], zone: HomeZone) {
        var imported: [UUID: ImportResult] = [:]
        for index in results.indices {
            switch results[index].outcome {
            case .imported(let appointment):
                imported[appointment.id] = results[index]
            case .refused(_, let overlapping?):
                if let earlier = imported[overlapping.id] {
                    results[index].outcome = .refused(ImportMessage.overlapsEntry(earlier.quotedName, at: earlier.place))
                } else {
                    let when = HumanFormat.span(overlapping.start, overlapping.end, zone: zone)
                    let name = SchedError.clip(overlapping.customerName)
                    results[index].outcome = .refused(ImportMessage.overlapsAppointment("#\(overlapping.number) \(name), \(when)"))
                }
            case .refused, .skipped, .series:
                break
            }
        }
    }

    /// What `book` would be asked for the entry, or why it is not asked at all.
    private func candidate(_ entry: ImportEntry, _ context: Moment) -> Result<ImportCandidate, ImportOutcome.Failure> {
        if let problem = entry.problem { return .failure(.refused(ImportMessage.refusal(problem))) }
        if entry.cancelled { return .failure(.skipped("cancelled in the file")) }
        guard let startTime = entry.start else {
            return .failure(.refused(ImportMessage.refusal(ImportMessage.startMissing)))
        }
        do {
            let start = try instant(startTime, context)
            let new = NewAppointment(customerName: entry.name, start: start,
                                     durationMinutes: try eventMinutes(entry, from: start, context),
                                     note: entry.note, email: entry.email)
            return .success(ImportCandidate(appointment: new, id: Self.exportedID(entry.uid), uid: entry.uid,
                                            attendeeName: entry.attendeeName))
        } catch let failure as ImportOutcome.Failure {
            return .failure(failure)
        } catch let error as SchedError {
            return .failure(.refused(error))
        } catch {
            return .failure(.refused(ImportMessage.refusal("\(error)")))
        }
    }

    /// An entry's length in whole minutes, or the refusal that names its end. A CSV row states
    /// minutes and meets book's own message; an event's length comes from its end or duration,
    /// so its refusals name those.
    func eventMinutes(_ entry: ImportEntry, from start: Date, _ context: Moment) throws -> Int {
        let seconds: Int
        switch entry.length {
        case .end(let end): seconds = Int(try instant(end, context).timeIntervalSince(start))
        case .seconds(let length): seconds = length
        case .none: throw ImportOutcome.Failure.refused(ImportMessage.refusal(ImportMessage.lengthMissing))
        }
        if entry.row == nil, let problem = Self.eventLengthProblem(seconds) {
            throw ImportOutcome.Failure.refused(ImportMessage.refusal(problem))
        }
        return seconds / 60
    }

    /// The id in a UID `export ics` wrote (`<id>@sched`), which an import keeps.
    static func exportedID(_ uid: String?) -> UUID? {
        guard let uid, uid.hasSuffix(exportedUIDSuffix) else { return nil }
        return UUID(uuidString: String(uid.dropLast(exportedUIDSuffix.count)))
    }

    /// Why an event of `seconds` cannot be an appointment, in the event's own terms.
    static func eventLengthProblem(_ seconds: Int) -> String? {
        let most = AppointmentRules.maxDurationMinutes
        if seconds <= 0 { return ImportMessage.endsBeforeStart }
        if seconds % 60 != 0 { return ImportMessage.partMinute }
        if seconds / 60 > most {
            return ImportMessage.tooLong(minutes: seconds / 60, most: most)
        }
        return nil
    }

    /// The end of the UIDs `export ics` writes: `<appointment id>@sched`.
    static let exportedUIDSuffix = "@sched"

    /// The instant a file's time names: as it is, or read in its zone or the home zone.
    func instant(_ time: EntryTime, _ context: Moment) throws -> Date {
        switch time {
        case .instant(let instant):
            return instant
        case .wall(let date, let seconds, let fileZone):
            let resolution: WallClockResolution
            let zoneName: String
            if let fileZone {
                resolution = fileZone.resolve(date, secondsOfDay: seconds)
                zoneName = fileZone.name
            } else {
                resolution = context.zone.resolve(date, secondsOfDay: seconds)
                zoneName = context.zone.identifier
            }
            switch resolution {
            case .exact(let instant): return instant
            case .overlap(let earlier, _): return earlier
            case .gap: throw SchedError.timeInGap("\(date)T\(HumanFormat.clock(seconds))", zone: zoneName)
            }
        }
    }
}

extension ImportOutcome {
    /// An entry that never reached the booking checks.
    struct Failure: Error {
        let outcome: ImportOutcome
        static func refused(_ error: SchedError) -> Failure { Failure(outcome: .refused(error)) }
        static func skipped(_ reason: String) -> Failure { Failure(outcome: .skipped(reason)) }
    }
}
