import Foundation
import Testing
@testable import SchedLang

/// Statements parse into the AST that DESIGN.md §2.1–2.3 describes.
///
/// Each expectation states a whole statement as a one-line AST dump (`AST.dump`), which leaves
/// source ranges out; the tests at the end pin the ranges themselves.
@Suite struct ParserTests {
    // MARK: - Appointments

    @Test func bookingWithEveryClauseParsesIntoOneBooking() throws {
        #expect(try ast(#"book "Ann" at 2025-03-04T10:00 for 30m note "first visit" email "ann@example.com""#)
            == #"book(customer: "Ann", at: 2025-03-04T10:00, for: 30m, note: "first visit", email: "ann@example.com")"#)
    }

    @Test func bookClausesMayComeInAnyOrder() throws {
        #expect(try ast(#"book "Ann" email "a@b.c" for 1h at tomorrow 14:30"#)
            == #"book(customer: "Ann", at: tomorrow 14:30, for: 60m, email: "a@b.c")"#)
    }

    @Test func bookingWithMissingPartsLeavesThemForTheRuntimeToReport() throws {
        #expect(try ast("book") == "book()")
        #expect(try ast(#"book "Ann""#) == #"book(customer: "Ann")"#)
        #expect(try ast("book at now for 30m") == "book(at: now, for: 30m)")
    }

