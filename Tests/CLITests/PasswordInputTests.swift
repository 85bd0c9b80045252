import Foundation
import Testing

/// Passwords read from standard input take their line and nothing more: a script that follows
/// the password on the same input runs from its first statement.
@Suite("Password input")
struct PasswordInputTests {
    @Test(arguments: ["\n", "\r\n"])
    func aScriptAfterThePasswordOnStandardInputRunsWhole(_ lineEnd: String) throws {
        let sandbox = try Sandbox.initialised()
        let script = "book \"Ann\" at 2099-03-04T10:00 for 30m\nwhoami\nbook \"Bo\" at 2099-03-04T11:00 for 30m\n"
        let result = try sandbox.run(["--user", Sandbox.user, "--password-stdin", "run", "-"],
                                     input: Data((Sandbox.password + lineEnd + script).utf8))
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.outputLines == ["Booked 1: Ann — Wed 4 Mar 2099 10:00–10:30 (30m)", "admin",
                                       "database: \(sandbox.database.path)", "Booked 2: Bo — Wed 4 Mar 2099 11:00–11:30 (30m)"], "\(result)")
    }

    @Test func aPasswordLineOnItsOwnStillLogsTheRunIn() throws {
        let sandbox = try Sandbox.initialised()
        let result = try sandbox.run(["--user", Sandbox.user, "--password-stdin", "-c", "whoami"],
                                     input: Data(Sandbox.password.utf8))
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.outputLines == ["admin", "database: \(sandbox.database.path)"], "\(result)")
    }
}
