import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import Scheduling
import SchedTestSupport
import Testing

/// Tab completion at the prompt, on a real database in Berlin with the clock at
/// Wed 1 Jan 2025 01:00 local time.
@Suite struct CompleterTests {
    /// A logged-in session with the hours open all day, and Ann (1), Bob (2, cancelled), Anna (3)
    /// and Ann again (4, earliest) booked.
    private static func booked() throws -> ScriptFixture {
        let session = try ScriptFixture(.berlin)
        let script = """
            available daily 00:00-24:00
            book "Ann" at 2025-01-02T10:00 for 30m
            book "Bob" at 2025-01-03T09:00 for 1h
            book "Anna" at 2025-01-06T14:00 for 45m
            book "Ann" at 2025-01-01T12:00 for 30m
            cancel 2
            """
        #expect(session.run(script, name: "setup.sched") == .success, "\(session.buffer.standardError)")
        return session
    }

    private static func complete(_ session: ScriptFixture, _ text: String) -> Completions {
        Completer(interpreter: session.interpreter).complete(text)
    }

    private static func replacements(_ session: ScriptFixture, _ text: String) -> [String] {
        complete(session, text).candidates.map(\.replacement)
    }

    // MARK: - Statement keywords

    @Test func aPrefixAtTheStartOfALineCompletesToTheOneStatement() throws {
        let session = try ScriptFixture(.utc)
        #expect(Self.complete(session, "boo") == Completions(
            wordLength: 3, candidates: [Completion(replacement: "book ", display: "book")]))
        #expect(Self.replacements(session, "BOO") == ["book "])
        #expect(Self.replacements(session, "up") == ["upcoming ", "update "])
        #expect(Self.replacements(session, "un") == ["unavailable ", "undo "])
        #expect(Self.replacements(session, "unav") == ["unavailable "])
        #expect(Self.replacements(session, "hist") == ["history "])
        #expect(Self.replacements(session, "q") == ["quit "])
        #expect(Self.replacements(session, "xyz").isEmpty)
    }

    @Test func anEmptyLineOffersEveryStatementAndTheReplWords() throws {
        let session = try ScriptFixture(.utc)
        let found = Self.complete(session, "")
        let words = found.candidates.map(\.display)
        #expect(found.wordLength == 0)
        #expect(Set(words) == Set(Keywords.statements + ["quit", "exit"]))
        #expect(words == words.sorted())
    }

    @Test func onlyTheLastStatementOfTheLineCounts() throws {
        let session = try ScriptFixture(.utc)
        #expect(Self.replacements(session, "list today; boo") == ["book "])
        #expect(Self.replacements(session, "book \"Ann\" at 2025-03-04T10:00; set ") == ["timezone ", "default ", "output ", "clock ", "buffer ", "minimum ", "slot ", "limit ", "booking "])
    }

    // MARK: - The next clause

    @Test func aBookingOffersAtThenForThenTheClausesNotYetUsed() throws {
        let session = try ScriptFixture(.utc)
        #expect(Self.complete(session, "book \"Ann\" ") == Completions(
            wordLength: 0, candidates: [Completion(replacement: "at ", display: "at"),
                                        Completion(replacement: "every ", display: "every")]))
        #expect(Self.replacements(session, "book \"Ann\" for 30m ") == ["at ", "every "])
        #expect(Self.replacements(session, "book \"Ann\" at 2025-03-04T10:00 ") == ["for "])
        #expect(Self.replacements(session, "book \"Ann\" at tomorrow 10:00 ") == ["for "])
        #expect(Self.replacements(session, "book \"Ann\" at 2025-03-04T10:00 for 30m ") == ["note ", "email ", "every "])
        #expect(Self.replacements(session, "book \"Ann\" at 2025-03-04T10:00 for 30m email \"a@b.c\" ")
                == ["note ", "every "])
        #expect(Self.complete(session, "book \"Ann\" a").wordLength == 1)
        #expect(Self.replacements(session, "book \"Ann\" a") == ["at "])
        #expect(Self.replacements(session, "book \"Ann\" f").isEmpty)
    }

    @Test func aRepeatingBookingOffersItsPeriodAndThenTheSeriesClauses() throws {
        let session = try ScriptFixture(.utc)
        let weekdays = ["mon ", "tue ", "wed ", "thu ", "fri ", "sat ", "sun "]
        #expect(Self.replacements(session, "book \"Ann\" every ") == weekdays + ["day ", "week ", "month ", "year "])
        #expect(Self.replacements(session, "book \"Ann\" every 2 ") == ["days ", "weeks ", "months ", "years "])
        #expect(Self.replacements(session, "book \"Ann\" every tue 10:00 ") == ["for "])
        #expect(Self.replacements(session, "book \"Ann\" every 2 weeks on ") == weekdays)
        #expect(Self.replacements(session, "book \"Ann\" every 2 weeks on mon, ") == weekdays)
        #expect(Self.replacements(session, "book \"Ann\" every month on ") == ["the "])
        #expect(Self.replacements(session, "book \"Ann\" every month on the last fri at 09:00 ") == ["for "])
        #expect(Self.replacements(session, "book \"Ann\" every tue 10:00 for 30m ")
                == ["note ", "email ", "from ", "until ", "count ", "skip "])
        #expect(Self.replacements(session, "book \"Ann\" every tue 10:00 for 30m count 3 skip ") == ["conflicts "])
        #expect(Self.replacements(session, "book \"Ann\" every tue 10:00 for 30m until ").contains("tomorrow "))
        #expect(Self.replacements(session, "cancel series 1 ").isEmpty)
        #expect(Self.replacements(session, "cancel 1 ") == ["and "])
        #expect(Self.replacements(session, "cancel 1 and ") == ["following "])
    }

    @Test func otherStatementsOfferTheirNextKeyword() throws {
        let session = try ScriptFixture(.utc)
        let expected: [(String, [String])] = [
            ("reschedule 3 ", ["to "]),
            ("reschedule 3 to 2025-03-04T10:00 ", ["for "]),
            ("reschedule 3 to 2025-03-04T10:00 for 1h ", []),
            ("update 3 ", ["name ", "at ", "for ", "note ", "email "]),
            ("update 3 at 2025-03-04T10:00 note \"x\" ", ["name ", "for ", "email "]),
            ("slots tomorrow ", ["for ", "every "]),
            ("slots next week every 15m ", ["for "]),
            ("set ", ["timezone ", "default ", "output ", "clock ", "buffer ", "minimum ", "slot ", "limit ", "booking "]),
            ("set buffer ", ["before ", "after "]),
            ("set minimum ", ["notice "]),
            ("set slot ", ["interval "]),
            ("set booking ", ["window "]),
            ("set limit ", ["none "]),
            ("set limit 6 ", ["per "]),
            ("set limit 6 per ", ["day ", "week "]),
            ("set default ", ["duration "]),
            ("set output ", ["json ", "table "]),
            ("set output j", ["json "]),
            ("upcoming ", ["limit "]),
            ("expect ", ["error ", "free ", "busy "]),
            ("expect free tomorrow 10:00 ", ["for "]),
            ("login \"admin\" ", ["password "]),
            ("create ", ["user "]),
            ("create user \"admin\" ", ["password "]),
            ("let x ", ["= "]),
            ("let x = ", ["availability ", "book ", "cancel ", "find ", "history ", "list ", "reschedule ", "restore ",
                          "show ", "slots ", "upcoming ", "update ", "whoami "]),
            ("let x = book \"Ann\" ", ["at ", "every "]),
            ("list ", ["today ", "tomorrow ", "yesterday ", "this ", "next ", "on ", "from ", "cancelled ", "series "]),
            ("list cancelled ", ["today ", "tomorrow ", "yesterday ", "this ", "next ", "on ", "from "]),
            ("list \"ann\" ", ["today ", "tomorrow ", "yesterday ", "this ", "next ", "on ", "from "]),
            ("find \"ann\" n", ["next "]),
            ("restore 1", []),
            ("availability t", ["today ", "tomorrow ", "this "]),
            ("list this ", ["week ", "month ", "weekend "]),
            ("availability next m", ["month ", "mon "]),
            ("list from 2025-03-01 ", ["to "]),
            ("list today ", []),
            ("logout ", []),
        ]
        for (text, replacements) in expected {
            #expect(Self.replacements(session, text) == replacements, "\(text)")
        }
    }

    // MARK: - Cal.com

    @Test func calcomOffersItsCommandsAndThenWhatEachTakes() throws {
        let session = try ScriptFixture(.utc)
        let days = ["mon ", "tue ", "wed ", "thu ", "fri ", "sat ", "sun "]
        let expected: [(String, [String])] = [
            ("cal", ["calcom ", "calendar "]),
            ("calendar ", ["week ", "month "]),
            ("calendar m", ["month "]),
            ("calendar week t", ["today ", "tomorrow ", "tue ", "thu "]),
            ("calendar week today ", []),
            ("import ", ["ics ", "csv "]),
            ("import ics \"a.ics\" ", ["atomic "]),
            ("import csv \"a.csv\" atomic ", []),
            ("calcom ", ["connect ", "status ", "disconnect ", "slots "]),
            ("calcom s", ["status ", "slots "]),
            ("calcom di", ["disconnect "]),
            ("calcom status ", []),
            ("calcom slots ", ["on "]),
            ("calcom slots on ", ["today ", "tomorrow ", "yesterday "] + days + ["next ", "in "]),
            ("calcom slots on t", ["today ", "tomorrow ", "tue ", "thu "]),
            ("calcom slots on tomorrow ", ["for "]),
            ("calcom slots on 2025-03-04 for 30m ", []),
        ]
        for (text, replacements) in expected {
            #expect(Self.replacements(session, text) == replacements, "\(text)")
        }
    }

    @Test func calcomConnectOffersTheClausesNotYetUsed() throws {
        let session = try ScriptFixture(.utc)
        let expected: [(String, [String])] = [
            ("calcom connect ", ["key ", "event-type ", "url "]),
            ("calcom connect e", ["event-type "]),
            ("calcom connect event", ["event-type "]),
            ("calcom connect event-", ["type "]),
            ("calcom connect event-t", ["type "]),
            ("calcom connect key \"abc\" ", ["event-type ", "url "]),
            ("calcom connect event-type 123456 ", ["key ", "url "]),
            ("calcom connect url \"u\" event-type $e ", ["key "]),
            ("calcom connect key \"abc\" event-type 1 url \"u\" ", []),
            ("calcom connect key ", []),
            ("calcom connect event-type ", []),
            ("calcom connect event-type 1 event-", []),
        ]
        for (text, replacements) in expected {
            #expect(Self.replacements(session, text) == replacements, "\(text)")
        }
        #expect(Self.complete(session, "calcom connect event-t").wordLength == 1)
    }

    @Test func syncOffersItsActionsAndRangesAfterPull() throws {
        let session = try ScriptFixture(.utc)
        let expected: [(String, [String])] = [
            ("sy", ["sync "]),
            ("sync ", ["push ", "pull ", "availability ", "status "]),
            ("sync p", ["push ", "pull "]),
            ("sync pull ", ["today ", "tomorrow ", "yesterday ", "this ", "next ", "on ", "from "]),
            ("sync pull next ", ["week ", "month ", "weekend ", "mon ", "tue ", "wed ", "thu ", "fri ", "sat ", "sun "]),
            ("sync pull from 2025-03-01 ", ["to "]),
            ("sync push ", []),
            ("sync status ", []),
        ]
        for (text, replacements) in expected {
            #expect(Self.replacements(session, text) == replacements, "\(text)")
        }
    }

    @Test func exportOffersIcsThenARangeOrCancelledAfterTheTarget() throws {
        let session = try ScriptFixture(.utc)
        let ranges = ["today ", "tomorrow ", "yesterday ", "this ", "next ", "on ", "from "]
        let expected: [(String, [String])] = [
            ("exp", ["expect ", "export "]),
            ("expo", ["export "]),
            ("export ", ["ics ", "csv "]),
            ("export csv - ", ranges),
            ("export csv - this week ", []),
            ("export ics ", []),
            ("export ics - ", ranges + ["cancelled "]),
            ("export ics \"visits.ics\" c", ["cancelled "]),
            ("export ics - this ", ["week ", "month ", "weekend "]),
            ("export ics - this week ", ["cancelled "]),
            ("export ics - from 2025-03-01 to 2025-03-07 ", ["cancelled "]),
            ("export ics - cancelled ", []),
        ]
        for (text, replacements) in expected {
            #expect(Self.replacements(session, text) == replacements, "\(text)")
        }
    }

    @Test func everydayDatesTimesAndDurationsAreFollowed() throws {
        let session = try ScriptFixture(.utc)
        let days = ["mon ", "tue ", "wed ", "thu ", "fri ", "sat ", "sun "]
        let expected: [(String, [String])] = [
            // A date or a time after the name stands for 'at'.
            ("book \"Ann\" tomorrow 10am ", ["for "]),
            ("book \"Ann\" next ", days),
            ("book \"Ann\" next mon ", ["noon ", "midnight "]),
            ("book \"Ann\" in 3 ", ["days ", "weeks "]),
            ("book \"Ann\" in 3 days 9am ", ["for "]),
            ("book \"Ann\" 24 ", ["jan ", "feb ", "mar ", "apr ", "may ", "jun ", "jul ", "aug ", "sep ", "oct ", "nov ", "dec "]),
            ("book \"Ann\" dec 24 noon ", ["for "]),
            ("book \"Ann\" noon ", ["for "]),
            ("book \"Ann\" at tomorrow 4pm for 1 ", ["hours ", "minutes ", "min "]),
            ("book \"Ann\" at tomorrow 4pm for 2 hours 15 ", ["minutes "]),
            ("book \"Ann\" at tomorrow 4pm for 2 hours 15 minutes ", ["note ", "email ", "every "]),
            ("list next 3 ", ["days "]),
            ("agenda next 3 days ", []),
            ("list this weekend ", []),
            ("list from next mon to ", ["today ", "tomorrow ", "yesterday "] + days + ["next ", "in ", "now "]),
        ]
        for (text, replacements) in expected {
            #expect(Self.replacements(session, text) == replacements, "\(text)")
        }
    }

    // MARK: - Days and dates

    @Test func datetimePositionsOfferDayWordsAndNow() throws {
        let session = try ScriptFixture(.utc)
        let days = ["mon ", "tue ", "wed ", "thu ", "fri ", "sat ", "sun "]
        #expect(Self.replacements(session, "book \"Ann\" at ") == ["today ", "tomorrow "] + days + ["next ", "in ", "now "])
        #expect(Self.replacements(session, "reschedule 3 to t") == ["today ", "tomorrow ", "tue ", "thu "])
        #expect(Self.replacements(session, "set clock n") == ["next ", "now "])
        #expect(Self.replacements(session, "book \"Ann\" at mond") == ["monday "])
        #expect(Self.replacements(session, "book \"Ann\" at tomorrow ") == ["noon ", "midnight "], "a time comes next")
    }

    @Test func dayListsOfferWeekdaysAndGroups() throws {
        let session = try ScriptFixture(.utc)
        let days = ["mon ", "tue ", "wed ", "thu ", "fri ", "sat ", "sun "]
        #expect(Self.replacements(session, "available ") == days + ["weekdays ", "weekend ", "daily ", "today ", "tomorrow "])
        #expect(Self.replacements(session, "unavailable we") == ["wed ", "weekdays ", "weekend "])
        #expect(Self.replacements(session, "available mon,") == days + ["weekdays ", "weekend ", "daily "])
        #expect(Self.replacements(session, "available mon, w") == ["wed ", "weekdays ", "weekend "])
        #expect(Self.replacements(session, "available mon-") == days)
        #expect(Self.replacements(session, "unavailable fri-s") == ["sat ", "sun "])
        #expect(Self.replacements(session, "available mon 09:00-").isEmpty)
    }

    // MARK: - Appointments

    @Test func cancelListsBookedAppointmentsWithCustomerAndTimeUpcomingFirst() throws {
        let session = try Self.booked()
        let found = Self.complete(session, "cancel ")
        #expect(found.wordLength == 0)
        #expect(found.candidates == [
            Completion(replacement: "4 ", display: "4  Ann   Wed 1 Jan 2025 12:00–12:30"),
            Completion(replacement: "1 ", display: "1  Ann   Thu 2 Jan 2025 10:00–10:30"),
            Completion(replacement: "3 ", display: "3  Anna  Mon 6 Jan 2025 14:00–14:45"),
        ])
        #expect(Self.replacements(session, "reschedule ") == ["4 ", "1 ", "3 "])
        #expect(Self.replacements(session, "update ") == ["4 ", "1 ", "3 "])
        #expect(Self.replacements(session, "let a = cancel ") == ["4 ", "1 ", "3 "])
    }

    @Test func pastAppointmentsComeAfterUpcomingOnes() throws {
        let session = try Self.booked()
        session.clock.set(Date(timeIntervalSince1970: 1_735_819_200))  // Thu 2 Jan 2025 13:00 in Berlin
        try session.logIn()
        #expect(Self.replacements(session, "cancel ") == ["3 ", "1 ", "4 "])
    }

    @Test func showListsCancelledAppointmentsToo() throws {
        let session = try Self.booked()
        let found = Self.complete(session, "show ")
        #expect(found.candidates.map(\.replacement) == ["4 ", "1 ", "2 ", "3 "])
        #expect(found.candidates.contains(Completion(
            replacement: "2 ", display: "2  Bob   Fri 3 Jan 2025 09:00–10:00  (cancelled)")))
    }

    @Test func aTypedNumberFiltersByPrefix() throws {
        let session = try Self.booked()
        var script = ""
        for day in 10...19 { script += "book \"Cy\" at 2025-01-\(day)T10:00 for 30m\n" }
        #expect(session.run(script) == .success, "\(session.buffer.standardError)")
        let found = Self.complete(session, "cancel 1")
        #expect(found.wordLength == 1)
        #expect(found.candidates.map(\.replacement) == ["1 ", "10 ", "11 ", "12 ", "13 ", "14 "])
        #expect(Self.replacements(session, "show 2") == ["2 "])
        #expect(Self.replacements(session, "cancel 2").isEmpty, "2 is cancelled")
    }

    @Test func atMostFiftyAppointmentsAreOffered() throws {
        let session = try ScriptFixture(.utc)
        var script = "available daily 00:00-24:00\n"
        for minute in 0..<55 {
            script += "book \"Cy\" at 2025-02-01T10:\(minute < 10 ? "0" : "")\(minute) for 1m\n"
        }
        #expect(session.run(script) == .success, "\(session.buffer.standardError)")
        let found = Self.replacements(session, "cancel ")
        #expect(found.count == 50)
        #expect(found.first == "1 ")
    }

    // MARK: - Customer names

    @Test func anOpenNameAfterBookOffersCustomersStartingWithIt() throws {
        let session = try Self.booked()
        #expect(Self.complete(session, "book \"A") == Completions(wordLength: 1, candidates: [
            Completion(replacement: "Ann\" ", display: "Ann"),
            Completion(replacement: "Anna\" ", display: "Anna"),
        ]))
        #expect(Self.replacements(session, "book \"ann") == ["Ann\" ", "Anna\" "])
        #expect(Self.complete(session, "book \"ann").wordLength == 3)
        #expect(Self.replacements(session, "book \"b") == ["Bob\" "])
        #expect(Self.replacements(session, "book \"Z").isEmpty)
        #expect(Self.replacements(session, "book ") == ["\"Ann\" ", "\"Anna\" ", "\"Bob\" "])
        #expect(Self.replacements(session, "update 1 name \"B") == ["Bob\" "])
        #expect(Self.replacements(session, "book \"Ann\" note \"A").isEmpty, "a note is no customer")
    }

    @Test func anOpenNameWhereAnAppointmentIsNamedOffersCustomers() throws {
        let session = try Self.booked()
        for statement in ["cancel", "show", "reschedule", "update", "restore", "cancel 1,"] {
            #expect(Self.replacements(session, "\(statement) \"An") == ["Ann\" ", "Anna\" "], "\(statement)")
        }
        #expect(Self.replacements(session, "cancel \"b") == ["Bob\" "])
        #expect(Self.replacements(session, "find \"an") == ["Ann\" ", "Anna\" "])
        // A number still offers numbers.
        #expect(Self.replacements(session, "cancel 1").contains("1 "))
    }

    @Test func namesWithQuotesAreEscaped() throws {
        let session = try Self.booked()
        #expect(session.run(#"book "O\"Brien" at 2025-01-08T10:00 for 30m"#) == .success)
        #expect(Self.replacements(session, "book \"O") == [#"O\"Brien" "#])
        #expect(Self.replacements(session, #"book "O\"b"#) == [#"O\"Brien" "#])
    }

    // MARK: - Privacy and failures

    @Test func withoutASessionNoAppointmentsOrNamesAreOffered() throws {
        let session = try Self.booked()
        #expect(session.run("logout") == .success)
        #expect(Self.replacements(session, "cancel ").isEmpty)
        #expect(Self.replacements(session, "show ").isEmpty)
        #expect(Self.replacements(session, "book \"A").isEmpty)
        #expect(Self.replacements(session, "book ").isEmpty)
        #expect(Self.replacements(session, "boo") == ["book "])
        #expect(Self.replacements(session, "book \"Ann\" ") == ["at ", "every "])
    }

    @Test func anExpiredSessionOffersNoAppointments() throws {
        let session = try Self.booked()
        #expect(Self.replacements(session, "show ").count == 4)
        session.clock.set(session.clock.now.addingTimeInterval(AuthService.defaultSessionLifetime + 1))
        #expect(Self.replacements(session, "show ").isEmpty)
        #expect(Self.replacements(session, "book \"A").isEmpty)
    }

    @Test func aFailingStoreGivesKeywordsButNoData() {
        let interpreter = Interpreter(scheduler: Scheduler(store: FailingStore(), clock: ManualClock(defaultNow)), mode: .batch)
        let completer = Completer(interpreter: interpreter)
        #expect(completer.complete("cancel ").candidates.isEmpty)
        #expect(completer.complete("book \"A").candidates.isEmpty)
        #expect(completer.complete("sh").candidates.map(\.replacement) == ["show "])
    }

    // MARK: - Variables, help, comments and strings

    @Test func aDollarWordCompletesToTheVariablesHeld() throws {
        let session = try ScriptFixture(.utc)
        #expect(session.run("let alpha = 1\nlet a = 2\nlet Beta = 3") == .success)
        #expect(session.interpreter.variableNames == ["Beta", "a", "alpha"])
        #expect(Self.complete(session, "print $a") == Completions(wordLength: 2, candidates: [
            Completion(replacement: "$a ", display: "$a"),
            Completion(replacement: "$alpha ", display: "$alpha"),
        ]))
        #expect(Self.replacements(session, "$") == ["$Beta ", "$a ", "$alpha "])
        #expect(Self.replacements(session, "cancel $b") == ["$Beta "])
        #expect(Self.replacements(session, "print $z").isEmpty)
    }

    @Test func helpOffersTopicsAndQuit() throws {
        let session = try ScriptFixture(.utc)
        #expect(Self.complete(session, "help sl") == Completions(
            wordLength: 2, candidates: [Completion(replacement: "slots ", display: "slots")]))
        let topics = Self.complete(session, "help ").candidates.map(\.display)
        #expect(Set(topics) == Set(HelpTable.entries.map(\.topic) + ["quit"]))
        #expect(topics.count == Set(topics).count)
        #expect(Self.replacements(session, "help q") == ["quit "])
        #expect(Self.replacements(session, "help slots ").isEmpty)
    }

    @Test func nothingIsOfferedInsideACommentOrAfterAClosedString() throws {
        let session = try Self.booked()
        #expect(Self.complete(session, "# boo") == Completions(wordLength: 0, candidates: []))
        #expect(Self.replacements(session, "book \"Ann\" # a").isEmpty)
        #expect(Self.replacements(session, "cancel # ").isEmpty)
        #expect(Self.replacements(session, "book \"Ann\"").isEmpty)
        #expect(Self.replacements(session, "book \"Ann\" at 2025-03-04T10:00").isEmpty)
    }
}

/// A store whose every transaction fails.
private struct FailingStore: Store {
    struct Failure: Error {}

    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { throw Failure() }
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { throw Failure() }
    func begin() throws -> any StoreRun { throw Failure() }
    func copyOut(to sink: any StoreCopySink) throws { throw Failure() }
    func copyIn(_ source: (any StoreCopySink) throws -> Void) throws -> [String: Int] { throw Failure() }
}
