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
/// - Components inside a VEVENT (VALARM) and outside it (VTIMEZONE, VTODO, …) are skipped:
///   none of their properties reach an entry. An END without its BEGIN is ignored.
/// - Content after END:VCALENDAR is ignored, except that a further VCALENDAR is read too.
/// - When an event has several problems, the one reported is, in this order: not closed,
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
        var entries: [ImportEntry] = []
        var seenCalendar = false
        var inCalendar = false
        /// The open components inside the VCALENDAR, outermost first.
        var stack: [String] = []
        var event: EventDraft?
        var lastLine = 0
        var knownZones: [String: String] = [:]

        mutating func read(_ logical: LogicalLine) throws(ImportFileError) {
            lastLine = logical.line
            guard String(validating: logical.bytes, as: UTF8.self) != nil else {
                throw ImportFileError(line: logical.line, message: ImportMessage.notUTF8)
            }
            guard let content = ContentLine(logical) else {
                guard seenCalendar else { throw ImportFileError(line: 1, message: ImportMessage.notICalendar) }
                if inCalendar, stack.count == 1, event != nil, event?.brokenLine == nil {
                    event?.brokenLine = logical.line
                }
                return
            }
            guard inCalendar else {
                if content.name == "BEGIN", content.valueText.uppercased() == "VCALENDAR" {
                    seenCalendar = true
                    inCalendar = true
                } else if !seenCalendar {
                    throw ImportFileError(line: 1, message: ImportMessage.notICalendar)
                }
                return
            }
            switch content.name {
            case "BEGIN": try begin(Self.component(content), at: content.line)
            case "END": end(Self.component(content))
            default:
                if stack.count == 1, event != nil { event?.take(content) }
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
            if component == "VEVENT" {
                closeEvent(closed: false)
                stack = []
            }
            guard stack.count < Self.deepest else {
                throw ImportFileError(line: line, message: ImportMessage.nestedTooDeep(Self.deepest))
            }
            stack.append(component)
            if component == "VEVENT" { event = EventDraft(line: line) }
        }

        mutating func end(_ component: String) {
            if component == "VCALENDAR" {
                closeEvent(closed: false)
                stack = []
                inCalendar = false
                return
            }
            guard let index = stack.lastIndex(of: component) else { return }
            if index == 0 { closeEvent(closed: component == "VEVENT") }
            stack.removeSubrange(index...)
        }

        mutating func closeEvent(closed: Bool) {
            guard let draft = event else { return }
            entries.append(draft.entry(closed: closed, knownZones: &knownZones))
            event = nil
        }

        mutating func finish() throws(ImportFileError) -> [ImportEntry] {
            guard seenCalendar else { throw ImportFileError(line: 1, message: ImportMessage.notICalendar) }
            // A file that stops before END:VCALENDAR was cut short: what is missing is unknown,
            // so none of it is taken.
            if let open = event {
                throw ImportFileError(line: lastLine, message: ImportMessage.endsInsideEvent(startingAt: open.line))
            }
            if inCalendar { throw ImportFileError(line: lastLine, message: ImportMessage.calendarNotClosed) }
            return entries
        }
    }

    /// The properties of one VEVENT as read so far.
    struct EventDraft {
        var line: Int
        var uid: String?
        var summary: String?
        var description: String?
        var attendeeName: String?
        var email: String?
        var start: ContentLine?
        var end: ContentLine?
        var duration: ContentLine?
        var repeating: String?
        var cancelled = false
        var brokenLine: Int?
        var givenTwice: String?

        mutating func take(_ content: ContentLine) {
            switch content.name {
            case "UID": uid = uid ?? ContentLine.unescapeText(content.value)
            case "SUMMARY": summary = summary ?? ContentLine.unescapeText(content.value)
            case "DESCRIPTION": description = description ?? ContentLine.unescapeText(content.value)
            case "ATTENDEE": takeAttendee(content)
            case "DTSTART": if start == nil { start = content } else { noteTwice(content) }
            case "DTEND": if end == nil { end = content } else { noteTwice(content) }
            case "DURATION": if duration == nil { duration = content } else { noteTwice(content) }
            case "RRULE": repeating = ImportMessage.repeating
            case "RDATE": repeating = repeating ?? ImportMessage.repeatingDates
            case "STATUS": cancelled = content.valueText.uppercased() == "CANCELLED"
            default: break
            }
        }

        private mutating func noteTwice(_ content: ContentLine) {
            givenTwice = givenTwice ?? ImportMessage.givenTwice(content.name)
        }

        private mutating func takeAttendee(_ content: ContentLine) {
            if attendeeName == nil, let name = content.parameter("CN"), !name.isEmpty { attendeeName = name }
            let address = content.valueText
            if email == nil, address.count > 7, address.prefix(7).lowercased() == "mailto:" {
                email = String(address.dropFirst(7))
            }
        }

        func entry(closed: Bool, knownZones: inout [String: String]) -> ImportEntry {
            var entry = ImportEntry(
                line: line, uid: uid, name: summary ?? attendeeName ?? "",
                note: description.flatMap { $0.isEmpty ? nil : $0 },
                email: email.flatMap { $0.isEmpty ? nil : $0 }, cancelled: cancelled)
            let startRead = start.map { ICalendarReader.time($0, knownZones: &knownZones) }
            var lengthProblem: String?
            if let end {
                switch ICalendarReader.time(end, knownZones: &knownZones) {
                case .time(let time): entry.length = .end(time)
                case .allDay: lengthProblem = ImportMessage.allDay
                case .invalid(let problem): lengthProblem = problem
                }
            } else if let duration {
                switch ICalendarReader.seconds(duration.valueText) {
                case .success(let seconds): entry.length = .seconds(seconds)
                case .failure(let failure): lengthProblem = failure.message
                }
            }
            var startProblem: String?
            switch startRead {
            case .time(let time): entry.start = time
            case .allDay: startProblem = ImportMessage.allDay
            case .invalid(let problem): startProblem = problem
            case nil: break
            }
            let allDay = startProblem == ImportMessage.allDay || lengthProblem == ImportMessage.allDay
            let brokenProblem: String? = brokenLine.map(ImportMessage.notContentLine)
            let missingProblem: String? = start == nil ? ImportMessage.missing("DTSTART") : nil
            let ranked: [String?] = [
                closed ? nil : ImportMessage.eventNotClosed, allDay ? ImportMessage.allDay : nil,
                repeating, brokenProblem, givenTwice, startProblem, lengthProblem, missingProblem,
            ]
            entry.problem = ranked.lazy.compactMap { $0 }.first
            return entry
        }
    }

    enum TimeRead {
        case time(EntryTime)
        case allDay
        case invalid(String)
    }

    /// Reads a DTSTART or DTEND: `date "T" time ["Z"]`, with an optional TZID; a DATE value is
    /// all-day.
    static func time(_ content: ContentLine, knownZones: inout [String: String]) -> TimeRead {
        let raw = content.valueText.trimmingCharacters(in: .whitespaces)
        let bytes = Array(raw.utf8)
        let valueType = content.parameter("VALUE")?.uppercased()
        let isDate = bytes.count == 8 && ImportBytes.number(bytes, 0..<8) != nil
        if valueType == "DATE" || isDate { return .allDay }
        let invalid = TimeRead.invalid(ImportMessage.notDateTime(content.name, raw))
        guard valueType == nil || valueType == "DATE-TIME" else { return invalid }
        guard bytes.count == 15 || bytes.count == 16, bytes[8] == 0x54 || bytes[8] == 0x74,
            let year = ImportBytes.number(bytes, 0..<4), let month = ImportBytes.number(bytes, 4..<6),
            let day = ImportBytes.number(bytes, 6..<8), let date = CivilDate(year: year, month: month, day: day),
            let hour = ImportBytes.number(bytes, 9..<11), let minute = ImportBytes.number(bytes, 11..<13),
            let second = ImportBytes.number(bytes, 13..<15),
            let seconds = ImportBytes.secondsOfDay(hour: hour, minute: minute, second: second)
        else { return invalid }
        if bytes.count == 16 {
            guard bytes[15] == 0x5A || bytes[15] == 0x7A else { return invalid }
            return .time(.instant(ImportBytes.instant(date, secondsOfDay: seconds)))
        }
        guard let zone = content.parameter("TZID") else {
            return .time(.wall(date, secondsOfDay: seconds, zone: nil))
        }
        // An empty name caches a TZID that names no zone.
        let identifier = knownZones[zone] ?? ZoneNames.identifier(forTZID: zone) ?? ""
        knownZones[zone] = identifier
        guard !identifier.isEmpty else { return .invalid(ImportMessage.unknownZone(zone)) }
        return .time(.wall(date, secondsOfDay: seconds, zone: identifier))
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
