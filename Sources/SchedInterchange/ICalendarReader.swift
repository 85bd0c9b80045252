import Foundation
import SchedCore

/// Reads the events of an iCalendar text (RFC 5545) into import entries, without I/O.
///
/// How it treats a file that is not quite right:
/// - Line ends may be CRLF, LF or CR, mixed. Blank lines are ignored, and so is a UTF-8 BOM.
/// - The first content line must be BEGIN:VCALENDAR, else `ImportFileError` at line 1.
/// - A line without ':' inside a VEVENT becomes that event's problem ("line N is not a content
///   line"); anywhere else in the calendar it is ignored, as are unknown properties.
/// - A VEVENT still open at END:VCALENDAR becomes an entry whose problem is "the event is not
///   closed". A file that ends before END:VCALENDAR, inside a VEVENT or not, was cut short and
///   is an `ImportFileError` at its last line, so nothing of it is imported.
/// - A VTIMEZONE defines the zone its TZID names for the events of its calendar, wherever in
///   the calendar it stands; a VTIMEZONE that cannot be read is the problem of the events that
///   name it. Other components inside a VEVENT (VALARM) and outside it (VTODO, …) are
///   skipped: none of their properties reach an entry. An END without its BEGIN is ignored.
/// - Content after END:VCALENDAR is ignored, except that a further VCALENDAR is read too, and
///   a VEVENT there becomes an entry whose problem is that it stands outside the calendar.
/// - When an event has several problems, the one reported is, in this order: outside the
///   calendar, not closed,
///   all-day, repeating, a broken line, a property given twice, a bad DTSTART, a bad end or
///   duration, a missing DTSTART.
public enum ICalendarReader {
    /// The VEVENTs of an iCalendar text, in file order.
    public static func entries(_ text: String) throws(ImportFileError) -> [ImportEntry] {
        try entries(utf8: Array(text.utf8))
    }

    /// The VEVENTs of an iCalendar file's bytes, in file order. Prefer this to the `String`
    /// form for a file: a fold may cut a multi-byte character in two, and only the bytes still
    /// hold both halves. Malformed UTF-8 is read as U+FFFD.
    public static func entries(utf8 bytes: [UInt8]) throws(ImportFileError) -> [ImportEntry] {
        var reader = Reader()
        for line in logicalLines(bytes) {
            try reader.read(line)
        }
        return try reader.finish()
    }

    /// One unfolded line and the physical line where it starts.
    struct LogicalLine {
        var line: Int
        var bytes: [UInt8]
    }

    /// Splits `bytes` at CRLF, LF or CR and joins each continuation line (one that starts with a
    /// space or tab) to the line before, dropping the break and that one character. Blank lines
    /// are left out. Linear in the size of the text: a continuation is appended in place.
    static func logicalLines(_ bytes: [UInt8]) -> [LogicalLine] {
        var lines: [LogicalLine] = []
        var current: [UInt8] = []
        var currentLine = 0
        var index = ImportBytes.afterByteOrderMark(bytes)
        var lineNumber = 0
        func flush() {
            if currentLine > 0 { lines.append(LogicalLine(line: currentLine, bytes: current)) }
            currentLine = 0
            current = []
        }
        while index < bytes.count {
            lineNumber += 1
            let start = index
            while index < bytes.count, bytes[index] != ImportBytes.lf, bytes[index] != ImportBytes.cr {
                index += 1
            }
            let end = index
            if index < bytes.count {
                let isCRLF = bytes[index] == ImportBytes.cr && index + 1 < bytes.count
                    && bytes[index + 1] == ImportBytes.lf
                index += isCRLF ? 2 : 1
            }
            if start == end {
                flush()
            } else if bytes[start] == ImportBytes.space || bytes[start] == ImportBytes.tab {
                if currentLine == 0 { currentLine = lineNumber }
                current.append(contentsOf: bytes[(start + 1)..<end])
            } else {
                flush()
                currentLine = lineNumber
                current.append(contentsOf: bytes[start..<end])
            }
        }
        flush()
        return lines
    }
}

/// A parsed content line: `name *(";" param) ":" value`.
struct ContentLine {
    var line: Int
    /// The property name, upper-cased.
    var name: String
    /// Parameter names (upper-cased) and their values, unquoted and RFC 6868-decoded.
    var parameters: [(name: String, values: [String])]
    var value: ArraySlice<UInt8>

