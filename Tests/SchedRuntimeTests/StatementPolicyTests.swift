import SchedLang
import SchedRuntime
import Scheduling
import Testing

/// Which statements need a session, change the schedule, queue changes for Cal.com or call it:
/// each is decided by the policy of the use case the statement runs.
@Suite struct StatementPolicyTests {
    private func policy(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> UseCasePolicy? {
        let parsed = Parser.parse(SourceFile(name: "t.sched", text: source))
        #expect(parsed.diagnostics.isEmpty, "\(source)", sourceLocation: sourceLocation)
        return Interpreter.policy(of: try #require(parsed.statements.first, sourceLocation: sourceLocation).kind)
    }

    @Test func onlyDataStatementsNeedASession() throws {
        let protected = ["book \"A\" at now for 30m", "reschedule 1 to now", "update 1 note \"x\"", "cancel 1", "show 1",
                         "list", "upcoming", "available mon 09:00-10:00", "unavailable sun", "availability",
                         "slots today", "set timezone \"UTC\"", "expect free now for 30m", "expect busy now for 30m",
                         "let a = list", "calcom connect", "calcom status", "calcom disconnect",
                         "calcom slots on today", "sync", "sync status", "agenda", "calendar week",
                         "export ics - this week", "import ics \"a.ics\""]
        let open = ["help", "help book", "print 1", "let a = 1", "set output json", "set clock now", "whoami", "logout",
                    "login \"a\"", "create user \"a\" password \"12345678\"", "expect error", "expect 1 == 1",
                    "source \"x.sched\""]
        for source in protected { #expect(try policy(source)?.needsSession == true, "\(source)") }
        for source in open { #expect(try policy(source)?.needsSession != true, "\(source)") }
    }

    @Test func onlyStatementsThatChangeTheScheduleSaySo() throws {
        let changing = ["book", "reschedule 1 to now", "update 1 for 30m", "cancel 1", "available mon 09:00-10:00",
                        "unavailable sun", #"set timezone "UTC""#, "let a = cancel 1", "calcom connect",
                        "calcom disconnect", "sync", "sync push", "sync pull", "sync availability", "import ics \"a.ics\""]
        let reading = ["show 1", "list", "upcoming", "availability", "slots today", "let a = list", "print 1",
                       "set output json", "set clock now", "help", "expect error", "calcom status",
                       "calcom slots on today", "sync status", "whoami", "logout", "agenda"]
        for source in changing { #expect(try policy(source)?.changesSchedule == true, "\(source)") }
        for source in reading { #expect(try policy(source)?.changesSchedule != true, "\(source)") }
    }

    @Test func appointmentChangesQueueForCalcomAndOnlyCalcomStatementsCallIt() throws {
        for source in ["book", "reschedule 1 to now", "update 1 for 30m", "cancel 1", "calcom connect", "import ics \"a.ics\""] {
            #expect(try policy(source)?.queuesSync == true, "\(source)")
        }
        for source in ["available mon 09:00-10:00", #"set timezone "UTC""#, "calcom disconnect", "list"] {
            #expect(try policy(source)?.queuesSync == false, "\(source)")
        }
        for source in ["calcom connect", "calcom slots on today", "sync", "sync push", "sync pull", "sync availability"] {
            #expect(try policy(source)?.callsCalcom == true, "\(source)")
        }
        for source in ["calcom status", "calcom disconnect", "sync status", "book", "import ics \"a.ics\""] {
            #expect(try policy(source)?.callsCalcom == false, "\(source)")
        }
    }

    /// A change and its session check share one transaction, so a session revoked meanwhile
    /// cannot let the change through.
    @Test func changesRunInOneWriteTransactionWithTheirSessionCheck() throws {
        for source in ["reschedule 1 to now", "update 1 for 30m", "cancel 1", "available mon 09:00-10:00",
                       #"set timezone "UTC""#] {
            #expect(try policy(source)?.transaction == .writes, "\(source)")
        }
        // A booking's transaction too, beside other bookings where the store allows it.
        #expect(try policy("book")?.transaction == .books)
        // An import parses its file first, outside the transaction that books its entries.
        #expect(try policy("import ics \"a.ics\"")?.transaction == .opensItsOwn)
    }
}
