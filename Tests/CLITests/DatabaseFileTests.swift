import Foundation
import SchedTestSupport
import Testing

/// The database file as a whole: a copy of it is a backup once sched is done with it,
/// `sched backup` copies it while it is in use, a file deleted or replaced under a prompt stops
/// the prompt's statements, and a file sched must not write to is refused and left as it was.
@Suite("Database file", .enabled(if: Tool.available("sqlite3"), "sqlite3 is not installed"))
struct DatabaseFileTests {
    static let ann = "book \"Ann\" at 2099-03-04T10:00 for 30m"
    static let bob = "book \"Bob\" at 2099-03-04T11:00 for 30m"

    // MARK: the file alone holds everything

    @Test func aCopyOfTheFileAloneHoldsEveryCommittedChangeOnceTheRunsHaveEnded() throws {
        let sandbox = try Sandbox.loggedIn()
        let single = try sandbox.run(["-c", Self.ann])
        #expect(single.exitCode == 0, "\(single)")
        let atomic = try sandbox.run(["run", "--atomic", "-"],
                                     input: Data("\(Self.bob)\nbook \"Cy\" at 2099-03-04T12:00 for 30m\n".utf8))
        #expect(atomic.exitCode == 0, "\(atomic)")

        #expect(try Self.size(sandbox.database.path + "-wal") == 0, "the write-ahead log still holds changes")
        let copy = try Self.copyAlone(sandbox.database, to: sandbox.path("copy.db"))
        #expect(try DrillSQL.query(copy, "SELECT customer_name FROM appointments ORDER BY number") == [["Ann"], ["Bob"], ["Cy"]])
        #expect(try DrillSQL.query(copy, "SELECT username FROM users") == [["admin"]])
        #expect(try DrillSQL.query(copy, "PRAGMA integrity_check") == [["ok"]])
    }

    @Test func aRunThatOnlyReadsLeavesTheFileAsItWas() throws {
        let sandbox = try Sandbox.loggedIn()
        let booked = try sandbox.run(["-c", Self.ann])
        #expect(booked.exitCode == 0, "\(booked)")
        let before = try Data(contentsOf: sandbox.database)
        let list = try sandbox.run(["-c", "list from 2099-03-01 to 2099-03-31; agenda today"])
        #expect(list.exitCode == 0, "\(list)")
        #expect(try Data(contentsOf: sandbox.database) == before, "a run that only read checkpointed the log")
    }

    #if os(Linux)
    @Test func anImportAtThePromptReachesTheFileWhileThePromptIsStillOpen() throws {
        let sandbox = try Sandbox.loggedIn()
        try sandbox.write("visits.csv", """
            customer_name,start_time,duration_minutes
            Ann,2099-03-04 10:00,30
            Bob,2099-03-04 11:00,30

            """)
        let terminal = try ReplTests.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine("import csv \"visits.csv\"")
        let answer = try terminal.waitForPrompt(ReplTests.prompt)
        #expect(answer.contains("Imported 2 of 2"), "\(answer)")

        let copy = try Self.copyAlone(sandbox.database, to: sandbox.path("copy.db"))
        #expect(try DrillSQL.query(copy, "SELECT customer_name FROM appointments ORDER BY number") == [["Ann"], ["Bob"]])
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
    }
    #endif

    // MARK: sched backup

    #if os(Linux)
    @Test func backupCopiesTheDatabaseWhileAPromptHoldsItOpen() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try ReplTests.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine(Self.ann)
        let answer = try terminal.waitForPrompt(ReplTests.prompt)
        #expect(answer.contains(ReplTests.booked), "\(answer)")

