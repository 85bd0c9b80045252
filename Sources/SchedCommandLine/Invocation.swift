import ArgumentParser
import Foundation
import SchedCore
import SchedStores
import SchedLang
import SchedRuntime
import Scheduling

/// The database, clock and runner one invocation of `sched` works with.
struct Invocation {
    let location: DatabaseLocation
    let store: any Store
    let runner: ScriptRunner
    let options: InvocationOptions
    /// Where `sched login` keeps this database's session.
    let logins: LoginTokenFile

    /// Every store this process opens, never released. Closing the last connection makes SQLite
    /// checkpoint the write-ahead log and delete it, syncing the disk twice, and the next
    /// process then writes and syncs to make the log again. Left open, the log stays for the
    /// next run, just as after a crash, which WAL mode is made for; `checkpointOpenStores`
    /// moves what this process wrote into the file as it ends.
    nonisolated(unsafe) private static var openStores: [any Store] = []

    /// Checkpoints every store that this process wrote to, as it ends: the database file alone
    /// then holds everything, so a copy of it is a backup. A run that only read costs nothing.
    static func checkpointOpenStores() {
        for store in openStores {
            store.checkpoint()
        }
    }

    /// Opens the database and starts a session: the `--user` login if given, else the one
    /// `sched login` kept for this database.
    init(_ options: InvocationOptions, mode: RunMode = .batch, credentials: Credentials? = nil) throws {
        self.options = options
        // Read once and handed round: each read of it builds the dictionary anew.
        let environment = ProcessInfo.processInfo.environment
        let location = DatabaseLocation.resolve(explicit: options.db, environment: environment)
        self.location = location
        let store = try Self.fail(options) { try location.open() }
        self.store = store
        Self.openStores.append(store)
        let scheduler = Scheduler(store: store, clock: SystemClock(), sessionLifetime: options.sessionLifetime)
        scheduler.calcom.environment = .current(environment)
        scheduler.calcom.requestLog = options.verbose ? Self.logToStandardError : nil
        let interpreter = Interpreter(scheduler: scheduler, mode: mode, format: options.json ? .json : .table)
        interpreter.databaseShown = location.shown
        let logins = LoginTokenFile(environment: environment)
        self.logins = logins
        let key = location.sessionKey
        if let credentials {
            interpreter.session = try Self.fail(options) {
                try scheduler.run(LogIn { _ in (credentials.user, credentials.password) }, session: nil).output.get().token
            }
        } else {
            interpreter.session = logins.token(for: key)
        }
        if mode == .interactive {
            // A login typed at the prompt is kept for later calls, as `sched login` keeps one.
            interpreter.sessionChanged = { token in try? logins.store(token, for: key) }
            interpreter.passwordPrompt = { PasswordSource.promptWithoutEcho(CommandLineText.loginPasswordPrompt) }
            interpreter.keyPrompt = { PasswordSource.promptWithoutEcho(CommandLineText.keyPrompt) }
        } else if credentials == nil {
            // A script's own login lasts for the run; its logout still ends the kept session.
            interpreter.sessionChanged = { token in
                if token == nil { try? logins.store(nil, for: key) }
            }
        }
        runner = ScriptRunner(interpreter: interpreter, output: .standard,
                              options: .init(keepGoing: options.keepGoing, atomic: options.atomic),
                              renderer: Self.diagnosticRenderer(options))
        runner.logInHint = mode == .interactive ? Hint.prompt : Hint.commandLine(database: options.db)
        runner.colour = Self.colour(on: STDOUT_FILENO)
        runner.width = TerminalWidth.current(environment: environment)
    }

    /// `--verbose` lines: one per Cal.com request, never with headers or bodies.
    static let logToStandardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Fails, as a statement would, unless the session is one that reading the appointments
    /// takes: `backup` and `copy` hand out everything, the password hash and the sessions too.
    func requireSession() throws {
        let interpreter = runner.interpreter
        do {
            _ = try interpreter.scheduler.authenticate(interpreter.session)
        } catch let error as SchedError {
            try Self.fail(options, hint: runner.hint(after: error)) { throw error }
        }
    }

    /// Runs `body`, writing a failure as the run writes its errors (`error: MESSAGE [KIND]`, or
    /// JSON) and exiting 1.
    static func fail<T>(_ options: InvocationOptions, hint: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SchedError {
            write(error, options, hint: hint)
            throw ExitCode(1)
        }
    }

    /// Writes an error that stopped a command before any statement ran.
    static func write(_ error: any Error, _ options: InvocationOptions, hint: String? = nil) {
        errors(options).error(error, hint: hint)
    }

    /// Where a command's errors go: standard error, as `diagnosticRenderer` shows them.
    static func errors(_ options: InvocationOptions = InvocationOptions()) -> ErrorWriter {
        ErrorWriter(renderer: diagnosticRenderer(options), output: .standard)
    }

    /// Parses scripts, then opens the database and runs them; gives back the exit code. A file
    /// with a syntax error runs nothing and leaves no database behind.
    static func run(_ scripts: [ScriptFile], options: InvocationOptions, credentials: Credentials?,
                    syntaxHint: (@Sendable (Diagnostic) -> String?)? = nil) throws -> Int32 {
        // Checked before the database is opened, and then run statement by statement: neither
        // pass holds the script's statements.
        guard ScriptRunner.check(scripts, errors: errors(options), hint: syntaxHint) else {
            return ScriptRunner.Status.syntaxError.exitCode
        }
        return try Invocation(options, credentials: credentials).runner.runChecked(scripts).exitCode
    }

    static func standardInput() throws -> ScriptFile {
        do {
            return ScriptFile(source: SourceFile(name: "<stdin>", bytes: try FileContents.read(descriptor: STDIN_FILENO)),
                              directory: "")
        } catch {
            throw SchedError.fileUnreadable("<stdin>", reason: error.reason)
        }
    }

    /// How errors are written: in colour only on a terminal and never with NO_COLOR, with hints
    /// on a terminal, as JSON with `--json`.
    static func diagnosticRenderer(_ options: InvocationOptions = InvocationOptions()) -> DiagnosticRenderer {
        DiagnosticRenderer(colour: colour(on: STDERR_FILENO), json: options.json, showsHints: isatty(STDERR_FILENO) != 0)
    }

    /// Colour only on a terminal, and never while `NO_COLOR` holds a value (no-color.org's rule:
    /// an empty one does not count).
    static func colour(on descriptor: Int32) -> Bool {
        isatty(descriptor) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}
