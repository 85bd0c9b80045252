import Testing
@testable import SchedLang

/// Syntax errors render the way DESIGN.md §3 shows: `file:line:col: error: message [syntax]`, the
/// source line behind its gutter, and a caret under the exact range.
///
/// The first group has one test per case of `ParseMessage`, each triggered by real input; the
/// expectations are the full rendered text.
@Suite struct DiagnosticTests {
    // MARK: - One test per case of the catalogue

    @Test func unexpectedCharacterNamesTheCharacterAndItsCodePoint() {
        #expect(rendered(#"book "Ann" @ 10:00"#) == lines(
            "test.sched:1:12: error: unexpected character '@' (U+0040) [syntax]",
            #"  1 | book "Ann" @ 10:00"#,
            "    |            ^"))
    }

    @Test func unterminatedStringUnderlinesTheRestOfTheLine() {
        #expect(rendered(#"book "Ann at 2025-03-04T10:00 for 30m"#) == lines(
            #"test.sched:1:6: error: unterminated string; expected a closing '"' before the end of the line [syntax]"#,
            #"  1 | book "Ann at 2025-03-04T10:00 for 30m"#,
            "    |      ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"))
    }

    @Test func invalidEscapePointsAtTheEscapeAndListsTheValidOnes() {
        #expect(rendered(#"book "Ann\q" at now"#) == lines(
            #"test.sched:1:10: error: unknown escape '\q' in string; use \", \\, \n or \t [syntax]"#,
            #"  1 | book "Ann\q" at now"#,
            "    |          ^~"))
    }

    @Test func numberTooLargeQuotesTheNumber() {
        #expect(rendered("cancel 1000000000") == lines(
            "test.sched:1:8: error: number '1000000000' is too large [syntax]",
            "  1 | cancel 1000000000",
            "    |        ^~~~~~~~~~"))
    }

    @Test func malformedNumberSaysWhatValuesLookLike() {
        #expect(rendered("cancel 12abc") == lines(
            "test.sched:1:8: error: malformed value '12abc'; expected a number, a date such as 2025-03-04, a time such as 09:00 or a duration such as 30m [syntax]",
            "  1 | cancel 12abc",
            "    |        ^~~~~"))
    }

    @Test func invalidDateSaysHowManyDaysTheMonthHas() {
        #expect(rendered(#"book "Ann" at 2025-02-30T10:00 for 30m"#) == lines(
            "test.sched:1:15: error: invalid date '2025-02-30': February 2025 has 28 days [syntax]",
            #"  1 | book "Ann" at 2025-02-30T10:00 for 30m"#,
            "    |               ^~~~~~~~~~~~~~~~"))
    }

    @Test func invalidTimeSaysWhichPartIsOutOfRange() {
        #expect(rendered(#"book "Ann" at today 25:00 for 30m"#) == lines(
            "test.sched:1:21: error: invalid time '25:00': hours run from 00 to 23 [syntax]",
            #"  1 | book "Ann" at today 25:00 for 30m"#,
            "    |                     ^~~~~"))
    }

    @Test func invalidOffsetShowsTheAcceptedForms() {
        #expect(rendered(#"book "Ann" at 2025-03-04T10:00+19:00 for 30m"#) == lines(
            "test.sched:1:15: error: invalid UTC offset '+19:00'; expected Z or one such as +01:00 [syntax]",
            #"  1 | book "Ann" at 2025-03-04T10:00+19:00 for 30m"#,
            "    |               ^~~~~~~~~~~~~~~~~~~~~~"))
    }

    @Test func endOfDayOutsideAWindowIsRefused() {
        #expect(rendered(#"book "Ann" at today 24:00 for 30m"#) == lines(
            "test.sched:1:21: error: 24:00 is only allowed as the end of a window [syntax]",
            #"  1 | book "Ann" at today 24:00 for 30m"#,
            "    |                     ^~~~~"))
    }

    @Test func misspeltStatementSuggestsNearestKeyword() {
        #expect(rendered(#"boook "Ann""#) == lines(
            "test.sched:1:1: error: unknown statement 'boook'; did you mean 'book'? [syntax]",
            #"  1 | boook "Ann""#,
            "    | ^~~~~"))
    }

    @Test func leftoverTextIsExpectedToEndTheStatement() {
        #expect(rendered("cancel 12 extra") == lines(
            "test.sched:1:11: error: expected the end of the statement, found 'extra' [syntax]",
            "  1 | cancel 12 extra",
            "    |           ^~~~~"))
    }

    @Test func missingDateTimeAtTheEndOfInputPointsJustPastTheLine() {
        #expect(rendered(#"book "Ann" at"#) == lines(
            "test.sched:1:14: error: expected a date-time such as 2025-03-04T10:00 or 'tomorrow 14:30' after 'at', found the end of the input [syntax]",
            #"  1 | book "Ann" at"#,
            "    |              ^"))
    }

    @Test func misspeltClauseSuggestsNearestClause() {
        #expect(rendered(#"book "Ann" nte "x""#) == lines(
            "test.sched:1:12: error: unknown clause 'nte' in 'book'; did you mean 'note'? [syntax]",
            #"  1 | book "Ann" nte "x""#,
            "    |            ^~~"))
    }

    @Test func clauseGivenTwiceIsRefusedAtItsSecondUse() {
        #expect(rendered(#"book "Ann" at now for 30m at now"#) == lines(
            "test.sched:1:27: error: 'at' given twice [syntax]",
            #"  1 | book "Ann" at now for 30m at now"#,
            "    |                           ^~"))
    }

    @Test func updateWithoutClausesListsTheClauses() {
        #expect(rendered("update 12") == lines(
            "test.sched:1:10: error: expected at least one of 'name', 'at', 'for', 'note' or 'email' after the appointment [syntax]",
            "  1 | update 12",
            "    |          ^"))
    }

    @Test func windowEndingBeforeItStartsIsUnderlinedWhole() {
        #expect(rendered("available mon 17:00-09:00") == lines(
            "test.sched:1:15: error: window 17:00-09:00 must end after it starts [syntax]",
            "  1 | available mon 17:00-09:00",
            "    |               ^~~~~~~~~~~"))
    }

    @Test func misspeltErrorKindSuggestsNearestKind() {
        #expect(rendered("expect error conflct") == lines(
            "test.sched:1:14: error: unknown error kind 'conflct'; did you mean 'conflict'? [syntax]",
            "  1 | expect error conflct",
            "    |              ^~~~~~~"))
    }

    @Test func unknownOutputFormatNamesBothFormats() {
        #expect(rendered("set output xml") == lines(
            "test.sched:1:12: error: expected 'json' or 'table' after 'set output', found 'xml' [syntax]",
            "  1 | set output xml",
            "    |            ^~~"))
    }

    @Test func zeroLimitIsRefused() {
        #expect(rendered("upcoming limit 0") == lines(
            "test.sched:1:16: error: expected a limit of at least 1 [syntax]",
            "  1 | upcoming limit 0",
            "    |                ^"))
    }

    @Test func rangeMixingADateAndADateTimeIsUnderlinedWhole() {
        #expect(rendered("list from 2025-03-01 to 2025-03-02T10:00") == lines(
            "test.sched:1:6: error: the ends of a range must both be dates or both be date-times [syntax]",
            "  1 | list from 2025-03-01 to 2025-03-02T10:00",
            "    |      ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"))
    }

    @Test func aLetCannotHoldALet() {
        #expect(rendered("let a = let b = 1") == lines(
            "test.sched:1:9: error: expected a value or a statement that gives one after '=', found 'let' [syntax]",
            "  1 | let a = let b = 1",
            "    |         ^~~"))
    }

    /// Every case of the catalogue, with the input that makes the parser report it; a new case
    /// does not compile until it is added here.
    @Test(arguments: Catalogue.everyCase)
    func everyCatalogueCaseIsReportedForRealInput(_ message: ParseMessage) throws {
        let source = Catalogue.trigger(for: message)
        let diagnostics = parse(source).diagnostics
        #expect(diagnostics.map(\.message) == [message.text], "input: \(source)")
        #expect(diagnostics.map(\.kind) == ["syntax"])
    }

    // MARK: - Positions

    @Test func errorOnLineThreeReportsItsLineAndColumn() {
        let source = "list today\n\n  book \"Ann\" at 2025-03-04T10:00 fr 30m\nupcoming"
        #expect(rendered(source) == lines(
            "test.sched:3:34: error: unknown clause 'fr' in 'book'; did you mean 'for'? [syntax]",
            #"  3 |   book "Ann" at 2025-03-04T10:00 fr 30m"#,
            "    |                                  ^~"))
    }

    @Test func gutterWidensWithTheLineNumber() {
        let source = String(repeating: "\n", count: 11) + "lst"
        #expect(rendered(source) == lines(
            "test.sched:12:1: error: unknown statement 'lst'; did you mean 'list'? [syntax]",
            "  12 | lst",
            "     | ^~~"))
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(rendered(#"book "Zoë Šmíd" nte "x""#) == lines(
            "test.sched:1:17: error: unknown clause 'nte' in 'book'; did you mean 'note'? [syntax]",
            #"  1 | book "Zoë Šmíd" nte "x""#,
            "    |                 ^~~"))
    }

    @Test func caretLineKeepsTabsSoTheCaretLinesUp() {
        #expect(rendered("\tbook\t\"Ann\"\tnte") == lines(
            "test.sched:1:13: error: unknown clause 'nte' in 'book'; did you mean 'note'? [syntax]",
            "  1 | \tbook\t\"Ann\"\tnte",
            "    | \t    \t     \t^~~"))
    }

    @Test func errorInASemicolonSeparatedStatementPointsIntoTheLine() {
        #expect(rendered("list today; cancel x; upcoming") == lines(
            "test.sched:1:20: error: expected an appointment such as 12 or \"Ann\" after 'cancel', found 'x' [syntax]",
            "  1 | list today; cancel x; upcoming",
            "    |                    ^"))
    }

    @Test func windowsLineEndingIsNotShownInTheSourceLine() {
        #expect(rendered("bok\r\nlist\r\n") == lines(
            "test.sched:1:1: error: unknown statement 'bok'; did you mean 'book'? [syntax]",
            "  1 | bok",
            "    | ^~~"))
    }

    @Test func replRenderingLeavesOutTheFileName() {
        let file = SourceFile(name: "test.sched", text: "lst")
        let diagnostic = Parser.parse(file).diagnostics[0]
        #expect(DiagnosticRenderer().render(diagnostic, in: file, showFileName: false) == lines(
            "1:1: error: unknown statement 'lst'; did you mean 'list'? [syntax]",
            "  1 | lst",
            "    | ^~~"))
    }

    @Test func colourWrapsTheLabelAndTheCaretOnly() {
        let file = SourceFile(name: "test.sched", text: "lst")
        let diagnostic = Parser.parse(file).diagnostics[0]
        #expect(DiagnosticRenderer(colour: true).render(diagnostic, in: file) == lines(
            "test.sched:1:1: \u{1B}[1;31merror:\u{1B}[0m unknown statement 'lst'; did you mean 'list'? [syntax]",
            "  1 | lst",
            "    | \u{1B}[1;32m^~~\u{1B}[0m"))
    }

    @Test func shebangAndCommentLinesCountAsLines() {
        #expect(rendered("#!/usr/bin/env -S sched run\n# visits\nlist today # ok\nlst") == lines(
            "test.sched:4:1: error: unknown statement 'lst'; did you mean 'list'? [syntax]",
            "  4 | lst",
            "    | ^~~"))
    }

    @Test func emptyInputRendersNothing() {
        #expect(rendered("") == "")
        #expect(rendered("\n\n# nothing here\n;\n") == "")
    }

    // MARK: - Recovery

    @Test func everyBadStatementOfAFileIsReportedOnce() {
        let source = """
            boook "Ann"
            list today
            cancel; show
            book "Bob" at 2025-13-01T10:00 for 30m at now
            upcoming limit 0; lst
            """
        let result = parse(source)
        #expect(result.diagnostics.map { "\($0.range.start)" } == ["1:1", "3:7", "3:13", "4:15", "5:16", "5:19"])
        #expect(result.diagnostics.map(\.message) == [
            "unknown statement 'boook'; did you mean 'book'?",
            "expected an appointment such as 12 or \"Ann\" after 'cancel', found ';'",
            "expected an appointment such as 12 or \"Ann\" after 'show', found the end of the line",
            "invalid date '2025-13-01': months run from 01 to 12",
            "expected a limit of at least 1",
            "unknown statement 'lst'; did you mean 'list'?",
        ])
        #expect(result.statements.map { AST.dump($0.kind) } == ["list(today)"])
    }

    @Test func severalErrorsRenderOneAfterAnother() {
        #expect(rendered("lst\nlist\nuncoming") == lines(
            "test.sched:1:1: error: unknown statement 'lst'; did you mean 'list'? [syntax]",
            "  1 | lst",
            "    | ^~~",
            "test.sched:3:1: error: unknown statement 'uncoming'; did you mean 'upcoming'? [syntax]",
            "  3 | uncoming",
            "    | ^~~~~~~~"))
    }

    // MARK: - Did you mean

    @Test func misspeltStatementsGetTheNearestKeyword() {
        #expect(firstMessage("cancle 3") == "unknown statement 'cancle'; did you mean 'cancel'?")
        #expect(firstMessage("Resched 3 to now") == "unknown statement 'Resched'")
        #expect(firstMessage("availabilty") == "unknown statement 'availabilty'; did you mean 'availability'?")
        #expect(firstMessage("SLOT today") == "unknown statement 'SLOT'; did you mean 'slots'?")
        #expect(firstMessage("frobnicate") == "unknown statement 'frobnicate'")
    }

    @Test func misspeltClausesGetTheNearestClauseOfTheirStatement() {
        #expect(firstMessage(#"book "Ann" emial "a@b.c""#) == "unknown clause 'emial' in 'book'; did you mean 'email'?")
        #expect(firstMessage(#"update 1 nmae "B""#) == "unknown clause 'nmae' in 'update'; did you mean 'name'?")
        #expect(firstMessage("slots today evry 15m") == "unknown clause 'evry' in 'slots'; did you mean 'every'?")
        #expect(firstMessage("reschedule 1 to now fro 1h") == "unknown clause 'fro' in 'reschedule'; did you mean 'for'?")
        #expect(firstMessage("upcoming limt 3") == "unknown clause 'limt' in 'upcoming'; did you mean 'limit'?")
        #expect(firstMessage(#"book "Ann" xyzzy"#) == "unknown clause 'xyzzy' in 'book'")
    }

    @Test func misspeltDaysAndSettingsGetASuggestion() {
        #expect(firstMessage("available weekdys 09:00-17:00")
            == "expected days such as mon-fri, 'weekend' or a date such as 2025-12-24 (did you mean 'weekdays'?) after 'available', found 'weekdys'")
        #expect(firstMessage(#"set timezon "UTC""#)
            == "expected 'timezone', 'default duration', 'output', 'clock' or a booking rule (did you mean 'timezone'?) after 'set', found 'timezon'")
    }

    @Test func daySuggestionIsTheSameOnEveryRun() {
        // "thr" is one edit from both 'thu' and 'thur'; the tie goes to the earlier, shorter name.
        #expect(firstMessage("available thr 09:00-10:00")
            == "expected days such as mon-fri, 'weekend' or a date such as 2025-12-24 (did you mean 'thu'?) after 'available', found 'thr'")
        #expect(firstMessage("available tu 09:00-10:00")
            == "expected days such as mon-fri, 'weekend' or a date such as 2025-12-24 (did you mean 'tue'?) after 'available', found 'tu'")
    }

    // MARK: - Dates, times and numbers

    @Test func impossibleDatesAreReportedWithTheReason() {
        #expect(firstMessage("list on 2025-02-30") == "invalid date '2025-02-30': February 2025 has 28 days")
        #expect(firstMessage("list on 2025-13-01") == "invalid date '2025-13-01': months run from 01 to 12")
        #expect(firstMessage("list on 2100-02-29") == "invalid date '2100-02-29': February 2100 has 28 days")
        #expect(firstMessage("list on 2025-3-4") == "invalid date '2025-3-4': expected the form YYYY-MM-DD")
    }

    @Test func impossibleTimesAreReportedWithTheReason() {
        #expect(firstMessage("book at 2025-03-04 25:00") == "invalid time '25:00': hours run from 00 to 23")
        #expect(firstMessage("book at 2025-03-04T25:00") == "invalid time '25:00': hours run from 00 to 23")
        #expect(firstMessage("available mon 09:00-17:60") == "invalid time '17:60': minutes run from 00 to 59")
    }

    @Test func endOfDayIsRefusedEverywhereButAWindowEnd() {
        #expect(firstMessage("available mon 24:00-24:00") == "24:00 is only allowed as the end of a window")
        #expect(firstMessage("expect free tomorrow 24:00 for 30m") == "24:00 is only allowed as the end of a window")
        #expect(firstMessage("book at 2025-03-04T24:00") == "invalid time '24:00': hours run from 00 to 23")
        #expect(parse("available mon 09:00-24:00").diagnostics.isEmpty)
    }

    @Test func offsetOnTheSpacedFormIsMalformedNotAClause() {
        #expect(rendered("book at 2025-03-04 10:00Z for 30m") == lines(
            "test.sched:1:20: error: malformed value '10:00Z'; expected a number, a date such as 2025-03-04, a time such as 09:00 or a duration such as 30m [syntax]",
            "  1 | book at 2025-03-04 10:00Z for 30m",
            "    |                    ^~~~~~"))
    }

    @Test func hugeNumbersAreTooLargeWhereverTheyStand() {
        #expect(firstMessage("cancel 99999999999999999999999999") == "number '99999999999999999999999999' is too large")
        #expect(firstMessage("upcoming limit 4000000000") == "number '4000000000' is too large")
        #expect(firstMessage("book for 99999999999m") == "number '99999999999m' is too large")
        #expect(firstMessage("book for 999999999h") == "number '999999999h' is too large")
        #expect(firstMessage("print $l[99999999999]") == "number '99999999999' is too large")
    }

    @Test func durationWithoutUnitSaysWhatADurationLooksLike() {
        #expect(firstMessage("book for 30") == "expected a duration such as 30m, 1h30 or '90 min' after 'for', found '30'")
    }

    // MARK: - Strings

    @Test func unterminatedStringAtTheEndOfInputIsReported() {
        #expect(rendered(#"source "other.sched"#) == lines(
            #"test.sched:1:8: error: unterminated string; expected a closing '"' before the end of the line [syntax]"#,
            #"  1 | source "other.sched"#,
            "    |        ^~~~~~~~~~~~"))
    }

    @Test func unterminatedStringDoesNotSwallowTheNextLine() {
        let result = parse("book \"Ann at now\nlist today")
        #expect(result.diagnostics.map(\.message) == [ParseMessage.unterminatedString.text])
        #expect(result.statements.map { AST.dump($0.kind) } == ["list(today)"])
    }

    @Test func backslashAtTheEndOfALineLeavesTheStringUnterminated() {
        #expect(firstMessage("print \"abc\\\nlist") == ParseMessage.unterminatedString.text)
    }

    @Test func badEscapesAreReportedAtTheFirstOne() {
        #expect(rendered(#"book "a\u0041 \x""#) == lines(
            #"test.sched:1:8: error: unknown escape '\u' in string; use \", \\, \n or \t [syntax]"#,
            #"  1 | book "a\u0041 \x""#,
            "    |        ^~"))
    }

    // MARK: - Bytes that are not text

    @Test func invalidUTF8IsReportedAsAByte() {
        let bytes = Array("book ".utf8) + [0xFF, 0xFE] + Array(" \"Ann\"".utf8)
        #expect(rendered(bytes: bytes) == lines(
            "test.sched:1:6: error: unexpected character byte 0xFF (not UTF-8 text) [syntax]",
            "  1 | book \u{FFFD}\u{FFFD} \"Ann\"",
            "    |      ^"))
    }

    @Test func invalidUTF8InsideAStringIsReportedNotReplaced() {
        let bytes = Array("book \"An".utf8) + [0xC3] + Array("\" at now".utf8)
        #expect(rendered(bytes: bytes) == lines(
            "test.sched:1:9: error: unexpected character byte 0xC3 (not UTF-8 text) [syntax]",
            "  1 | book \"An\u{FFFD}\" at now",
            "    |         ^"))
    }

    /// The NUL is named by its code point, and the excerpt shows it as U+FFFD so no control
    /// byte of the input reaches the terminal.
    @Test func nulByteIsReportedByCodePoint() {
        #expect(rendered(bytes: Array("list\u{0}today\nupcoming".utf8)) == lines(
            "test.sched:1:5: error: unexpected character U+0000 [syntax]",
            "  1 | list\u{FFFD}today",
            "    |     ^"))
    }

    @Test func binaryGarbageGivesAtMostOneErrorPerStatementAndNoCrash() {
        var bytes: [UInt8] = []
        var state: UInt32 = 12_345
        for _ in 0..<4_000 {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes.append(UInt8(truncatingIfNeeded: state >> 24))
        }
        let file = SourceFile(name: "garbage.bin", bytes: bytes)
        let result = Parser.parse(file)
        let statementCount = bytes.filter { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: ";") }.count + 1
        #expect(!result.diagnostics.isEmpty)
        #expect(result.diagnostics.count <= statementCount)
        for diagnostic in result.diagnostics {
            #expect(DiagnosticRenderer().render(diagnostic, in: file).hasPrefix("garbage.bin:"))
        }
    }

    // MARK: - Long lines

    @Test func tenMegabyteLineRendersAShortWindowAroundTheError() {
        let padding = String(repeating: "a", count: 10_000_000)
        let file = SourceFile(name: "big.sched", text: "print \"\(padding)\" @ 1")
        let result = Parser.parse(file)
        #expect(result.diagnostics.count == 1)
        let text = DiagnosticRenderer().render(result.diagnostics[0], in: file)
        let window = String(repeating: "a", count: 31)
        #expect(text == lines(
            "big.sched:1:10000010: error: unexpected character '@' (U+0040) [syntax]",
            "  1 | …\(window)\" @ 1",
            "    | " + String(repeating: " ", count: 34) + "^"))
    }

    @Test func longLineWindowStartsAtTheLineWhenTheErrorIsNearTheStart() {
        let file = SourceFile(name: "t", text: "lst " + String(repeating: "x", count: 500))
        let text = DiagnosticRenderer().render(Parser.parse(file).diagnostics[0], in: file)
        #expect(text == lines(
            "t:1:1: error: unknown statement 'lst'; did you mean 'list'? [syntax]",
            "  1 | lst " + String(repeating: "x", count: 96) + "…",
            "    | ^~~"))
    }

    @Test func longTokenIsClippedInTheMessageAndTheCaret() {
        let word = String(repeating: "x", count: 300)
        let file = SourceFile(name: "t", text: "list \(word)")
        let text = DiagnosticRenderer().render(Parser.parse(file).diagnostics[0], in: file)
        let lineTexts = text.split(separator: "\n").map(String.init)
        #expect(lineTexts[0] == "t:1:6: error: expected a range such as 'today', 'this week', 'next mon', 'on 2025-03-04' or 'from 2025-03-01 to 2025-03-07' after 'list', found '\(String(repeating: "x", count: 40))…' [syntax]")
        #expect(lineTexts[1] == "  1 | list " + String(repeating: "x", count: 95) + "…")
        #expect(lineTexts[2] == "    |      ^" + String(repeating: "~", count: 94))
    }

    // MARK: - Helpers

    private func firstMessage(_ source: String) -> String? {
        parse(source).diagnostics.first?.message
    }
}

