#if os(Linux)
import Foundation
import SchedTestSupport
import Testing

/// The interactive prompt on a real terminal: banner, prompts, line editing, history, Tab
/// completion, Ctrl-C and Ctrl-D, passwords read without echo, colour; and no prompt at all
/// when standard input is a pipe.
///
/// Each test waits for a prompt, and for the line editor to take the terminal, before it
/// types (`waitForPrompt`), so that nothing typed reaches the terminal before the editor reads.
@Suite("REPL")
struct ReplTests {
    static let prompt = "admin@sched> "
    static let loggedOutPrompt = "sched> "
    /// A Wednesday far ahead, inside the default working hours (Mon–Fri 09:00–17:00).
    static let booking = "book \"Ann\" at 2099-03-04T10:00 for 30m"
    static let booked = "Booked 1: Ann — Wed 4 Mar 2099 10:00–10:30 (30m)"

    /// Starts the prompt in `sandbox` and waits for its first prompt.
    static func start(_ sandbox: Sandbox, prompt: String = prompt,
                      environment: [String: String?] = [:]) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(sandbox, environment: environment)
        try terminal.waitForPrompt(prompt)
        return terminal
    }

    /// `$XDG_STATE_HOME/sched/history`.
    static func historyFile(_ sandbox: Sandbox) -> URL {
        sandbox.stateHome.appendingPathComponent("sched/history")
    }

    static func history(_ sandbox: Sandbox) -> String? {
        FileManager.default.contents(atPath: historyFile(sandbox).path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The lines of `text`, with the line editor's trailing blanks dropped.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop { $0 == " " }.reversed())
        }
    }

    // MARK: banner and prompts

    @Test func theBannerNamesTheDatabaseAndZoneAndTheLoggedInPromptNamesTheUser() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        let banner = Self.lines(terminal.screen)
        #expect(banner.first?.hasPrefix("sched ") == true, "\(banner)")
        #expect(banner.first?.hasSuffix(" — database \(sandbox.database.path), home zone UTC") == true, "\(banner)")
        #expect(banner.count > 1 && banner[1].contains("help") && banner[1].contains("Ctrl-D"), "\(banner)")
        #expect(!banner.contains { $0.hasPrefix("Not logged in") }, "\(banner)")
        #expect(banner.last == Self.prompt.trimmingCharacters(in: .whitespaces), "\(banner)")
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func notLoggedInTheBannerSaysSoAndThePromptIsPlain() throws {
        let sandbox = try Sandbox()
        let terminal = try Self.start(sandbox, prompt: Self.loggedOutPrompt)
        defer { terminal.close() }
        let banner = Self.lines(terminal.screen)
        #expect(banner.count > 2 && banner[2].hasPrefix("Not logged in"), "\(banner)")
        #expect(terminal.cursorLine == Self.loggedOutPrompt, "\(terminal.screen)")
        try terminal.typeLine("whoami")
        try terminal.waitFor("whoami\nnot logged in\n")
        try terminal.waitForPrompt(Self.loggedOutPrompt)
        try Self.leave(terminal)
    }

    // MARK: running statements

    @Test func aBookingTypedAtThePromptIsConfirmed() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine(Self.booking)
        let answer = try terminal.waitForPrompt(Self.prompt)
        #expect(Self.lines(answer).contains(Self.booked), "\(answer)")
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
        let list = try sandbox.run(["-c", "list on 2099-03-04"])
        #expect(list.standardOutput.contains("Ann"), "the booking did not land: \(list)")
    }

    @Test func aTypedErrorShowsTheLineWithACaretAndThePromptComesBack() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine("boook \"Ann\"")
        let answer = Self.lines(try terminal.waitForPrompt(Self.prompt))
        let error = try #require(answer.firstIndex { $0.contains("error:") }, "no error shown: \(answer)")
        #expect(answer[error] == "1:1: error: unknown statement 'boook'; did you mean 'book'? [syntax]", "\(answer)")
        #expect(answer.count > error + 2, "\(answer)")
        if answer.count > error + 2 {
            #expect(answer[error + 1] == "  1 | boook \"Ann\"", "\(answer)")
            #expect(answer[error + 2] == "    | ^~~~~", "\(answer)")
        }
        // The prompt goes on: the next statement runs.
        try terminal.typeLine("whoami")
        try terminal.waitFor("whoami\nadmin\n")
        try terminal.waitForPrompt(Self.prompt)
        try terminal.typeLine("exit")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func anUnfinishedLineGetsTheContinuationPrompt() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        // A trailing `;`: the next line holds the following statement.
        try terminal.typeLine("whoami;")
        try terminal.waitForPrompt("\n...> ")
        try terminal.typeLine("whoami")
        let both = try terminal.waitForPrompt(Self.prompt)
        #expect(Self.lines(both).filter { $0 == "admin" }.count == 2, "\(both)")
        // An open string goes on on the next line.
        try terminal.typeLine("book \"Ann\" at 2099-03-04T10:00 for 30m note \"first line")
        try terminal.waitForPrompt("\n...> ")
        try terminal.typeLine("second line\"")
        let answer = try terminal.waitForPrompt(Self.prompt)
        #expect(Self.lines(answer).contains(Self.booked), "\(answer)")
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
    }

    // MARK: leaving

    @Test(arguments: ["quit", "exit"])
    func quitAndExitLeaveWithStatusZero(_ command: String) throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine(command)
        #expect(try terminal.waitForExit() == 0, "\(terminal.screen)")
    }

    @Test func ctrlDOnAnEmptyLineExitsZeroAndKeepsTheHistory() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine("whoami")
        try terminal.waitFor("whoami\nadmin\n")
        try terminal.waitForPrompt(Self.prompt)
        try terminal.press(.ctrlD)
        #expect(try terminal.waitForExit() == 0, "\(terminal.screen)")
        #expect(Self.history(sandbox) == "whoami\n")
    }

    @Test func ctrlCAbandonsTheLineAndTheReplGoesOn() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        // A line half typed.
        try terminal.type("book \"Ann\" at 2099")
        try terminal.waitFor("2099")
        try terminal.press(.ctrlC)
        try terminal.waitFor("^C\n")
        try terminal.waitForPrompt(Self.prompt)
        // An unfinished entry waiting for its continuation.
        try terminal.typeLine("book \"Ann")
        try terminal.waitForPrompt("\n...> ")
        try terminal.press(.ctrlC)
        try terminal.waitFor("^C\n")
        try terminal.waitForPrompt(Self.prompt)
        // Still alive, and nothing abandoned ran.
        try terminal.typeLine("whoami")
        try terminal.waitFor("whoami\nadmin\n")
        try terminal.waitForPrompt(Self.prompt)
        #expect(!terminal.screen.contains("Booked"), "\(terminal.screen)")
        try Self.leave(terminal)
        #expect(Self.history(sandbox) == "whoami\n")
    }

    // MARK: history

    @Test func upArrowRecallsAnEntryFromAnEarlierSession() throws {
        let sandbox = try Sandbox.loggedIn()
        do {
            let first = try Self.start(sandbox)
            defer { first.close() }
            try first.typeLine(Self.booking)
            try first.waitFor(Self.booked)
            try first.waitForPrompt(Self.prompt)
            try first.press(.ctrlD)
            #expect(try first.waitForExit() == 0)
        }
        #expect(Self.history(sandbox) == Self.booking + "\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: Self.historyFile(sandbox).path)
        let mode = ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
        #expect(mode == 0o600, "history file mode \(String(mode, radix: 8))")

        let second = try Self.start(sandbox)
        defer { second.close() }
        try second.press(.up)
        try second.waitForCursorLine(Self.prompt + Self.booking)
        // Enter runs the recalled line: the same slot again, refused.
        try second.press(.enter)
        let answer = try second.waitForPrompt(Self.prompt)
        #expect(answer.contains("error: Time slot is already booked (#1 Ann, Wed 4 Mar 2099 10:00–10:30) [conflict]"), "\(answer)")
        try second.press(.ctrlD)
        #expect(try second.waitForExit() == 0)
    }

    // MARK: completion

    @Test func tabCompletesAKeyword() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        try terminal.type("boo")
        try terminal.waitFor("boo")
        try terminal.press(.tab)
        try terminal.waitForCursorLine(Self.prompt + "book ")
        try terminal.typeLine("\"Ann\" at 2099-03-04T10:00 for 30m")
        let answer = try terminal.waitForPrompt(Self.prompt)
        #expect(Self.lines(answer).contains(Self.booked), "\(answer)")
        try Self.leave(terminal)
    }

    @Test func tabAfterCancelListsTheBookedAppointments() throws {
        let sandbox = try Sandbox.loggedIn()
        let setup = try sandbox.run(["-c", "book \"Ann\" at 2099-03-04T10:00 for 30m; book \"Bob\" at 2099-03-04T11:00 for 30m"])
        try #require(setup.exitCode == 0, "\(setup)")
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        try terminal.type("cancel ")
        try terminal.waitFor("cancel ")
        try terminal.press(.tab)
        // The list, then the prompt and the line drawn again under it.
        let listed = Self.lines(try terminal.waitFor(Self.prompt))
        #expect(listed.contains { $0.contains("1") && $0.contains("Ann") && $0.contains("10:00") }, "\(listed)")
        #expect(listed.contains { $0.contains("2") && $0.contains("Bob") && $0.contains("11:00") }, "\(listed)")
        try terminal.waitForCursorLine(Self.prompt + "cancel ")
        try terminal.typeLine("2")
        try terminal.waitFor("Cancelled 2: Bob")
        try terminal.waitForPrompt(Self.prompt)
        try Self.leave(terminal)
    }

    @Test func tabAfterCancelInsertsTheOnlyAppointmentNumber() throws {
        let sandbox = try Sandbox.loggedIn()
        let setup = try sandbox.run(["-c", Self.booking])
        try #require(setup.exitCode == 0, "\(setup)")
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        try terminal.type("cancel ")
        try terminal.waitFor("cancel ")
        try terminal.press(.tab)
        // The number, and a space after it as after a completed keyword.
        try terminal.waitForCursorLine(Self.prompt + "cancel 1 ")
        try terminal.press(.enter)
        try terminal.waitFor("Cancelled 1: Ann")
        try terminal.waitForPrompt(Self.prompt)
        try Self.leave(terminal)
    }

    // MARK: passwords and sessions

    @Test func aPasswordTypedAtThePromptIsNeitherShownNorKept() throws {
        let sandbox = try Sandbox.loggedIn()
        let logout = try sandbox.run(["logout"])
        try #require(logout.exitCode == 0, "\(logout)")
        let terminal = try Self.start(sandbox, prompt: Self.loggedOutPrompt)
        defer { terminal.close() }
        try terminal.typeLine("login \"admin\"")
        try terminal.waitFor("Password: ")
        try terminal.waitForSilentInput()
        try terminal.typeLine(Sandbox.password)
        try terminal.waitFor("Logged in as admin until ")
        try terminal.waitForPrompt(Self.prompt)
        try terminal.typeLine("whoami")
        try terminal.waitFor("whoami\nadmin\n")
        try terminal.waitForPrompt(Self.prompt)
        try Self.leave(terminal)
        #expect(!terminal.rawOutput.contains(Sandbox.password), "the password was echoed:\n\(terminal.screen)")
        let history = try #require(Self.history(sandbox), "no history file")
        #expect(!history.contains(Sandbox.password), "\(history)")
        #expect(history.contains("whoami"), "\(history)")
    }

    @Test func creatingTheUserAtThePromptLogsIn() throws {
        let sandbox = try Sandbox()
        let terminal = try Self.start(sandbox, prompt: Self.loggedOutPrompt)
        defer { terminal.close() }
        try terminal.typeLine("create user \"admin\" password \"\(Sandbox.password)\"")
        try terminal.waitFor("Created user admin; logged in until ")
        try terminal.waitForPrompt(Self.prompt)
        try terminal.typeLine(Self.booking)
        try terminal.waitFor(Self.booked)
        try terminal.waitForPrompt(Self.prompt)
        try Self.leave(terminal)
        #expect(Self.history(sandbox) == Self.booking + "\n")
    }

    @Test func aStringLaterPassedAsAPasswordLeavesTheHistory() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        for line in ["let p = \"\(Sandbox.password)\"", "whoami"] {
            try terminal.typeLine(line)
            try terminal.waitForPrompt(Self.prompt)
        }
        #expect(Self.history(sandbox)?.contains(Sandbox.password) == true, "the let is kept until the string is used as a password")
        try terminal.typeLine("login \"admin\" password $p")
        try terminal.waitFor("Logged in as admin until ")
        try terminal.waitForPrompt(Self.prompt)
        try Self.leave(terminal)
        #expect(Self.history(sandbox) == "whoami\n")
    }

    @Test func aLineCarryingAPasswordIsNotKeptInTheHistory() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine("whoami")
        try terminal.waitForPrompt(Self.prompt)
        try terminal.typeLine("login \"admin\" password \"\(Sandbox.password)\"")
        try terminal.waitFor("Logged in as admin until ")
        try terminal.waitForPrompt(Self.prompt)
        try Self.leave(terminal)
        #expect(Self.history(sandbox) == "whoami\n")
    }

    /// Ctrl-D on an empty line: the prompt ends with status 0.
    static func leave(_ terminal: PseudoTerminal) throws {
        try terminal.press(.ctrlD)
        #expect(try terminal.waitForExit() == 0)
    }

    /// Makes every session in the sandbox's database lapse an hour ago, with the `sqlite3`
    /// shell (`.ci/run` installs it).
    static func expireSessions(_ sandbox: Sandbox) throws {
        let child = try Subprocess("/usr/bin/env", ["sqlite3", sandbox.database.path,
                                                    "UPDATE sessions SET issued_at = issued_at - 7200, expires_at = issued_at - 3600"])
        let ended = child.wait()
        try #require(!ended.signalled && ended.status == 0, "sqlite3 could not expire the sessions (is it installed?)")
    }

    @Test func anExpiredSessionAsksForThePasswordBeforeTheNextStatement() throws {
        let sandbox = try Sandbox()
        try sandbox.addUser()
        let setup = try sandbox.run(["-c", Self.booking])
        try #require(setup.exitCode == 0, "\(setup)")
        let terminal = try Self.start(sandbox)
        defer { terminal.close() }

        try Self.expireSessions(sandbox)
        try terminal.typeLine("list on 2099-03-04")
        try terminal.waitFor("Session for admin expired. Password: ")
        try terminal.waitForSilentInput()
        try terminal.typeLine(Sandbox.password)
        let answer = try terminal.waitForPrompt(Self.prompt)
        #expect(answer.contains("Ann") && answer.contains("1 appointment"), "the statement did not run after the login: \(answer)")
        #expect(!terminal.rawOutput.contains(Sandbox.password), "the password was echoed:\n\(terminal.screen)")
        try Self.leave(terminal)
    }

    // MARK: colour

    /// An SGR sequence such as `ESC[31m` or `ESC[0m`.
    static func hasColour(_ text: String) -> Bool {
        text.contains(/\u{1B}\[[0-9;]*m/)
    }

    @Test func errorsAreInColourOnATerminal() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox, environment: ["NO_COLOR": nil])
        defer { terminal.close() }
        try terminal.typeLine("boook \"Ann\"")
        try terminal.waitFor("[syntax]")
        try terminal.waitForPrompt(Self.prompt)
        #expect(Self.hasColour(terminal.rawOutput), "no colour:\n\(terminal.rawOutput.debugDescription)")
        try Self.leave(terminal)
    }

    @Test func noColorTurnsColourOff() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try Self.start(sandbox, environment: ["NO_COLOR": "1"])
        defer { terminal.close() }
        try terminal.typeLine("boook \"Ann\"")
        try terminal.waitFor("[syntax]")
        try terminal.waitForPrompt(Self.prompt)
        #expect(!Self.hasColour(terminal.rawOutput), "colour despite NO_COLOR:\n\(terminal.rawOutput.debugDescription)")
        try Self.leave(terminal)
    }

    // MARK: not a terminal

    @Test func pipedInputRunsAsABatchWithNoPromptAndNoHistory() throws {
        let sandbox = try Sandbox.loggedIn()
        let input = Data("whoami\ncancel 99\nwhoami\n".utf8)
        let stopped = try sandbox.run([], input: input)
        #expect(stopped.exitCode == 1, "\(stopped)")
        let me = "admin\ndatabase: \(sandbox.database.path)\n"
        #expect(stopped.standardOutput == me, "the first failure stops the batch: \(stopped)")
        #expect(stopped.standardError.contains("<stdin>:2:1: error: Appointment 99 not found [notfound]"), "\(stopped)")
        #expect(!stopped.standardOutput.contains("sched>") && !stopped.standardOutput.contains("Ctrl-D"), "\(stopped)")

        let kept = try sandbox.run(["--keep-going"], input: input)
        #expect(kept.exitCode == 1, "\(kept)")
        #expect(kept.standardOutput == me + me, "\(kept)")
        #expect(!FileManager.default.fileExists(atPath: Self.historyFile(sandbox).path), "a batch wrote a history file")
    }
}
#endif
