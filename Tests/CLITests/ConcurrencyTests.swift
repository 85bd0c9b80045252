import Foundation
import Testing

/// Two `sched` processes on one database file: the conflict check and the write are one
/// IMMEDIATE transaction, so a slot is never booked twice. Booking needs a session, so each
/// database first gets its user with `sched init`; then the two bookings race, both using the
/// kept session.
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
            #expect(loser.standardError.contains("Time slot is already booked [conflict]"), "round \(round): \(loser)")
        }
        let list = try sandbox.run(["--json", "-c", "list from 2099-03-04 to 2099-03-04"], database: database)
        #expect(JSON.array(list.outputLines.first)?.count == 1, "round \(round): \(list)")
    }

    /// The race is the first booking on a database that holds nothing but its user.
    @Test func twoProcessesBookingTheSameSlotOnAFreshDatabaseNeverBothSucceed() throws {
        let sandbox = try Sandbox()
        for round in 1...Self.rounds {
            let database = sandbox.path("fresh-\(round).db")
            try sandbox.createUser(database: database)
            try Self.race(in: sandbox, database: database, round: round)
        }
    }

    @Test func twoProcessesBookingTheSameSlotOnAnExistingDatabaseNeverBothSucceed() throws {
        let sandbox = try Sandbox()
        for round in 1...Self.rounds {
            let database = sandbox.path("existing-\(round).db")
            try sandbox.createUser(database: database)
            let setUp = try sandbox.run(["-c", "availability"], database: database)
            #expect(setUp.exitCode == 0, "\(setUp)")
            try Self.race(in: sandbox, database: database, round: round)
        }
    }
}
