import Foundation
import SchedCore

/// Writes appointments as an RFC 5545 calendar: one VEVENT each, times in UTC, text escaped,
/// lines ending in CRLF and folded at 75 octets. It only builds text; the caller writes it.
public struct ICalendarWriter: Sendable {
    /// The version named in `PRODID`.
    public var productVersion: String

    public init(productVersion: String) {
        self.productVersion = productVersion
    }

    /// The whole calendar, ending with CRLF. An occurrence of a series is written as its series:
    /// one VEVENT with the rule, EXDATE and RDATE, and one VEVENT for each occurrence changed on
    /// its own (see `events`).
    /// `imported` holds the calendar events that appointments were imported from, by id.
    public func calendar(_ appointments: [Appointment], series: [SeriesExport] = [],
                         imported: [UUID: ImportedEvent] = [:]) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//sched//sched \(productVersion)//EN",
            "CALSCALE:GREGORIAN",
        ]
        var zones: [String: Int] = [:]
        for export in series where zones[export.series.zone.identifier] == nil {
            zones[export.series.zone.identifier] = export.series.firstDate.year
            lines += VTimeZoneWriter.component(export.series.zone, from: export.series.firstDate.year)
        }
        let written = Set(series.map(\.series.id))
        for appointment in appointments where appointment.occurrence.map({ !written.contains($0.seriesID) }) ?? true {
            lines += event(appointment, imported: imported[appointment.id])
        }
        for export in series { lines += events(export) }
        lines.append("END:VCALENDAR")
        return lines.map { Self.fold($0) + "\r\n" }.joined()
    }

    /// The content lines of one appointment, unfolded. The UID is the one the appointment was
    /// imported with, else its id, so a calendar that imports the file again updates the event
    /// rather than adding another, and sched finds it already present.
    func event(_ appointment: Appointment, imported: ImportedEvent? = nil) -> [String] {
        var lines = [
            "BEGIN:VEVENT",
            "UID:" + (imported.map { Self.text($0.uid) } ?? "\(appointment.id.lowercasedText)@sched"),
            "DTSTAMP:" + Self.utc(appointment.updatedAt),
            "DTSTART:" + Self.utc(appointment.start),
            "DTEND:" + Self.utc(appointment.end),
            "SUMMARY:" + Self.text(appointment.customerName),
        ]
        if let note = appointment.note, !note.isEmpty { lines.append("DESCRIPTION:" + Self.text(note)) }
        lines += [
            "SEQUENCE:\(appointment.sequence)",
            "STATUS:" + (appointment.status == .cancelled ? "CANCELLED" : "CONFIRMED"),
            "CREATED:" + Self.utc(appointment.createdAt),
            "LAST-MODIFIED:" + Self.utc(appointment.updatedAt),
        ]
        if let email = appointment.email, !email.isEmpty {
            lines.append("ATTENDEE" + (Self.attendeeName(appointment, imported: imported).map { ";CN=" + Self.parameter($0) } ?? "")
                + ":mailto:" + email)
        }
        lines.append("END:VEVENT")
        return lines
    }

    /// A series: the rule's VEVENT, then one for each occurrence changed on its own.
    ///
    /// calcurse reads a RECURRENCE-ID component as an appointment of its own and keeps the
    /// occurrence it replaces, while `recurring-ical-events` drops an override whose
    /// RECURRENCE-ID is an EXDATE. So a changed occurrence's original start is an EXDATE, its
    /// new start an RDATE, and its VEVENT overrides that RDATE: every reader then finds the
    /// occurrence once, at its new time. An occurrence changed where the rule no longer gives
    /// one (in place, or onto a cancelled date) goes out as an event of its own, RELATED-TO the
    /// series, since an RDATE there would be excluded with it. Both carry the original start
    /// for sched's own import.
    func events(_ export: SeriesExport) -> [String] {
        let series = export.series
        let seriesUID = Self.text(series.importedUID ?? "\(series.id.lowercasedText)@sched")
        let zone = ";TZID=" + Self.parameterText(series.zone.identifier) + ":"
        let changed = export.occurrences.filter { $0.status == .booked && $0.occurrence?.isException == true }
        let excluded = Set(export.occurrences.filter { $0.status == .cancelled }.compactMap(\.occurrence?.originalStart)
            + changed.compactMap(\.occurrence?.originalStart)
            + export.skipped.map(\.originalStart))
        let added = changed.filter { !excluded.contains($0.start) }
        let apart = changed.filter { excluded.contains($0.start) }
        var lines = [
            "BEGIN:VEVENT", "UID:" + seriesUID,
            "DTSTAMP:" + Self.utc(series.updatedAt),
            "DTSTART" + zone + Self.local(series.firstDate, series.secondsOfDay),
            "DURATION:PT\(series.durationMinutes)M",
            "RRULE:" + series.ruleEndingByDate.text,
        ]
        for start in excluded.sorted() {
            lines.append("EXDATE" + zone + Self.local(series.zone.civil(start).date, series.secondsOfDay))
        }
        for start in Set(added.map(\.start)).sorted() { lines.append("RDATE:" + Self.utc(start)) }
        lines += fields(name: series.customerName, note: series.note, email: series.email)
        lines += [
            "SEQUENCE:\(series.sequence)",
            "STATUS:CONFIRMED",
            "CREATED:" + Self.utc(series.createdAt),
            "LAST-MODIFIED:" + Self.utc(series.updatedAt),
            "END:VEVENT",
        ]
        for moved in added {
            lines += ["BEGIN:VEVENT", "UID:" + seriesUID, "DTSTAMP:" + Self.utc(moved.updatedAt),
                      "RECURRENCE-ID:" + Self.utc(moved.start),
                      "DTSTART:" + Self.utc(moved.start), "DTEND:" + Self.utc(moved.end)]
            lines += Self.originalStart(moved)
            lines += fields(name: moved.customerName, note: moved.note, email: moved.email)
            lines += ["SEQUENCE:\(moved.sequence)", "STATUS:CONFIRMED", "END:VEVENT"]
        }
        for occurrence in apart {
            var own = event(occurrence)
            own.insert(contentsOf: ["RELATED-TO:" + seriesUID] + Self.originalStart(occurrence), at: own.count - 1)
            lines += own
        }
        return lines
    }

    /// The start the rule gives a changed occurrence, which no standard property carries once
    /// RECURRENCE-ID names its RDATE: sched's import reads it to keep the occurrence in its
    /// series, and other readers ignore it.
    private static func originalStart(_ occurrence: Appointment) -> [String] {
        occurrence.occurrence.map { ["X-SCHED-ORIGINAL-START:" + utc($0.originalStart)] } ?? []
    }

    /// SUMMARY, DESCRIPTION and ATTENDEE, as an appointment writes them.
    private func fields(name: String, note: String?, email: String?) -> [String] {
        var lines = ["SUMMARY:" + Self.text(name)]
        if let note, !note.isEmpty { lines.append("DESCRIPTION:" + Self.text(note)) }
        if let email, !email.isEmpty { lines.append("ATTENDEE;CN=" + Self.parameter(name) + ":mailto:" + email) }
        return lines
    }

    /// A local DATE-TIME, read in the zone its TZID names: `20250304T100000`.
    static func local(_ date: CivilDate, _ secondsOfDay: Int) -> String {
        String(format: "%04ld%02ld%02ldT%02ld%02ld%02ld", date.year, date.month, date.day,
               secondsOfDay / 3600, secondsOfDay / 60 % 60, secondsOfDay % 60)
    }

    /// A TZID parameter: an IANA name needs no quotes unless it holds one of `:;,`.
    static func parameterText(_ value: String) -> String {
        value.contains(where: { ":;,\"".contains($0) }) ? parameter(value) : value
    }

    /// The attendee's own name: as the imported event had it while the email is still the one
    /// it came with (none when it had none), else the customer's, whom a booking names.
    static func attendeeName(_ appointment: Appointment, imported: ImportedEvent?) -> String? {
        guard let imported, imported.attendeeEmail != nil, imported.attendeeEmail == appointment.email else {
            return appointment.customerName
        }
        return imported.attendeeName
    }

    /// A DATE-TIME in UTC form: `20250304T090000Z`.
    static func utc(_ instant: Date) -> String {
        let (date, seconds) = HomeZone.utc.civil(instant)
        return local(date, seconds) + "Z"
    }

    /// A TEXT value: backslash, semicolon and comma escaped, each line break as `\n`, and other
    /// control characters (which TEXT does not allow) left out.
    static func text(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in value.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\\", ";", ",":
                out.append("\\")
                out.append(scalar)
            case "\r":
                out.append(contentsOf: "\\n".unicodeScalars)
            case "\n":
                if !afterCR { out.append(contentsOf: "\\n".unicodeScalars) }
            case "\t":
                out.append(scalar)
            default:
                if scalar.properties.generalCategory != .control { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// A parameter value, always quoted. RFC 5545 gives quoted values no escapes, so a double
    /// quote, a caret and a line break are written as RFC 6868 has it (`^'`, `^^`, `^n`) and
    /// other control characters are left out.
    static func parameter(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "^'".unicodeScalars)
            case "^": out.append(contentsOf: "^^".unicodeScalars)
            case "\n": out.append(contentsOf: "^n".unicodeScalars)
            case "\t": out.append(scalar)
            default:
                if scalar.properties.generalCategory != .control { out.append(scalar) }
            }
        }
        return "\"" + String(out) + "\""
    }

    /// Folds a content line so that no physical line passes 75 octets: each continuation
    /// starts with CRLF and a space, and a break never falls inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        let limit = 75
        var out = String.UnicodeScalarView()
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > limit {
                out.append(contentsOf: "\r\n ".unicodeScalars)
                octets = 1
            }
            out.append(scalar)
            octets += width
        }
        return String(out)
    }
}
