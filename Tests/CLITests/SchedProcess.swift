import Foundation
import SchedTestSupport
import Testing

/// Runs the built `sched` binary as a subprocess, in a sandbox of its own.

/// What one run of `sched` did.
struct SchedResult: Sendable, CustomStringConvertible {
    /// The exit code, or the signal number when `signalled` is set.
    let status: Int32
    /// True when the process was killed by a signal (a crash), not when it exited.
    let signalled: Bool
    /// True when the run outlived its time limit and was killed.
    let timedOut: Bool
    let standardOutputData: Data
    let standardErrorData: Data

    var standardOutput: String { String(decoding: standardOutputData, as: UTF8.self) }
    var standardError: String { String(decoding: standardErrorData, as: UTF8.self) }

    /// The exit code of a process that exited on its own; nil after a signal or a timeout.
    var exitCode: Int32? { signalled || timedOut ? nil : status }

    /// The non-empty lines of standard output.
    var outputLines: [String] {
        standardOutput.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    var description: String {
        let how = timedOut ? "timed out" : signalled ? "killed by signal \(status)" : "exit \(status)"
        return "\(how)\n--- stdout (\(standardOutputData.count) bytes)\n\(standardOutput.prefix(4000))"
            + "\n--- stderr (\(standardErrorData.count) bytes)\n\(standardError.prefix(4000))"
    }
}

/// A process that has been started and not yet waited for.
final class RunningSched: @unchecked Sendable {
    private let child: Subprocess
    private let output: PipeReader
    private let errors: PipeReader
    private let deadline: Date

    fileprivate init(child: Subprocess, output: PipeReader, errors: PipeReader, timeout: TimeInterval) {
        self.child = child
        self.output = output
        self.errors = errors
        deadline = Date().addingTimeInterval(timeout)
    }

    /// Waits for the process to end (killing it once its time is up) and collects everything it wrote.
    func finish() -> SchedResult {
        var timedOut = false
        if child.wait(until: deadline) == nil {
            child.send(SIGKILL)
            timedOut = true
        }
        let termination = child.wait()
        return SchedResult(
            status: termination.status,
            signalled: termination.signalled,
            timedOut: timedOut,
            standardOutputData: output.wait(),
            standardErrorData: errors.wait())
    }
}

/// A fresh temporary directory with its own database, data and state folders, removed at the end.
///
/// Every run gets `SCHED_DB` (unless `database: nil` is given), `XDG_DATA_HOME`,
/// `XDG_STATE_HOME` and `HOME` inside the directory, `TZ=UTC` and `NO_COLOR=1`, so no run can
/// touch the user's own files and every run sees the same home zone.
///
/// A new sandbox has no database and no user, so every statement that reads or changes data
/// fails with `Authentication required`. `Sandbox.loggedIn()` (or `addUser()`) gives the
/// database its one user and runs `sched login` once: the session file in the sandbox's
/// `XDG_STATE_HOME` keeps a session that every later run on that database uses. The user is
/// stored through the library with a cheap password hash; tests of `sched init` and of
/// passwords themselves use `Sandbox.initialised()` (or `createUser()`), which runs
/// `sched init` and pays for sched's own hash.
final class Sandbox: @unchecked Sendable {
    let directory: URL

    /// The user `createUser()` makes, and its password.
    static let user = "admin"
    static let password = "correct-horse-battery"

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sched-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A sandbox whose database (`SCHED_DB`) has its user, cheaply hashed, and a kept session.
    static func loggedIn() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.addUser()
        return sandbox
    }

