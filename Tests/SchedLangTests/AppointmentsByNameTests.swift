import Testing
@testable import SchedLang

/// Appointments named by their customer, searching, the rest of an appointment's life, and
/// other tools' words.
@Suite struct AppointmentsByNameTests {
    @Test func aNameInQuotesIsAReference() throws {
        #expect(try ast(#"cancel "Ann""#) == #"cancel(ref: "Ann")"#)
        #expect(try ast(#"reschedule "Ann" to fri 2pm"#) == #"reschedule(ref: "Ann", to: weekday(5) 14:00)"#)
        #expect(try ast(#"update "Ann" note "x""#) == #"update(ref: "Ann", note: "x")"#)
        #expect(try ast(#"show "Zoë Müller""#) == #"show(ref: "Zoë Müller")"#)
    }

    @Test func severalAppointmentsAreCancelledInOneStatement() throws {
        #expect(try ast("cancel 12, 13, 15") == "cancel(refs: 12 13 15)")
        #expect(try ast(#"cancel 12, "Ann", $a"#) == #"cancel(refs: 12 "Ann" $a)"#)
        #expect(rendered("cancel 12, 13,") == lines(
            "test.sched:1:15: error: expected an appointment such as 12 or \"Ann\" after ',', found the end of the input [syntax]",
            "  1 | cancel 12, 13,",
            "    |               ^"))
        #expect(rendered("cancel 12, 13 and following") == lines(
            "test.sched:1:15: error: expected the end of the statement, found 'and' [syntax]",
            "  1 | cancel 12, 13 and following",
            "    |               ^~~"))
    }

    @Test func restoreTakesOneReference() throws {
        #expect(try ast("restore 12") == "restore(ref: 12)")
        #expect(try ast(#"restore "Ann""#) == #"restore(ref: "Ann")"#)
        #expect(rendered("restore") == lines(
            "test.sched:1:8: error: expected an appointment such as 12 or \"Ann\" after 'restore', found the end of the input [syntax]",
            "  1 | restore",
            "    |        ^"))
    }

    @Test func findAndListSearchByText() throws {
        #expect(try ast(#"find "ann""#) == #"find("ann")"#)
        #expect(try ast(#"find "ann" this week"#) == #"find("ann", this week)"#)
        #expect(try ast(#"list "ann" next month"#) == #"find("ann", next month)"#)
        #expect(try ast("list cancelled") == "list cancelled")
        #expect(try ast("list cancelled this week") == "list cancelled(this week)")
        #expect(rendered("find") == lines(
            "test.sched:1:5: error: expected the text to look for, such as \"ann\" after 'find', found the end of the input [syntax]",
            "  1 | find",
            "    |     ^"))
        #expect(rendered(#"find "ann" lately"#) == lines(
            "test.sched:1:12: error: expected a range such as 'today', 'this week', 'next mon', 'on 2025-03-04' or 'from 2025-03-01 to 2025-03-07' after the text, found 'lately' [syntax]",
            #"  1 | find "ann" lately"#,
            "    |            ^~~~~~"))
    }

    @Test func exportWritesCSVToo() throws {
        #expect(try ast(#"export csv "visits.csv""#) == #"export csv("visits.csv")"#)
        #expect(try ast("export csv - this week") == "export csv(-, this week)")
        #expect(rendered("export csv - cancelled") == lines(
            "test.sched:1:14: error: unknown clause 'cancelled' in 'export csv' [syntax]",
            "  1 | export csv - cancelled",
            "    |              ^~~~~~~~~"))
        #expect(rendered(#"export xml "a""#) == lines(
            #"test.sched:1:8: error: expected 'ics' or 'csv' after 'export', found 'xml' [syntax]"#,
            #"  1 | export xml "a""#,
            "    |        ^~~"))
    }

    @Test(arguments: [
        ("delete", "cancel"), ("remove", "cancel"), ("move", "reschedule"), ("add", "book"), ("new", "book"),
        ("search", "find"), ("edit", "update"),
    ])
    func anotherToolsWordSuggestsSchedsStatement(word: String, statement: String) {
        let pad = String(repeating: "~", count: word.count - 1)
        #expect(rendered("\(word) 12") == lines(
            "test.sched:1:1: error: unknown statement '\(word)'; did you mean '\(statement)'? [syntax]",
            "  1 | \(word) 12",
            "    | ^\(pad)"))
    }

    @Test func createWithoutUserPointsAtBook() {
        #expect(rendered(#"create "Ann" at tomorrow 10am"#) == lines(
            #"test.sched:1:8: error: expected 'user' after 'create', found the string "Ann"; an appointment is made with 'book' [syntax]"#,
            #"  1 | create "Ann" at tomorrow 10am"#,
            "    |        ^~~~~"))
    }
}

