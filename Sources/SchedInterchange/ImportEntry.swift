import Foundation
import SchedCore

/// One event of an iCalendar file or one row of a CSV file, before validation.
///
/// `ICalendarReader` and `CSVReader` produce these without touching the database; the importer
/// checks them against the schedule and refuses those that carry a `problem`.
public struct ImportEntry: Sendable, Equatable {
    /// The 1-based physical line where the VEVENT or record starts.
    public var line: Int
    /// CSV only: the 1-based data-row number (the header is not counted); nil for iCalendar.
    public var row: Int?
    /// The UID, unescaped; nil for CSV.
    public var uid: String?
    /// SUMMARY (unescaped); without SUMMARY the first ATTENDEE's CN; else "(untitled)". CSV
    /// customer_name.
    public var name: String
    /// Nil when missing or unreadable (then `problem` says why).
    public var start: EntryTime?
    public var length: EntryLength
    /// DESCRIPTION or the CSV note; nil when empty.
    public var note: String?
    /// The first ATTENDEE's mailto: address or the CSV email; nil when empty.
    public var email: String?
    /// The CN of the ATTENDEE whose address is `email`; nil when it has none, and for CSV.
    public var attendeeName: String?
    /// STATUS:CANCELLED.
    public var cancelled: Bool
    /// Why sched cannot take this entry as it stands, or nil: a short lowercase phrase.
    public var problem: String?
    /// RRULE's value as written (iCalendar only): the event repeats.
    public var rule: String?
    /// EXDATE: starts the rule gives that do not happen.
    public var excluded: [EntryTime] = []
    /// RDATE: starts beside those the rule gives.
    public var extra: [EntryTime] = []
    /// RECURRENCE-ID: the start, in its series, of the occurrence this event replaces.
    public var recurrenceID: EntryTime?
    /// RELATED-TO: the UID of the event this one belongs to.
    public var relatedTo: String?
    /// X-SCHED-ORIGINAL-START, which sched writes on an occurrence changed on its own: the start
    /// its series' rule gives it, where RECURRENCE-ID names the RDATE it fills or is missing.
    public var originalStart: EntryTime?
    /// What was changed to take the entry (a DESCRIPTION cut to the note's limit, say): short
    /// lowercase phrases, which the import report prints for the entries it imports.
    public var warnings: [String]

    public init(
        line: Int, row: Int? = nil, uid: String? = nil, name: String = "", start: EntryTime? = nil,
        length: EntryLength = .none, note: String? = nil, email: String? = nil, attendeeName: String? = nil,
        cancelled: Bool = false, problem: String? = nil, warnings: [String] = []
    ) {
        self.line = line
        self.row = row
        self.uid = uid
        self.name = name
        self.start = start
        self.length = length
        self.note = note
        self.email = email
        self.attendeeName = attendeeName
        self.cancelled = cancelled
        self.problem = problem
        self.warnings = warnings
    }
}

/// When an imported event starts or ends, as the file gives it.
public enum EntryTime: Sendable, Equatable {
    /// An exact instant: UTC (`…Z`) or a time with an explicit offset (CSV `+01:00`).
    case instant(Date)
    /// A wall-clock time in the zone its TZID names, or nil for floating time (read in the
    /// home zone by the caller). The caller resolves DST gaps/overlaps.
    case wall(CivilDate, secondsOfDay: Int, zone: EntryZone?)
}

/// The zone a TZID names: the file's own VTIMEZONE of that name, else a zone the system knows
/// by that name or by the Windows name it maps to.
public enum EntryZone: Sendable, Equatable {
    case system(HomeZone)
    case defined(DefinedZone)

    /// The system zone with this IANA identifier, or nil when there is none.
    public static func system(_ identifier: String) -> EntryZone? {
        HomeZone(identifier: identifier).map(EntryZone.system)
    }

    /// The zone's name in messages: the IANA identifier, or the file's TZID.
    public var name: String {
        switch self {
        case .system(let zone): zone.identifier
        case .defined(let zone): zone.tzid
        }
    }

    /// The instants at which the wall clock shows `secondsOfDay` on `date`.
    public func resolve(_ date: CivilDate, secondsOfDay: Int) -> WallClockResolution {
        switch self {
        case .system(let zone): zone.resolve(date, secondsOfDay: secondsOfDay)
        case .defined(let zone): zone.resolve(date, secondsOfDay: secondsOfDay)
        }
    }
}

