import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import Scheduling

/// The interactive prompt: reads lines with libedit, asks for more while a line is unfinished,
/// runs each entry through the same runner as batch mode, and goes on after an error.
final class Repl {
    private let invocation: Invocation
    private let editor: LineEditor
    private var history: PromptHistory
    private var interpreter: Interpreter { invocation.runner.interpreter }

    static let prompt = "sched> "
    static let continuationPrompt = "...> "

    init?(invocation: Invocation) {
        guard let editor = LineEditor(historySize: 1000) else { return nil }
        self.invocation = invocation
        self.editor = editor
        history = PromptHistory()
        editor.setHistory(history.entries)
        let completer = Completer(interpreter: invocation.runner.interpreter)
        editor.complete = completer.complete
    }

    /// Runs until Ctrl-D, `quit` or `exit`; gives back the exit code.
    func loop() -> Int32 {
        printBanner()
        var entryNumber = 0
        while let entry = readEntry() {
            let command = entry.trimmingCharacters(in: .whitespaces).lowercased()
            if command == "quit" || command == "exit" { break }
            if command.isEmpty { continue }
            remember(entry)
            entryNumber += 1
            let runner = invocation.runner
            guard let parsed = ScriptRunner.parse([ScriptFile(name: "entry \(entryNumber)", text: entry)],
                                                  errors: runner.errors, showFileName: false)
            else { continue }
            renewSessionIfExpired(before: parsed.flatMap(\.statements))
            // The terminal may have been resized since the last entry.
            runner.width = TerminalWidth.current()
            _ = runner.run(parsed)
        }
        return 0
    }

    /// Keeps `entry` in the history file and in the editor's history.
    private func remember(_ entry: String) {
        switch history.add(entry) {
        case .unchanged:
            return
        case .appended:
            editor.addHistory(entry)
        case .rewritten:
            editor.setHistory(history.entries)
        }
        history.save()
    }

    /// One entry: a line, and the lines that finish it while it is unfinished; nil at the end.
    private func readEntry() -> String? {
        var entry = ""
        var open: Continuation?
        while true {
            switch editor.readLine(prompt: open == nil ? userPrompt() : Self.continuationPrompt) {
            case .end:
                return nil
            case .interrupted:
                entry = ""
                open = nil
            case .line(let line):
                entry = open.map { $0.join(entry, line) } ?? line
                open = Continuation.of(entry)
                if open == nil { return entry }
            }
        }
    }

    /// `sched> `, or `NAME@sched> ` while a session is valid.
    private func userPrompt() -> String {
        guard let user = currentUser() else { return Self.prompt }
        return "\(user.username)@\(Self.prompt)"
    }

    private func printBanner() {
        let zone = (try? interpreter.homeZone()) ?? .utc
        print(CommandLineText.banner(database: invocation.location.shown, zone: zone.identifier))
        print(CommandLineText.bannerKeys)
        if currentUser() == nil {
            print(CommandLineText.bannerNotLoggedIn)
        }
    }

    /// When the session has lapsed and a statement needs one, asks for the password again, so
    /// that an expiry costs one prompt instead of failing every statement.
    private func renewSessionIfExpired(before statements: [Statement]) {
        guard statements.contains(where: { Interpreter.needsSession($0.kind) }) else { return }
        do {
            _ = try interpreter.scheduler.authenticate(interpreter.session)
            return
        } catch let error as SchedError where error == .tokenExpired {
            // Asked for below.
        } catch {
            return
        }
        guard let user = (try? interpreter.scheduler.run(DatabaseUser(), session: nil).output) ?? nil,
              let password = PasswordSource.promptWithoutEcho(CommandLineText.expiredPrompt(user.username)),
              !password.isEmpty
        else { return }
        do {
            try interpreter.startSession(name: user.username, password: password)
        } catch {
            invocation.runner.report(error)
        }
    }

    /// The user the session is valid for, if any.
    private func currentUser() -> User? {
        (try? interpreter.scheduler.run(WhoAmI(), session: interpreter.session).output) ?? nil
    }
}
