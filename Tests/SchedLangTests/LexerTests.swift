import Testing
@testable import SchedLang

/// The lexer turns text into tokens with exact ranges, and text it cannot read into `.invalid`
/// tokens that say why.
@Suite struct LexerTests {
    @Test func wordsAreLoweredButKeepTheirSpelling() {
        let tokens = lex("Book BOOK book _x9")
        #expect(tokens.map(\.kind) == [.word("book"), .word("book"), .word("book"), .word("_x9"), .endOfInput])
        #expect(tokens.map(\.text) == ["Book", "BOOK", "book", "_x9", ""])
    }

    @Test func stringsUnderstandTheFourEscapes() {
        #expect(kinds(#""a\"b\\c\nd\te""#) == [.string("a\"b\\c\nd\te")])
        #expect(kinds(#""""#) == [.string("")])
        #expect(kinds(#""Zoë 😀""#) == [.string("Zoë 😀")])
    }

    @Test func stringTokenTextIsTheSourceSpelling() {
        let token = lex(#"x "a\tb""#)[1]
        #expect(token.text == #""a\tb""#)
        #expect(token.range.start.column == 3)
        #expect(token.range.end.column == 9)
    }

    @Test func integersAndVariables() {
        #expect(kinds("12 0 999999999 $a $long_name9") == [
            .integer(12), .integer(0), .integer(999_999_999), .variable("a"), .variable("long_name9"),
        ])
    }

    @Test func bareUUIDIsOneLowercasedToken() {
        #expect(kinds("550E8400-e29b-41d4-A716-446655440000 deadbeef-0000-0000-0000-000000000000") == [
            .uuid("550e8400-e29b-41d4-a716-446655440000"), .uuid("deadbeef-0000-0000-0000-000000000000"),
        ])
    }

    @Test func almostAUUIDIsNotOne() {
        #expect(kinds("deadbeef-0000") == [.word("deadbeef"), .minus, .integer(0)])
    }

    @Test func datesTimesAndDateTimes() {
        let date = DateLiteral(year: 2025, month: 3, day: 4)
        #expect(kinds("2025-03-04") == [.date(date)])
        #expect(kinds("09:00 9:05 17:30:15 24:00") == [
            .time(TimeLiteral(hour: 9, minute: 0)), .time(TimeLiteral(hour: 9, minute: 5)),
            .time(TimeLiteral(hour: 17, minute: 30, second: 15)), .time(TimeLiteral(hour: 24, minute: 0)),
        ])
        #expect(kinds("2025-03-04T10:00 2025-03-04t10:00:30") == [
            .dateTime(date, TimeLiteral(hour: 10, minute: 0), offsetSeconds: nil),
            .dateTime(date, TimeLiteral(hour: 10, minute: 0, second: 30), offsetSeconds: nil),
        ])
    }

    @Test func dateTimeOffsetsAreSeconds() {
        let date = DateLiteral(year: 2025, month: 3, day: 4)
        let ten = TimeLiteral(hour: 10, minute: 0)
        #expect(kinds("2025-03-04T10:00Z 2025-03-04T10:00z 2025-03-04T10:00+01:00 2025-03-04T10:00-05:30") == [
            .dateTime(date, ten, offsetSeconds: 0), .dateTime(date, ten, offsetSeconds: 0),
            .dateTime(date, ten, offsetSeconds: 3600), .dateTime(date, ten, offsetSeconds: -19800),
        ])
    }

    @Test func dateFollowedByASpaceAndATimeIsTwoTokens() {
        #expect(kinds("2025-03-04 10:00") == [
            .date(DateLiteral(year: 2025, month: 3, day: 4)), .time(TimeLiteral(hour: 10, minute: 0)),
        ])
    }

    @Test func offsetIsReadOnlyOnTheTForm() {
        #expect(kinds("10:00Z") == [.invalid(.malformedNumber("10:00Z"))])
        #expect(kinds("10:00+01:00").first == .time(TimeLiteral(hour: 10, minute: 0)))
    }

    @Test func durationsAreMinutes() {
        #expect(kinds("30m 1h 1h30m 90m 2H 1H5M 0m") == [
            .duration(30), .duration(60), .duration(90), .duration(90), .duration(120), .duration(65), .duration(0),
        ])
    }

    @Test func durationUnitsComeHoursFirstAndOnce() {
        #expect(kinds("30m1h") == [.invalid(.malformedNumber("30m1h"))])
        #expect(kinds("1h1h") == [.invalid(.malformedNumber("1h1h"))])
        #expect(kinds("1d") == [.invalid(.malformedNumber("1d"))])
    }

    @Test func punctuationAndComparisons() {
        #expect(kinds(", ; . - = [ ] == != < <= > >=") == [
            .comma, .semicolon, .dot, .minus, .equals, .leftBracket, .rightBracket,
            .comparison(.equal), .comparison(.notEqual), .comparison(.less), .comparison(.lessOrEqual),
            .comparison(.greater), .comparison(.greaterOrEqual),
        ])
    }

    @Test func windowLexesAsTimeMinusTime() {
        #expect(kinds("09:00-17:00") == [.time(TimeLiteral(hour: 9, minute: 0)), .minus, .time(TimeLiteral(hour: 17, minute: 0))])
    }

    @Test func newlinesAreTokensButCarriageReturnsAreSpace() {
        #expect(kinds("a\r\nb\n") == [.word("a"), .newline, .word("b"), .newline])
    }

    @Test func commentsRunToTheEndOfTheLine() {
        #expect(kinds("#!/usr/bin/env -S sched run\nlist # \"not a string\nshow") == [
            .newline, .word("list"), .newline, .word("show"),
        ])
    }

    @Test func positionsCountLinesColumnsInScalarsAndByteOffsets() {
        let tokens = lex("list\n  book \"Zoë\" at")
        let at = tokens[4]
        #expect(at.text == "at")
        #expect(at.range.start == SchedLang.SourceLocation(line: 2, column: 14, offset: 19))
        #expect(at.range.end == SchedLang.SourceLocation(line: 2, column: 16, offset: 21))
        let end = tokens[5]
        #expect(end.kind == .endOfInput)
        #expect(end.range.start == end.range.end)
    }

    @Test func lexingGoesOnAfterUnreadableText() {
        #expect(kinds("@ list") == [.invalid(.unexpectedCharacter("'@' (U+0040)")), .word("list")])
        #expect(kinds("\"abc\nlist") == [.invalid(.unterminatedString), .newline, .word("list")])
    }

    @Test func impossibleDatesAreInvalid() {
        #expect(kinds("2025-02-30") == [.invalid(.invalidDate("2025-02-30", reason: "February 2025 has 28 days"))])
        #expect(kinds("2025-13-01") == [.invalid(.invalidDate("2025-13-01", reason: "months run from 01 to 12"))])
        #expect(kinds("2025-00-10") == [.invalid(.invalidDate("2025-00-10", reason: "months run from 01 to 12"))])
        #expect(kinds("0000-01-01") == [.invalid(.invalidDate("0000-01-01", reason: "years run from 0001 to 9999"))])
        #expect(kinds("2025-04-31") == [.invalid(.invalidDate("2025-04-31", reason: "April 2025 has 30 days"))])
        #expect(kinds("2024-02-29") == [.date(DateLiteral(year: 2024, month: 2, day: 29))])
    }

    @Test func impossibleTimesAreInvalid() {
        #expect(kinds("25:00") == [.invalid(.invalidTime("25:00", reason: "hours run from 00 to 23"))])
        #expect(kinds("10:60") == [.invalid(.invalidTime("10:60", reason: "minutes run from 00 to 59"))])
        #expect(kinds("10:00:60") == [.invalid(.invalidTime("10:00:60", reason: "seconds run from 00 to 59"))])
        #expect(kinds("24:01") == [.invalid(.invalidTime("24:01", reason: "hours run from 00 to 23"))])
    }

    @Test func endOfDayIsNotATimeOfADateTime() {
        #expect(kinds("2025-03-04T24:00") == [.invalid(.invalidTime("24:00", reason: "hours run from 00 to 23"))])
    }

    @Test func theUsualDateTimeShapeReadsAsTheLongWayReadsIt() {
        let date = DateLiteral(year: 2025, month: 3, day: 4)
        #expect(kinds("2025-03-04T23:59") == [.dateTime(date, TimeLiteral(hour: 23, minute: 59), offsetSeconds: nil)])
        #expect(kinds("2025-03-04t00:00\n") == [.dateTime(date, TimeLiteral(hour: 0, minute: 0), offsetSeconds: nil), .newline])
        #expect(kinds("2025-03-04T10:00,") == [.dateTime(date, TimeLiteral(hour: 10, minute: 0), offsetSeconds: nil), .comma])
        #expect(kinds("2025-03-04T10:00:30") == [.dateTime(date, TimeLiteral(hour: 10, minute: 0, second: 30), offsetSeconds: nil)])
        #expect(kinds("2025-03-04T10:00-01:00") == [.dateTime(date, TimeLiteral(hour: 10, minute: 0), offsetSeconds: -3600)])
        #expect(kinds("2025-02-29T10:00") == [.invalid(.invalidDate("2025-02-29", reason: "February 2025 has 28 days"))])
        #expect(kinds("2025-03-04T10:60") == [.invalid(.invalidTime("10:60", reason: "minutes run from 00 to 59"))])
        #expect(kinds("2025-03-04T10:00x") == [.invalid(.malformedNumber("10:00x"))])
        #expect(kinds("2025-03-04T1a:00") == [.invalid(.malformedNumber("2025-03-04T1a:00"))])
        #expect(kinds("2025-03-04T15") == [.invalid(.malformedNumber("15"))])
        #expect(kinds("2025-03-04T15x30") == [.invalid(.malformedNumber("15x30"))])
        #expect(kinds("2025-03-0aT10:00") == [.invalid(.invalidDate("2025-03-0aT10:00", reason: "expected the form YYYY-MM-DD"))])
    }

    @Test func aDateTimeWithAnErrorInItsTimeSpansTheWholeToken() {
        let token = lex("book 2025-03-04T10:60 x")[1]
        #expect(token.text == "2025-03-04T10:60")
        #expect(token.range.start.column == 6)
        #expect(token.range.end.column == 22)
    }

    @Test func aBadEscapeIsPointedAtWhileTheTokenKeepsTheWholeString() {
        let tokens = lex(#"note "a\qb" x"#)
        #expect(tokens[1].kind == .invalid(.invalidEscape("q")))
        #expect(tokens[1].text == #""a\qb""#)
        #expect(tokens[1].range.start.column == 8)
        #expect(tokens[1].range.end.column == 10)
        #expect(tokens[2].kind == .word("x"))
    }

    @Test func escapesAndUnicodeInStringsAreDecoded() {
        #expect(kinds(#""a\"b\\c\nd\te" "Zoë""#) == [.string("a\"b\\c\nd\te"), .string("Zoë")])
    }

    @Test func leadingZerosCountForNothing() {
        #expect(kinds("0000000001 007") == [.integer(1), .integer(7)])
    }

    @Test func numbersAboveTheLimitAreTooLarge() {
        #expect(kinds("1000000000") == [.invalid(.numberTooLarge("1000000000"))])
        #expect(kinds("99999999999999999999999") == [.invalid(.numberTooLarge("99999999999999999999999"))])
        #expect(kinds("1234567890m") == [.invalid(.numberTooLarge("1234567890m"))])
    }

    @Test func invalidUTF8IsReportedByteByByte() {
        let tokens = Lexer.tokenize(SourceFile(name: "t", bytes: [0xFF, 0x20, 0xC3, 0x28]))
        #expect(tokens.map(\.kind) == [
            .invalid(.unexpectedCharacter("byte 0xFF (not UTF-8 text)")),
            .invalid(.unexpectedCharacter("byte 0xC3 (not UTF-8 text)")),
            .invalid(.unexpectedCharacter("'(' (U+0028)")),
            .endOfInput,
        ])
    }

    @Test func invalidUTF8InsideAStringMakesTheStringInvalid() {
        let bytes = Array("\"A".utf8) + [0xFF] + Array("B\" x".utf8)
        let tokens = Lexer.tokenize(SourceFile(name: "t", bytes: bytes))
        #expect(tokens.map(\.kind) == [
            .invalid(.unexpectedCharacter("byte 0xFF (not UTF-8 text)")), .word("x"), .endOfInput,
        ])
        #expect(tokens[0].range.start.column == 3)
    }

    @Test func controlCharactersAreNamedByCodePoint() {
        #expect(kinds("\u{0}") == [.invalid(.unexpectedCharacter("U+0000"))])
        #expect(kinds("\u{200B}") == [.invalid(.unexpectedCharacter("U+200B"))])
    }

    // MARK: - Helpers

    private func lex(_ source: String) -> [Token] {
        Lexer.tokenize(SourceFile(name: "test.sched", text: source))
    }

    /// The token kinds, without the final `.endOfInput`.
    private func kinds(_ source: String) -> [TokenKind] {
        lex(source).map(\.kind).filter { $0 != .endOfInput }
    }
}
