import Foundation
import Testing

/// Statements from standard input: `sched` with no arguments when stdin is not a terminal,
/// and `sched run -`.
@Suite("Standard input")
struct StandardInputTests {
    static let script = """
        book "Ann" at 2099-03-04T10:00 for 30m
        book "Bob" at 2099-03-04T10:30 for 30m; show 1
        let l = list on 2099-03-04
        print $l.count
        """

    @Test func schedWithNoArgumentsReadsStatementsFromPipedStandardInput() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run([], input: Data(Self.script.utf8))
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput.contains("Booked 1: Ann"), "\(result)")
        #expect(result.standardOutput.contains("Booked 2: Bob"), "\(result)")
        #expect(result.outputLines.last == "2", "\(result)")
        #expect(!result.standardOutput.contains("sched>"), "no prompt when stdin is not a terminal: \(result)")
        let list = try sandbox.run(["--json", "-c", "list"])
        #expect(JSON.array(list.outputLines.first)?.count == 2, "\(list)")
    }

    @Test func runDashReadsStandardInput() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["run", "-"], input: Data(Self.script.utf8))
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.outputLines.last == "2", "\(result)")
    }

    @Test func pipedStandardInputReportsErrorsAsStdin() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run([], input: Data("book \"Ann\" at 2099-03-04T10:00 for 30m\nshow 7\n".utf8))
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError.contains("<stdin>:2:1: error: Appointment 7 not found [notfound]"), "\(result)")
    }

    @Test func emptyStandardInputDoesNothingAndSucceeds() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run([], input: Data())
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardError.isEmpty, "\(result)")
    }

    @Test func aScriptWithAShebangAndCommentsRuns() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run([], input: Data("""
            #!/usr/bin/env -S sched run
            # a comment
            BOOK "Ann" At 2099-03-04T10:00 FOR 30m   # keywords are case-insensitive
            """.utf8))
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput.contains("Booked 1: Ann"), "\(result)")
    }
}
