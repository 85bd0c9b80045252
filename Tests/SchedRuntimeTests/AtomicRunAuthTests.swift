import Foundation
import SchedCore
import SchedTestSupport
import Testing

/// Sessions inside an `--atomic` run: failed logins still count, and a statement without a
/// session is refused for that before anything else.
@Suite struct AtomicRunAuthTests {
    /// Each statement that fails is undone inside a run, but the count of failed logins is
    /// not: a script cannot guess passwords without ever being locked out.
    @Test func failedLoginsInsideAnAtomicRunLockLoginsOut() throws {
        let fixture = try ScriptFixture(.utc, loggedIn: false)
        fixture.runner.options.atomic = true
        let guesses = (1...5).map { "login \"\(ScriptFixture.username)\" password \"wrong \($0)\"\nexpect error auth\n" }
        let status = fixture.run(guesses.joined() + """
            login "\(ScriptFixture.username)" password "\(ScriptFixture.password)"
            expect error auth "Too many failed logins"
            """)
        #expect(status == .success, "\(fixture.buffer.standardError)")
        let failures = try fixture.store.read { try $0.loginFailures() }
        #expect(failures.count >= 5)
        #expect(failures.lockedUntil != nil)
    }

    /// As outside a run, a missing session is the first thing said, before the refusal of
    /// Cal.com calls inside a run.
    @Test func aCalcomStatementWithoutASessionAsksForOneFirst() throws {
        let fixture = try ScriptFixture(.utc, loggedIn: false)
        fixture.runner.options.atomic = true
        let status = fixture.run("sync push\nexpect error auth \"Authentication required\"\n")
        #expect(status == .success, "\(fixture.buffer.standardError)")
    }
}
