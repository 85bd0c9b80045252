import Foundation

import Testing

@testable import SchedCore
@testable import SchedSQLite

/// A fresh database in Europe/Berlin with the clock at Sat 2025-03-01 08:00 local time.
private struct Fixture {
    let zone: HomeZone
    let store: SQLiteStore
    let clock: ManualClock
    let appointments: AppointmentService
    let availability: AvailabilityService

    init() throws {
        zone = try #require(HomeZone(identifier: "Europe/Berlin"))
        store = try SQLiteStore.temporary(defaultZone: zone)
        clock = ManualClock(Date(timeIntervalSince1970: 0))
        let sharedClock: any Clock = clock
        appointments = AppointmentService(store: store, clock: sharedClock)
        availability = AvailabilityService(store: store, clock: sharedClock)
        clock.set(try at(2025, 3, 1, 8, 0))
    }

    /// The instant the Berlin wall clock shows the given time (earlier one in an overlap).
    func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) throws -> Date {
        let date = try #require(CivilDate(year: year, month: month, day: day))
        switch zone.resolve(date, secondsOfDay: hour * 3600 + minute * 60) {
        case .exact(let instant), .overlap(let instant, _): return instant
        case .gap: throw SchedError.timeInGap("\(date)", zone: zone.identifier)
        }
    }

    func book(_ name: String, _ start: Date, _ minutes: Int) throws -> Appointment {
        try appointments.book(NewAppointment(customerName: name, start: start, durationMinutes: minutes))
    }
}

private func hours(_ h: Int, _ m: Int = 0) -> Int { h * 3600 + m * 60 }

@Suite struct SmokeTests {
    @Test func bookingIsStoredAndReadBack() throws {
        let f = try Fixture()
        let booked = try f.appointments.book(NewAppointment(
            customerName: "  Ann  ", start: try f.at(2025, 3, 4, 10, 0), durationMinutes: 30,
            note: "first visit", email: "ann@example.com"))
        #expect(booked.number == 1)
        #expect(booked.customerName == "Ann")
        let read = try f.appointments.appointment(.number(1))
        #expect(read == booked)
        #expect(try f.appointments.appointment(.id(booked.id)) == booked)
        #expect(f.zone.iso8601(read.start) == "2025-03-04T10:00:00+01:00")
        #expect(try f.appointments.upcoming(limit: nil).map(\.number) == [1])
        #expect(throws: SchedError.appointmentNotFound("2")) { try f.appointments.appointment(.number(2)) }
    }