/// Every diagnostic of `source`, read as a file named `test.sched`, rendered as batch mode shows them.
func rendered(_ source: String) -> String {
    rendered(bytes: Array(source.utf8))
}

func rendered(bytes: [UInt8]) -> String {
    let file = SourceFile(name: "test.sched", bytes: bytes)
    return Parser.parse(file).diagnostics.map { DiagnosticRenderer().render($0, in: file) }.joined()
}

/// Lines of expected output, each ending in a newline.
func lines(_ lines: String...) -> String {
    lines.map { $0 + "\n" }.joined()
}

/// One value of every case of `ParseMessage`, and the input that makes the parser report it.
enum Catalogue {
    static let everyCase: [ParseMessage] = [
        .unexpectedCharacter("'@' (U+0040)"),
        .unterminatedString,
        .invalidEscape("q"),
        .numberTooLarge("1000000000"),
        .malformedNumber("12abc"),
        .invalidDate("2025-02-30", reason: "February 2025 has 28 days"),
        .invalidTime("25:00", reason: "hours run from 00 to 23"),
        .invalidOffset("+19:00"),
        .endOfDayOutsideWindow,
        .unknownStatement("boook", suggestion: "book"),
        .expected("the end of the statement", found: "'extra'"),
        .expectedAfter("'to'", after: "the appointment", found: "'at'"),
        .unknownClause("nte", statement: "book", suggestion: "note"),
        .clauseTwice("for"),
        .missingUpdateClause,
        .windowEndsBeforeStart("17:00-09:00"),
        .unknownErrorKind("conflct", suggestion: "conflict"),
        .unknownOutputFormat("'xml'"),
        .zeroLimit,
        .mixedRange,
        .clauseNeedsEvery("count"),
        .untilWithCount,
        .seriesMovedByReschedule,
        .intervalZero,
        .monthDayOutOfRange(32),
        .weekdaysNeedOn,
        .ambiguousDate("24/12"),
        .zeroDays,
        .createNeedsUser(found: "the string \"Ann\""),
    ]