    /// A sandbox whose database (`SCHED_DB`) has the user `sched init` made, with sched's own
    /// password hash, and a kept session.
    static func initialised() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.createUser()
        return sandbox
    }

    /// Gives a database (`SCHED_DB`'s unless given) its user through the library, with a cheap
    /// password hash, then runs `sched login --password-stdin`, which keeps a session for that
    /// database in the session file. The database is then as `sched init` would leave it, but
    /// for the hash's rounds.
    @discardableResult
    func addUser(database: URL? = nil) throws -> SchedResult {
        let database = database ?? self.database
        try Self.storeUser(in: database)
        let result = try run(["login", "--password-stdin"], input: Data((Self.password + "\n").utf8), database: database)
        try #require(result.exitCode == 0, "sched login failed: \(result)")
        return result
    }

    /// Runs `sched init --user admin --password-stdin` on a database (`SCHED_DB`'s unless
    /// given): creates the user and keeps a session for that database in the session file.
    /// The password hash is deliberately slow, so call this once per database, and only where
    /// `sched init` or the hash is what is tested: `addUser()` costs a small part of it.
    @discardableResult
    func createUser(database: URL?? = .none, options: [String] = []) throws -> SchedResult {
        let result = try run(["init", "--user", Self.user, "--password-stdin"] + options,
                             input: Data((Self.password + "\n").utf8), database: database)
        try #require(result.exitCode == 0, "sched init failed: \(result)")
        return result
    }

    /// `$XDG_STATE_HOME` in this sandbox.
    var stateHome: URL { directory.appendingPathComponent("state", isDirectory: true) }

    /// Where `sched init`/`login` keep session tokens: `$XDG_STATE_HOME/sched/session`.
    var sessionFile: URL { stateHome.appendingPathComponent("sched/session") }

    /// The session file's entries (database path → token); empty when there is no file.
    func keptSessions() throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: sessionFile.path) else { return [:] }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String],
                            "the session file is not a JSON object of strings: \(String(decoding: data, as: UTF8.self))")
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The database `SCHED_DB` names in this sandbox.
    var database: URL { directory.appendingPathComponent("sched.db") }

    /// `$XDG_DATA_HOME` in this sandbox.
    var dataHome: URL { directory.appendingPathComponent("data", isDirectory: true) }

    /// A path inside the sandbox.
    func path(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Writes a file into the sandbox and gives back its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> URL {
        let url = path(name)
        try data.write(to: url)
        return url
    }

    func environment(database: URL?) -> [String: String] {
        var environment: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory.path,
            "XDG_DATA_HOME": dataHome.path,
            "XDG_STATE_HOME": stateHome.path,
            "TMPDIR": directory.path,
            "TZ": "UTC",
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
        ]
        if let database { environment["SCHED_DB"] = database.path }
        return environment
    }

    /// Starts `sched ARGUMENTS`, feeding it `input` on standard input (then closing it);
    /// `environment` adds to (or overrides) the sandbox's variables, `SCHED_PASSWORD` say.
    /// With `umask`, `sched` runs under that file-creation mask (set by `/bin/sh`); `binary`
    /// runs another copy of sched than the one under test.
    func start(_ arguments: [String], input: Data = Data(), database: URL?? = .none,
               directory workingDirectory: URL? = nil, environment extra: [String: String] = [:],
               umask mask: mode_t? = nil, timeout: TimeInterval = 60, binary chosen: URL? = nil) throws -> RunningSched {
        let binary = try (chosen ?? SchedBinary.url()).path
        let (executable, allArguments) = mask.map { mask in
            ("/bin/sh", ["-c", "umask \(String(mask, radix: 8)) && exec \"$0\" \"$@\"", binary] + arguments)
        } ?? (binary, arguments)
        let child = try Subprocess(
            executable, allArguments,
            environment: environment(database: database ?? self.database).merging(extra) { _, new in new },
            directory: (workingDirectory ?? directory).path, input: .pipe, output: .pipe, error: .pipe)
        let output = PipeReader(child.standardOutput!)
        let errors = PipeReader(child.standardError!)
        let writer = child.standardInput!
        SchedBinary.ignoreBrokenPipes()
        Thread.detachNewThread {
            // The child may exit before reading everything (a syntax error, say): a broken pipe
            // is expected then and is not the test's concern.
            try? writer.write(contentsOf: input)
            try? writer.close()
        }
        return RunningSched(child: child, output: output, errors: errors, timeout: timeout)
    }

    /// Runs `sched ARGUMENTS` to the end.
    func run(_ arguments: [String], input: Data = Data(), database: URL?? = .none,
             directory workingDirectory: URL? = nil, environment extra: [String: String] = [:],
             umask mask: mode_t? = nil, timeout: TimeInterval = 60, binary: URL? = nil) throws -> SchedResult {
        try start(arguments, input: input, database: database, directory: workingDirectory,
                  environment: extra, umask: mask, timeout: timeout, binary: binary).finish()
    }

    /// Runs `sched` with a script given on standard input to `sched run -`.
    func run(script: String, options: [String] = []) throws -> SchedResult {
        try run(["run"] + options + ["-"], input: Data(script.utf8))
    }

    /// What the database holds, as `--json` shows it: the appointments of all time (cancelled
    /// ones via `show`) and the working hours. Two snapshots are equal when nothing was written.
    /// Needs the kept session (`loggedIn()`).
    func snapshot() throws -> String {
        let result = try run(["--json", "-c", "list from 2000-01-01 to 2200-12-31; availability"])
        #expect(result.exitCode == 0, "snapshot failed: \(result)")
        return result.standardOutput
    }
}

