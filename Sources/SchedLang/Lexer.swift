/// Splits sched source text into tokens.
///
/// The lexer never fails: text it cannot read becomes an `.invalid` token carrying the reason,
/// and lexing resumes after it, so the parser can report one error per statement and go on.
public struct Lexer {
    let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    /// The messages of the invalid lexemes not yet let go of, in the order they were read.
    private var problems: [LexicalProblem] = []

    public init(_ file: SourceFile) {
        self.bytes = file.bytes
    }

    /// Every token of the text, ending with `.endOfInput`.
    public static func tokenize(_ file: SourceFile) -> [Token] {
        var lexer = Lexer(file)
        var tokens: [Token] = []
        while true {
            let lexeme = lexer.next()
            tokens.append(lexer.token(of: lexeme))
            if lexeme.kind == .endOfInput { return tokens }
        }
    }

    /// The next lexeme.
    mutating func next() -> Lexeme {
        skipSpaceAndComments()
        let start = location
        guard let byte = peek() else { return make(.endOfInput, from: start) }
        switch byte {
        case UInt8(ascii: "\n"):
            advance()
            return make(.newline, from: start)
        case UInt8(ascii: "\""):
            return lexString(from: start)
        case UInt8(ascii: "$"):
            return lexVariable(from: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            if mayBeUUID, let uuid = lexUUID(from: start) { return uuid }
            return lexNumber(from: start)
        case _ where Self.isWordStart(byte):
            if mayBeUUID, let uuid = lexUUID(from: start) { return uuid }
            return lexWord(from: start)
        default:
            return lexPunctuation(from: start)
        }
    }

    /// The message kept for an invalid lexeme.
    func problem(of lexeme: Lexeme) -> LexicalProblem? {
        problems.last { $0.offset == lexeme.range.start.offset }
    }

    /// Lets go of the messages of invalid lexemes that start before `offset`.
    mutating func forgetProblems(before offset: Int) {
        if !problems.isEmpty { problems.removeAll { $0.offset < offset } }
    }

    // MARK: - Cursor

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let at = index + ahead
        return at < bytes.count ? bytes[at] : nil
    }