    /// The input that makes the parser report `message`.
    static func trigger(for message: ParseMessage) -> String {
        switch message {
        case .unexpectedCharacter: "cancel @"
        case .unterminatedString: "book \"Ann"
        case .invalidEscape: #"book "\q""#
        case .numberTooLarge: "cancel 1000000000"
        case .malformedNumber: "cancel 12abc"
        case .invalidDate: "list on 2025-02-30"
        case .invalidTime: "book at today 25:00"
        case .invalidOffset: "set clock 2025-03-04T10:00+19:00"
        case .endOfDayOutsideWindow: "expect busy today 24:00 for 1h"
        case .unknownStatement: "boook"
        case .expected: "cancel 1 extra"
        case .expectedAfter: "reschedule 1 at now"
        case .unknownClause: "book \"Ann\" nte \"x\""
        case .clauseTwice: "slots today for 1h for 1h"
        case .missingUpdateClause: "update $a"
        case .windowEndsBeforeStart: "available sun 17:00-09:00"
        case .unknownErrorKind: "expect error conflct"
        case .unknownOutputFormat: "set output xml"
        case .zeroLimit: "upcoming limit 0"
        case .mixedRange: "slots from today to tomorrow 10:00"
        case .clauseNeedsEvery: "book \"Ann\" at tomorrow 10:00 for 30m count 3"
        case .untilWithCount: "book \"Ann\" every tue 10:00 for 30m count 3 until 2025-06-30"
        case .seriesMovedByReschedule: "update series 12 note \"x\" at tomorrow 10:00"
        case .intervalZero: "book \"Ann\" every 0 weeks on mon at 10:00 for 30m"
        case .monthDayOutOfRange: "book \"Ann\" every month on the 32nd at 10:00 for 30m"
        case .weekdaysNeedOn: "book \"Ann\" every 2 weeks mon at 10:00 for 30m"
        case .ambiguousDate: "list on 24/12"
        case .zeroDays: "agenda next 0 days"
        case .createNeedsUser: "create \"Ann\" at tomorrow 10am"
        }
    }
}
