import Foundation
import SchedSQLite
import SchedTestSupport
import Testing

@testable import SchedCore

/// A real SQLite database in a zone under test, with a pinned clock and both services.
final class StoreFixture {
    /// 2025-01-01T00:00:00Z.
    static let defaultNow = SchedTestSupport.defaultNow

    let zone: ZoneCase
    let store: SQLiteStore
    let clock: ManualClock
    let appointments: AppointmentService
    let availability: AvailabilityService
    /// The file of a fixture that owns it, removed when the fixture goes.
    private let file: TemporaryPath?

    /// A fixture on a fresh database of its own, or on the database at `path`.
    init(_ zone: ZoneCase, now: Date = StoreFixture.defaultNow, path: String? = nil) throws {
        self.zone = zone
        let home = try #require(HomeZone(identifier: zone.identifier))
        file = path == nil ? TemporaryPath() : nil
        store = try SQLiteStore(path: path ?? file?.path ?? "", defaultZone: home)
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
