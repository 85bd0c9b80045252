import Foundation
import Testing

/// Exit codes (0 success, 1 a failed statement, 2 a syntax error or bad usage), `sched check`,
/// `--keep-going` and `--atomic`.
@Suite("Exit codes and run options")
struct ExitCodeTests {
    @Test func successExitsZero() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["-c", "book \"Ann\" at 2099-03-04T10:00 for 30m"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput == "Booked 1: Ann — Wed 4 Mar 2099 10:00–10:30 (30m)\n", "\(result)")
        #expect(result.standardError.isEmpty, "\(result)")
    }

    @Test func aFailedStatementExitsOneWithAPositionedError() throws {
        let sandbox = try Sandbox.loggedIn()
        let script = try sandbox.write("visits.sched", """
            book "Ann" at 2099-03-04T10:00 for 30m
            # a comment line
            book "Bob" at 2099-03-04T10:15 for 30m
            book "Cy" at 2099-03-04T11:00 for 30m
            """)
        let result = try sandbox.run(["run", script.path])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError.contains("\(script.path):3:1: error: Time slot is already booked (#1 Ann, Wed 4 Mar 2099 10:00–10:30) [conflict]"), "\(result)")
        #expect(result.standardError.contains("  3 | book \"Bob\" at 2099-03-04T10:15 for 30m"), "\(result)")
        #expect(result.standardError.contains("    | ^~~~"), "\(result)")
        // The first failure stops the run: Cy was never booked.
        let list = try sandbox.run(["--json", "-c", "list"])
        let customers = (JSON.array(list.outputLines.first) as? [[String: Any]])?.compactMap { $0["customer_name"] as? String }
        #expect(customers == ["Ann"], "\(list)")
    }

    @Test func aSyntaxErrorExitsTwoAndRunsNothing() throws {
        let sandbox = try Sandbox()
        let script = try sandbox.write("broken.sched", """
            book "Ann" at 2099-03-04T10:00 for 30m
            book "Bob" at 2099-03-04T11:00 for
            """)
        let result = try sandbox.run(["run", script.path])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("\(script.path):2:"), "\(result)")
        #expect(result.standardError.contains("[syntax]"), "\(result)")
        #expect(result.standardOutput.isEmpty, "\(result)")
        // A file with a syntax error runs nothing and opens no database, so it leaves none behind.
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path), "a syntax error created the database")
        try sandbox.addUser()
        #expect(try sandbox.snapshot().hasPrefix("[]\n"), "a file with a syntax error must not run at all")
        // Logged in, a syntax error still runs nothing.
        let again = try sandbox.run(["run", script.path])
        #expect(again.exitCode == 2, "\(again)")
        #expect(again.standardOutput.isEmpty, "\(again)")
        #expect(try sandbox.snapshot().hasPrefix("[]\n"), "a file with a syntax error must not run at all")
    }

    @Test(arguments: [
        ["--bogus"],
        ["run"],
        ["run", "--no-such-flag", "-"],
        ["check"],
        ["test"],
        ["frobnicate"],
        ["-c"],
        ["run", "does-not-exist.sched"],
        ["test", "does-not-exist"],
    ])
    func badCommandLineUsageExitsTwo(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(arguments)
        #expect(result.exitCode == 2, "\(arguments): \(result)")
        #expect(!result.standardError.isEmpty, "\(arguments): a usage error must say what is wrong")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path), "\(arguments): usage errors open no database")
    }

    @Test func checkReportsEverySyntaxErrorAndOpensNoDatabase() throws {
        let sandbox = try Sandbox()
        let script = try sandbox.write("many-errors.sched", """
            book "Ann" at 2099-03-04T10:00 for 30m
            boook "Bob" at 2099-03-04T11:00 for 30m
            book "Cy" at 2025-02-30T10:00 for 30m
            available mon 09:00-25:00
            book "Dee at 2099-03-04T12:00 for 30m
            list this
            book "Eve" at 2099-03-04T13:00 for 30m; cancel
            show 1
            """)
        let result = try sandbox.run(["check", script.path])
        #expect(result.exitCode == 2, "\(result)")
        let errorLines = result.standardError.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errorLines.count == 6, "\(result)")
        for line in [2, 3, 4, 5, 6, 7] {
            #expect(errorLines.contains { $0.hasPrefix("\(script.path):\(line):") }, "no error for line \(line)\n\(result)")
        }
        #expect(result.standardError.contains("did you mean 'book'?"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path), "check opened the database")
        #expect(!FileManager.default.fileExists(atPath: sandbox.dataHome.path), "check created the data folder")
    }

    @Test func checkPassesAValidFileWithoutOpeningADatabase() throws {
        let sandbox = try Sandbox()
        let script = try sandbox.write("fine.sched", "book \"Ann\" at 2099-03-04T10:00 for 30m\nlist\n")
        let result = try sandbox.run(["check", script.path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput.contains("ok (2 statements)"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path))
    }

    static let threeBookings = """
        book "Ann" at 2099-03-04T10:00 for 30m
        book "Bob" at 2099-03-04T10:00 for 30m
        book "Cy" at 2099-03-04T11:00 for 30m
        """

    @Test func keepGoingRunsPastAFailureButStillExitsOne() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(script: Self.threeBookings, options: ["--keep-going"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError.contains("<stdin>:2:1: error: Time slot is already booked (#1 Ann, Wed 4 Mar 2099 10:00–10:30) [conflict]"), "\(result)")
        #expect(result.standardOutput.contains("Booked 2: Cy"), "\(result)")
        let list = try sandbox.run(["--json", "-c", "list"])
        let customers = (JSON.array(list.outputLines.first) as? [[String: Any]])?.compactMap { $0["customer_name"] as? String }
        #expect(customers == ["Ann", "Cy"], "\(list)")
    }

    @Test func withoutKeepGoingTheFirstFailureStopsTheRun() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(script: Self.threeBookings)
        #expect(result.exitCode == 1, "\(result)")
        #expect(!result.standardOutput.contains("Cy"), "\(result)")
        let list = try sandbox.run(["--json", "-c", "list"])
        #expect(JSON.array(list.outputLines.first)?.count == 1, "\(list)")
    }

    static let lastStatementFails = """
        book "Ann" at 2099-03-04T10:00 for 30m
        available sat 10:00-12:00
        set timezone "Europe/Berlin"
        book "Bob" at 2099-03-04T11:15 for 30m
        """

    @Test func atomicRunWhoseLastStatementFailsLeavesTheDatabaseUnchanged() throws {
        let sandbox = try Sandbox.loggedIn()
        let seed = try sandbox.run(["-c", "book \"Zoe\" at 2099-03-05T10:00 for 30m"])
        #expect(seed.exitCode == 0, "\(seed)")
        let before = try sandbox.snapshot()
        let result = try sandbox.run(script: Self.lastStatementFails, options: ["--atomic"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError.contains("Time slot is already booked"), "\(result)")
        #expect(try sandbox.snapshot() == before, "an --atomic run that failed changed the database")
        let zone = try sandbox.run(["--json", "-c", "show 1"])
        #expect(JSON.object(zone.outputLines.first)?["start_time"] as? String == "2099-03-05T10:00:00+00:00",
                "the home zone changed: \(zone)")
    }

    @Test func withoutAtomicTheStatementsBeforeAFailureLand() throws {
        let sandbox = try Sandbox.loggedIn()
        let before = try sandbox.snapshot()
        let result = try sandbox.run(script: Self.lastStatementFails)
        #expect(result.exitCode == 1, "\(result)")
        #expect(try sandbox.snapshot() != before)
        let list = try sandbox.run(["--json", "-c", "list"])
        let appointments = try #require(JSON.array(list.outputLines.first) as? [[String: Any]], "\(list)")
        #expect(appointments.map { $0["customer_name"] as? String } == ["Ann"])
        #expect(appointments.first?["start_time"] as? String == "2099-03-04T11:00:00+01:00", "zone not stored: \(list)")
        let hours = try sandbox.run(["--json", "-c", "availability"])
        #expect(hours.standardOutput.contains("\"day\":\"saturday\""), "\(hours)")
    }

    @Test func atomicRunThatSucceedsLandsWhole() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(script: """
            book "Ann" at 2099-03-04T10:00 for 30m
            book "Bob" at 2099-03-04T10:30 for 30m
            """, options: ["--atomic"])
        #expect(result.exitCode == 0, "\(result)")
        let list = try sandbox.run(["--json", "-c", "list"])
        #expect(JSON.array(list.outputLines.first)?.count == 2, "\(list)")
    }

    /// `sched -c STATEMENTS`, with `--db` and the plain flags or without, skips the argument
    /// parser (`Sched.plainRun`); `--session-ttl 60`, its default, sends the same command line
    /// through it. Both ways give the same output, errors and exit code, on the same kind of
    /// database.
    @Test(arguments: [
        "book \"Ann\" at 2099-03-04T10:00 for 30m\nlist",
        "book \"Ann\" at 2099-03-04T10:00 for 30m\nbook \"Bob\" at 2099-03-04T10:15 for 30m\nlist",
        "book \"Ann\" at 2099-03-04T10:00 for",
        "cancel 99",
    ], [[], ["--json"], ["--keep-going", "--db"], ["--atomic", "--json", "--db"]])
    func plainCommandLinesRunAsTheParsedOnesWould(_ statements: String, _ options: [String]) throws {
        let plain = try Sandbox.loggedIn()
        let parsed = try Sandbox.loggedIn()
        func arguments(_ sandbox: Sandbox, _ extra: [String]) -> [String] {
            options.flatMap { $0 == "--db" ? ["--db", sandbox.database.path] : [$0] } + extra + ["-c", statements]
        }
        // With `--db`, SCHED_DB is left unset, so only the option names the database.
        let environment: URL?? = options.contains("--db") ? .some(nil) : .none
        let fast = try plain.run(arguments(plain, []), database: environment)
        let slow = try parsed.run(arguments(parsed, ["--session-ttl", "60"]), database: environment)
        #expect(fast.exitCode != nil, "\(fast)")
        #expect(fast.exitCode == slow.exitCode, "plain: \(fast)\nparsed: \(slow)")
        #expect(Self.withoutIds(fast.standardOutput) == Self.withoutIds(slow.standardOutput),
                "plain: \(fast)\nparsed: \(slow)")
        #expect(fast.standardError == slow.standardError, "plain: \(fast)\nparsed: \(slow)")
        let listing = ["--session-ttl", "60", "-c", "list from 2000-01-01 to 2200-12-31"]
        #expect(try plain.run(listing).standardOutput == parsed.run(listing).standardOutput)
    }

    /// JSON output names each appointment's id and the times it was written, which differ from
    /// one database to the next.
    private static func withoutIds(_ output: String) -> String {
        output.replacing(/"(id|created_at|updated_at)":"[^"]*"/, with: "")
    }

    @Test func statementsThatLookLikeAnOptionGoToTheParser() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["-c", "--json"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("-c"), "\(result)")
    }
}