/// How long an imported event lasts.
public enum EntryLength: Sendable, Equatable {
    case end(EntryTime)
    /// DURATION, or CSV duration_minutes * 60.
    case seconds(Int)
    /// Neither an end nor a length is given.
    case none
}

/// A problem with the whole file, not one entry: `line` is 1-based (0 when none applies).
public struct ImportFileError: Error, Sendable, Equatable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// The texts of import problems and file errors, in one place.
public enum ImportMessage {
    // iCalendar: the file
    public static let notICalendar = "not an iCalendar file: BEGIN:VCALENDAR is missing"
    public static let calendarNotClosed = "the calendar is not closed: END:VCALENDAR is missing"
    // iCalendar: one event
    public static let eventNotClosed = "the event is not closed: END:VEVENT is missing"
    public static let outsideCalendar = "the event is outside BEGIN:VCALENDAR and END:VCALENDAR"
    public static func endsInsideEvent(startingAt line: Int) -> String {
        "the file ends inside the event that starts at line \(line): END:VEVENT and END:VCALENDAR are missing"
    }
    public static let allDay = "all-day events are not supported"
    public static let ruleTwice = "more than one RRULE is not supported"
    /// An override whose series was already imported.
    public static func seriesSkipped(line: Int) -> String {
        "its series (line \(line)) is already present"
    }
    /// An override whose series could not be imported.
    public static func seriesRefused(line: Int) -> String {
        "its series (line \(line)) was not imported"
    }
    /// `"RDATE: periods (VALUE=PERIOD) are not supported"`.
    public static func periodsNotSupported(_ property: String) -> String {
        "\(property): periods (VALUE=PERIOD) are not supported"
    }
    /// `"RRULE 'FREQ=HOURLY' cannot be imported: FREQ=HOURLY is not supported"`.
    public static func ruleRefused(_ rule: String, _ problem: String) -> String {
        "RRULE '\(rule.count > 80 ? String(rule.prefix(80)) + "…" : rule)' cannot be imported: \(problem)"
    }
    /// A repeating event in a VTIMEZONE that no zone sched knows keeps the same clock as.
    public static func seriesZoneUnknown(_ tzid: String) -> String {
        "TZID '\(tzid)': its VTIMEZONE matches no time zone sched knows, which a repeating event needs"
    }
    public static func notContentLine(_ line: Int) -> String { "line \(line) is not a content line" }
    public static func givenTwice(_ property: String) -> String { "\(property) is given twice" }
    public static func missing(_ property: String) -> String { "\(property) is missing" }
    public static func notDateTime(_ property: String, _ raw: String) -> String {
        "\(property): '\(raw)' is not a date-time"
    }
    public static func unknownZone(_ zone: String) -> String { "TZID '\(zone)' is not a known time zone" }
    // iCalendar: a VTIMEZONE
    public static func zoneUnreadable(_ zone: String, line: Int, _ problem: String) -> String {
        "TZID '\(zone)': the VTIMEZONE at line \(line) cannot be read: \(problem)"
    }
    public static func notUTCOffset(_ property: String, _ raw: String) -> String {
        "\(property): '\(raw)' is not a UTC offset such as +0100"
    }
    public static func notZoneRule(_ raw: String) -> String {
        "RRULE: '\(raw)' is not a yearly rule by month and day such as FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
    }
    // iCalendar: what an event loses on its way in
    public static func descriptionCut(length: Int, kept: Int) -> String {
        "DESCRIPTION is \(length) characters long; the note keeps the first \(kept)"
    }
    /// The name of an event that has none.
    public static let untitledName = "(untitled)"
    public static let untitled = "has no SUMMARY and no attendee's name; imported as (untitled)"
    public static func roundedToMinute(_ property: String, _ raw: String) -> String {
        "\(property): '\(raw.trimmingCharacters(in: .whitespaces))' has seconds; rounded to the nearest minute"
    }
    public static let startMissing = "the start time is missing"
    public static let lengthMissing = "the event has neither an end nor a duration"
    public static let endsBeforeStart = "DTEND/DURATION: the event must end after it starts"
    public static let partMinute = "DTEND/DURATION: the event must last a whole number of minutes"
    public static func tooLong(minutes: Int, most: Int) -> String {
        "DTEND/DURATION: the event lasts \(minutes) minutes; at most \(most) can be booked"
    }
    /// An entry refused for overlapping a booked appointment, named as the report names one:
    /// `#12 Ann, Tue 4 Mar 2025 10:00–10:30`.
    public static func overlapsAppointment(_ appointment: String) -> SchedError {
        SchedError(.conflict, "\(SchedError.slotAlreadyBooked.message): it overlaps \(appointment)")
    }
    /// An entry refused for overlapping one imported before it from the same file.
    public static func overlapsEntry(_ name: String, at place: String) -> SchedError {
        SchedError(.conflict, "\(SchedError.slotAlreadyBooked.message): it overlaps \(name) at \(place) of this file")
    }
    /// An entry refused for `problem`, as the import report lists it.
    public static func refusal(_ problem: String) -> SchedError { SchedError(.validation, problem) }
    public static func notDuration(_ raw: String) -> String {
        "DURATION: '\(raw)' is not a duration such as PT30M"
    }
    public static func negativeDuration(_ raw: String) -> String { "DURATION: '\(raw)' is negative" }
    public static func durationTooLong(_ raw: String) -> String { "DURATION: '\(raw)' is too long" }
    public static let notUTF8 = "the text is not UTF-8"
    public static func nestedTooDeep(_ limit: Int) -> String { "components nest more than \(limit) deep" }

