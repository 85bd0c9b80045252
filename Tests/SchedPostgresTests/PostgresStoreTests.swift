import Foundation
import SchedCore
import SchedPostgres
@testable import SchedPostgresStore
import SchedTestSupport
import Testing

/// What the PostgreSQL store does beyond the conformance suite: the database's own refusal of
/// a double booking, a server that goes away and comes back, numbers as SQLite gives them.
@Suite struct PostgresStoreTests {
    static let now = Date(timeIntervalSince1970: 1_741_000_000)

    static func store() throws -> PostgresStore {
        try PostgresStore(location: try PostgresLocation(url: try TemporaryCluster.shared.get().database(), environment: [:]),
                          defaultZone: .utc)
    }

    static func book(_ tx: any StoreTransaction, _ name: String, at start: Date, minutes: Int = 30) throws -> Appointment {
        try tx.insert(NewAppointment(customerName: name, start: start, durationMinutes: minutes), id: UUID(), now: now)
    }

    /// A write that skips the check before its insert (a race the check lost) meets the
    /// exclusion constraint: the seed's conflict, and nothing of that write is kept.
    @Test func anOverlapTheCheckMissedIsTheSeedsConflict() throws {
        let store = try Self.store()
        let start = Self.now.addingTimeInterval(86_400)
        _ = try store.write { try Self.book($0, "Ann", at: start) }
        do {
            try store.write { tx in
                try tx.setSetting(SettingKey.timezone, "Europe/Oslo")
                _ = try Self.book(tx, "Bob", at: start.addingTimeInterval(600))
            }
            Issue.record("the overlapping booking was stored")
        } catch let error as SchedError {
            #expect(error == SchedError.slotAlreadyBooked, "\(error)")
            #expect(error.kind == .conflict)
        }
        #expect(try store.read { try $0.homeZone() } == .utc, "half of the refused write was kept")
        // Back to back is no overlap: [start, end) ranges.
        _ = try store.write { try Self.book($0, "Cy", at: start.addingTimeInterval(1800)) }
        #expect(try store.read { try $0.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil).map(\.customerName) }
                == ["Ann", "Cy"])
    }

    /// Numbers are the highest plus one, as in SQLite: a booking rolled back leaves no gap.
    @Test func aRolledBackBookingLeavesNoGapInTheNumbers() throws {
        let store = try Self.store()
        let start = Self.now.addingTimeInterval(86_400)
        struct Refusal: Error {}
        _ = try store.write { try Self.book($0, "Ann", at: start) }
        #expect(throws: Refusal.self) {
            try store.write { tx in
                _ = try Self.book(tx, "Gone", at: start.addingTimeInterval(7200))
                throw Refusal()
            }
        }
        let bob = try store.write { try Self.book($0, "Bob", at: start.addingTimeInterval(3600)) }
        #expect(bob.number == 2)
    }

    /// The server stops: a write fails with `Database unavailable` naming the location, its
    /// password masked; once it is back, the next write works on a new connection, and what
    /// was committed before is all there, once.
    @Test func aServerRestartFailsWritesUntilItIsBack() throws {
        let cluster = try TemporaryCluster()
        let store = try PostgresStore(location: try PostgresLocation(url: cluster.url, environment: [:]), defaultZone: .utc)
        let start = Self.now.addingTimeInterval(86_400)
        _ = try store.write { try Self.book($0, "Before", at: start) }
        try cluster.halt()
        do {
            _ = try store.write { try Self.book($0, "During", at: start.addingTimeInterval(3600)) }
            Issue.record("a write succeeded with the server down")
        } catch let error as SchedError {
            #expect(error.kind == .unavailable, "\(error)")
            #expect(error.message.hasPrefix("Database unavailable: postgres://sched:***@127.0.0.1:"), "\(error)")
            #expect(!error.message.contains("sched-test-password"))
        }
        try cluster.resume()
        _ = try store.write { try Self.book($0, "After", at: start.addingTimeInterval(7200)) }
        #expect(try store.read { try $0.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil).map(\.customerName) }
                == ["Before", "After"])
    }

    /// A database a newer sched migrated is refused before anything is written to it.
    @Test func aDatabaseANewerSchedMigratedIsRefused() throws {
        let cluster = try TemporaryCluster.shared.get()
        let url = try cluster.database()
        _ = try PostgresStore(location: try PostgresLocation(url: url, environment: [:]), defaultZone: .utc)
        let added = try cluster.psql("INSERT INTO schema_migrations (name) VALUES ('pg9-rooms');", on: url)
        #expect(added.status == 0, "\(added)")
        do {
            _ = try PostgresStore(location: try PostgresLocation(url: url, environment: [:]), defaultZone: .utc)
            Issue.record("a newer database was opened")
        } catch let error as SchedError {
            #expect(error.kind == .unavailable)
            #expect(error.message.contains("was made by a newer sched (migration 'pg9-rooms' is unknown to this one)"), "\(error)")
        }
    }

    @Test func backupSaysWhatBacksUpAPostgreSQLDatabase() throws {
        let store = try Self.store()
        let copy = TemporaryPath()
        #expect(throws: SchedError.self) { try store.backup(to: copy.path) }
        #expect(!FileManager.default.fileExists(atPath: copy.path))
    }
}