    var valueText: String { ImportBytes.text(value) }

    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.values.first
    }

    /// Parses a logical line, or returns nil when it is not a content line (no ':' outside
    /// quotes, or an unclosed quote in a parameter).
    ///
    ///     contentline → name *(";" param) ":" value
    ///     param       → param-name "=" param-value *("," param-value)
    ///     param-value → paramtext / DQUOTE *QSAFE-CHAR DQUOTE
    init?(_ logical: ICalendarReader.LogicalLine) {
        let bytes = logical.bytes
        var index = 0
        while index < bytes.count, bytes[index] != ImportBytes.semicolon, bytes[index] != ImportBytes.colon {
            index += 1
        }
        guard index > 0, index < bytes.count else { return nil }
        line = logical.line
        name = ImportBytes.text(bytes[0..<index]).uppercased()
        parameters = []
        while index < bytes.count, bytes[index] == ImportBytes.semicolon {
            guard let (parameter, next) = Self.parameter(bytes, from: index + 1) else { return nil }
            parameters.append(parameter)
            index = next
        }
        guard index < bytes.count, bytes[index] == ImportBytes.colon else { return nil }
        value = bytes[(index + 1)...]
    }

    /// Reads one parameter starting at `start`; returns it and the offset of the ';' or ':'
    /// that follows it.
    private static func parameter(
        _ bytes: [UInt8], from start: Int
    ) -> ((name: String, values: [String]), Int)? {
        var index = start
        let equals: UInt8 = 0x3D
        while index < bytes.count, bytes[index] != equals, bytes[index] != ImportBytes.semicolon,
            bytes[index] != ImportBytes.colon {
            index += 1
        }
        guard index < bytes.count else { return nil }
        let name = ImportBytes.text(bytes[start..<index]).uppercased()
        var values: [String] = []
        guard bytes[index] == equals else { return ((name, values), index) }
        repeat {
            index += 1  // past '=' or ','
            if index < bytes.count, bytes[index] == ImportBytes.quote {
                let valueStart = index + 1
                index = valueStart
                while index < bytes.count, bytes[index] != ImportBytes.quote { index += 1 }
                guard index < bytes.count else { return nil }
                values.append(decodeCaret(bytes[valueStart..<index]))
                index += 1
            } else {
                let valueStart = index
                while index < bytes.count, bytes[index] != ImportBytes.comma,
                    bytes[index] != ImportBytes.semicolon, bytes[index] != ImportBytes.colon {
                    index += 1
                }
                values.append(decodeCaret(bytes[valueStart..<index]))
            }
        } while index < bytes.count && bytes[index] == ImportBytes.comma
        guard index < bytes.count else { return nil }
        return ((name, values), index)
    }

    /// Decodes RFC 6868 escapes in a parameter value: `^n` newline, `^'` quote, `^^` caret.
    static func decodeCaret(_ bytes: ArraySlice<UInt8>) -> String {
        let caret: UInt8 = 0x5E
        guard bytes.contains(caret) else { return ImportBytes.text(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == caret, index + 1 < bytes.endIndex {
                switch bytes[index + 1] {
                case 0x6E: out.append(ImportBytes.lf); index += 2; continue  // ^n
                case 0x27: out.append(ImportBytes.quote); index += 2; continue  // ^'
                case caret: out.append(caret); index += 2; continue  // ^^
                default: break
                }
            }
            out.append(byte)
            index += 1
        }
        return ImportBytes.text(out)
    }

    /// Undoes TEXT escaping: `\\` `\;` `\,` and `\n`/`\N` for a newline. Any other escaped
    /// character is kept without its backslash.
    static func unescapeText(_ bytes: ArraySlice<UInt8>) -> String {
        let backslash: UInt8 = 0x5C
        guard bytes.contains(backslash) else { return ImportBytes.text(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == backslash, index + 1 < bytes.endIndex {
                let next = bytes[index + 1]
                out.append(next == 0x6E || next == 0x4E ? ImportBytes.lf : next)
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return ImportBytes.text(out)
    }
}

extension ICalendarReader {
    /// The component structure of a calendar, read one content line at a time.
    struct Reader {
        /// The events read so far; they become entries at the end, when every VTIMEZONE is known.
        var drafts: [EventDraft] = []
        var seenCalendar = false
        var inCalendar = false
        /// How many VCALENDARs have begun: a VTIMEZONE serves the events of its own calendar.
        var calendar = 0
        /// The open components inside the VCALENDAR, outermost first.
        var stack: [String] = []
        var event: EventDraft?
        var zone: ZoneDraft?
        var zones = ZoneTable()
        var lastLine = 0

        mutating func read(_ logical: LogicalLine) throws(ImportFileError) {
            lastLine = logical.line
            guard String(validating: logical.bytes, as: UTF8.self) != nil else {
                throw ImportFileError(line: logical.line, message: ImportMessage.notUTF8)
            }
            guard let content = ContentLine(logical) else {
                guard seenCalendar else { throw ImportFileError(line: 1, message: ImportMessage.notICalendar) }
                if stack.count == 1, event != nil, event?.brokenLine == nil {
                    event?.brokenLine = logical.line
                }
                return
            }
            if !inCalendar {
                let begins = content.name == "BEGIN" ? Self.component(content) : nil
                if begins == "VCALENDAR" {
                    closeTop()
                    seenCalendar = true
                    inCalendar = true
                    calendar += 1
                    return
                }
                guard seenCalendar else { throw ImportFileError(line: 1, message: ImportMessage.notICalendar) }
                // Past END:VCALENDAR only a VEVENT is read, to be reported where it stands.
                guard event != nil || begins == "VEVENT" else { return }
            }
            switch content.name {
            case "BEGIN": try begin(Self.component(content), at: content.line)
            case "END": end(Self.component(content))
            default:
                if stack.count == 1, event != nil {
                    event?.take(content)
                } else if zone != nil {
                    zone?.take(content, depth: stack.count)
                }
            }
        }

        /// Components nest no deeper than this; a deeper file is refused rather than read slowly.
        static let deepest = 20

        static func component(_ content: ContentLine) -> String {
            content.valueText.trimmingCharacters(in: .whitespaces).uppercased()
        }

        /// A VEVENT belongs at the top of the calendar, so one always starts there: an event or
        /// other component left open before it ends where it begins, and is not swallowed.
        mutating func begin(_ component: String, at line: Int) throws(ImportFileError) {
            if component == "VEVENT" { closeTop() }
            guard stack.count < Self.deepest else {
                throw ImportFileError(line: line, message: ImportMessage.nestedTooDeep(Self.deepest))
            }
            stack.append(component)
            switch (stack.count, component) {
            // An event outside any calendar has no VTIMEZONEs of its own.
            case (1, "VEVENT"): event = EventDraft(line: line, calendar: inCalendar ? calendar : 0)
            case (1, "VTIMEZONE"): zone = ZoneDraft(line: line)
            case (2, "STANDARD"), (2, "DAYLIGHT"): zone?.open = ObservanceDraft()
            default: break
            }
        }

        mutating func end(_ component: String) {
            if component == "VCALENDAR" {
                closeTop()
                inCalendar = false
                return
            }
            guard let index = stack.lastIndex(of: component) else { return }
            if index <= 1 { zone?.closeObservance() }
            if index == 0 {
                closeEvent(closed: component == "VEVENT")
                closeZone()
            }
            stack.removeSubrange(index...)
        }

        /// Ends whatever is open at the top of the calendar, as it stands.
        mutating func closeTop() {
            closeEvent(closed: false)
            zone?.closeObservance()
            closeZone()
            stack = []
        }

        mutating func closeEvent(closed: Bool) {
            guard var draft = event else { return }
            draft.closed = closed
            drafts.append(draft)
            event = nil
        }

        mutating func closeZone() {
            guard let draft = zone else { return }
            zones.define(draft, calendar: calendar)
            zone = nil
        }

        mutating func finish() throws(ImportFileError) -> [ImportEntry] {
            guard seenCalendar else { throw ImportFileError(line: 1, message: ImportMessage.notICalendar) }
            // A file that stops before END:VCALENDAR was cut short: what is missing is unknown,
            // so none of it is taken.
            if let open = event {
                guard open.calendar == 0 else {
                    throw ImportFileError(line: lastLine, message: ImportMessage.endsInsideEvent(startingAt: open.line))
                }
                closeEvent(closed: false)
            }
            if inCalendar { throw ImportFileError(line: lastLine, message: ImportMessage.calendarNotClosed) }
            return drafts.map { $0.entry(zones: &zones) }
        }
    }

    /// The properties of one VEVENT as read so far.
    struct EventDraft {
        var line: Int
        /// The VCALENDAR it stands in, counted from 1; 0 for an event outside any.
        var calendar: Int
        var closed = false
        var uid: String?
        var summary: String?
        var description: String?
        var attendeeName: String?
        var email: String?
        /// The CN of the ATTENDEE that `email` came from.
        var emailName: String?
        var start: ContentLine?
        var end: ContentLine?
        var duration: ContentLine?
        var rule: String?
        var ruleProblem: String?
        var excluded: [ContentLine] = []
        var extra: [ContentLine] = []
        var recurrenceID: ContentLine?
        var relatedTo: String?
        var originalStart: ContentLine?
        var cancelled = false
        var brokenLine: Int?
        var givenTwice: String?

        init(line: Int, calendar: Int) {
            self.line = line
            self.calendar = calendar
        }

        mutating func take(_ content: ContentLine) {
            switch content.name {
            case "UID": uid = uid ?? ContentLine.unescapeText(content.value)
            case "SUMMARY": summary = summary ?? ContentLine.unescapeText(content.value)
            case "DESCRIPTION": description = description ?? ContentLine.unescapeText(content.value)
            case "ATTENDEE": takeAttendee(content)
            case "DTSTART": if start == nil { start = content } else { noteTwice(content) }
            case "DTEND": if end == nil { end = content } else { noteTwice(content) }
            case "DURATION": if duration == nil { duration = content } else { noteTwice(content) }
            case "RRULE":
                if rule == nil { rule = content.valueText } else { ruleProblem = ImportMessage.ruleTwice }
            case "EXDATE": excluded.append(content)
            case "RDATE": extra.append(content)
            case "RECURRENCE-ID": if recurrenceID == nil { recurrenceID = content } else { noteTwice(content) }
            case "RELATED-TO": relatedTo = relatedTo ?? ContentLine.unescapeText(content.value)
            case "X-SCHED-ORIGINAL-START": originalStart = originalStart ?? content
            case "STATUS": cancelled = content.valueText.uppercased() == "CANCELLED"
            default: break
            }
        }

        /// The DESCRIPTION as a note: whole when it fits the note's limit, else the characters
        /// that fit, with a warning. A meeting invitation's DESCRIPTION (dial-in numbers for
        /// every country) runs to many thousands of characters, and is worth keeping in part.
        static func note(_ description: String, warnings: inout [String]) -> String {
            let limit = AppointmentRules.maxNoteLength
            let length = description.unicodeScalars.count
            guard length > limit else { return description }
            var kept = 0
            // Whole characters only, so an accent or an emoji is not cut in two.
            let prefix = description.prefix { character in
                kept += character.unicodeScalars.count
                return kept <= limit
            }
            warnings.append(ImportMessage.descriptionCut(length: length, kept: limit))
            return String(prefix)
        }

        private mutating func noteTwice(_ content: ContentLine) {
            givenTwice = givenTwice ?? ImportMessage.givenTwice(content.name)
        }

        private mutating func takeAttendee(_ content: ContentLine) {
            if attendeeName == nil, let name = content.parameter("CN"), !name.isEmpty { attendeeName = name }
            let address = content.valueText
            if email == nil, address.count > 7, address.prefix(7).lowercased() == "mailto:" {
                email = String(address.dropFirst(7))
                emailName = content.parameter("CN").flatMap { $0.isEmpty ? nil : $0 }
            }
        }

        /// The times of EXDATE or RDATE lines, each of which may list several, comma-separated;
        /// or why one cannot be read. A date (an all-day event's) reads as its midnight.
        static func times(_ lines: [ContentLine], calendar: Int,
                          zones: inout ZoneTable) -> (times: [EntryTime], problem: String?) {
            var times: [EntryTime] = []
            for content in lines {
                if content.parameter("VALUE")?.uppercased() == "PERIOD" {
                    return (times, ImportMessage.periodsNotSupported(content.name))
                }
                for value in content.value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
                    var single = content
                    single.value = value
                    switch ICalendarReader.time(single, calendar: calendar, zones: &zones) {
                    case .time(let time, _): times.append(time)
                    case .allDay:
                        guard let date = LocalDateTime.dateOnly(Array(value)) else { continue }
                        times.append(.wall(date, secondsOfDay: 0, zone: nil))
                    case .invalid(let problem): return (times, problem)
                    }
                }
            }
            return (times, nil)
        }

        func entry(zones: inout ZoneTable) -> ImportEntry {
            var entry = ImportEntry(
                line: line, uid: uid, email: email.flatMap { $0.isEmpty ? nil : $0 }, cancelled: cancelled)
            entry.attendeeName = entry.email == nil ? nil : emailName
            // A blank SUMMARY names nothing, so the attendee's name is next.
            let names = [summary, attendeeName].compactMap { $0 }
            if let name = names.first(where: { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
                entry.name = name
            } else {
                entry.name = ImportMessage.untitledName
                entry.warnings.append(ImportMessage.untitled)
            }
            let startRead = start.map { ICalendarReader.time($0, calendar: calendar, zones: &zones) }
            var startProblem: String?
            switch startRead {
            case .time(let time, let rounded):
                entry.start = time
                if let start, rounded { entry.warnings.append(ImportMessage.roundedToMinute(start.name, start.valueText)) }
            case .allDay: startProblem = ImportMessage.allDay
            case .invalid(let problem): startProblem = problem
            case nil: break
            }
            var lengthProblem: String?
            if let end {
                switch ICalendarReader.time(end, calendar: calendar, zones: &zones) {
                case .time(let time, let rounded):
                    entry.length = .end(time)
                    if rounded { entry.warnings.append(ImportMessage.roundedToMinute(end.name, end.valueText)) }
                case .allDay: lengthProblem = ImportMessage.allDay
                case .invalid(let problem): lengthProblem = problem
                }
            } else if let duration {
                switch ICalendarReader.seconds(duration.valueText) {
                case .success(let seconds): entry.length = .seconds(seconds)
                case .failure(let failure): lengthProblem = failure.message
                }
            }
            if let description, !description.isEmpty {
                entry.note = Self.note(description, warnings: &entry.warnings)
            }
            entry.rule = rule
            let (excludedTimes, excludedProblem) = Self.times(excluded, calendar: calendar, zones: &zones)
            let (extraTimes, extraProblem) = Self.times(extra, calendar: calendar, zones: &zones)
            entry.excluded = excludedTimes
            entry.extra = extraTimes
            var recurrenceProblem: String?
            if let recurrenceID {
                switch ICalendarReader.time(recurrenceID, calendar: calendar, zones: &zones) {
                case .time(let time, _): entry.recurrenceID = time
                case .allDay: startProblem = startProblem ?? ImportMessage.allDay
                case .invalid(let problem): recurrenceProblem = problem
                }
            }
            entry.relatedTo = relatedTo
            // Only sched writes it, for its own import: one it cannot read is left out.
            if let originalStart, case .time(let time, _) = ICalendarReader.time(originalStart, calendar: calendar, zones: &zones) {
                entry.originalStart = time
            }
            let allDay = startProblem == ImportMessage.allDay || lengthProblem == ImportMessage.allDay
            let brokenProblem: String? = brokenLine.map(ImportMessage.notContentLine)
            let missingProblem: String? = start == nil ? ImportMessage.missing("DTSTART") : nil
            let ranked: [String?] = [
                calendar == 0 ? ImportMessage.outsideCalendar : nil, closed ? nil : ImportMessage.eventNotClosed, allDay ? ImportMessage.allDay : nil,
                ruleProblem, brokenProblem, givenTwice, startProblem, lengthProblem, missingProblem,
                excludedProblem, extraProblem, recurrenceProblem,
            ]
            entry.problem = ranked.lazy.compactMap { $0 }.first
            return entry
        }
    }

    enum TimeRead {
        /// `rounded` when the file gave seconds, which a booking does not keep.
        case time(EntryTime, rounded: Bool)
        case allDay
        case invalid(String)
    }

    /// Reads a DTSTART or DTEND: `date "T" time ["Z"]`, with an optional TZID, which names a
    /// VTIMEZONE of the event's calendar or else a zone the system knows; a DATE value is
    /// all-day. Seconds are rounded to the nearest minute (`…T105959Z` ends at 11:00).
    static func time(_ content: ContentLine, calendar: Int, zones: inout ZoneTable) -> TimeRead {
        let raw = content.valueText.trimmingCharacters(in: .whitespaces)
        let valueType = content.parameter("VALUE")?.uppercased()
        let isDate = raw.utf8.count == 8 && ImportBytes.number(Array(raw.utf8), 0..<8) != nil
        if valueType == "DATE" || isDate { return .allDay }
        let invalid = TimeRead.invalid(ImportMessage.notDateTime(content.name, raw))
        guard valueType == nil || valueType == "DATE-TIME", var read = LocalDateTime(dateTime: raw) else {
            return invalid
        }
        let rounded = read.roundToMinute()
        if read.utc {
            return .time(.instant(ImportBytes.instant(read.date, secondsOfDay: read.secondsOfDay)), rounded: rounded)
        }
        guard let tzid = content.parameter("TZID") else {
            return .time(.wall(read.date, secondsOfDay: read.secondsOfDay, zone: nil), rounded: rounded)
        }
        switch zones.zone(tzid, calendar: calendar) {
        case .success(let zone):
            return .time(.wall(read.date, secondsOfDay: read.secondsOfDay, zone: zone), rounded: rounded)
        case .failure(let failure): return .invalid(failure.message)
        }
    }

    /// A DATE-TIME (`20250304T100000`, `…Z` in UTC) or a DATE (`20250304`) as written.
    struct LocalDateTime {
        var date: CivilDate
        var secondsOfDay: Int
        var utc: Bool

        /// `date "T" time ["Z"]`, or nil.
        init?(dateTime text: String) {
            let bytes = Array(text.utf8)
            guard bytes.count == 15 || bytes.count == 16, bytes[8] == 0x54 || bytes[8] == 0x74,
                let date = Self.dateOnly(bytes),
                let hour = ImportBytes.number(bytes, 9..<11), let minute = ImportBytes.number(bytes, 11..<13),
                let second = ImportBytes.number(bytes, 13..<15),
                let seconds = ImportBytes.secondsOfDay(hour: hour, minute: minute, second: second)
            else { return nil }
            let utc = bytes.count == 16
            guard !utc || bytes[15] == 0x5A || bytes[15] == 0x7A else { return nil }
            self.date = date
            self.secondsOfDay = seconds
            self.utc = utc
        }

        /// `date`: eight digits, or nil.
        init?(date text: String) {
            let bytes = Array(text.utf8)
            guard bytes.count == 8, let date = Self.dateOnly(bytes) else { return nil }
            self.date = date
            self.secondsOfDay = 0
            self.utc = false
        }

        static func dateOnly(_ bytes: [UInt8]) -> CivilDate? {
            guard let year = ImportBytes.number(bytes, 0..<4), let month = ImportBytes.number(bytes, 4..<6),
                let day = ImportBytes.number(bytes, 6..<8)
            else { return nil }
            return CivilDate(year: year, month: month, day: day)
        }

        /// The wall time read as if it were UTC, in seconds since 1970.
        var wall: Int { date.daysSinceEpoch * 86_400 + secondsOfDay }

        /// Rounds to the nearest minute, half a minute up, into the next day if need be; true
        /// when there were seconds to round.
        mutating func roundToMinute() -> Bool {
            let seconds = secondsOfDay % 60
            guard seconds != 0 else { return false }
            secondsOfDay += seconds >= 30 ? 60 - seconds : -seconds
            if secondsOfDay == 86_400 {
                date = date.adding(days: 1)
                secondsOfDay = 0
            }
            return true
        }
    }

    struct DurationFailure: Error {
        var message: String
    }

    /// Reads a DURATION in seconds.
    ///
    ///     dur-value → ["+"] "P" (dur-week / dur-date / dur-time)
    ///
    /// Weeks, days and a time part may be combined (`P1W2D` is read as nine days).
    static func seconds(_ text: String) -> Result<Int, DurationFailure> {
        let raw = text.trimmingCharacters(in: .whitespaces)
        let bytes = Array(raw.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 })
        let invalid = Result<Int, DurationFailure>.failure(DurationFailure(message: ImportMessage.notDuration(raw)))
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
            negative = bytes[index] == 0x2D
            index += 1
        }
        guard index < bytes.count, bytes[index] == 0x50 else { return invalid }  // P
        index += 1
        var total = 0
        var parts = 0
        var inTime = false
        var timeParts = 0
        while index < bytes.count {
            if bytes[index] == 0x54 {  // T
                guard !inTime else { return invalid }
                inTime = true
                index += 1
                continue
            }
            let digitsStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index - digitsStart <= 9, let count = ImportBytes.number(bytes, digitsStart..<index),
                index < bytes.count
            else { return invalid }
            let unit: Int
            switch (bytes[index], inTime) {
            case (0x57, false): unit = 604_800  // W
            case (0x44, false): unit = 86_400  // D
            case (0x48, true): unit = 3_600  // H
            case (0x4D, true): unit = 60  // M
            case (0x53, true): unit = 1  // S
            default: return invalid
            }
            index += 1
            total += count * unit
            guard total <= 1_000_000_000_000 else {
                return .failure(DurationFailure(message: ImportMessage.durationTooLong(raw)))
            }
            parts += 1
            if inTime { timeParts += 1 }
        }
        guard parts > 0, !inTime || timeParts > 0 else { return invalid }
        if negative, total > 0 {
            return .failure(DurationFailure(message: ImportMessage.negativeDuration(raw)))
        }
        return .success(total)
    }
}
