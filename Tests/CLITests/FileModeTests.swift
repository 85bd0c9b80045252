#if os(Linux)
import Foundation
import Glibc
import Testing

/// What sched keeps is the person's alone, whatever the umask and whatever path leads there: the
/// database (with its password hash) and its `-wal` and `-shm` 0600, the session file and the
/// history 0600 in a 0700 state directory; state made looser by hand is tightened.
@Suite("File modes")
struct FileModeTests {
    /// The permission bits of a path, a link's target's when it is a link.
    static func mode(_ path: String) throws -> mode_t {
        var status = stat()
        try #require(stat(path, &status) == 0, "stat \(path): \(String(cString: strerror(errno)))")
        return status.st_mode & 0o7777
    }

    static func octal(_ mode: mode_t) -> String { String(mode, radix: 8) }

    /// Expects the database and whichever of its `-wal` and `-shm` exist to be 0600.
    static func expectPrivateDatabase(_ path: String, _ what: String) throws {
        #expect(FileManager.default.fileExists(atPath: path), "\(what): no database at \(path)")
        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "\(what): no -wal beside \(path)")
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            let mode = try mode(file)
            #expect(mode == 0o600, "\(what): \(file) is \(octal(mode))")
        }
    }

    /// `sched init`, then a booking, under `umask`.
    static func initAndBook(_ sandbox: Sandbox, database: URL, umask: mode_t) throws {
        let created = try sandbox.run(["init", "--user", Sandbox.user, "--password-stdin"],
                                      input: Data((Sandbox.password + "\n").utf8), database: database, umask: umask)
        try #require(created.exitCode == 0, "umask \(octal(umask)): \(created)")
        let booked = try sandbox.run(["-c", "book \"Ann\" at 2099-03-04T10:00 for 30m"], database: database, umask: umask)
        #expect(booked.exitCode == 0, "umask \(octal(umask)): \(booked)")
    }

    static let umasks: [mode_t] = [0o000, 0o022, 0o077, 0o277]

    @Test(arguments: umasks)
    func aNewDatabaseAndTheSessionArePrivateWhateverTheUmask(umask: mode_t) throws {
        let sandbox = try Sandbox()
        try Self.initAndBook(sandbox, database: sandbox.database, umask: umask)
        try Self.expectPrivateDatabase(sandbox.database.path, "umask \(Self.octal(umask))")
        for (directory, what) in [(sandbox.stateHome, "XDG_STATE_HOME"), (sandbox.sessionFile.deletingLastPathComponent(), "state directory")] {
            let mode = try Self.mode(directory.path)
            #expect(mode == 0o700, "umask \(Self.octal(umask)): \(what) is \(Self.octal(mode))")
        }
        let mode = try Self.mode(sandbox.sessionFile.path)
        #expect(mode == 0o600, "umask \(Self.octal(umask)): session file is \(Self.octal(mode))")
    }

    /// SQLite follows a link to a file that is not there yet and would make it 0644.
    @Test(arguments: umasks)
    func aDatabaseMadeThroughALinkToNothingIsPrivate(umask: mode_t) throws {
        let sandbox = try Sandbox()
        let real = sandbox.path("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        let link = sandbox.path("link.db")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real/sched.db")

        try Self.initAndBook(sandbox, database: link, umask: umask)
        var status = stat()
        #expect(lstat(link.path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK, "the link was replaced")
        try Self.expectPrivateDatabase(real.appendingPathComponent("sched.db").path, "umask \(Self.octal(umask))")
        let whoami = try sandbox.run(["-c", "whoami"], database: link)
        #expect(whoami.standardOutput == "admin\ndatabase: \(link.path)\n", "\(whoami)")
    }

    @Test func looserStateIsTightened() throws {
        let sandbox = try Sandbox.loggedIn()
        let state = sandbox.sessionFile.deletingLastPathComponent()
        let history = state.appendingPathComponent("history")
        try Data("list\n".utf8).write(to: history)
        try #require(chmod(history.path, 0o644) == 0 && chmod(sandbox.sessionFile.path, 0o644) == 0
                     && chmod(state.path, 0o755) == 0)

        // The prompt, left at once: nothing is added to the history, and yet it is tightened.
        let terminal = try PseudoTerminal(sandbox)
        defer { terminal.close() }
        try terminal.waitForPrompt("admin@sched> ")
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
        let historyMode = try Self.mode(history.path)
        #expect(historyMode == 0o600, "history is \(Self.octal(historyMode))")
        let stateMode = try Self.mode(state.path)
        #expect(stateMode == 0o700, "state directory is \(Self.octal(stateMode))")
        #expect(Self.contents(history) == "list\n")

        // A login writes the session file anew, 0600, and tightens its directory.
        try #require(chmod(state.path, 0o755) == 0)
        let login = try sandbox.run(["login", "--user", Sandbox.user, "--password-stdin"],
                                    input: Data((Sandbox.password + "\n").utf8))
        #expect(login.exitCode == 0, "\(login)")
        #expect(try Self.mode(sandbox.sessionFile.path) == 0o600)
        let stateModeAfterLogin = try Self.mode(state.path)
        #expect(stateModeAfterLogin == 0o700, "state directory is \(Self.octal(stateModeAfterLogin))")
    }

    static func contents(_ url: URL) -> String? {
        FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
    }
}
#endif
