import Foundation
import Testing

/// `sched` processes at the same moment. Two on one database file: the conflict check and the
/// write are one IMMEDIATE transaction, so a slot is never booked twice. Booking needs a session,
/// so each database first gets its user and `sched login`; then the two bookings race, both
/// using the kept session. Many logins on one database: no more than five passwords are checked
/// before the wait applies; these check sched's own slow hash, so that they are all in flight
/// together. Logins to many databases: the session file keeps every session.
@Suite("Concurrent processes")
struct ConcurrencyTests {
    static let rounds = 10

    /// Starts two bookings of the same slot before waiting for either, and checks that exactly
    /// one of them wins and the other is told the slot is taken.
    static func race(in sandbox: Sandbox, database: URL, round: Int) throws {
        let first = try sandbox.start(["-c", "book \"Ann\" at 2099-03-04T10:00 for 30m"], database: database)
        let second = try sandbox.start(["-c", "book \"Bob\" at 2099-03-04T10:15 for 30m"], database: database)
        let results = [first.finish(), second.finish()]
        let winners = results.filter { $0.exitCode == 0 }
        let losers = results.filter { $0.exitCode == 1 }
        #expect(winners.count == 1 && losers.count == 1, "round \(round): \(results[0])\n\(results[1])")
        for loser in losers {
            // The refusal names the winner's booking.
            let winner = winners.first?.standardOutput.contains("Bob") == true ? "Bob, Wed 4 Mar 2099 10:15–10:45" : "Ann, Wed 4 Mar 2099 10:00–10:30"
            #expect(loser.standardError.contains("Time slot is already booked (#1 \(winner)) [conflict]"), "round \(round): \(loser)")
        }
        let list = try sandbox.run(["--json", "-c", "list from 2099-03-04 to 2099-03-04"], database: database)
        #expect(JSON.array(list.outputLines.first)?.count == 1, "round \(round): \(list)")
    }

    /// The race is the first booking on a database that holds nothing but its user.
    @Test func twoProcessesBookingTheSameSlotOnAFreshDatabaseNeverBothSucceed() throws {
        let sandbox = try Sandbox()
        for round in 1...Self.rounds {
            let database = sandbox.path("fresh-\(round).db")
            try sandbox.addUser(database: database)
            try Self.race(in: sandbox, database: database, round: round)
        }
    }

    @Test func twoProcessesBookingTheSameSlotOnAnExistingDatabaseNeverBothSucceed() throws {
        let sandbox = try Sandbox()
        for round in 1...Self.rounds {
            let database = sandbox.path("existing-\(round).db")
            try sandbox.addUser(database: database)
            let setUp = try sandbox.run(["-c", "availability"], database: database)
            #expect(setUp.exitCode == 0, "\(setUp)")
            try Self.race(in: sandbox, database: database, round: round)
        }
    }

    // MARK: logins at once

    static let invalid = "error: Invalid username or password [auth]\n"
    static let locked = "error: Too many failed logins; try again in "

    /// Starts a `--user` login with each password before waiting for any; the password hash
    /// takes a good part of a second, so all of them are in flight together.
    static func logInAtOnce(_ sandbox: Sandbox, passwords: [String]) throws -> [SchedResult] {
        let running = try passwords.map { password in
            try sandbox.start(["--user", Sandbox.user, "-c", "whoami"], environment: ["SCHED_PASSWORD": password],
                              timeout: 300)
        }
        return running.map { $0.finish() }
    }

    /// How a login ended: its password checked and wrong, refused unchecked, or logged in.
    enum Outcome {
        case checkedWrong, refused, loggedIn
    }

    static func outcome(_ result: SchedResult) -> Outcome? {
        if result.exitCode == 1 && result.standardError == invalid { return .checkedWrong }
        if result.exitCode == 1 && result.standardError.hasPrefix(locked) { return .refused }
        if result.exitCode == 0 && result.standardOutput == "admin\n" { return .loggedIn }
        return nil
    }

    @Test func wrongPasswordsStartedAtOnceHaveAtMostFiveChecked() throws {
        let sandbox = try Sandbox.initialised()
        let results = try Self.logInAtOnce(sandbox, passwords: (1...30).map { "wrong-password-\($0)" })
        let outcomes = results.map(Self.outcome)
        #expect(!outcomes.contains(nil), "\(results.filter { Self.outcome($0) == nil })")
        let checked = outcomes.filter { $0 == .checkedWrong }.count
        #expect((1...5).contains(checked), "\(checked) wrong passwords were checked")
        #expect(outcomes.filter { $0 == .refused }.count == results.count - checked)

        // The fifth failure set the wait: the right password waits too.
        let right = try sandbox.run(["--user", Sandbox.user, "-c", "whoami"], environment: ["SCHED_PASSWORD": Sandbox.password])
        #expect(right.exitCode == 1 && right.standardError.hasPrefix(Self.locked), "\(right)")
    }

    @Test func theRightPasswordAmongWrongOnesStartedAtOnceLeavesAtMostFiveChecked() throws {
        let sandbox = try Sandbox.initialised()
        var passwords = (1...29).map { "wrong-password-\($0)" }
        passwords.insert(Sandbox.password, at: 15)
        let results = try Self.logInAtOnce(sandbox, passwords: passwords)
        let outcomes = results.map(Self.outcome)
        #expect(!outcomes.contains(nil), "\(results.filter { Self.outcome($0) == nil })")
        let checked = outcomes.filter { $0 == .checkedWrong }.count
        let loggedIn = outcomes.filter { $0 == .loggedIn }.count
        #expect(loggedIn <= 1)
        #expect(checked + loggedIn <= 5, "\(checked) wrong and \(loggedIn) right passwords were checked")
    }

    @Test func loginsToTenDatabasesAtOnceKeepAllTenSessions() throws {
        let sandbox = try Sandbox()
        let databases = (1...10).map { sandbox.path("database-\($0).db") }
        let running = try databases.map { database in
            try sandbox.start(["init", "--user", Sandbox.user, "--password-stdin"],
                              input: Data((Sandbox.password + "\n").utf8), database: database, timeout: 300)
        }
        for (database, result) in zip(databases, running.map { $0.finish() }) {
            #expect(result.exitCode == 0, "\(database.lastPathComponent): \(result)")
        }
        let kept = try sandbox.keptSessions()
        #expect(Set(kept.keys) == Set(databases.map(\.path)), "kept: \(kept.keys.sorted())")
        for database in databases {
            let whoami = try sandbox.run(["-c", "whoami"], database: database)
            #expect(whoami.exitCode == 0 && whoami.standardOutput == "admin\ndatabase: \(database.path)\n",
                    "\(database.lastPathComponent): \(whoami)")
        }
    }
}
