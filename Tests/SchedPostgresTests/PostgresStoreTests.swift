import Foundation
import SchedCore
import PostgresNIO
import SchedPostgres
import SchedSQLite
import SchedStores
import StoreConformance
@testable import SchedPostgresStore
import SchedTestSupport
import Synchronization
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

    /// Bookings lock the weeks around their time, not the database: one far away commits while
    /// another is open; one in the same week, and any other writer, waits for it to end.
    /// Numbers stay one apart in the order the inserts come.
    @Test func bookingsOfOtherWeeksGoBesideEachOther() throws {
        let store = try Self.store()
        let start = Self.now.addingTimeInterval(86_400)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        let events = Mutex<[String]>([])
        @Sendable func note(_ event: String) { events.withLock { $0.append(event) } }
        @Sendable func booking(_ name: String, at time: Date, holds: Bool = false) {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                do {
                    try store.book { tx in
                        try tx.lockBooking(from: time, to: time.addingTimeInterval(1800))
                        guard try !tx.hasBookedAppointment(overlapping: time, time.addingTimeInterval(1800), excluding: nil)
                        else { return note("\(name) refused") }
                        if holds {
                            holding.signal()
                            _ = release.wait(timeout: .now() + 20)
                        }
                        _ = try Self.book(tx, name, at: time)
                    }
                    note("\(name) booked")
                } catch {
                    note("\(name) failed: \(error)")
                }
            }
        }
        booking("Near", at: start, holds: true)
        try #require(holding.wait(timeout: .now() + 10) == .success)
        booking("Far", at: start.addingTimeInterval(30 * 86_400))
        let deadline = Date().addingTimeInterval(4)
        while !events.withLock({ $0.contains("Far booked") }) && Date() < deadline { usleep(20_000) }
        #expect(events.withLock { $0 } == ["Far booked"], "the far booking ends while the near one is open")
        booking("Same Week", at: start.addingTimeInterval(2 * 86_400))
        finished.enter()
        Thread.detachNewThread {
            defer { finished.leave() }
            do {
                try store.write { tx in try tx.setSetting(SettingKey.defaultDuration, "45") }
                note("setting written")
            } catch {
                note("setting failed: \(error)")
            }
        }
        usleep(500_000)
        #expect(events.withLock { $0 } == ["Far booked"], "the same week's booking and the setting wait")
        release.signal()
        #expect(finished.wait(timeout: .now() + 20) == .success)
        let all = events.withLock { $0 }
        #expect(all.count == 4 && all[1] == "Near booked", "\(all)")
        #expect(Set(all.dropFirst(2)) == ["Same Week booked", "setting written"], "\(all)")
        let numbers = try store.read { tx in
            try tx.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil).map { ($0.customerName, $0.number) }
        }
        #expect(numbers.map(\.1).sorted() == [1, 2, 3], "\(numbers)")
        #expect(numbers.first { $0.0 == "Far" }?.1 == 1, "the far booking inserted first: \(numbers)")
    }

    /// A run keeps its bookings back and sends them later, without waiting: once its connection
    /// is gone, the run is over, and nothing of it is kept, the bookings it kept included.
    @Test func aRunThatLosesItsConnectionKeepsNothing() throws {
        let store = try Self.store()
        let clock = ManualClock(Self.now)
        try store.write { tx in
            try tx.replaceWeeklyWindows(days: Set(Weekday.allCases), with: [TimeWindow(start: 0, end: 86_400)])
        }
        let run = try store.begin()
        defer { run.rollback() }
        func book(_ day: Int) throws {
            _ = try run.step { tx in
                try AppointmentService(store: Joined(tx), clock: clock).book(NewAppointment(
                    customerName: "Day \(day)", start: Self.now.addingTimeInterval(Double(day) * 86_400 + 3600),
                    durationMinutes: 30))
            }
        }
        for day in 1...80 { try book(day) }
        try PostgresConformanceTests.admin(
            store, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DATABASE' AND state <> 'idle'")
        var failure: (any Error)?
        // Days in weeks not read yet: reading them sends what was kept.
        for day in 81...400 {
            do { try book(day) } catch { failure = error; break }
        }
        let error = try #require(failure as? SchedError)
        #expect(error.kind == .unavailable, "\(error)")
        #expect(throws: SchedError.atomicRunRolledBack) { try book(500) }
        #expect(throws: SchedError.atomicRunRolledBack) { try run.commit() }
        #expect(try store.read { try $0.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil) }.isEmpty)
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

    /// A SQLite file copied into PostgreSQL and back holds what it held, journal and all; a
    /// backup of the PostgreSQL database is such a file too.
    @Test func copiesBetweenTheStoresKeepEverything() throws {
        let file = try SQLiteStore.temporary(defaultZone: .utc)
        try StoreImage.fill(file, now: Self.now)
        let original = try StoreImage(file)
        let server = try Self.store()
        let counts = try server.copyIn { try file.copyOut(to: $0) }
        #expect(counts["appointments"] == 3)
        #expect(try StoreImage(server) == original)

        let back = TemporaryPath()
        _ = try DatabaseLocation.file(path: back.path, named: true).copy(from: server)
        #expect(try StoreImage(SQLiteStore(path: back.path, defaultZone: .utc)) == original)
        #expect(throws: SchedError.self) { try DatabaseLocation.file(path: back.path, named: true).copy(from: server) }

        let backup = TemporaryPath()
        try DatabaseLocation.backup(server, to: backup.path)
        #expect(try StoreImage(SQLiteStore(path: backup.path, defaultZone: .utc)) == original)
        let permissions = try FileManager.default.attributesOfItem(atPath: backup.path)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o600)
        #expect(throws: SchedError.self) { try DatabaseLocation.backup(server, to: backup.path) }

        // Undo on the server after the copy does what it does on the file.
        let latest = try #require(try file.read { try $0.journalEntries(in: .done, from: 0, newestFirst: true, limit: 1) }.first)
        let here = try file.write { try $0.applyJournalEntry(id: latest.id, .undo) }
        let there = try server.write { try $0.applyJournalEntry(id: latest.id, .undo) }
        #expect(here == there)
        #expect(try StoreImage(server) == StoreImage(file))
        // And a redo of the booking an undo took before the copy puts back the same row.
        let undone = try #require(try file.read { try $0.journalEntries(in: .undone, from: 0, newestFirst: true, limit: 1) }.first)
        #expect(try file.write { try $0.applyJournalEntry(id: undone.id, .redo) }
                == server.write { try $0.applyJournalEntry(id: undone.id, .redo) })
        #expect(try StoreImage(server) == StoreImage(file))
    }

    /// Two processes claiming one outbox entry at once, neither holding the writers' lock: the
    /// second passes over the row the first has locked rather than waiting, and once the first
    /// has committed sees its claim. Exactly one sends it.
    @Test func aClaimInFlightIsSkippedNotWaitedFor() throws {
        let store = try Self.store()
        let entry = try store.write { (tx: any StoreTransaction) throws in
            let booked = try Self.book(tx, "Ann", at: Self.now.addingTimeInterval(86_400))
            try tx.insertSyncEntry(appointmentID: booked.id, change: .create, start: booked.start, durationMinutes: 30, now: Self.now)
            return try #require(try tx.syncEntries().first)
        }
        let first = try PostgresSession(store.location)
        let second = try PostgresSession(store.location)
        defer {
            first.close()
            second.close()
        }
        let until = Self.now.addingTimeInterval(60)
        try first.run("BEGIN")
        try second.run("BEGIN")
        let claimed = try PostgresTransaction(session: first).claimSyncEntry(entry, until: until, now: Self.now)
        #expect(claimed?.attempts == entry.attempts + 1)
        let asked = Date()
        #expect(try PostgresTransaction(session: second).claimSyncEntry(entry, until: until, now: Self.now) == nil)
        #expect(Date().timeIntervalSince(asked) < 2, "the locked row was waited for")
        try first.run("COMMIT")
        #expect(try PostgresTransaction(session: second).claimSyncEntry(entry, until: until, now: Self.now) == nil,
                "the committed claim is seen")
        try second.run("ROLLBACK")
        #expect(try store.read { try $0.syncEntries() }.map(\.attempts) == [entry.attempts + 1])
    }

    /// A role that may read but not write: a booking is `Database unavailable` naming the
    /// location (its password masked) with the server's words, and nothing of it is kept.
    @Test func aRoleThatMayNotWriteIsUnavailable() throws {
        let cluster = try TemporaryCluster.shared.get()
        let url = try cluster.database()
        let owner = try PostgresStore(location: try PostgresLocation(url: url, environment: [:]), defaultZone: .utc)
        let role = "clerk_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let granted = try cluster.psql("""
            CREATE ROLE \(role) LOGIN PASSWORD 'clerk-password';
            GRANT USAGE ON SCHEMA public TO \(role);
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role);
            """, on: url)
        try #require(granted.status == 0, "\(granted.output)")
        var location = owner.location
        location.user = role
        location.password = "clerk-password"
        let clerk = try PostgresStore(location: location, defaultZone: .utc)
        #expect(try clerk.read { try $0.homeZone() } == .utc)
        let refused = #expect(throws: SchedError.self) {
            try clerk.write { try Self.book($0, "Ann", at: Self.now.addingTimeInterval(86_400)) }
        }
        #expect(refused?.kind == .unavailable)
        #expect(refused?.message.hasPrefix("Database unavailable: \(location.shown): permission denied") == true, "\(String(describing: refused))")
        #expect(refused?.message.contains("clerk-password") == false)
        #expect(try owner.read { try $0.appointments(startingFrom: .distantPast, before: nil, includingCancelled: true) }.isEmpty)
    }

    /// A disk with no room left for the appointments: the booking is `Database unavailable`
    /// naming the location with the server's words, and nothing of it is kept. The table lives
    /// in a tablespace on a 2 MB tmpfs that a ballast table has filled; mounting one needs root.
    @Test(.enabled(if: canMountASmallFileSystem, "mounting a small file system needs root"))
    func aFullDiskIsUnavailable() throws {
        let cluster = try TemporaryCluster.shared.get()
        let url = try cluster.database()
        let store = try PostgresStore(location: try PostgresLocation(url: url, environment: [:]), defaultZone: .utc)
        let tiny = cluster.directory + "-tiny-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: tiny, withIntermediateDirectories: true)
        let mounted = try Subprocess("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", tiny]).wait()
        try #require(mounted.shellStatus == 0, "mount failed")
        defer {
            _ = try? Subprocess("/bin/umount", ["-l", tiny]).wait()
            try? FileManager.default.removeItem(atPath: tiny)
        }
        _ = try Subprocess("/bin/chown", ["postgres:", tiny]).wait()
        let name = "tiny_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        defer {
            // Before the file system goes: buffers left dirty for files that vanished would fail
            // every checkpoint after, and with them every CREATE DATABASE of the other tests.
            _ = try? cluster.psqlOutsideTransaction("DROP DATABASE \(store.location.database) WITH (FORCE)")
            _ = try? cluster.psqlOutsideTransaction("DROP TABLESPACE \(name)")
        }
        let admin = try PostgresSession(store.location)
        defer { admin.close() }
        for statement in [
            "CREATE TABLESPACE \(name) LOCATION '\(tiny)'",
            "ALTER TABLE appointments SET TABLESPACE \(name)",
            "ALTER INDEX ALL IN TABLESPACE pg_default SET TABLESPACE \(name)",
            "CREATE TABLE ballast (filler text) TABLESPACE \(name)",
        ] {
            try admin.run(PostgresQuery(unsafeSQL: statement))
        }
        // Until the disk is full, a batch a transaction; the last batch is refused.
        var full: (any Error)?
        while full == nil {
            do {
                try admin.run("INSERT INTO ballast SELECT repeat(md5(random()::text), 200) FROM generate_series(1, 50)")
            } catch {
                full = error
            }
        }
        #expect(PostgresSession.sqlState(full!) == "53100", "\(String(describing: full))")

        let refused = #expect(throws: SchedError.self) {
            try store.write { tx in
                for hour in 0..<50 {
                    _ = try Self.book(tx, "Ann \(hour)", at: Self.now.addingTimeInterval(86_400 + Double(hour) * 3600))
                }
            }
        }
        #expect(refused?.kind == .unavailable)
        #expect(refused?.message.hasPrefix("Database unavailable: \(store.location.shown): could not extend file") == true,
                "\(String(describing: refused))")
        #expect(refused?.message.contains("No space left on device") == true, "\(String(describing: refused))")
        #expect(try store.read { try $0.appointments(startingFrom: .distantPast, before: nil, includingCancelled: true) }.isEmpty)
    }

    /// Whether this process may mount a tmpfs: tried once, on a directory of its own.
    static let canMountASmallFileSystem: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        let directory = TemporaryPath()
        guard (try? FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)) != nil,
              let mounted = try? Subprocess("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", directory.path]).wait(),
              mounted.shellStatus == 0 else { return false }
        return (try? Subprocess("/bin/umount", [directory.path]).wait())?.shellStatus == 0
    }()

    /// A database whose DateStyle writes dates day first: the store reads and copies them as
    /// `YYYY-MM-DD` all the same.
    @Test func datesReadTheSameWhateverTheDatabasesDateStyle() throws {
        let cluster = try TemporaryCluster.shared.get()
        let url = try cluster.database()
        let name = try #require(url.split(separator: "/").last?.split(separator: "?").first)
        let styled = try cluster.psql("ALTER DATABASE \(name) SET DateStyle = 'SQL, DMY'", on: url)
        try #require(styled.status == 0, "\(styled.output)")
        let store = try PostgresStore(location: try PostgresLocation(url: url, environment: [:]), defaultZone: .utc)
        let date = try #require(CivilDate(year: 2025, month: 3, day: 8))
        try store.write { try $0.replaceDateOverride(DateOverride(date: date, windows: [TimeWindow(start: 3600, end: 7200)])) }
        #expect(try store.read { try $0.dateOverrides(from: nil, through: nil) }.map(\.date) == [date])
        #expect(try StoreImage(store).tables["override_days"] == [[.text("2025-03-08")]])
    }

    /// Instants in the journal's row images as `to_jsonb` writes them, in any offset.
    @Test func readsTheInstantsOfRowImages() {
        #expect(PostgresStore.seconds("2025-03-03T11:06:40+00:00") == 1_741_000_000)
        #expect(PostgresStore.seconds("2025-03-03T12:06:40.25+01:00") == 1_741_000_000)
        #expect(PostgresStore.seconds("2025-03-03T05:36:40-05:30") == 1_741_000_000)
        #expect(PostgresStore.seconds("1890-03-04T09:06:32+00:53:28") == PostgresStore.seconds("1890-03-04T08:13:04Z"))
        #expect(PostgresStore.seconds("2025-03-03 11:06") == nil)
        #expect(PostgresStore.seconds("2025-02-30T11:06:40+00:00") == nil)
    }
}
