import Foundation
@testable import SchedCommandLine
import SchedTestSupport
import Testing

/// `sched --db postgres://…` on a real server that the tests start: every scenario and example
/// gives what it gives on SQLite, and the command line works on it as on a file.
@Suite("PostgreSQL from the command line")
struct PostgresCLITests {
    static let root = SchedBinary.packageRoot

    static func database() throws -> String {
        try TemporaryCluster.shared.get().database()
    }

    /// `sched test --verbose FILE` on SQLite and on PostgreSQL print the same, ids aside, for
    /// every scenario, example and scenario that must fail.
    @Test func everyScenarioPrintsTheSameOnBothStores() throws {
        let url = try Self.database()
        let sandbox = try Sandbox()
        let files = ["Tests/Scenarios", "examples", "Tests/ScenarioFailures"].flatMap(ScenarioSuiteTests.schedFiles(under:))
        #expect(files.count >= 45)
        for file in files {
            let onFile = try sandbox.run(["test", "--verbose", file], directory: Self.root)
            let onServer = try sandbox.run(["--db", url, "test", "--verbose", file], directory: Self.root)
            #expect(onServer.exitCode == onFile.exitCode, "\(file): \(onServer)")
            #expect(ExampleOutputTests.maskingIDs(onServer.standardOutput) == ExampleOutputTests.maskingIDs(onFile.standardOutput),
                    "\(file) prints otherwise on PostgreSQL:\n\(onServer.standardOutput)")
        }
    }

    /// The whole corpus in one run on PostgreSQL, as CI's `sched test` would run it; each file
    /// in a schema of its own, none left behind.
    @Test func theScenarioCorpusPassesOnPostgreSQLAndLeavesNothing() throws {
        let cluster = try TemporaryCluster.shared.get()
        let url = try cluster.database()
        let files = ScenarioSuiteTests.schedFiles(under: "Tests/Scenarios") + ScenarioSuiteTests.schedFiles(under: "examples")
        let sandbox = try Sandbox()
        let result = try sandbox.run(["--db", url, "test", "Tests/Scenarios", "examples"], directory: Self.root, timeout: 300)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.outputLines.last == "\(files.count) passed, 0 failed", "\(result)")
        let left = try cluster.psql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'sched\\_test\\_%';", on: url)
        #expect(left.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(left)")
    }

    /// A user, a login, bookings and a refused double booking on PostgreSQL, its password never
    /// printed.
    @Test func theCommandLineWorksOnAServer() throws {
        let url = try Self.database()
        let sandbox = try Sandbox()
        let made = try sandbox.run(["--db", url, "init", "--user", Sandbox.user, "--password-stdin"],
                                   input: Data((Sandbox.password + "\n").utf8))
        #expect(made.exitCode == 0, "\(made)")
        let booked = try sandbox.run(["--db", url, "-c", "book \"Ann\" at 2030-03-04T10:00 for 30m"])
        #expect(booked.exitCode == 0, "\(booked)")
        let clash = try sandbox.run(["--db", url, "-c", "book \"Bob\" at 2030-03-04T10:15 for 30m"])
        #expect(clash.exitCode == 1, "\(clash)")
        #expect(clash.standardError.contains("Time slot is already booked"), "\(clash)")
        let listed = try sandbox.run(["--db", url, "-c", "list from 2030-03-04 to 2030-03-05"])
        #expect(listed.exitCode == 0, "\(listed)")
        #expect(listed.standardOutput.contains("Ann") && !listed.standardOutput.contains("Bob"), "\(listed)")
        for result in [made, booked, clash, listed] {
            #expect(!(result.standardOutput + result.standardError).contains("sched-test-password"), "\(result)")
        }
    }

    /// A server that is not there: `Database unavailable`, the location shown with its
    /// password masked, and no file made for it.
    @Test func anUnreachableServerIsUnavailableWithItsPasswordMasked() throws {
        let sandbox = try Sandbox()
        for location in ["postgres://ann:s3cret@127.0.0.1:1/sched", "POSTGRESQL://ann:s3cret@127.0.0.1:1/sched?sslmode=disable"] {
            let result = try sandbox.run(["--db", location, "-c", "list"])
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.standardError.contains("Database unavailable: postgres://ann:***@127.0.0.1:1/sched: could not connect to the server"),
                    "\(result)")
            #expect(!result.standardError.contains("s3cret"), "\(result)")
        }
        let bad = try sandbox.run(["--db", "postgres://ann:s3cret@127.0.0.1:1/sched?sslmode=sometimes", "-c", "list"])
        #expect(bad.exitCode == 1, "\(bad)")
        #expect(bad.standardError.contains("sslmode must be one of"), "\(bad)")
        #expect(!bad.standardError.contains("s3cret"), "\(bad)")
        let made = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path)
        #expect(!made.contains { $0.lowercased().hasPrefix("postgres") }, "\(made)")
    }

    /// `Benchmarks/drills/postgres.py`, shortened: four `sched serve` on one database, 200
    /// clients booking colliding slots, PostgreSQL halted for two seconds in the middle. No two
    /// booked appointments overlap (checked in SQL), every 201 is stored once, and the only 5xx
    /// are the 503s of the restart, after which every server answers from the database again.
    @Test func fourServersThroughARestartNeverOverlapOrLoseABooking() throws {
        let sandbox = try Sandbox()
        let output = sandbox.path("drill.out")
        let child = try Subprocess(
            "/usr/bin/env", ["python3", "Benchmarks/drills/postgres.py", "--sched", try SchedBinary.url().path,
                             "--servers", "4", "--clients", "200", "--seconds", "12", "--restart-at", "4", "--down", "2",
                             "--grace", "4"],
            directory: Self.root.path, output: .file(output.path), error: .file(output.path))
        let ended = child.wait()
        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(ended.shellStatus == 0, "\(printed)")
        #expect(printed.contains("PASS: no overlap, every 201 stored once, no unexpected 5xx"), "\(printed)")
        #expect(printed.contains("503: "), "PostgreSQL's restart was never seen: \(printed)")
    }

    /// `sched copy` from a file into PostgreSQL: the same appointments, hours, history and user
    /// there (the password logs in), undo doing the same on both; then `sched backup` of the
    /// server is a file holding it all again. A copy never goes over a schedule or a file.
    @Test func aFileCopiedToAServerAndBackedUpHoldsTheSame() throws {
        let url = try Self.database()
        let sandbox = try Sandbox.loggedIn()
        let script = """
            set timezone "Europe/Berlin"
            book "Ann Lée" every tue 10:00 for 30m count 4 note "physio"
            book "Bob" at 2030-03-04T12:00 for 1h note "first \\"visit\\""
            cancel 2
            available 2030-03-09 10:00-12:00
            undo
            """
        let made = try sandbox.run(script: script)
        #expect(made.exitCode == 0, "\(made)")

        let copied = try sandbox.run(["copy", "--to", url])
        #expect(copied.exitCode == 0, "\(copied)")
        #expect(copied.standardOutput.hasPrefix("Copied \(sandbox.database.path) to postgres://sched:***@127.0.0.1:"), "\(copied)")
        #expect(copied.standardOutput.hasSuffix(": 5 appointments, 1 series, 5 journal entries\n"), "\(copied)")
        #expect(!copied.standardOutput.contains("sched-test-password"), "\(copied)")

        let login = try sandbox.run(["--db", url, "login", "--password-stdin"], input: Data((Sandbox.password + "\n").utf8))
        #expect(login.exitCode == 0, "the copied user logs in on the server: \(login)")
        let who = try sandbox.run(["--db", url, "-c", "whoami"])
        #expect(who.standardOutput.hasPrefix("admin\ndatabase: postgres://sched:***@127.0.0.1:"), "\(who)")
        #expect(!who.standardOutput.contains("sched-test-password"), "\(who)")
        let everything = ["--json", "-c", "list from 2020-01-01 to 2040-01-01; list cancelled; list series; availability from 2030-03-04 to 2030-03-10; history"]
        let onFile = try sandbox.run(everything)
        #expect(onFile.exitCode == 0 && onFile.standardOutput.contains("physio") && onFile.standardOutput.contains("Bob"), "\(onFile)")
        #expect(try sandbox.run(["--db", url] + everything).standardOutput == onFile.standardOutput)

        let undoneOnFile = try sandbox.run(["-c", "undo; undo"])
        let undoneOnServer = try sandbox.run(["--db", url, "-c", "undo; undo"])
        #expect(undoneOnFile.exitCode == 0, "\(undoneOnFile)")
        #expect(undoneOnServer.standardOutput == undoneOnFile.standardOutput, "\(undoneOnServer)")
        let afterUndo = try sandbox.run(everything)
        #expect(afterUndo.standardOutput != onFile.standardOutput)
        #expect(try sandbox.run(["--db", url] + everything).standardOutput == afterUndo.standardOutput)

        let again = try sandbox.run(["copy", "--to", url])
        #expect(again.exitCode == 1, "\(again)")
        #expect(again.standardError.contains("already holds a schedule"), "\(again)")
        #expect(try sandbox.run(["--db", url] + everything).standardOutput == afterUndo.standardOutput, "a refused copy changes nothing")

        let backup = sandbox.path("server-backup.db")
        let backedUp = try sandbox.run(["--db", url, "backup", backup.path])
        #expect(backedUp.exitCode == 0, "\(backedUp)")
        let backupLogin = try sandbox.run(["login", "--password-stdin"], input: Data((Sandbox.password + "\n").utf8), database: backup)
        #expect(backupLogin.exitCode == 0, "\(backupLogin)")
        #expect(try sandbox.run(everything, database: backup).standardOutput == afterUndo.standardOutput)
        let unnamed = try sandbox.run(["copy", "--to", ""])
        #expect(unnamed.exitCode == 2 && unnamed.standardError.contains("--to names the database to copy into"), "\(unnamed)")
        let over = try sandbox.run(["copy", "--from", url, "--to", backup.path])
        #expect(over.exitCode == 1 && over.standardError.contains("the file exists"), "\(over)")
    }
}
