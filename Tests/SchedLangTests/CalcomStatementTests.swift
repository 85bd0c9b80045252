import Testing
@testable import SchedLang

/// `calcom connect`, `status`, `disconnect`, `slots` and `sync`: their forms, their errors, and
/// how the API key is kept out of rendered source.
@Suite struct CalcomStatementTests {
    // MARK: - calcom connect

    @Test func connectTakesKeyEventTypeAndURL() throws {
        #expect(try ast(#"calcom connect key "cal_live_abc" event-type 123456 url "https://api.cal.com/v2""#)
            == #"calcom connect(key: "cal_live_abc", event-type: 123456, url: "https://api.cal.com/v2")"#)
    }

    @Test func connectClausesMayComeInAnyOrder() throws {
        let expected = #"calcom connect(key: "k", event-type: 7, url: "u")"#
        #expect(try ast(#"calcom connect url "u" event-type 7 key "k""#) == expected)
        #expect(try ast(#"calcom connect event-type 7 key "k" url "u""#) == expected)
        #expect(try ast(#"CALCOM Connect EVENT-TYPE 7 Key "k" URL "u""#) == expected)
    }

    @Test func connectLeavesMissingClausesForTheRuntime() throws {
        #expect(try ast("calcom connect event-type 123456") == "calcom connect(event-type: 123456)")
        #expect(try ast(#"calcom connect key "k""#) == #"calcom connect(key: "k")"#)
        #expect(try ast("calcom connect") == "calcom connect()")
    }

    @Test func theKeyMayComeFromAFileWhoseNameIsNoSecret() throws {
        #expect(try ast(#"calcom connect key file "/home/me/.calcom-key" event-type 5"#)
            == #"calcom connect(key file: "/home/me/.calcom-key", event-type: 5)"#)
        #expect(firstMessage(#"calcom connect key file "a" key "b""#) == "'key' given twice")
        #expect(firstMessage("calcom connect key file 5")
            == "expected the path of the key's file as a string after 'key file', found '5'")
        let file = SourceFile(name: "s", text: #"calcom connect key file "/home/me/.calcom-key" event-type 5"#)
        #expect(!Redaction.containsSecret(file))
        #expect(Redaction.redacting(file).line(1) == file.line(1))
    }

