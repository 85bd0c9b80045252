import Foundation
import SchedPostgres
import SchedPostgresStore
import SchedSQLite
import SchedTestSupport
import Testing

@testable import SchedCore

/// Which store a fixture keeps its data in.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    var description: String { rawValue }

    /// One database in the cluster the test process shares; each fixture takes a schema of it.
    static let postgresDatabase = Result { try TemporaryCluster.shared.get().database() }
}

/// A real database (a SQLite file unless asked) in a zone under test, with a pinned clock and
/// both services.
final class StoreFixture {
    /// 2025-01-01T00:00:00Z.
    static let defaultNow = SchedTestSupport.defaultNow

    let zone: ZoneCase
    let store: any Store
    let clock: ManualClock
    let appointments: AppointmentService
    let availability: AvailabilityService
    /// The file of a fixture that owns it, removed when the fixture goes.
    private let file: TemporaryPath?

    /// A fixture on a fresh database of its own, or on the SQLite database at `path`.
    init(_ zone: ZoneCase, now: Date = StoreFixture.defaultNow, path: String? = nil, backend: Backend = .sqlite) throws {
        self.zone = zone
        let home = try #require(HomeZone(identifier: zone.identifier))
        switch backend {
        case .sqlite:
            file = path == nil ? TemporaryPath() : nil
            store = try SQLiteStore(path: path ?? file?.path ?? "", defaultZone: home)
        case .postgres:
            file = nil
            let location = try PostgresLocation(url: try Backend.postgresDatabase.get(), environment: [:])
            store = try PostgresStore.temporary(location: location, defaultZone: home)
        }
        clock = ManualClock(now)
        appointments = AppointmentService(store: store, clock: clock)
        availability = AvailabilityService(store: store, clock: clock)
    }

    /// Every day 00:00–24:00, so that only the day boundary limits a booking.
    func openAllHours() throws {
        try availability.setWeekly(days: Set(Weekday.allCases), windows: [TimeWindow(start: 0, end: 86400)])
    }

    func book(_ interval: Interval, name: String = "Ann", note: String? = nil, email: String? = nil) throws -> Appointment {
        try appointments.book(NewAppointment(
            customerName: name, start: interval.start, durationMinutes: interval.minutes, note: note, email: email))
    }

    func snapshot() throws -> StoreSnapshot {
        try StoreSnapshot(store)
    }
}

/// The error `body` throws, or nil.
func thrownError(_ body: () throws -> Void) -> (any Error)? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