    @Test func bookingTakesVariablesForEveryPart() throws {
        #expect(try ast("book $name at $slot.start for $d note $n email $e")
            == "book(customer: $name, at: $slot.start, for: $d, note: $n, email: $e)")
    }

    @Test func keywordsAreCaseInsensitive() throws {
        let expected = #"book(customer: "Ann", at: 2025-03-04T10:00, for: 30m)"#
        #expect(try ast(#"Book "Ann" AT 2025-03-04T10:00 For 30M"#) == expected)
        #expect(try ast(#"BOOK "Ann" at 2025-03-04t10:00 FOR 30m"#) == expected)
    }

    @Test func rescheduleKeepsTheDurationUnlessForIsGiven() throws {
        #expect(try ast("reschedule 12 to 2025-03-05T11:00") == "reschedule(ref: 12, to: 2025-03-05T11:00)")
        #expect(try ast("reschedule 12 to 2025-03-05T11:00 for 45m")
            == "reschedule(ref: 12, to: 2025-03-05T11:00, for: 45m)")
    }

    @Test func appointmentReferencesAreNumbersIdsOrVariables() throws {
        #expect(try ast("show 12") == "show(ref: 12)")
        #expect(try ast("cancel 550E8400-e29b-41d4-A716-446655440000")
            == "cancel(ref: uuid(550e8400-e29b-41d4-a716-446655440000))")
        #expect(try ast(#"cancel "550e8400-e29b-41d4-a716-446655440000""#)
            == #"cancel(ref: "550e8400-e29b-41d4-a716-446655440000")"#)
        #expect(try ast("show $a") == "show(ref: $a)")
        #expect(try ast("reschedule $l[0] to now") == "reschedule(ref: $l[0], to: now)")
    }

    @Test func updateTakesAnyNonEmptySetOfClauses() throws {
        #expect(try ast(#"update 12 name "Ann B.""#) == #"update(ref: 12, name: "Ann B.")"#)
        #expect(try ast(#"update $a email "b@c.d" note "moved" for 45m at 2025-03-04 11:00 name "Bo""#)
            == #"update(ref: $a, name: "Bo", at: 2025-03-04T11:00, for: 45m, note: "moved", email: "b@c.d")"#)
    }

    @Test func calendarTakesASpanAndAnOptionalDate() throws {
        #expect(try ast("calendar week") == "calendar week")
        #expect(try ast("calendar month 2025-03-04") == "calendar month(2025-03-04)")
        #expect(try ast("calendar week fri").hasPrefix("calendar week("))
        let bad = Parser.parse(SourceFile(name: "t", text: "calendar wek")).diagnostics
        #expect(bad.count == 1 && bad.first?.message.contains("did you mean 'week'") == true, "\(bad)")
        #expect(bad.first?.range.start.column == 10)
        #expect(Parser.parse(SourceFile(name: "t", text: "calendar")).diagnostics.count == 1)
        #expect(Parser.parse(SourceFile(name: "t", text: "calendar month soon")).diagnostics.count == 1)
    }

    @Test func importTakesAFormatAFileAndAtomic() throws {
        #expect(try ast("import ics \"a.ics\"") == "import ics(\"a.ics\")")
        #expect(try ast("import csv \"b.csv\" atomic") == "import csv(\"b.csv\", atomic)")
        for (text, column) in [("import xml \"a\"", 8), ("import ics", 11), ("import ics a.ics", 12),
                               ("import ics \"a.ics\" atomically", 20)] {
            let diagnostics = Parser.parse(SourceFile(name: "t", text: text)).diagnostics
            #expect(diagnostics.count == 1, "\(text): \(diagnostics)")
            #expect(diagnostics.first?.range.start.column == column, "\(text): \(diagnostics)")
        }
    }

    @Test func agendaTakesAnOptionalRangeLikeList() throws {
        #expect(try ast("agenda") == "agenda")
        #expect(try ast("agenda today") == "agenda(today)")
        #expect(try ast("agenda next week") == "agenda(next week)")
        #expect(try ast("agenda from 2025-03-01 to 2025-03-07") == "agenda(days 2025-03-01 ... 2025-03-07)")
        #expect(Parser.parse(SourceFile(name: "t", text: "agenda soon")).diagnostics.count == 1)
    }

    @Test func listTakesAnOptionalRange() throws {
        #expect(try ast("list") == "list")
        #expect(try ast("list today") == "list(today)")
        #expect(try ast("list this week") == "list(this week)")
    }

    @Test func upcomingTakesAnOptionalLimit() throws {
        #expect(try ast("upcoming") == "upcoming")
        #expect(try ast("upcoming limit 5") == "upcoming(limit: 5)")
        #expect(try ast("upcoming limit $n") == "upcoming(limit: $n)")
    }

    // MARK: - Availability

    @Test func availableReplacesWeeklyWindowsOfTheNamedDays() throws {
        #expect(try ast("available mon-fri 09:00-17:00") == "available(days: 1 2 3 4 5, windows: 09:00-17:00)")
        #expect(try ast("available sat 10:00-12:00, 13:00-15:00")
            == "available(days: 6, windows: 10:00-12:00 13:00-15:00)")
    }

    @Test func windowMayEndAtMidnight() throws {
        #expect(try ast("available daily 18:00-24:00") == "available(days: 1 2 3 4 5 6 7, windows: 18:00-24:00)")
    }

    @Test func everyDayFormOfSection21NamesTheRightWeekdays() throws {
        #expect(try days("mon") == [1])
        #expect(try days("Monday") == [1])
        #expect(try days("mon-fri") == [1, 2, 3, 4, 5])
        #expect(try days("mon,wed,fri") == [1, 3, 5])
        #expect(try days("mon, wed , fri") == [1, 3, 5])
        #expect(try days("weekdays") == [1, 2, 3, 4, 5])
        #expect(try days("weekend") == [6, 7])
        #expect(try days("daily") == [1, 2, 3, 4, 5, 6, 7])
        #expect(try days("tues,thurs") == [2, 4])
        #expect(try days("fri-mon") == [5, 6, 7, 1])
        #expect(try days("sat-sun, mon") == [6, 7, 1])
    }

    @Test func unavailableClosesDaysOrADate() throws {
        #expect(try ast("unavailable sun") == "unavailable(days: 7)")
        #expect(try ast("unavailable weekend") == "unavailable(days: 6 7)")
        #expect(try ast("unavailable 2025-12-25") == "unavailable(date: 2025-12-25)")
    }

    @Test func dateOverridesTakeADateTodayOrTomorrow() throws {
        #expect(try ast("available 2025-12-24 09:00-12:00") == "available(date: 2025-12-24, windows: 09:00-12:00)")
        #expect(try ast("available today 10:00-11:00") == "available(date: today, windows: 10:00-11:00)")
        #expect(try ast("unavailable tomorrow") == "unavailable(date: tomorrow)")
    }

    @Test func weekdayNameInAvailableMeansTheWeeklyDayNotANextDate() throws {
        #expect(try ast("unavailable fri") == "unavailable(days: 5)")
    }

    @Test func availabilityTakesAnOptionalRange() throws {
        #expect(try ast("availability") == "availability")
        #expect(try ast("availability next week") == "availability(next week)")
    }

    @Test func slotsTakesARangeAndOptionalStepInEitherOrder() throws {
        #expect(try ast("slots on 2025-03-04") == "slots(on 2025-03-04)")
        #expect(try ast("slots on mon for 30m every 15m") == "slots(on weekday(1), for: 30m, every: 15m)")
        #expect(try ast("slots tomorrow every 15m for 1h") == "slots(tomorrow, for: 60m, every: 15m)")
    }

    // MARK: - Scripting and settings

    @Test func letBindsTheResultOfAValueStatement() throws {
        #expect(try ast(#"let a = book "Ann" at 2025-03-04T10:00 for 30m"#)
            == #"let(a = book(customer: "Ann", at: 2025-03-04T10:00, for: 30m))"#)
        #expect(try ast("let $l = list today") == "let(l = list(today))")
        #expect(try ast("let s = slots on tomorrow") == "let(s = slots(on tomorrow))")
    }

    @Test func letBindsAPlainValue() throws {
        #expect(try ast("let n = 3") == "let(n = 3)")
        #expect(try ast("let d = 2025-03-04") == "let(d = 2025-03-04)")
        #expect(try ast("let t = $a.start") == "let(t = $a.start)")
    }

    @Test func printTakesAVariablePath() throws {
        #expect(try ast("print $a.start") == "print($a.start)")
        #expect(try ast("print $l[2].customer") == "print($l[2].customer)")
        #expect(try ast("print $a.Start") == "print($a.start)")
    }

    @Test func printTakesEveryKindOfValue() throws {
        #expect(try ast(#"print "a""#) == #"print("a")"#)
        #expect(try ast("print 7") == "print(7)")
        #expect(try ast("print 1h30m") == "print(90m)")
        #expect(try ast("print -30m") == "print(-30m)")
        #expect(try ast("print 09:30") == "print(time 09:30)")
        #expect(try ast("print today") == "print(today)")
        #expect(try ast("print fri") == "print(weekday(5))")
        #expect(try ast("print fri 10:00") == "print(weekday(5) 10:00)")
        #expect(try ast("print now") == "print(now)")
        #expect(try ast("print 2025-03-04 10:00") == "print(2025-03-04T10:00)")
        #expect(try ast("print 550e8400-e29b-41d4-a716-446655440000")
            == "print(uuid(550e8400-e29b-41d4-a716-446655440000))")
    }

    @Test func sourceTakesAFileName() throws {
        #expect(try ast(#"source "other.sched""#) == #"source("other.sched")"#)
    }

    @Test func setChangesTimezoneOutputOrClock() throws {
        #expect(try ast(#"set timezone "Europe/Berlin""#) == #"set timezone("Europe/Berlin")"#)
        #expect(try ast("set output json") == "set output(json)")
        #expect(try ast("set output TABLE") == "set output(table)")
        #expect(try ast("set clock 2025-03-01T08:00") == "set clock(2025-03-01T08:00)")
    }

    @Test func helpTakesAnOptionalTopic() throws {
        #expect(try ast("help") == "help")
        #expect(try ast("help Book") == "help(book)")
    }

    // MARK: - Expectations (§2.3)

    @Test func expectErrorTakesAnOptionalKindAndText() throws {
        #expect(try ast(#"expect error conflict "already booked""#)
            == #"expect error(kind: conflict, text: "already booked")"#)
        #expect(try ast("expect error") == "expect error")
        #expect(try ast("expect error NotFound") == "expect error(kind: notfound)")
        #expect(try ast(#"expect error "past""#) == #"expect error(text: "past")"#)
    }

    @Test func expectComparesTwoValuesWithEveryOperator() throws {
        #expect(try ast(#"expect $a.customer == "Ann""#) == #"expect($a.customer == "Ann")"#)
        #expect(try ast("expect $l.count != 2") == "expect($l.count != 2)")
        #expect(try ast("expect $a.duration < 1h") == "expect($a.duration < 60m)")
        #expect(try ast("expect $a.start <= 2025-03-04T10:00") == "expect($a.start <= 2025-03-04T10:00)")
        #expect(try ast("expect $a.start > now") == "expect($a.start > now)")
        #expect(try ast("expect $a.date >= tomorrow") == "expect($a.date >= tomorrow)")
    }

    @Test func expectFreeAndBusyTakeAStartAndADuration() throws {
        #expect(try ast("expect free 2025-03-04T11:00 for 30m") == "expect free(2025-03-04T11:00, for: 30m)")
        #expect(try ast("expect busy tomorrow 10:00 for 1h") == "expect busy(tomorrow 10:00, for: 60m)")
    }

    // MARK: - Date-times, dates, times, durations (§2.1)

    @Test func everyDateTimeFormOfSection21Parses() throws {
        #expect(try dateTime("2025-03-04T10:00") == "2025-03-04T10:00")
        #expect(try dateTime("2025-03-04T10:00:30") == "2025-03-04T10:00:30")
        #expect(try dateTime("2025-03-04T10:00Z") == "2025-03-04T10:00Z")
        #expect(try dateTime("2025-03-04T10:00+01:00") == "2025-03-04T10:00+01:00")
        #expect(try dateTime("2025-03-04T10:00:30-05:30") == "2025-03-04T10:00:30-05:30")
        #expect(try dateTime("today 10:00") == "today 10:00")
        #expect(try dateTime("tomorrow 14:30") == "tomorrow 14:30")
        #expect(try dateTime("yesterday 08:00") == "yesterday 08:00")
        #expect(try dateTime("mon 09:00") == "weekday(1) 09:00")
        #expect(try dateTime("sunday 9:15") == "weekday(7) 09:15")
        #expect(try dateTime("now") == "now")
        #expect(try dateTime("$slot.start") == "$slot.start")
    }

    @Test func dateFollowedByATimeMeansTheSameAsTheTForm() throws {
        #expect(try dateTime("2025-03-04 10:00") == dateTime("2025-03-04T10:00"))
        #expect(try dateTime("2025-03-04 10:00:30") == dateTime("2025-03-04T10:00:30"))
    }

    @Test func everyDateFormOfSection21Parses() throws {
        #expect(try ast("list on 2025-03-04") == "list(on 2025-03-04)")
        #expect(try ast("list on today") == "list(on today)")
        #expect(try ast("list on tomorrow") == "list(on tomorrow)")
        #expect(try ast("list on yesterday") == "list(on yesterday)")
        #expect(try ast("list on wed") == "list(on weekday(3))")
        #expect(try ast("list on Wednesday") == "list(on weekday(3))")
        #expect(try ast("list on $d") == "list(on $d)")
    }

    @Test func leapDaysExistOnlyInLeapYears() throws {
        #expect(try ast("list on 2024-02-29") == "list(on 2024-02-29)")
        #expect(try ast("list on 2000-02-29") == "list(on 2000-02-29)")
        #expect(Parser.parse(SourceFile(name: "t", text: "list on 2100-02-29")).diagnostics.count == 1)
    }

    @Test func everyDurationFormOfSection21Parses() throws {
        #expect(try duration("30m") == "30m")
        #expect(try duration("1h") == "60m")
        #expect(try duration("1h30m") == "90m")
        #expect(try duration("90m") == "90m")
        #expect(try duration("24h") == "1440m")
        #expect(try duration("$d") == "$d")
    }

    @Test func everyRangeFormOfSection22Parses() throws {
        #expect(try ast("list today") == "list(today)")
        #expect(try ast("list tomorrow") == "list(tomorrow)")
        #expect(try ast("list yesterday") == "list(yesterday)")
        #expect(try ast("list this week") == "list(this week)")
        #expect(try ast("list next week") == "list(next week)")
        #expect(try ast("list this month") == "list(this month)")
        #expect(try ast("list next month") == "list(next month)")
        #expect(try ast("list on 2025-03-04") == "list(on 2025-03-04)")
    }

    @Test func rangeBetweenTwoDatesIncludesBothDays() throws {
        #expect(try ast("list from 2025-03-01 to 2025-03-07") == "list(days 2025-03-01 ... 2025-03-07)")
        #expect(try ast("list from today to fri") == "list(days today ... weekday(5))")
    }

    @Test func rangeBetweenTwoDateTimesIsHalfOpen() throws {
        #expect(try ast("list from 2025-03-01T08:00 to 2025-03-01T12:00")
            == "list(instants 2025-03-01T08:00 ..< 2025-03-01T12:00)")
        #expect(try ast("list from today 08:00 to now") == "list(instants today 08:00 ..< now)")
        #expect(try ast("list from 2025-03-01 08:00 to 2025-03-02 08:00")
            == "list(instants 2025-03-01T08:00 ..< 2025-03-02T08:00)")
    }

    @Test func variableEndOfARangeTakesTheKindOfTheOtherEnd() throws {
        #expect(try ast("list from 2025-03-01 to $d") == "list(days 2025-03-01 ... $d)")
        #expect(try ast("list from $a.start to now") == "list(instants $a.start ..< now)")
    }

    // MARK: - Scripts

    @Test func statementsAreSeparatedByNewlinesOrSemicolons() {
        let result = parse("list today; upcoming\n\n  ;; show 1 ;\ncancel 2")
        #expect(result.diagnostics.isEmpty)
        #expect(result.statements.map { AST.dump($0.kind) } == ["list(today)", "upcoming", "show(ref: 1)", "cancel(ref: 2)"])
    }

    @Test func commentsAndAShebangLineAreSkipped() {
        let result = parse("#!/usr/bin/env -S sched run\n# a comment\nlist today # what's on\n#book \"x\"\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.statements.map { AST.dump($0.kind) } == ["list(today)"])
    }

    @Test func emptyInputHasNoStatementsAndNoErrors() {
        for source in ["", "\n", "   \t\r\n;;\n", "# only a comment"] {
            let result = parse(source)
            #expect(result.statements.isEmpty, "\(source.debugDescription)")
            #expect(result.diagnostics.isEmpty, "\(source.debugDescription)")
        }
    }

    @Test func windowsLineEndingsReadLikeUnixOnes() {
        let result = parse("list today\r\nupcoming\r\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.statements.map { AST.dump($0.kind) } == ["list(today)", "upcoming"])
    }

    @Test func validStatementsAroundAnErrorStillParse() {
        let result = parse("list today\nboook \"Ann\"\nupcoming")
        #expect(result.diagnostics.count == 1)
        #expect(result.statements.map { AST.dump($0.kind) } == ["list(today)", "upcoming"])
    }

    // MARK: - Ranges and flags

    @Test func statementRangeRunsFromItsKeywordToItsLastToken() throws {
        let result = parse("list today\n  book \"Ann\" at 2025-03-04T10:00 for 30m   # trailing\n")
        let book = try #require(result.statements.last)
        #expect(book.range.start == SchedLang.SourceLocation(line: 2, column: 3, offset: 13))
        #expect(book.range.end == SchedLang.SourceLocation(line: 2, column: 41, offset: 51))
        #expect(book.keyword == "book")
        #expect(book.keywordRange.start.column == 3)
        #expect(book.keywordRange.end.column == 7)
    }

    @Test func expressionRangesCoverWhatWasWritten() throws {
        let file = SourceFile(name: "t", text: "reschedule $a[0].id to tomorrow 14:30 for 45m")
        let statement = try #require(Parser.parse(file).statements.first)
        guard case .reschedule(let ref, let to, let duration) = statement.kind else {
            Issue.record("not a reschedule: \(statement.kind)")
            return
        }
        #expect(file.text(in: ref.range) == "$a[0].id")
        #expect(file.text(in: to.range) == "tomorrow 14:30")
        #expect(file.text(in: try #require(duration).range) == "45m")
    }

    @Test func windowRangeCoversStartToEnd() throws {
        let file = SourceFile(name: "t", text: "available sat 10:00-12:00, 13:00-15:00")
        let statement = try #require(Parser.parse(file).statements.first)
        guard case .available(_, let windows) = statement.kind else {
            Issue.record("not an available: \(statement.kind)")
            return
        }
        #expect(windows.map { file.text(in: $0.range) } == ["10:00-12:00", "13:00-15:00"])
    }

    // MARK: - The grammar file

    @Test func grammarFileHoldsEveryRuleTheParserImplements() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/../.."
        let grammar = try #require(FileManager.default.contents(atPath: root + "/grammar/sched.ebnf"))
        let flatGrammar = Self.flatten(String(decoding: grammar, as: UTF8.self))
        let sources = root + "/Sources/SchedLang"
        var rules: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: sources).sorted() where name.hasSuffix(".swift") {
            let text = String(decoding: try #require(FileManager.default.contents(atPath: sources + "/" + name)), as: UTF8.self)
            rules += Self.docRules(in: text)
        }
        #expect(rules.count >= 39)
        for rule in rules {
            #expect(flatGrammar.contains(Self.flatten(rule)), "grammar/sched.ebnf lacks: \(rule)")
        }
    }

    /// The `rule → …` lines of the `///` comments, continuation lines joined.
    static func docRules(in text: String) -> [String] {
        var rules: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("///     ") else { continue }
            let body = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
            if body.contains("→") {
                rules.append(body)
            } else if body.hasPrefix("|"), !rules.isEmpty {
                rules[rules.count - 1] += " " + body
            }
        }
        return rules
    }

    static func flatten(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

// MARK: - Helpers shared by the test files

/// Parses `source` as a file named `test.sched`.
func parse(_ source: String) -> ParseResult {
    Parser.parse(SourceFile(name: "test.sched", text: source))
}

struct UnexpectedDiagnostics: Error, CustomStringConvertible {
    var description: String
}

/// The one statement of `source`; throws when the source has syntax errors or more statements.
func statement(_ source: String) throws -> Statement {
    let file = SourceFile(name: "test.sched", text: source)
    let result = Parser.parse(file)
    guard result.diagnostics.isEmpty, result.statements.count == 1, let only = result.statements.first else {
        let rendered = result.diagnostics.map { DiagnosticRenderer().render($0, in: file) }.joined()
        throw UnexpectedDiagnostics(description: "\(result.statements.count) statements; \(rendered)")
    }
    return only
}

/// The AST dump of the one statement of `source`.
func ast(_ source: String) throws -> String {
    AST.dump(try statement(source).kind)
}

/// The ISO weekdays (1 = Monday) that `available DAYS 09:00-10:00` applies to.
func days(_ text: String) throws -> Set<Int> {
    guard case .available(.days(let days), _) = try statement("available \(text) 09:00-10:00").kind else {
        throw UnexpectedDiagnostics(description: "'\(text)' did not parse as days")
    }
    return days
}

/// The AST dump of `book at DATETIME`.
func dateTime(_ text: String) throws -> String {
    guard case .book(let booking) = try statement("book at \(text)").kind, let start = booking.start else {
        throw UnexpectedDiagnostics(description: "'\(text)' did not parse as a date-time")
    }
    return AST.dump(start)
}

/// The AST dump of `book for DURATION`.
func duration(_ text: String) throws -> String {
    guard case .book(let booking) = try statement("book for \(text)").kind, let duration = booking.duration else {
        throw UnexpectedDiagnostics(description: "'\(text)' did not parse as a duration")
    }
    return AST.dump(duration)
}

/// A compact rendering of the AST without source ranges, so a test can state a statement in one line.
enum AST {
    /// `2 week on [1, 4] at 09:00`, `1 month on the -1 5`.
    static func dump(_ pattern: RepeatPattern) -> String {
        var text = "\(pattern.interval) \(pattern.unit.rawValue)"
        if !pattern.weekdays.isEmpty { text += " on \(pattern.weekdays)" }
        switch pattern.monthDay {
        case nil: break
        case .day(let day): text += " on day \(day)"
        case .lastDay: text += " on the last day"
        case .weekday(let ordinal, let weekday): text += " on the \(ordinal) \(weekday)"
        }
        if let time = pattern.time { text += " at \(time.hour):\(time.minute)" }
        return text
    }

    static func dump(_ kind: StatementKind) -> String {
        switch kind {
        case .book(let b):
            var text = "book(" + fields([("customer", b.customer), ("at", b.start), ("for", b.duration),
                                         ("note", b.note), ("email", b.email)])
            if let r = b.repetition {
                text += (text.hasSuffix("(") ? "" : ", ") + "every: \(dump(r.pattern))"
                let rest = fields([("from", r.from), ("until", r.until), ("count", r.count)])
                text += (rest.isEmpty ? "" : ", " + rest) + (r.skipConflicts ? ", skip conflicts" : "")
            }
            return text + ")"
        case .cancelFollowing(let ref): return "cancel(ref: \(dump(ref)), and following)"
        case .cancelSeries(let ref): return "cancel series(ref: \(dump(ref)))"
        case .rescheduleSeries(let ref, let to, let duration, let skip):
            return "reschedule series(" + fields([("ref", ref), ("to", to), ("for", duration)])
                + (skip ? ", skip conflicts" : "") + ")"
        case .updateSeries(let ref, let c):
            return "update series(" + fields([("ref", ref), ("name", c.name), ("for", c.duration),
                                              ("note", c.note), ("email", c.email)]) + ")"
        case .showSeries(let ref): return "show series(ref: \(dump(ref)))"
        case .listSeries: return "list series"
        case .reschedule(let ref, let to, let duration):
            return "reschedule(" + fields([("ref", ref), ("to", to), ("for", duration)]) + ")"
        case .update(let ref, let c):
            return "update(" + fields([("ref", ref), ("name", c.name), ("at", c.start), ("for", c.duration),
                                       ("note", c.note), ("email", c.email)]) + ")"
        case .cancel(let ref): return "cancel(ref: \(dump(ref)))"
        case .cancelEach(let refs): return "cancel(refs: \(refs.map(dump).joined(separator: " ")))"
        case .restore(let ref): return "restore(ref: \(dump(ref)))"
        case .find(let text, let range): return "find(\(dump(text))" + (range.map { ", \(dump($0))" } ?? "") + ")"
        case .listCancelled(let range): return "list cancelled" + (range.map { "(\(dump($0)))" } ?? "")
        case .setRule(let rule, let value): return "set \(rule.rawValue)(" + (value.map(dump) ?? "none") + ")"
        case .showSettings: return "show settings"
        case .undo(let target): return "undo" + (target.map { "(\(dump($0)))" } ?? "")
        case .redo: return "redo"
        case .history(let count, let range):
            return "history" + (count.map { "(\(dump($0)))" } ?? "") + (range.map { "(\(dump($0)))" } ?? "")
        case .show(let ref): return "show(ref: \(dump(ref)))"
        case .list(let range): return "list" + (range.map { "(\(dump($0)))" } ?? "")
        case .upcoming(let limit): return "upcoming" + (limit.map { "(limit: \(dump($0)))" } ?? "")
        case .available(let target, let windows):
            return "available(\(dump(target)), windows: \(windows.map(dump).joined(separator: " ")))"
        case .unavailable(let target): return "unavailable(\(dump(target)))"
        case .availability(let range): return "availability" + (range.map { "(\(dump($0)))" } ?? "")
        case .slots(let range, let duration, let every):
            let rest = fields([("for", duration), ("every", every)])
            return "slots(\(dump(range))" + (rest.isEmpty ? "" : ", " + rest) + ")"
        case .letBinding(let name, .statement(let inner)): return "let(\(name) = \(dump(inner.kind)))"
        case .letBinding(let name, .expression(let value)): return "let(\(name) = \(dump(value)))"
        case .print(let value): return "print(\(dump(value)))"
        case .source(let path): return "source(\(dump(path)))"
        case .setTimezone(let zone): return "set timezone(\(dump(zone)))"
        case .setDefaultDuration(let minutes): return "set default duration(\(dump(minutes)))"
        case .setOutput(let format): return "set output(\(format.rawValue))"
        case .setClock(let instant): return "set clock(\(dump(instant)))"
        case .help(let topic): return "help" + (topic.map { "(\($0))" } ?? "")
        case .expectError(let kind, let text):
            let parts = [kind.map { "kind: \($0)" }, text.map { "text: \(String(reflecting: $0))" }].compactMap { $0 }
            return "expect error" + (parts.isEmpty ? "" : "(\(parts.joined(separator: ", ")))")
        case .expectComparison(let lhs, let op, let rhs): return "expect(\(dump(lhs)) \(op.rawValue) \(dump(rhs)))"
        case .expectFree(let start, let duration): return "expect free(\(dump(start)), for: \(dump(duration)))"
        case .expectBusy(let start, let duration): return "expect busy(\(dump(start)), for: \(dump(duration)))"
        case .createUser(let name, let password): return "create user(\(dump(name)), password: \(dump(password)))"
        case .login(let name, let password):
            return "login(\(dump(name))" + (password.map { ", password: \(dump($0))" } ?? "") + ")"
        case .logout: return "logout"
        case .whoami: return "whoami"
        case .calcomConnect(let c):
            return "calcom connect(" + fields([("key", c.key), ("key file", c.keyFile), ("event-type", c.eventType), ("url", c.url)]) + ")"
        case .calcomStatus: return "calcom status"
        case .calcomDisconnect: return "calcom disconnect"
        case .calcomSlots(let date, let duration):
            return "calcom slots(on \(dump(date))" + (duration.map { ", for: \(dump($0))" } ?? "") + ")"
        case .sync(.all): return "sync"
        case .sync(.push): return "sync push"
        case .sync(.pull(let range)): return "sync pull" + (range.map { "(\(dump($0)))" } ?? "")
        case .sync(.availability): return "sync availability"
        case .sync(.status): return "sync status"
        case .exportCalendar(let e):
            let target = switch e.target {
            case .standardOutput: "-"
            case .file(let path): dump(path)
            }
            return "export \(e.format.rawValue)(\(target)" + (e.dates.map { ", \(dump($0))" } ?? "") + (e.includesCancelled ? ", cancelled" : "") + ")"
        case .agenda(let dates): return "agenda" + (dates.map { "(\(dump($0)))" } ?? "")
        case .calendar(let span, let date): return "calendar \(span.rawValue)" + (date.map { "(\(dump($0)))" } ?? "")
        case .importAppointments(let i): return "import \(i.format.rawValue)(\(dump(i.file))" + (i.atomic ? ", atomic" : "") + ")"
        }
    }

    static func dump(_ expression: WrittenValue) -> String {
        switch expression.kind {
        case .string(let text): String(reflecting: text)
        case .integer(let number): String(number)
        case .uuid(let id): "uuid(\(id))"
        case .duration(let minutes): "\(minutes)m"
        case .time(let time): "time \(dump(time))"
        case .date(let date): dump(date)
        case .dateTime(.absolute(let date), let time, let offset): dump(.absolute(date)) + "T" + dump(time) + dump(offset: offset)
        case .dateTime(let date, let time, let offset): dump(date) + " " + dump(time) + dump(offset: offset)
        case .now: "now"
        case .variable(let path): path.description
        }
    }

    static func dump(_ date: DateExpression) -> String {
        switch date {
        case .absolute(let d): String(format: "%04d-%02d-%02d", d.year, d.month, d.day)
        case .today: "today"
        case .tomorrow: "tomorrow"
        case .yesterday: "yesterday"
        case .weekday(let day): "weekday(\(day))"
        case .nextWeekday(let day): "next weekday(\(day))"
        case .inDays(let days): "in \(days) days"
        case .monthDay(let month, let day): "month \(month) day \(day)"
        }
    }

    static func dump(_ time: TimeLiteral) -> String {
        String(format: "%02d:%02d", time.hour, time.minute) + (time.second == 0 ? "" : String(format: ":%02d", time.second))
    }

    static func dump(offset: Int?) -> String {
        guard let offset else { return "" }
        if offset == 0 { return "Z" }
        let magnitude = abs(offset)
        return (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", magnitude / 3600, magnitude % 3600 / 60)
    }

    static func dump(_ window: WindowLiteral) -> String {
        dump(window.start) + "-" + dump(window.end)
    }

    static func dump(_ target: AvailabilityTarget) -> String {
        switch target {
        case .days(let days): "days: " + days.sorted().map(String.init).joined(separator: " ")
        case .date(let date): "date: " + dump(date)
        }
    }

    static func dump(_ range: DateRangeExpression) -> String {
        switch range.kind {
        case .today: "today"
        case .tomorrow: "tomorrow"
        case .yesterday: "yesterday"
        case .thisWeek: "this week"
        case .nextWeek: "next week"
        case .thisMonth: "this month"
        case .nextMonth: "next month"
        case .thisWeekend: "this weekend"
        case .nextWeekend: "next weekend"
        case .nextDays(let count): "next \(count) days"
        case .on(let date): "on \(dump(date))"
        case .fromDates(let from, let to): "days \(dump(from)) ... \(dump(to))"
        case .fromDateTimes(let from, let to): "instants \(dump(from)) ..< \(dump(to))"
        }
    }

    private static func fields(_ pairs: [(String, WrittenValue?)]) -> String {
        pairs.compactMap { label, value in value.map { "\(label): \(dump($0))" } }.joined(separator: ", ")
    }
}
