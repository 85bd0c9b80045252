import Foundation
import PropertyBased
import SchedSQLite
import SchedTestSupport
import Testing

@testable import SchedCore

/// The seed's properties 17 and 18: what survives closing the SQLite file and opening it again.
@Suite struct PersistencePropertyTests {
    /// Availability changes that are all valid.
    static let validChange = zip(Gen.bool(0.5), Gens.days, Gens.overrideDate, Gens.windows)
        .map { weekly, days, date, windows in
            AvailabilityChange(weekly: weekly, days: days, date: date, windows: windows, breakChoice: 99)
        }

    // Feature: appointment-scheduling-system, Property 17: Availability Persistence Round Trip
    @Test("Property 17: Availability persistence round trip")
    func property17AvailabilityPersistenceRoundTrip() async {
        await propertyCheck(
            count: 100, input: Gens.zone, Self.validChange.array(of: 1...6), Gens.zone
        ) { zone, changes, reopenDefault in
            checking {
                let file = TemporaryPath()
                var model = ScheduleModel()
                weak var closed: SQLiteStore?
                do {
                    let f = try StoreFixture(zone, path: file.path)
                    closed = try #require(f.store as? SQLiteStore)
                    for change in changes {
                        try change.apply(to: f.availability)
                        model.apply(change)
                    }
                }
                #expect(closed == nil, "the first store is still open")

                let reopened = try SQLiteStore(path: file.path, defaultZone: reopenDefault.zone)
                let availability = AvailabilityService(store: reopened, clock: ManualClock(StoreFixture.defaultNow))
                let weekly = try availability.weeklySchedule()
                #expect(weekly.map(\.day) == model.weeklyList.map(\.day))
                #expect(weekly.map(\.window.start) == model.weeklyList.map(\.window.start))
                #expect(weekly.map(\.window.end) == model.weeklyList.map(\.window.end))
                #expect(try availability.overrides(from: nil, through: nil) == model.overrideList)
                for (date, windows) in model.overrides {
                    let read = try availability.windows(on: date)
                    #expect(read.windows == windows && read.isOverride, "override of \(date)")
                }
                let zoneRead = try AppointmentService(store: reopened, clock: ManualClock(StoreFixture.defaultNow)).zone()
                #expect(zoneRead.identifier == zone.identifier, "reopening replaced the stored home zone")
            }
        }
    }

    // Feature: appointment-scheduling-system, Property 18: Data Persistence Across Restarts
    @Test("Property 18: Data persistence across restarts")
    func property18DataPersistenceAcrossRestarts() async {
        let history = zip(Gen.int(in: 0...63), Gen.int(in: 0...7), Gen.int(in: -120...120), Gens.zone.optional(valueRate: 0.3))
        await propertyCheck(
            count: 100, input: Gens.zone, Gens.chainLink.array(of: 1...6), Self.validChange.array(of: 0...3), history
        ) { zone, chain, changes, history in
            let (cancelMask, moveIndex, moveMinutes, newZone) = history
            checking {
                let file = TemporaryPath()
                let firstDay = Days.parse("2025-01-02")
                let before: StoreSnapshot
                let upcoming: [Appointment]
                let days: [DayAvailability]
                do {
                    let f = try StoreFixture(zone, path: file.path)
                    try f.openAllHours()
                    var booked: [Appointment] = []
                    for (index, interval) in plan(chain, in: zone).enumerated() {
                        booked.append(try f.book(interval, name: Gens.nameFragments[index % Gens.nameFragments.count],
                                                 note: index % 2 == 0 ? "note \(index)" : nil))
                    }
                    for (index, appointment) in booked.enumerated() where cancelMask & (1 << index) != 0 {
                        _ = try f.appointments.cancel(.id(appointment.id))
                    }
                    let moving = booked[moveIndex % booked.count]
                    _ = try? f.appointments.reschedule(
                        .id(moving.id), to: moving.start.addingTimeInterval(Double(moveMinutes * 60)), durationMinutes: nil)
                    for change in changes { try change.apply(to: f.availability) }
                    if let newZone { _ = try f.appointments.setZone(newZone.identifier) }
                    before = try f.snapshot()
                    upcoming = try f.appointments.upcoming(limit: nil)
                    days = try f.availability.days(from: firstDay, through: Days.parse("2026-01-31"))
                }

                let reopenDefault = zone == .utc ? ZoneCase.berlin : .utc
                let g = try StoreFixture(reopenDefault, path: file.path)
                #expect(try g.snapshot() == before)
                #expect(try g.appointments.upcoming(limit: nil) == upcoming)
                #expect(try g.availability.days(from: firstDay, through: Days.parse("2026-01-31")) == days)

                // Numbers carry on where they stopped; none is reused.
                let homeZone = newZone ?? zone
                let spare = Days.parse("2026-02-01")
                try g.availability.setOverride(date: spare, windows: [TimeWindow(start: 0, end: 86400)])
                let next = try g.book(SlotSeed(date: spare, minute: 600, duration: 30).interval(in: homeZone))
                #expect(next.number == before.appointments.count + 1)
            }
        }
    }
}
