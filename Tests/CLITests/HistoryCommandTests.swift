import Foundation
import Testing

/// The journal from the command line: kept across processes, an `--atomic` run as one change,
/// and `sched history --prune`.
@Suite struct HistoryCommandTests {
    @Test func anAtomicRunIsOneChangeThatOneUndoTakesBack() throws {
        let sandbox = try Sandbox.loggedIn()
        let script = try sandbox.write("week.sched", """
            available daily 00:00-24:00
            book "Ann" at 2099-03-04T10:00 for 30m
            book "Bob" at 2099-03-04T11:00 for 30m
            """)
        #expect(try sandbox.run(["run", "--atomic", script.path]).exitCode == 0)
        #expect(try sandbox.run(["-c", "book \"Cy\" at 2099-03-05T10:00 for 30m"]).exitCode == 0)

        // Each command is a process of its own: the journal is in the database.
        let history = try sandbox.run(["--json", "history"])
        let entries = try #require(JSON.array(history.outputLines.first) as? [[String: Any]])
        #expect(entries.map { $0["id"] as? Int } == [2, 1])
        #expect(entries.last?["statement"] as? String == "available daily 00:00-24:00")
        #expect(entries.last?["statements"] as? Int == 3)
        #expect(entries.first?["statement"] as? String == "book \"Cy\" at 2099-03-05T10:00 for 30m")
        let shown = try sandbox.run(["history"])
        #expect(shown.standardOutput.contains("available daily 00:00-24:00 (and 2 more in one run)"), "\(shown)")

        let undone = try sandbox.run(["-c", "undo 1"])
        #expect(undone.exitCode == 0, "\(undone)")
        #expect(undone.standardOutput == """
            Undid change 2: book "Cy" at 2099-03-05T10:00 for 30m
            Undid change 1: available daily 00:00-24:00 (and 2 more in one run)

            """)
        let list = try sandbox.run(["--json", "-c", "list"])
        #expect(JSON.array(list.outputLines.first)?.isEmpty == true, "\(list)")
        let hours = try sandbox.run(["-c", "availability"])
        #expect(hours.standardOutput.contains("09:00–17:00"), "the default hours are back: \(hours)")
    }

    @Test func pruneRemovesTheChangesMadeBeforeADate() throws {
        let sandbox = try Sandbox.loggedIn()
        #expect(try sandbox.run(["-c", "available daily 00:00-24:00"]).exitCode == 0)
        #expect(try sandbox.run(["-c", "book \"Ann\" at 2099-03-04T10:00 for 30m"]).exitCode == 0)
        let kept = try sandbox.run(["history", "--prune", "2000-01-01"])
        #expect(kept.exitCode == 0 && kept.standardOutput == "Removed 0 changes from the history\n", "\(kept)")
        let pruned = try sandbox.run(["history", "--prune", "2999-01-01"])
        #expect(pruned.standardOutput == "Removed 2 changes from the history\n", "\(pruned)")
        #expect(try sandbox.run(["history"]).standardOutput == "No changes.\n")
        let undo = try sandbox.run(["-c", "undo"])
        #expect(undo.exitCode == 1 && undo.standardError.contains("Nothing to undo [invalid]"), "\(undo)")
        // The appointments stay: only their history went.
        #expect(JSON.array(try sandbox.run(["--json", "-c", "list"]).outputLines.first)?.count == 1)

        let bad = try sandbox.run(["history", "--prune", "soon"])
        #expect(bad.exitCode == 2 && bad.standardError.contains("--prune needs a date such as 2025-01-01, not 'soon'"), "\(bad)")
    }

    @Test func historyNeedsASession() throws {
        let sandbox = try Sandbox.loggedIn()
        #expect(try sandbox.run(["-c", "available daily 00:00-24:00"]).exitCode == 0)
        #expect(try sandbox.run(["logout"]).exitCode == 0)
        let result = try sandbox.run(["history", "--prune", "2999-01-01"])
        #expect(result.exitCode == 1 && result.standardError.contains("Authentication required"), "\(result)")
        #expect(try sandbox.run(["history"]).exitCode == 1)
    }
}