        let backup = try sandbox.run(["backup", "copy.db"])
        #expect(backup.exitCode == 0, "\(backup)")
        #expect(backup.standardOutput == "Backed up \(sandbox.database.path) to copy.db\n", "\(backup)")
        #expect(backup.standardError.isEmpty, "\(backup)")
        let copy = sandbox.path("copy.db")
        #expect(try Self.mode(copy.path) == 0o600)
        #expect(try DrillSQL.query(copy, "SELECT customer_name FROM appointments") == [["Ann"]])
        #expect(try DrillSQL.query(copy, "SELECT username FROM users") == [["admin"]])
        #expect(try DrillSQL.query(copy, "PRAGMA integrity_check") == [["ok"]])
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
    }
    #endif

    @Test func backupNeverReplacesAFileThatIsThere() throws {
        let sandbox = try Sandbox.loggedIn()
        let existing = try sandbox.write("copy.db", "the only other copy\n")
        let backup = try sandbox.run(["backup", "copy.db"])
        #expect(backup.exitCode == 1, "\(backup)")
        #expect(backup.standardError == "error: cannot write 'copy.db': the file exists, and a backup never replaces one [invalid]\n",
                "\(backup)")
        #expect(backup.standardOutput.isEmpty, "\(backup)")
        #expect(try String(contentsOf: existing, encoding: .utf8) == "the only other copy\n")
    }

    @Test func backupNeedsASession() throws {
        let sandbox = try Sandbox.loggedIn()
        let logout = try sandbox.run(["logout"])
        #expect(logout.exitCode == 0, "\(logout)")
        let backup = try sandbox.run(["backup", "copy.db"])
        #expect(backup.exitCode == 1, "\(backup)")
        #expect(backup.standardError == "error: Authentication required [auth]\n", "\(backup)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("copy.db").path))
    }

    // MARK: a file deleted or replaced under the prompt

    #if os(Linux)
    @Test func aDatabaseDeletedUnderThePromptFailsItsNextStatements() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try ReplTests.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine(Self.ann)
        #expect(try terminal.waitForPrompt(ReplTests.prompt).contains(ReplTests.booked))

        try FileManager.default.removeItem(at: sandbox.database)
        try terminal.typeLine(Self.bob)
        let answer = try terminal.waitForPrompt(ReplTests.loggedOutPrompt)
        let path = sandbox.database.path
        #expect(answer.contains("error: Database unavailable: the file \(path) was deleted while sched had it open [unavailable]"),
                "\(answer)")
        #expect(!answer.contains("Booked 2"), "\(answer)")
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: path), "the prompt made the file again")
        #expect(try Self.size(path + "-wal") == 0, "the deleted file's log is left at the path")
    }

    @Test func aDatabaseReplacedUnderThePromptFailsItsNextStatementsAndIsLeftAlone() throws {
        let sandbox = try Sandbox.loggedIn()
        // Another sched database, with the same user and no bookings: a restored backup, say.
        let replacement = try Self.copyAlone(sandbox.database, to: sandbox.path("restored.db"))
        let replacementBytes = try Data(contentsOf: replacement)
        let terminal = try ReplTests.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine(Self.ann)
        #expect(try terminal.waitForPrompt(ReplTests.prompt).contains(ReplTests.booked))

        try #require(rename(replacement.path, sandbox.database.path) == 0, "rename failed: \(errno)")
        try terminal.typeLine(Self.bob)
        let answer = try terminal.waitForPrompt(ReplTests.loggedOutPrompt)
        #expect(answer.contains("error: Database unavailable: the file \(sandbox.database.path) was replaced by another file "
                                + "while sched had it open [unavailable]"), "\(answer)")
        #expect(!answer.contains("Booked 2"), "\(answer)")
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
        #expect(try Data(contentsOf: sandbox.database) == replacementBytes, "the replacing file was written to")
        // The old file's log, still at the path, must not be replayed into the new file.
        let list = try sandbox.run(["-c", "list from 2099-03-01 to 2099-03-31"])
        #expect(list.exitCode == 0, "\(list)")
        #expect(list.standardOutput == "No appointments.\n", "\(list)")
    }
    #endif

    // MARK: files sched must not write to

    @Test(arguments: [
        ("INSERT INTO grdb_migrations VALUES ('v9-rooms')", "(migration 'v9-rooms' is unknown to this one)"),
        ("PRAGMA user_version = 3", "(its user_version is 3; this sched's is 0)"),
    ])
    func aDatabaseFromANewerSchedIsRefusedAndLeftUntouched(change: String, reason: String) throws {
        let sandbox = try Sandbox.loggedIn()
        _ = try DrillSQL.query(sandbox.database, change)
        let file = try UntouchedFile(sandbox.database)
        let result = try sandbox.run(["-c", Self.ann])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError
                == "error: Database unavailable: \(sandbox.database.path) was made by a newer sched \(reason) [unavailable]\n",
                "\(result)")
        #expect(result.standardOutput.isEmpty, "\(result)")
        try file.expectUntouched()
    }

    @Test func anotherProgramsSQLiteDatabaseIsRefusedAndLeftUntouched() throws {
        let sandbox = try Sandbox()
        _ = try DrillSQL.query(sandbox.database, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep')")
        let file = try UntouchedFile(sandbox.database)
        let result = try sandbox.run(["init", "--user", Sandbox.user, "--password-stdin"],
                                     input: Data((Sandbox.password + "\n").utf8))
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError == "error: Database unavailable: \(sandbox.database.path) is an SQLite database "
                + "but not sched's (it has tables and no sched schema) [unavailable]\n", "\(result)")
        try file.expectUntouched()
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftUntouched() throws {
        let sandbox = try Sandbox()
        try sandbox.write("sched.db", String(repeating: "these are someone's notes, not a database\n", count: 100))
        let file = try UntouchedFile(sandbox.database)
        let result = try sandbox.run(["-c", Self.ann])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError == "error: Database unavailable: file is not a database [unavailable]\n", "\(result)")
        try file.expectUntouched()
    }

    @Test func anEmptyFileBecomesANewDatabase() throws {
        let sandbox = try Sandbox()
        try sandbox.write("sched.db", "")
        try sandbox.createUser()
        let booked = try sandbox.run(["-c", Self.ann])
        #expect(booked.exitCode == 0, "\(booked)")
    }

    /// Opening a file without a later migration runs it, though a file with every migration
    /// skips the migrator.
    @Test func aDatabaseMissingALaterMigrationIsMigratedAsItOpens() throws {
        let sandbox = try Sandbox.loggedIn()
        // The file as it was before v5: the booked-start index without its covering columns.
        _ = try DrillSQL.query(sandbox.database, """
            DELETE FROM grdb_migrations WHERE identifier = 'v5-overlap-covering-index';
            DROP INDEX appointments_booked_start;
            CREATE INDEX appointments_booked_start ON appointments(start_utc) WHERE status = 'booked';
            """)
        let booked = try sandbox.run(["-c", Self.ann])
        #expect(booked.exitCode == 0, "\(booked)")
        #expect(try DrillSQL.query(sandbox.database, "SELECT count(*) FROM grdb_migrations WHERE identifier = 'v5-overlap-covering-index'")
                == [["1"]])
        let index = try DrillSQL.query(sandbox.database, "SELECT sql FROM sqlite_master WHERE name = 'appointments_booked_start'")
        #expect(index.first?.first?.contains("duration_minutes") == true, "\(index)")
    }

    // MARK: helpers

    /// Copies the database file without its write-ahead log, as a backup of the file would.
    static func copyAlone(_ database: URL, to copy: URL) throws -> URL {
        try FileManager.default.copyItem(at: database, to: copy)
        return copy
    }

    static func size(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
    }

    static func mode(_ path: String) throws -> Int {
        try ((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
    }
}

/// A file's bytes and mode, to check that a refused run left it exactly as it was and made no
/// journal, log or shared-memory file beside it.
private struct UntouchedFile {
    let url: URL
    let bytes: Data
    let mode: Int

    init(_ url: URL) throws {
        self.url = url
        bytes = try Data(contentsOf: url)
        mode = try DatabaseFileTests.mode(url.path)
        for suffix in ["-wal", "-shm", "-journal"] {
            try #require(!FileManager.default.fileExists(atPath: url.path + suffix), "\(suffix) is there from the start")
        }
    }

    func expectUntouched(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try Data(contentsOf: url) == bytes, "the file changed", sourceLocation: sourceLocation)
        #expect(try DatabaseFileTests.mode(url.path) == mode, "the file's mode changed", sourceLocation: sourceLocation)
        for suffix in ["-wal", "-shm", "-journal"] {
            #expect(!FileManager.default.fileExists(atPath: url.path + suffix), "\(suffix) appeared", sourceLocation: sourceLocation)
        }
    }
}