/// Finds the `sched` executable the command-line tests run: the one `SCHED_CLI_BINARY` names
/// (the release build, in CI), else the one `swift build`/`swift test` built next to the tests.
enum SchedBinary {
    private static let cache = LockedValue<URL?>(nil)

    static func url() throws -> URL {
        if let cached = cache.value { return cached }
        if let explicit = ProcessInfo.processInfo.environment["SCHED_CLI_BINARY"], !explicit.isEmpty {
            // Named on purpose (CI names the release build): a wrong path must fail the tests,
            // never fall back to the debug build and test the wrong binary.
            let named = URL(fileURLWithPath: explicit, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                .standardizedFileURL
            guard isExecutable(named.path) else {
                throw LocateError(message: "SCHED_CLI_BINARY names \(named.path), which is not an executable file")
            }
            cache.value = named
            return named
        }
        guard let found = locate() else {
            throw LocateError(message: "cannot find the built 'sched' executable; looked in \(candidateDirectories().map(\.path)) "
                              + "and <package>/.build*/debug. Set SCHED_CLI_BINARY to its path.")
        }
        cache.value = found
        return found
    }

    struct LocateError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The package root, from this file's path: `<root>/Tests/CLITests/SchedProcess.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func locate() -> URL? {
        // The products directory holds the test bundle (or test executable) and `sched` side by
        // side, whatever --scratch-path says; walk up from wherever the test code runs.
        for directory in candidateDirectories() {
            var current = directory
            for _ in 0..<5 {
                let binary = current.appendingPathComponent("sched")
                if isExecutable(binary.path) { return binary }
                current = current.deletingLastPathComponent()
            }
        }
        // Last resort: the newest <package>/.build*/debug/sched.
        let builds = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot.path)) ?? []
        return builds.filter { $0.hasPrefix(".build") }
            .map { packageRoot.appendingPathComponent($0).appendingPathComponent("debug/sched") }
            .filter { isExecutable($0.path) }
            .max { modified($0) < modified($1) }
    }

    private static func candidateDirectories() -> [URL] {
        var directories: [URL] = []
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        return directories
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: path)
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// A child that exits before reading its input must not kill the test process with SIGPIPE.
    static func ignoreBrokenPipes() {
        _ = ignoreOnce
    }

    private static let ignoreOnce: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}

/// Reads a pipe to its end on a thread of its own, so a child writing a lot never blocks.
final class PipeReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readToEndRetrying()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        done.signal()
        return data
    }
}

/// Assertions every run of a bad input must pass.
extension SchedResult {
    /// Exited by itself with 1 or 2: not a crash, not a hang, not a success.
    var failedCleanly: Bool { exitCode == 1 || exitCode == 2 }
}