/// The booking rules `set` changes, and `show settings`.
@Suite struct BookingRuleStatementTests {
    @Test func eachRuleReadsWithAValueOrNone() throws {
        #expect(try ast("set buffer before 10m") == "set buffer before(10m)")
        #expect(try ast("set buffer after none") == "set buffer after(none)")
        #expect(try ast("set minimum notice 2 hours") == "set minimum notice(120m)")
        #expect(try ast("set slot interval 15m") == "set slot interval(15m)")
        #expect(try ast("set limit 6 per day") == "set limit per day(6)")
        #expect(try ast("set limit none per week") == "set limit per week(none)")
        #expect(try ast("set booking window 60 days") == "set booking window(60)")
        #expect(try ast("set booking window 1 day") == "set booking window(1)")
        #expect(try ast("set booking window none") == "set booking window(none)")
        #expect(try ast("show settings") == "show settings")
    }

    @Test func aRuleWrittenWrongSaysWhatWorks() {
        #expect(rendered("set limit 6 per month") == lines(
            "test.sched:1:17: error: expected 'day' or 'week' after 'per', found 'month' [syntax]",
            "  1 | set limit 6 per month",
            "    |                 ^~~~~"))
        #expect(rendered("set booking window 60") == lines(
            "test.sched:1:22: error: expected 'days' after the number of days, found the end of the input [syntax]",
            "  1 | set booking window 60",
            "    |                      ^"))
        #expect(rendered("set limit 0 per day") == lines(
            "test.sched:1:11: error: expected a limit of at least 1 [syntax]",
            "  1 | set limit 0 per day",
            "    |           ^"))
        #expect(rendered("set buffer during 10m") == lines(
            "test.sched:1:12: error: expected 'before' or 'after' after 'set buffer', found 'during' [syntax]",
            "  1 | set buffer during 10m",
            "    |            ^~~~~~"))
        #expect(rendered("set minimum 2h") == lines(
            "test.sched:1:13: error: expected 'notice' after 'set minimum', found '2h' [syntax]",
            "  1 | set minimum 2h",
            "    |             ^~"))
    }
}

/// `undo`, `redo` and `history`.
@Suite struct JournalStatementTests {
    @Test func theFormsRead() throws {
        #expect(try ast("undo") == "undo")
        #expect(try ast("undo 12") == "undo(12)")
        #expect(try ast("undo $n") == "undo($n)")
        #expect(try ast("redo") == "redo")
        #expect(try ast("history") == "history")
        #expect(try ast("history 5") == "history(5)")
        #expect(try ast("history this week") == "history(this week)")
    }

    @Test func aWrongArgumentSaysWhatWorks() {
        #expect(rendered("undo last") == lines(
            "test.sched:1:6: error: expected a change number such as 12 after 'undo', found 'last' [syntax]",
            "  1 | undo last",
            "    |      ^~~~"))
        #expect(rendered("undo 0") == lines(
            "test.sched:1:6: error: expected a limit of at least 1 [syntax]",
            "  1 | undo 0",
            "    |      ^"))
        #expect(rendered("redo 3") == lines(
            "test.sched:1:6: error: expected the end of the statement, found '3' [syntax]",
            "  1 | redo 3",
            "    |      ^"))
        #expect(rendered("history lately") == lines(
            "test.sched:1:9: error: expected a range such as 'today', 'this week', 'next mon', 'on 2025-03-04' or 'from 2025-03-01 to 2025-03-07' after 'history', found 'lately' [syntax]",
            "  1 | history lately",
            "    |         ^~~~~~"))
    }
}
