#if os(Linux)
import CalComFake
import Foundation
import Testing

/// What sched does for a person at a terminal outside the prompt's loop: the password asked
/// twice by `sched init`, hints under authentication errors, secrets typed bare kept out of the
/// history, and the Cal.com key asked for without echo.
@Suite("Terminal")
struct TerminalTests {
    @Test func initAsksForThePasswordTwiceAndRefusesTwoThatDiffer() throws {
        let sandbox = try Sandbox()
        let differ = try PseudoTerminal(sandbox, arguments: ["init", "--user", "admin"])
        defer { differ.close() }
        try differ.waitFor("Password for admin: ")
        try differ.waitForSilentInput()
        try differ.typeLine(Sandbox.password)
        try differ.waitFor("Password again: ")
        try differ.waitForSilentInput()
        try differ.typeLine(Sandbox.password + "x")
        try differ.waitFor("The two passwords differ; nothing was created.")
        #expect(try differ.waitForExit() == 1)
        #expect(!differ.rawOutput.contains(Sandbox.password), "a password was echoed:\n\(differ.screen)")
        let nobody = try sandbox.run(["--json", "login", "--password-stdin"], input: Data((Sandbox.password + "\n").utf8))
        #expect(nobody.exitCode == 1 && nobody.standardError.contains("no user yet"), "\(nobody)")

        let same = try PseudoTerminal(sandbox, arguments: ["init", "--user", "admin"])
        defer { same.close() }
        try same.waitFor("Password for admin: ")
        try same.waitForSilentInput()
        try same.typeLine(Sandbox.password)
        try same.waitFor("Password again: ")
        try same.waitForSilentInput()
        try same.typeLine(Sandbox.password)
        try same.waitFor("Logged in as admin until ")
        #expect(try same.waitForExit() == 0)
    }

    @Test func anAuthenticationErrorOnATerminalNamesTheNextStep() throws {
        let sandbox = try Sandbox()
        let noUser = try PseudoTerminal(sandbox, arguments: ["-c", "list"])
        defer { noUser.close() }
        try noUser.waitFor("error: Authentication required [auth]")
        try noUser.waitFor("hint: run 'sched init --user NAME'")
        #expect(try noUser.waitForExit() == 1)

        try sandbox.addUser()
        #expect(try sandbox.run(["logout"]).exitCode == 0)
        let loggedOut = try PseudoTerminal(sandbox, arguments: ["-c", "list"])
        defer { loggedOut.close() }
        try loggedOut.waitFor("hint: run 'sched login'")
        #expect(try loggedOut.waitForExit() == 1)

        // At the prompt the hint is the statement that logs in there.
        let terminal = try ReplTests.start(sandbox, prompt: ReplTests.loggedOutPrompt)
        defer { terminal.close() }
        try terminal.typeLine("list")
        try terminal.waitFor("hint: log in with: login \"admin\"")
        try terminal.waitForPrompt(ReplTests.loggedOutPrompt)
        try ReplTests.leave(terminal)
    }

    @Test func aPasswordTypedWithoutQuotesIsNeitherShownNorKept() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try ReplTests.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine("whoami")
        try terminal.waitForPrompt(ReplTests.prompt)
        try terminal.typeLine("login \"admin\" password SuperSecret4")
        let answer = try terminal.waitForPrompt(ReplTests.prompt)
        #expect(answer.contains("found '***'"), "\(answer)")
        #expect(answer.contains("  1 | login \"admin\" password ***"), "\(answer)")
        // The typed line is echoed as typed; nothing sched wrote after it shows the password.
        let echo = try #require(answer.range(of: "SuperSecret4\n"), "no echo of the line: \(answer)")
        let written = String(answer[echo.upperBound...])
        #expect(!written.contains("SuperSecret4"), "the password is shown after the typed line:\n\(answer)")
        try ReplTests.leave(terminal)
        #expect(ReplTests.history(sandbox) == "whoami\n")
    }

    @Test func calcomConnectAtThePromptAsksForTheKeyWithoutEcho() async throws {
        let fake = FakeCalCom()
        let url = try await fake.start()
        defer { Task { await fake.stop() } }
        let sandbox = try await CalcomCLITests.loggedIn()
        let key = CalcomCLITests.key
        let (answer, history) = try await offPool { () throws -> (String, String?) in
            let terminal = try ReplTests.start(sandbox, environment: ["CALCOM_API_URL": url.absoluteString])
            defer { terminal.close() }
            try terminal.typeLine("calcom connect event-type 1001")
            try terminal.waitFor("Cal.com API key: ")
            try terminal.waitForSilentInput()
            try terminal.typeLine(key)
            let answer = try terminal.waitForPrompt(ReplTests.prompt)
            try terminal.typeLine("calcom status")
            _ = try terminal.waitForPrompt(ReplTests.prompt)
            try ReplTests.leave(terminal)
            #expect(!terminal.rawOutput.contains(key), "the key was echoed:\n\(terminal.screen)")
            return (answer, ReplTests.history(sandbox))
        }
        #expect(answer.contains(CalcomCLITests.connected), "\(answer)")
        #expect(history == "calcom connect event-type 1001\ncalcom status\n", "\(history ?? "no history")")
    }
}
#endif