    // CSV: the file
    public static let csvEmpty =
        "the file is empty: a header row customer_name,start_time,duration_minutes is expected"
    public static let quoteNotClosed = "a quoted field is not closed"
    public static func unknownColumn(_ name: String) -> String {
        "unknown column '\(name)'; expected customer_name, start_time, duration_minutes, note, email"
    }
    public static func missingColumn(_ name: String) -> String { "the header has no '\(name)' column" }
    public static func columnTwice(_ name: String) -> String { "the header has column '\(name)' twice" }
    // CSV: one row
    public static let strayQuote = "stray quote in an unquoted field"
    public static let textAfterQuote = "text after the closing quote of a quoted field"
    public static func fieldCount(_ count: Int, header: Int) -> String {
        "row has \(count) field\(count == 1 ? "" : "s"); the header has \(header)"
    }
    public static func emptyField(_ column: String) -> String { "\(column) is empty" }
    public static func notCSVDateTime(_ raw: String) -> String {
        "start_time: '\(raw)' is not a date-time such as 2025-03-04T10:00"
    }
    public static func notWholeNumber(_ raw: String) -> String {
        "duration_minutes: '\(raw)' is not a whole number"
    }
    public static func tooLarge(_ raw: String) -> String { "duration_minutes: '\(raw)' is too large" }
}

/// Small byte-level helpers the two readers share.
enum ImportBytes {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B

    /// The decimal number written by exactly the digits `bytes[range]`, or nil.
    static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18, range.lowerBound >= 0, range.upperBound <= bytes.count else {
            return nil
        }
        var value = 0
        for index in range {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Seconds since midnight for a clock time, or nil when out of range. A leap second (60)
    /// is read as 59.
    static func secondsOfDay(hour: Int, minute: Int, second: Int) -> Int? {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else {
            return nil
        }
        return hour * 3600 + minute * 60 + min(second, 59)
    }

    /// The instant of a wall-clock time at a fixed offset from UTC (east positive).
    static func instant(_ date: CivilDate, secondsOfDay: Int, offsetSeconds: Int = 0) -> Date {
        let seconds = date.daysSinceEpoch * 86_400 + secondsOfDay - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `bytes` as text, with a malformed UTF-8 sequence shown as U+FFFD.
    static func text<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The number of the first line (split at CR or LF) that is not UTF-8, or nil when all are.
    static func firstLineNotUTF8(_ bytes: [UInt8]) -> Int? {
        guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
        var line = 1
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == lf || bytes[index] == cr {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            if index < bytes.count, !(bytes[index] == lf && index > 0 && bytes[index - 1] == cr) { line += 1 }
            start = index + 1
        }
        return line
    }

    /// The offset just past a UTF-8 byte-order mark at the start, else 0.
    static func afterByteOrderMark(_ bytes: [UInt8]) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }
}