    @Test func overlappingBookingIsRefusedButTouchingIsFine() throws {
        let f = try Fixture()
        _ = try f.book("Ann", try f.at(2025, 3, 4, 10, 0), 30)
        let ann = SchedError.slotTakenBy("#1 Ann, Tue 4 Mar 2025 10:00–10:30")
        #expect(throws: ann) { try f.book("Bob", try f.at(2025, 3, 4, 10, 15), 30) }
        #expect(throws: ann) { try f.book("Bob", try f.at(2025, 3, 4, 9, 45), 16) }
        let touching = try f.book("Bob", try f.at(2025, 3, 4, 10, 30), 30)
        #expect(touching.number == 2)
        #expect(throws: ann) {
            try f.appointments.reschedule(.number(2), to: try f.at(2025, 3, 4, 10, 0), durationMinutes: nil)
        }
        let cancelled = try f.appointments.cancel(.number(1))
        #expect(cancelled.status == .cancelled)
        let moved = try f.appointments.reschedule(.number(2), to: try f.at(2025, 3, 4, 10, 0), durationMinutes: nil)
        #expect(moved.sequence == 1 && moved.durationMinutes == 30 && moved.customerName == "Bob")
        #expect(throws: SchedError.appointmentCancelled(1)) { try f.appointments.cancel(.number(1)) }
    }

    @Test func checksRunInOrderAndRefuseBadInput() throws {
        let f = try Fixture()
        #expect(throws: SchedError.bookingInPast) { try f.book("Ann", try f.at(2025, 2, 25, 10, 0), 30) }
        #expect(throws: SchedError(.invalid, "Selected time is not available (Tue 4 Mar 2025 has hours 09:00-17:00); try 'slots on 2025-03-04'")) {
            try f.book("Ann", try f.at(2025, 3, 4, 16, 45), 30)
        }
        #expect(throws: SchedError(.invalid, "Selected time is not available (Sat 8 Mar 2025 is closed); try 'slots on 2025-03-08'")) {
            try f.book("Ann", try f.at(2025, 3, 8, 10, 0), 30)
        }
        #expect(throws: SchedError.fieldRequired("customer_name")) { try f.book("  ", try f.at(2025, 2, 25, 10, 0), 30) }
        #expect(throws: SchedError.durationNotPositive) { try f.book("Ann", try f.at(2025, 3, 4, 10, 0), 0) }
        #expect(throws: SchedError(.validation, "duration_minutes: must be between 1 and 1440")) {
            try f.book("Ann", try f.at(2025, 3, 4, 10, 0), 1441)
        }
        #expect(throws: SchedError(.validation, "email: must be an email address such as name@example.com")) {
            try f.appointments.book(NewAppointment(
                customerName: "Ann", start: try f.at(2025, 3, 4, 10, 0), durationMinutes: 30, email: "ann@example"))
        }
        #expect(throws: SchedError.unknownTimeZone("Mars/Base")) { try f.appointments.setZone("Mars/Base") }
        #expect(try f.appointments.upcoming(limit: nil).isEmpty)
    }

    @Test func wallClockTimesInDSTGapsAndOverlapsResolve() throws {
        let f = try Fixture()
        let spring = try #require(CivilDate(year: 2025, month: 3, day: 30))
        #expect(f.zone.resolve(spring, secondsOfDay: hours(2, 30)) == .gap)
        let afterGap = f.zone.instantForWindowEdge(spring, secondsOfDay: hours(2, 30))
        #expect(f.zone.iso8601(afterGap) == "2025-03-30T03:00:00+02:00")
        let autumn = try #require(CivilDate(year: 2025, month: 10, day: 26))
        guard case .overlap(let earlier, let later) = f.zone.resolve(autumn, secondsOfDay: hours(2, 30)) else {
            Issue.record("02:30 on 2025-10-26 should be ambiguous in Berlin")
            return
        }
        #expect(later.timeIntervalSince(earlier) == 3600)
        #expect(f.zone.iso8601(earlier) == "2025-10-26T02:30:00+02:00")
        #expect(f.zone.civil(later).secondsOfDay == hours(2, 30))
        #expect(SchedError.timeInGap("2025-03-30T02:30", zone: "Europe/Berlin").message
            == "2025-03-30T02:30 does not exist in Europe/Berlin (the clocks skip forward that night)")
    }

    @Test func availabilitySplitsWindowsAndListsFreeSlots() throws {
        let f = try Fixture()
        let tuesday = try #require(CivilDate(year: 2025, month: 3, day: 4))
        let wednesday = tuesday.adding(days: 1)
        _ = try f.book("Ann", try f.at(2025, 3, 4, 10, 0), 60)
        try f.availability.setOverride(date: wednesday, windows: [])
        try f.availability.setWeekly(days: [.saturday], windows: [
            TimeWindow(start: hours(13), end: hours(15)), TimeWindow(start: hours(10), end: hours(12)),
        ])
        let days = try f.availability.days(from: tuesday, through: wednesday)
        #expect(days.map(\.isOverride) == [false, true])
        #expect(days[0].slots.map(\.available) == [true, false, true])
        #expect(days[0].slots.map { f.zone.iso8601($0.start) } == [
            "2025-03-04T09:00:00+01:00", "2025-03-04T10:00:00+01:00", "2025-03-04T11:00:00+01:00",
        ])
        #expect(days[1].slots.isEmpty)
        let slots = try f.availability.slots(from: tuesday, through: wednesday, durationMinutes: 60, everyMinutes: nil)
        #expect(slots.count == 7)
        #expect(!slots.contains { $0.start == (try? f.at(2025, 3, 4, 10, 0)) })
        #expect(try f.availability.weeklySchedule().filter { $0.day == .saturday }.map(\.window.description)
            == ["10:00-12:00", "13:00-15:00"])
        #expect(throws: SchedError.windowsOverlap(TimeWindow(start: hours(9), end: hours(12)),
                                                 TimeWindow(start: hours(11), end: hours(13)))) {
            try f.availability.setWeekly(days: [.monday], windows: [
                TimeWindow(start: hours(11), end: hours(13)), TimeWindow(start: hours(9), end: hours(12)),
            ])
        }
    }

    @Test func idsAreStoredAsFoundationWritesThemInLowerCase() {
        let fixed = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                     UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        for id in fixed + (0..<200).map({ _ in UUID.random() }) {
            #expect(SQLiteTransaction.text(id) == id.uuidString.lowercased())
        }
    }

    /// `UUID(text:)` reads an id in 8-4-4-4-12 hex groups, in either case, to the id Foundation's
    /// `UUID(uuidString:)` reads, and refuses any other text, each id with one character
    /// changed, dropped or added among it. (Foundation is laxer: it takes a dash out of place.)
    @Test func idsAreReadInTheirGroupsOnly() throws {
        let shape = try Regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        let ids = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))] + (0..<20).map { _ in UUID.random() }
        for id in ids {
            let text = id.lowercasedText
            #expect(UUID(text: text) == id)
            #expect(UUID(text: text.uppercased()) == id)
            var variants = ["", text + "0", String(text.dropLast()), "{\(text)}", " " + text,
                            text.replacingOccurrences(of: "-", with: "")]
            let characters = Array(text)
            for index in characters.indices {
                for replacement in ["-", "g", "G", "0", "F", " ", "é"] {
                    var changed = characters
                    changed[index] = Character(replacement)
                    variants.append(String(changed))
                }
            }
            for variant in variants {
                let read = UUID(text: variant)
                #expect((read != nil) == (variant.wholeMatch(of: shape) != nil), "\(variant)")
                if let read {
                    #expect(read == UUID(uuidString: variant), "\(variant)")
                }
            }
        }
    }

    @Test func overlapQueryIsAnIndexRangeScan() throws {
        let f = try Fixture()
        let plan = try f.store.overlapQueryPlan()
        #expect(plan.contains { $0.contains("SEARCH appointments USING INDEX appointments_booked_start") })
    }

    @Test func theOverlapCheckOfABookingReadsTheIndexAlone() throws {
        let f = try Fixture()
        let plan = try f.store.overlapQueryPlan(existence: true)
        #expect(plan.contains { $0.contains("SEARCH appointments USING COVERING INDEX appointments_booked_start") })
    }

    @Test func databaseFileIsPrivateAndAtomicRunsRollBack() throws {
        let f = try Fixture()
        let permissions = try FileManager.default.attributesOfItem(atPath: f.store.path)[.posixPermissions]
        #expect((permissions as? NSNumber)?.intValue == 0o600)
        let run = try f.store.begin()
        let start = try f.at(2025, 3, 4, 10, 0)
        func inRun(_ tx: any StoreTransaction) -> AppointmentService {
            AppointmentService(store: Joined(tx), clock: f.clock)
        }
        _ = try run.step { try inRun($0).book(NewAppointment(customerName: "Ann", start: start, durationMinutes: 30)) }
        #expect(throws: SchedError.slotTakenBy("#1 Ann, Tue 4 Mar 2025 10:00–10:30")) {
            try run.step { try inRun($0).book(NewAppointment(customerName: "Bob", start: start, durationMinutes: 30)) }
        }
        #expect(try run.step { try inRun($0).upcoming(limit: nil).count } == 1)
        #expect(try f.appointments.upcoming(limit: nil).isEmpty, "the run's booking is seen outside it")
        run.rollback()
        #expect(try f.appointments.upcoming(limit: nil).isEmpty)
    }

    @Test func civilDatesRoundTrip() throws {
        #expect(CivilDate(year: 2025, month: 2, day: 30) == nil)
        #expect(CivilDate(daysSinceEpoch: 0).description == "1970-01-01")
        let date = try #require(CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        #expect(date.weekday == .thursday)
        #expect(date.adding(days: 1).description == "2024-03-01")
        #expect(TimeWindow(start: hours(22), end: 86400).description == "22:00-24:00")
    }
}
