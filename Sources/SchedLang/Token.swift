/// One lexical unit of sched source text, with the range it came from.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var range: SourceRange
    /// The text as written (for words, before lowercasing).
    public var text: String

    public init(kind: TokenKind, range: SourceRange, text: String) {
        self.kind = kind
        self.range = range
        self.text = text
    }

    /// The lowercased word, when the token is a word.
    public var word: String? {
        if case .word(let lowered) = kind { return lowered }
        return nil
    }

    public func isWord(_ keyword: String) -> Bool {
        if case .word(let lowered) = kind { return lowered == keyword }
        return false
    }
}

/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Equatable {
    /// A name or keyword, lowercased; the original spelling is in `Token.text`.
    case word(String)
    case string(String)
    case integer(Int)
    case date(DateLiteral)
    case time(TimeLiteral)
    /// A date and a time written as one token (`2025-03-04T10:00`), with an optional UTC offset in seconds.
    case dateTime(DateLiteral, TimeLiteral, offsetSeconds: Int?)
    /// A duration in minutes (`30m`, `1h30m`).
    case duration(Int)
    /// `1st`, `2nd`, `3rd`, `4th`: a day of the month or a position in it.
    case ordinal(Int)
    case variable(String)
    /// An appointment id written bare, lowercased.
    case uuid(String)
    case comma, semicolon, dot, minus, equals
    case leftBracket, rightBracket
    case comparison(ComparisonOperator)
    case newline
    case endOfInput
    /// Text the lexer could not read; the message says why.
    case invalid(ParseMessage)
}

/// A calendar date as written, already checked to exist (years 0001 to 9999).
///
/// Stored in four bytes, since a statement holds several and the parser copies them about.
public struct DateLiteral: Sendable, Hashable {
    private let storedYear: UInt16
    private let storedMonth: UInt8
    private let storedDay: UInt8

    public init(year: Int, month: Int, day: Int) {
        storedYear = UInt16(clamping: year)
        storedMonth = UInt8(clamping: month)
        storedDay = UInt8(clamping: day)
    }

    public var year: Int { Int(storedYear) }

    public var month: Int { Int(storedMonth) }

    public var day: Int { Int(storedDay) }
}

/// A time of day as written; `24:00` is allowed by the lexer and checked by the parser.
public struct TimeLiteral: Sendable, Hashable {
    private let storedHour: UInt8
    private let storedMinute: UInt8
    private let storedSecond: UInt8

    public init(hour: Int, minute: Int, second: Int = 0) {
        storedHour = UInt8(clamping: hour)
        storedMinute = UInt8(clamping: minute)
        storedSecond = UInt8(clamping: second)
    }

    public var hour: Int { Int(storedHour) }

    public var minute: Int { Int(storedMinute) }

    public var second: Int { Int(storedSecond) }

    public var secondsOfDay: Int { hour * 3600 + minute * 60 + second }
    public var isEndOfDay: Bool { hour == 24 }
}

/// The comparison operators of `expect`.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}