    @Test func connectTakesVariablesForEveryClause() throws {
        #expect(try ast("calcom connect key $k event-type $e.id url $u")
            == "calcom connect(key: $k, event-type: $e.id, url: $u)")
    }

    @Test func eventTypeCoversItsThreeTokens() throws {
        let file = SourceFile(name: "t", text: #"calcom connect event-type 42 key "k""#)
        let statement = try #require(Parser.parse(file).statements.first)
        guard case .calcomConnect(let clauses) = statement.kind else {
            Issue.record("not a calcom connect: \(statement.kind)")
            return
        }
        #expect(file.text(in: try #require(clauses.eventType).range) == "42")
        #expect(file.text(in: try #require(clauses.key).range) == #""k""#)
        #expect(file.text(in: statement.range) == #"calcom connect event-type 42 key "k""#)
        #expect(file.text(in: statement.keywordRange) == "calcom")
    }

    @Test func connectClauseGivenTwiceIsRefusedAtItsSecondUse() {
        #expect(shown(#"calcom connect key "a" event-type 1 key "b""#) == lines(
            "test.sched:1:37: error: 'key' given twice [syntax]",
            #"  1 | calcom connect key "***" event-type 1 key "***""#,
            "    |                                       ^~~"))
        #expect(shown("calcom connect event-type 1 event-type 2") == lines(
            "test.sched:1:29: error: 'event-type' given twice [syntax]",
            "  1 | calcom connect event-type 1 event-type 2",
            "    |                             ^~~~~~~~~~"))
        #expect(firstMessage(#"calcom connect url "a" url "b""#) == "'url' given twice")
    }

    @Test func misspeltEventTypeIsUnderlinedWholeWithASuggestion() {
        #expect(shown("calcom connect event-typ 5") == lines(
            "test.sched:1:16: error: unknown clause 'event-typ' in 'calcom connect'; did you mean 'event-type'? [syntax]",
            "  1 | calcom connect event-typ 5",
            "    |                ^~~~~~~~~"))
        #expect(firstMessage("calcom connect event_type 5")
            == "unknown clause 'event_type' in 'calcom connect'; did you mean 'event-type'?")
        #expect(firstMessage("calcom connect eventtype 5")
            == "unknown clause 'eventtype' in 'calcom connect'; did you mean 'event-type'?")
        #expect(firstMessage("calcom connect evnt-type 5")
            == "unknown clause 'evnt-type' in 'calcom connect'; did you mean 'event-type'?")
    }

    @Test func eventTypeWithSpacesIsNotOneWord() {
        #expect(shown("calcom connect event type 5") == lines(
            "test.sched:1:16: error: unknown clause 'event' in 'calcom connect'; did you mean 'event-type'? [syntax]",
            "  1 | calcom connect event type 5",
            "    |                ^~~~~"))
        #expect(firstMessage("calcom connect event - type 5")
            == "unknown clause 'event' in 'calcom connect'; did you mean 'event-type'?")
        #expect(firstMessage("calcom connect type 5")
            == "unknown clause 'type' in 'calcom connect'; did you mean 'event-type'?")
    }

    @Test func otherUnknownClausesNameTheNearestOne() {
        #expect(firstMessage(#"calcom connect kye "k""#) == "unknown clause 'kye' in 'calcom connect'; did you mean 'key'?")
        #expect(firstMessage(#"calcom connect ulr "u""#) == "unknown clause 'ulr' in 'calcom connect'; did you mean 'url'?")
        #expect(firstMessage("calcom connect xyzzy") == "unknown clause 'xyzzy' in 'calcom connect'")
        #expect(firstMessage("calcom connect 123456") == "expected one of 'key', 'event-type', 'url', found '123456'")
    }

    @Test func eventTypeNeedsANumber() {
        #expect(shown(#"calcom connect event-type "123""#) == lines(
            #"test.sched:1:27: error: expected an event type id such as 123456 after 'event-type', found the string "123" [syntax]"#,
            #"  1 | calcom connect event-type "123""#,
            "    |                           ^~~~~"))
        #expect(firstMessage("calcom connect event-type")
            == "expected an event type id such as 123456 after 'event-type', found the end of the input")
        #expect(firstMessage("calcom connect event-type 12abc") == ParseMessage.malformedNumber("12abc").text)
    }

    @Test func urlNeedsAString() {
        #expect(firstMessage("calcom connect url https")
            == #"expected the API address as a string such as "https://api.cal.com/v2" after 'url', found 'https'"#)
    }

    // MARK: - The key stays out of messages

    @Test func aKeyWrittenWithoutQuotesIsNotQuotedInTheMessage() {
        #expect(shown("calcom connect key cal_live_abc123 event-type 5") == lines(
            #"test.sched:1:20: error: expected the API key as a string such as "cal_live_…" after 'key', found an unquoted word [syntax]"#,
            "  1 | calcom connect key *** event-type 5",
            "    |                    ^~~"))
        #expect(firstMessage("calcom connect key 12345") == #"expected the API key as a string such as "cal_live_…" after 'key', found an unquoted value"#)
        #expect(firstMessage("calcom connect key 12abc") == #"expected the API key as a string such as "cal_live_…" after 'key', found an unquoted value"#)
    }

    @Test func aMissingKeyNamesWhatCameInstead() {
        #expect(firstMessage("calcom connect key event-type 5")
            == #"expected the API key as a string such as "cal_live_…" after 'key', found 'event'"#)
        #expect(firstMessage("calcom connect key")
            == #"expected the API key as a string such as "cal_live_…" after 'key', found the end of the input"#)
        #expect(firstMessage(#"calcom connect key "cal_live_abc"#) == ParseMessage.unterminatedString.text)
    }

    @Test func aKeyWrittenWithoutItsClauseIsNotQuotedInTheMessage() {
        #expect(shown(#"calcom connect "cal_live_abc123" event-type 5"#) == lines(
            #"test.sched:1:16: error: expected one of 'key', 'event-type', 'url', found a string (write key "…" or url "…") [syntax]"#,
            #"  1 | calcom connect "***" event-type 5"#,
            "    |                ^~~~~"))
        #expect(firstMessage("calcom connect cal_live_abc123")
            == #"expected one of 'key', 'event-type', 'url', found what looks like an API key (write key "…")"#)
    }

    // MARK: - Redaction

    @Test func theKeyIsMaskedInRenderedSource() {
        let source = "list\ncalcom connect key \"cal_live_1234abcd\" event-type 5\ncalcom connect url \"https://api.cal.com/v2\"\n"
        let file = SourceFile(name: "s.sched", text: source)
        let shown = Redaction.redacting(file)
        #expect(shown.line(1) == "list")
        #expect(shown.line(2) == #"calcom connect key "***" event-type 5"#)
        #expect(shown.line(3) == #"calcom connect url "https://api.cal.com/v2""#)
        // The masked text keeps every column, so positions found in the source still hold.
        #expect(shown.masked.line(2) == "calcom connect key " + String(repeating: "*", count: 19) + " event-type 5")
    }

    @Test func aLineWithAKeyIsSecretAndOneWithoutIsNot() {
        let secret = [
            #"calcom connect key "cal_live_abc" event-type 5"#,
            #"calcom connect event-type 5 KEY "abc""#,
            #"calcom connect kye "abc""#,
            #"calcom connect "abc""#,
            "calcom connect key abc",
            #"calcom connect key "abc"#,
            #"calcon connect key "abc""#,
            #"cal connect key "abc""#,
            #"list; calcom connect key "abc""#,
            #"let k = "cal_live_abc""#,
        ]
        let open = [
            "calcom connect event-type 5",
            #"calcom connect url "https://api.cal.com/v2" event-type 5"#,
            "calcom status",
            "calcom slots on tomorrow for 30m",
            "sync pull this week",
            #"book "Ann" at now for 30m note "key""#,
            #"calcom status; book "Ann" at now for 30m"#,
            "calcom connect key $k",
        ]
        for source in secret { #expect(Redaction.containsSecret(SourceFile(name: "s", text: source)), "\(source)") }
        for source in open { #expect(!Redaction.containsSecret(SourceFile(name: "s", text: source)), "\(source)") }
    }

    @Test func aKeyHeldInAVariableIsMaskedWhereItIsBound() {
        let file = SourceFile(name: "s.sched", text: "let k = \"abc123\"\nlet other = \"visible\"\ncalcom connect key $k event-type 5\n")
        let shown = Redaction.redacting(file)
        #expect(shown.line(1) == #"let k = "***""#)
        #expect(shown.line(2) == #"let other = "visible""#)
        #expect(shown.line(3) == "calcom connect key $k event-type 5")
        #expect(Redaction.containsSecret(file))
    }

    @Test func aKeyIsMaskedInTheDiagnosticOfAMisspeltStatement() {
        let file = SourceFile(name: "s.sched", text: #"calcm connect key "cal_live_abc""#)
        let diagnostic = Parser.parse(file).diagnostics[0]
        #expect(DiagnosticRenderer().render(diagnostic, in: Redaction.redacting(file)) == lines(
            "s.sched:1:1: error: unknown statement 'calcm'; did you mean 'calcom'? [syntax]",
            #"  1 | calcm connect key "***""#,
            "    | ^~~~~"))
    }

    @Test func passwordsAreStillMasked() {
        let file = SourceFile(name: "s.sched", text: "login \"admin\" password \"s3cret\"\nlet p = \"x\"\nlogin \"a\" password $p\n")
        let shown = Redaction.redacting(file)
        #expect(shown.line(1) == #"login "admin" password "***""#)
        #expect(shown.line(2) == #"let p = "***""#)
    }

    // MARK: - calcom status, disconnect, slots

    @Test func statusAndDisconnectTakeNothing() throws {
        #expect(try ast("calcom status") == "calcom status")
        #expect(try ast("calcom disconnect") == "calcom disconnect")
        #expect(firstMessage("calcom status now") == "expected the end of the statement, found 'now'")
    }

    @Test func slotsTakesADateAndAnOptionalDuration() throws {
        #expect(try ast("calcom slots on 2025-03-04") == "calcom slots(on 2025-03-04)")
        #expect(try ast("calcom slots on tomorrow for 1h") == "calcom slots(on tomorrow, for: 60m)")
        #expect(try ast("calcom slots on $d for $len") == "calcom slots(on $d, for: $len)")
    }

    @Test func slotsNeedsOnAndADate() {
        #expect(shown("calcom slots tomorrow") == lines(
            "test.sched:1:14: error: expected 'on' after 'calcom slots', found 'tomorrow' [syntax]",
            "  1 | calcom slots tomorrow",
            "    |              ^~~~~~~~"))
        #expect(firstMessage("calcom slots on") == "expected a date such as 2025-03-04, 'tomorrow', 'next mon' or 'dec 24' after 'on', found the end of the input")
        #expect(firstMessage("calcom slots on today fr 30m") == "unknown clause 'fr' in 'calcom slots'; did you mean 'for'?")
        #expect(firstMessage("calcom slots on today for 30") == "expected a duration such as 30m, 1h30 or '90 min' after 'for', found '30'")
        #expect(firstMessage("calcom slots on today for 30m for 1h") == "'for' given twice")
        #expect(firstMessage("calcom slots on today every 30m") == "unknown clause 'every' in 'calcom slots'")
    }

    // MARK: - Unknown words after calcom and sync

    @Test func unknownCalcomCommandListsTheCommandsAndSuggestsOne() {
        #expect(shown("calcom stauts") == lines(
            "test.sched:1:8: error: expected 'connect', 'status', 'disconnect' or 'slots' (did you mean 'status'?) after 'calcom', found 'stauts' [syntax]",
            "  1 | calcom stauts",
            "    |        ^~~~~~"))
        #expect(firstMessage("calcom foo") == "expected 'connect', 'status', 'disconnect' or 'slots' after 'calcom', found 'foo'")
        #expect(firstMessage("calcom") == "expected 'connect', 'status', 'disconnect' or 'slots' after 'calcom', found the end of the input")
        #expect(firstMessage("calcom 12") == "expected 'connect', 'status', 'disconnect' or 'slots' after 'calcom', found '12'")
        #expect(firstMessage("calcom @") == "unexpected character '@' (U+0040)")
    }

    @Test func misspeltStatementsSuggestCalcomAndSync() {
        #expect(firstMessage("calcm status") == "unknown statement 'calcm'; did you mean 'calcom'?")
        #expect(firstMessage("synk") == "unknown statement 'synk'; did you mean 'sync'?")
    }

    // MARK: - sync

    @Test func syncTakesAnOptionalAction() throws {
        #expect(try ast("sync") == "sync")
        #expect(try ast("sync push") == "sync push")
        #expect(try ast("sync pull") == "sync pull")
        #expect(try ast("sync availability") == "sync availability")
        #expect(try ast("SYNC Status") == "sync status")
    }

    @Test func syncPullTakesARangeLikeList() throws {
        #expect(try ast("sync pull today") == "sync pull(today)")
        #expect(try ast("sync pull next week") == "sync pull(next week)")
        #expect(try ast("sync pull on 2025-03-04") == "sync pull(on 2025-03-04)")
        #expect(try ast("sync pull from 2025-03-01 to 2025-03-07") == "sync pull(days 2025-03-01 ... 2025-03-07)")
        #expect(firstMessage("sync pull later")
            == "expected a range such as 'today', 'this week', 'next mon', 'on 2025-03-04' or 'from 2025-03-01 to 2025-03-07' after 'sync pull', found 'later'")
    }

    @Test func unknownSyncActionListsTheActionsAndSuggestsOne() {
        #expect(shown("sync pul") == lines(
            "test.sched:1:6: error: expected 'push', 'pull', 'availability' or 'status' (did you mean 'pull'?) after 'sync', found 'pul' [syntax]",
            "  1 | sync pul",
            "    |      ^~~"))
        #expect(firstMessage("sync foo") == "expected 'push', 'pull', 'availability' or 'status' after 'sync', found 'foo'")
        #expect(firstMessage("sync push today") == "expected the end of the statement, found 'today'")
    }

    @Test func errorsResumeAtTheNextStatement() {
        let result = parse("calcom conect\nsync\ncalcom connect key \"a\" key \"b\"; calcom status")
        #expect(result.diagnostics.map { "\($0.range.start)" } == ["1:8", "3:24"])
        #expect(result.statements.map { AST.dump($0.kind) } == ["sync", "calcom status"])
    }

    // MARK: - Helpers

    /// The diagnostics of `source` as batch mode shows them, secrets masked.
    private func shown(_ source: String) -> String {
        let file = SourceFile(name: "test.sched", text: source)
        let masked = Redaction.redacting(file)
        return Parser.parse(file).diagnostics.map { DiagnosticRenderer().render($0, in: masked) }.joined()
    }

    private func firstMessage(_ source: String) -> String? {
        parse(source).diagnostics.first?.message
    }
}