    private mutating func advance() {
        guard index < bytes.count else { return }
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func advance(by count: Int) {
        for _ in 0..<count { advance() }
    }

    private func make(_ kind: LexemeKind, from start: SourceLocation) -> Lexeme {
        Lexeme(kind: kind, range: SourceRange(start: start, end: location))
    }

    /// An invalid lexeme from `start` to here, its message kept until the parser lets go of it.
    private mutating func invalid(_ message: ParseMessage, from start: SourceLocation) -> Lexeme {
        problems.append(LexicalProblem(offset: start.offset, textStart: start.offset, textEnd: index, message: message))
        return make(.invalid, from: start)
    }

    private func text(from offset: Int) -> String {
        String(decoding: bytes[offset..<index], as: UTF8.self)
    }

    /// Moves past an ASCII byte that is not a line break, already checked by the caller.
    private mutating func skipASCII() {
        index += 1
        column += 1
    }

    private mutating func skipSpaceAndComments() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                skipASCII()
            case UInt8(ascii: "#"):
                while let next = peek(), next != UInt8(ascii: "\n") { advance() }
            default:
                return
            }
        }
    }

    // MARK: - Character classes

    static func isWordStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        isWordStart(byte) || isDigit(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    // MARK: - Words, variables, punctuation

    private mutating func lexWord(from start: SourceLocation) -> Lexeme {
        let (end, hasUppercase) = bytes.withUnsafeBufferPointer { buffer in
            var end = index
            var hasUppercase = false
            while end < buffer.count, Self.isWordByte(buffer[end]) {
                hasUppercase = hasUppercase || buffer[end] &- UInt8(ascii: "A") < 26
                end += 1
            }
            return (end, hasUppercase)
        }
        // Word bytes are ASCII and never a line break: the column moves with the index.
        column += end - index
        index = end
        return Lexeme(kind: .word, range: SourceRange(start: start, end: location), flag: hasUppercase)
    }

    private mutating func lexVariable(from start: SourceLocation) -> Lexeme {
        advance()
        guard let first = peek(), Self.isWordStart(first) else {
            return invalid(.unexpectedCharacter("'$'; a variable is written $name"), from: start)
        }
        while let byte = peek(), Self.isWordByte(byte) { advance() }
        return make(.variable, from: start)
    }

    private mutating func lexPunctuation(from start: SourceLocation) -> Lexeme {
        let byte = peek() ?? 0
        let following = peek(1)
        let simple: LexemeKind? = switch byte {
        case UInt8(ascii: ","): .comma
        case UInt8(ascii: ";"): .semicolon
        case UInt8(ascii: "."): .dot
        case UInt8(ascii: "-"): .minus
        case UInt8(ascii: "["): .leftBracket
        case UInt8(ascii: "]"): .rightBracket
        default: nil
        }
        if let simple {
            advance()
            return make(simple, from: start)
        }
        let twoByte: LexemeKind? = switch (byte, following) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")): .comparison(.equal)
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): .comparison(.notEqual)
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): .comparison(.lessOrEqual)
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): .comparison(.greaterOrEqual)
        default: nil
        }
        if let twoByte {
            advance(by: 2)
            return make(twoByte, from: start)
        }
        switch byte {
        case UInt8(ascii: "="):
            advance()
            return make(.equals, from: start)
        case UInt8(ascii: "<"):
            advance()
            return make(.comparison(.less), from: start)
        case UInt8(ascii: ">"):
            advance()
            return make(.comparison(.greater), from: start)
        default:
            let described = describeCharacter()
            return invalid(.unexpectedCharacter(described), from: start)
        }
    }

    /// Consumes one character (or one undecodable byte) and names it for a message.
    private mutating func describeCharacter() -> String {
        let length = Self.utf8SequenceLength(bytes, at: index)
        guard length > 0 else {
            let byte = bytes[index]
            advance()
            return "byte 0x" + String(byte, radix: 16, uppercase: true) + " (not UTF-8 text)"
        }
        let scalars = String(decoding: bytes[index..<index + length], as: UTF8.self).unicodeScalars
        advance(by: length)
        guard let scalar = scalars.first else { return "?" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace
            || scalar.properties.generalCategory == .format || scalar.value == 0xFFFD {
            return code
        }
        return "'\(Character(scalar))' (\(code))"
    }

    /// The length of a valid UTF-8 sequence at `offset`, or 0 when the bytes there are not one.
    static func utf8SequenceLength(_ bytes: [UInt8], at offset: Int) -> Int {
        let lead = bytes[offset]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard offset + length <= bytes.count else { return 0 }
        for next in bytes[(offset + 1)..<(offset + length)] where next & 0xC0 != 0x80 { return 0 }
        let decoded = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
        return decoded.unicodeScalars.first?.value == 0xFFFD ? 0 : length
    }

    // MARK: - Strings

    private mutating func lexString(from start: SourceLocation) -> Lexeme {
        advance()
        // Most strings are printable ASCII without escapes: one pass finds the closing quote,
        // and the value is the bytes between the quotes.
        let end = bytes.withUnsafeBufferPointer { buffer in
            var end = index
            while end < buffer.count, buffer[end] >= 0x20, buffer[end] < 0x7F,
                  buffer[end] != UInt8(ascii: "\""), buffer[end] != UInt8(ascii: "\\") {
                end += 1
            }
            return end
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            column += end + 1 - index
            index = end + 1
            return make(.string, from: start)
        }
        // The first bad escape or byte, with its range; the string goes on to its closing quote.
        var problem: (ParseMessage, SourceRange)?
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                if let (message, range) = problem {
                    // The error points at the escape; the token's text is the whole string.
                    problems.append(LexicalProblem(offset: range.start.offset, textStart: start.offset,
                                                   textEnd: index, message: message))
                    return Lexeme(kind: .invalid, range: range)
                }
                return Lexeme(kind: .string, range: SourceRange(start: start, end: location), flag: true)
            case UInt8(ascii: "\n"):
                return invalid(.unterminatedString, from: start)
            case UInt8(ascii: "\\"):
                let escapeStart = location
                advance()
                guard let escaped = peek(), escaped != UInt8(ascii: "\n") else {
                    return invalid(.unterminatedString, from: start)
                }
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"):
                    advance()
                default:
                    let length = max(1, Self.utf8SequenceLength(bytes, at: index))
                    let spelled = String(decoding: bytes[index..<min(bytes.count, index + length)], as: UTF8.self)
                    advance(by: length)
                    if problem == nil {
                        problem = (.invalidEscape(spelled), SourceRange(start: escapeStart, end: location))
                    }
                }
            default:
                let length = Self.utf8SequenceLength(bytes, at: index)
                guard length > 0 else {
                    let byteStart = location
                    let described = describeCharacter()
                    if problem == nil {
                        problem = (.unexpectedCharacter(described), SourceRange(start: byteStart, end: location))
                    }
                    continue
                }
                advance(by: length)
            }
        }
        return invalid(.unterminatedString, from: start)
    }

    // MARK: - Numbers, dates, times, durations

    /// A UUID written bare (`550e8400-e29b-41d4-a716-446655440000`).
    private static let uuidGroups = [8, 4, 4, 4, 12]

    /// Most words and numbers are not UUIDs: those are 36 bytes with a '-' after the first eight.
    private var mayBeUUID: Bool {
        index + 36 <= bytes.count && bytes[index + 8] == UInt8(ascii: "-")
    }

    private mutating func lexUUID(from start: SourceLocation) -> Lexeme? {
        let groups = Self.uuidGroups
        var at = index
        for (position, length) in groups.enumerated() {
            for _ in 0..<length {
                guard at < bytes.count, Self.isHex(bytes[at]) else { return nil }
                at += 1
            }
            if position < groups.count - 1 {
                guard at < bytes.count, bytes[at] == UInt8(ascii: "-") else { return nil }
                at += 1
            }
        }
        if at < bytes.count, Self.isWordByte(bytes[at]) { return nil }
        advance(by: at - index)
        return make(.uuid, from: start)
    }

    private mutating func lexNumber(from start: SourceLocation) -> Lexeme {
        let digits = countDigits(from: index)
        let after = peek(digits)
        if digits == 4, after == UInt8(ascii: "-") {
            return lexDate(from: start)
        }
        if (digits == 1 || digits == 2), after == UInt8(ascii: ":") {
            advance(by: digits)
            return lexTime(from: start, hourDigits: digits, offsetMayFollow: false)
        }
        if (digits == 1 || digits == 2), let afternoon = meridiem(at: index + digits) {
            advance(by: digits + 2)
            return twelveHour(TimeLiteral(hour: number(at: start.offset, digits: digits), minute: 0),
                              afternoon: afternoon, from: start)
        }
        if digits <= 4, after == UInt8(ascii: "/"), let next = peek(digits + 1), Self.isDigit(next) {
            // 24/12 or 12/24: which is the day depends on the country, so neither is guessed.
            advance(by: digits)
            while let byte = peek(), Self.isWordByte(byte) || byte == UInt8(ascii: "/") { advance() }
            return invalid(.ambiguousDate(text(from: start.offset)), from: start)
        }
        if after == UInt8(ascii: "h") || after == UInt8(ascii: "m") || after == UInt8(ascii: "H") || after == UInt8(ascii: "M") {
            return lexDuration(from: start)
        }
        advance(by: digits)
        if digits <= 2, let ordinal = ordinalSuffix(after: number(at: start.offset, digits: digits)) {
            advance(by: 2)
            return make(.ordinal(ordinal), from: start)
        }
        if let next = peek(), Self.isWordByte(next) || next == UInt8(ascii: ":") {
            return malformed(from: start)
        }
        // Leading zeros count for nothing: past the largest integer, the rest need not be added.
        var value = 0
        for byte in bytes[start.offset..<index] where value <= Self.largestInteger {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard value <= Self.largestInteger else {
            return invalid(.numberTooLarge(text(from: start.offset)), from: start)
        }
        return make(.integer(value), from: start)
    }

    /// The number again when `st`, `nd`, `rd` or `th` follows it here as English writes it
    /// (`1st`, `22nd`, `13th`) and ends the word; nil otherwise.
    private func ordinalSuffix(after value: Int) -> Int? {
        guard let first = peek(), let second = peek(1), peek(2).map({ !Self.isWordByte($0) }) ?? true else {
            return nil
        }
        let suffix = String(decoding: [first | 0x20, second | 0x20], as: UTF8.self)
        let expected = (10...20).contains(value % 100) ? "th"
            : [1: "st", 2: "nd", 3: "rd"][value % 10] ?? "th"
        return suffix == expected && value >= 1 ? value : nil
    }

    /// Integers above this are refused; nothing in a schedule counts that high.
    public static let largestInteger = 999_999_999

    private func countDigits(from offset: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            while offset + count < buffer.count, Self.isDigit(buffer[offset + count]) { count += 1 }
            return count
        }
    }

    /// Consumes the rest of a run of letters, digits and colons, and reports it as malformed.
    private mutating func malformed(from start: SourceLocation) -> Lexeme {
        while let byte = peek(), Self.isWordByte(byte) || byte == UInt8(ascii: ":") { advance() }
        return invalid(.malformedNumber(text(from: start.offset)), from: start)
    }

    /// The value of the `count` ASCII digits at `offset` (at most nine, so it cannot overflow).
    private func number(at offset: Int, digits count: Int) -> Int {
        var value = 0
        for byte in bytes[offset..<offset + count] { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
        return value
    }

    /// The value of the `count` digits here, consumed; nil, with nothing consumed, when fewer
    /// or more digits than that stand here.
    private mutating func readDigits(exactly count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in index..<index + count {
            let digit = bytes[offset] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        if index + count < bytes.count, Self.isDigit(bytes[index + count]) { return nil }
        // Digits are ASCII: the column moves with the index.
        index += count
        column += count
        return value
    }

    private mutating func lexDate(from start: SourceLocation) -> Lexeme {
        if let dateTime = lexPlainDateTime(from: start) { return dateTime }
        guard let year = readDigits(exactly: 4), peek() == UInt8(ascii: "-") else { return malformed(from: start) }
        skipASCII()
        guard let month = readDigits(exactly: 2), peek() == UInt8(ascii: "-") else {
            return dateShapeError(from: start)
        }
        skipASCII()
        guard let day = readDigits(exactly: 2) else {
            return dateShapeError(from: start)
        }
        if let reason = DateLiteral.problem(year: year, month: month, day: day) {
            let spelled = text(from: start.offset)
            skipWordTail()
            return invalid(.invalidDate(spelled, reason: reason), from: start)
        }
        let date = DateLiteral(year: year, month: month, day: day)
        if peek() == UInt8(ascii: "T") || peek() == UInt8(ascii: "t"), let next = peek(1), Self.isDigit(next) {
            skipASCII()
            let timeStart = location
            let hourDigits = countDigits(from: index)
            guard hourDigits == 2 else { return malformed(from: start) }
            index += 2
            column += 2
            switch readTime(from: timeStart, hourDigits: 2, offsetMayFollow: true) {
            case .failed:
                // The time's error stands for the whole date-time, from the date on.
                problems[problems.count - 1].offset = start.offset
                problems[problems.count - 1].textStart = start.offset
                problems[problems.count - 1].textEnd = index
                return make(.invalid, from: start)
            case .time(let time) where time.isEndOfDay:
                let spelled = text(from: timeStart.offset)
                return invalid(.invalidTime(spelled, reason: "hours run from 00 to 23"), from: start)
            case .time(let time):
                return lexOffset(after: date, time, from: start)
            }
        }
        if let next = peek(), Self.isWordByte(next) { return malformed(from: start) }
        return make(.date(date), from: start)
    }

    /// The usual shape, `YYYY-MM-DDTHH:MM` with no seconds or offset after it, read in one
    /// pass; nil for anything else, which `lexDate` reads step by step (and explains).
    private mutating func lexPlainDateTime(from start: SourceLocation) -> Lexeme? {
        let length = 16
        guard index + length <= bytes.count else { return nil }
        if index + length < bytes.count {
            let after = bytes[index + length]
            guard !Self.isWordByte(after), after != UInt8(ascii: ":"), after != UInt8(ascii: "+"),
                  after != UInt8(ascii: "-") else { return nil }
        }
        let fields: (Int, Int, Int, Int, Int)? = bytes.withUnsafeBufferPointer { buffer in
            let text = buffer.baseAddress! + index
            guard text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] | 0x20 == UInt8(ascii: "t"),
                  text[13] == UInt8(ascii: ":") else { return nil }
            var invalid = false
            func digits(_ at: Int, _ count: Int) -> Int {
                var value = 0
                for offset in at..<at + count {
                    let digit = text[offset] &- UInt8(ascii: "0")
                    invalid = invalid || digit > 9
                    value = value * 10 + Int(digit)
                }
                return value
            }
            let fields = (digits(0, 4), digits(5, 2), digits(8, 2), digits(11, 2), digits(14, 2))
            return invalid ? nil : fields
        }
        guard let (year, month, day, hour, minute) = fields, hour <= 23, minute <= 59,
              DateLiteral.problem(year: year, month: month, day: day) == nil else { return nil }
        // Every byte is ASCII and none a line break: the column moves with the index.
        index += length
        column += length
        let date = DateLiteral(year: year, month: month, day: day)
        return make(.dateTime(date, TimeLiteral(hour: hour, minute: minute), offsetSeconds: nil), from: start)
    }

    private mutating func dateShapeError(from start: SourceLocation) -> Lexeme {
        while let byte = peek(), Self.isWordByte(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") { advance() }
        return invalid(.invalidDate(text(from: start.offset), reason: "expected the form YYYY-MM-DD"), from: start)
    }

    private mutating func skipWordTail() {
        while let byte = peek(), Self.isWordByte(byte) || byte == UInt8(ascii: ":") { advance() }
    }

    /// A time of day as `readTime` found it: the time, or the invalid lexeme that ends the run.
    private enum TimeReading {
        case time(TimeLiteral)
        case failed(Lexeme)
    }

    /// A bare time: `10:00`, `9:30`, `10:00:30`.
    private mutating func lexTime(from start: SourceLocation, hourDigits: Int, offsetMayFollow: Bool) -> Lexeme {
        switch readTime(from: start, hourDigits: hourDigits, offsetMayFollow: offsetMayFollow) {
        case .time(let time): make(.time(time), from: start)
        case .failed(let token): token
        }
    }

    /// Reads `:MM[:SS]` after the hour digits, already consumed. Only the time of a `DATE'T'TIME`
    /// token may be followed by `Z`; after a bare time it makes the whole run malformed.
    private mutating func readTime(from start: SourceLocation, hourDigits: Int, offsetMayFollow: Bool) -> TimeReading {
        let hour = number(at: start.offset, digits: hourDigits)
        // A bare time comes here only with its ':' ahead; a date-time's `T` and two digits may
        // be followed by anything, or by nothing at all.
        guard peek() == UInt8(ascii: ":") else { return .failed(malformed(from: start)) }
        skipASCII()
        guard let minute = readDigits(exactly: 2) else { return .failed(malformed(from: start)) }
        var second = 0
        if peek() == UInt8(ascii: ":"), let next = peek(1), Self.isDigit(next) {
            skipASCII()
            guard let value = readDigits(exactly: 2) else { return .failed(malformed(from: start)) }
            second = value
        }
        if !offsetMayFollow, let afternoon = meridiem(at: index) {
            skipASCII()
            skipASCII()
            let token = twelveHour(TimeLiteral(hour: hour, minute: minute, second: second), afternoon: afternoon, from: start)
            guard case .time(let time) = token.kind else { return .failed(token) }
            return .time(time)
        }
        if let next = peek(), Self.isWordByte(next),
           !(offsetMayFollow && (next == UInt8(ascii: "Z") || next == UInt8(ascii: "z"))) {
            return .failed(malformed(from: start))
        }
        if let reason = TimeLiteral.problem(hour: hour, minute: minute, second: second) {
            return .failed(invalid(.invalidTime(text(from: start.offset), reason: reason), from: start))
        }
        return .time(TimeLiteral(hour: hour, minute: minute, second: second))
    }

    /// Whether `am` or `pm` (any case) stands at `offset` and ends the word: true for `pm`.
    private func meridiem(at offset: Int) -> Bool? {
        guard offset + 1 < bytes.count, bytes[offset + 1] | 0x20 == UInt8(ascii: "m") else { return nil }
        if offset + 2 < bytes.count, Self.isWordByte(bytes[offset + 2]) || bytes[offset + 2] == UInt8(ascii: ":") {
            return nil
        }
        switch bytes[offset] | 0x20 {
        case UInt8(ascii: "a"): return false
        case UInt8(ascii: "p"): return true
        default: return nil
        }
    }

    /// A time written on the twelve-hour clock (`4pm`, `4:30pm`, `12am`), already consumed, on
    /// the 24-hour clock: 12am is midnight, 12pm noon.
    private mutating func twelveHour(_ written: TimeLiteral, afternoon: Bool, from start: SourceLocation) -> Lexeme {
        guard (1...12).contains(written.hour) else {
            return invalid(.invalidTime(text(from: start.offset), reason: "with am or pm, hours run from 1 to 12"), from: start)
        }
        if let reason = TimeLiteral.problem(hour: written.hour, minute: written.minute, second: written.second) {
            return invalid(.invalidTime(text(from: start.offset), reason: reason), from: start)
        }
        let hour = written.hour % 12 + (afternoon ? 12 : 0)
        return make(.time(TimeLiteral(hour: hour, minute: written.minute, second: written.second)), from: start)
    }

    private mutating func lexOffset(after date: DateLiteral, _ time: TimeLiteral, from start: SourceLocation) -> Lexeme {
        guard let sign = peek() else { return make(.dateTime(date, time, offsetSeconds: nil), from: start) }
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            advance()
            if let next = peek(), Self.isWordByte(next) { return malformed(from: start) }
            return make(.dateTime(date, time, offsetSeconds: 0), from: start)
        }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), let next = peek(1), Self.isDigit(next) else {
            if let next = peek(), Self.isWordByte(next) { return malformed(from: start) }
            return make(.dateTime(date, time, offsetSeconds: nil), from: start)
        }
        let offsetStart = location
        advance()
        guard let hours = readDigits(exactly: 2), peek() == UInt8(ascii: ":") else {
            skipWordTail()
            return invalid(.invalidOffset(text(from: offsetStart.offset)), from: start)
        }
        advance()
        guard let minutes = readDigits(exactly: 2), hours <= 18, minutes < 60 else {
            skipWordTail()
            return invalid(.invalidOffset(text(from: offsetStart.offset)), from: start)
        }
        if let following = peek(), Self.isWordByte(following) { return malformed(from: start) }
        let magnitude = hours * 3600 + minutes * 60
        let offset = sign == UInt8(ascii: "-") ? -magnitude : magnitude
        return make(.dateTime(date, time, offsetSeconds: offset), from: start)
    }

    /// `30m`, `1h`, `1h30m`, `1h30`, `90m`.
    private mutating func lexDuration(from start: SourceLocation) -> Lexeme {
        var total = 0
        var sawHours = false
        var sawMinutes = false
        while case let digits = countDigits(from: index), digits > 0 {
            let amount = digits <= 9 ? number(at: index, digits: digits) : nil
            advance(by: digits)
            // `1h30`: minutes after hours may leave their `m` out.
            if sawHours, !sawMinutes, let amount, peek().map({ !Self.isWordByte($0) && $0 != UInt8(ascii: ":") }) ?? true {
                total += amount
                sawMinutes = true
                break
            }
            guard let unit = peek() else { return malformed(from: start) }
            guard let amount else {
                skipWordTail()
                return invalid(.numberTooLarge(text(from: start.offset)), from: start)
            }
            switch unit | 0x20 {
            case UInt8(ascii: "h") where !sawHours && !sawMinutes:
                sawHours = true
                total += amount * 60
            case UInt8(ascii: "m") where !sawMinutes:
                sawMinutes = true
                total += amount
            default:
                return malformed(from: start)
            }
            advance()
        }
        if let next = peek(), Self.isWordByte(next) || next == UInt8(ascii: ":") { return malformed(from: start) }
        guard total <= Self.largestInteger else {
            return invalid(.numberTooLarge(text(from: start.offset)), from: start)
        }
        return make(.duration(total), from: start)
    }
}

extension DateLiteral {
    /// Why a date does not exist, or nil when it does.
    static func problem(year: Int, month: Int, day: Int) -> String? {
        guard year >= 1 else { return "years run from 0001 to 9999" }
        guard (1...12).contains(month) else { return "months run from 01 to 12" }
        let days = daysInMonth(year: year, month: month)
        guard (1...days).contains(day) else {
            return "\(monthNames[month - 1]) \(year) has \(days) days"
        }
        return nil
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
}

extension TimeLiteral {
    /// Why a time of day does not exist, or nil when it does. `24:00` passes; the parser decides where it may stand.
    static func problem(hour: Int, minute: Int, second: Int) -> String? {
        if hour == 24, minute == 0, second == 0 { return nil }
        guard hour <= 23 else { return "hours run from 00 to 23" }
        guard minute <= 59 else { return "minutes run from 00 to 59" }
        guard second <= 59 else { return "seconds run from 00 to 59" }
        return nil
    }
}
