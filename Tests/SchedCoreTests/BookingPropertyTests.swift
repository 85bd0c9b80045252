import Foundation
import PropertyBased
import SchedTestSupport
import Testing

@testable import SchedCore

/// The seed's properties 5 to 8: booking, refusing, and reading bookings back.
@Suite struct BookingPropertyTests {
    // Feature: appointment-scheduling-system, Property 5: Appointment Creation Success
    @Test("Property 5: Appointment creation success")
    func property5AppointmentCreationSuccess() async {
        let window = zip(pick([0, 0, 1, 30, 600]), pick([0, 0, 1, 45, 600]), Gen.bool(0.3), Gen.bool(0.5))
            .map(WindowAround.init)
        let fields = zip(Gens.customerName, pick(["", "", "  ", "\n "]), Gens.note, Gens.email)
        await propertyCheck(count: 100, input: Gens.zone, Gens.slot, window, fields) { zone, seed, window, fields in
            let (name, padding, note, email) = fields
            let slot = seed.placed(in: zone)
            checking {
                let f = try StoreFixture(zone)
                let interval = slot.interval(in: zone)
                let windows = window.windows(around: interval, on: slot.date, in: zone)
                try window.install(windows, on: slot.date, f)

                let booked = try f.appointments.book(NewAppointment(
                    customerName: padding + name + padding, start: interval.start,
                    durationMinutes: interval.minutes, note: note, email: email))

                #expect(Array(booked.customerName.unicodeScalars) == Array(name.unicodeScalars))
                #expect(booked.start == interval.start)
                #expect(booked.durationMinutes == interval.minutes)
                #expect(booked.end == interval.end)
                #expect(booked.note == (note?.isEmpty == false ? note : nil))
                #expect(booked.email == Self.expectedEmail(email))
                #expect(booked.status == .booked)
                #expect(booked.number == 1)
                #expect(booked.createdAt == StoreFixture.defaultNow && booked.updatedAt == StoreFixture.defaultNow)
                #expect(try f.appointments.appointment(.id(booked.id)) == booked)
            }
        }
    }

    static func expectedEmail(_ email: String?) -> String? {
        guard let email else { return nil }
        let trimmed = String(email.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        return trimmed.isEmpty ? nil : trimmed
    }

    // Feature: appointment-scheduling-system, Property 6: Availability Validation Before Booking
    @Test("Property 6: Availability validation before booking")
    func property6AvailabilityValidationBeforeBooking() async {
        let refusal = zip(Gen.int(in: 0...6), pick([0, 1, 59, 60, 3600, 86400]), Gen.int(in: 1...2_592_000), Gen.int(in: 1...120))
            .map(Unavailability.init)
        let earlier = zip(Gen.int(in: 1...30), Gen.int(in: 0...1439), Gens.duration).array(of: 0...3)
        await propertyCheck(count: 100, input: Gens.zone, Gens.slot, refusal, earlier) { zone, seed, refusal, earlier in
            let slot = seed.placed(in: zone)
            checking {
                let f = try StoreFixture(zone)
                var booked = 0
                for (dayOffset, minute, duration) in earlier {
                    let date = Days.adding(slot.date, dayOffset)
                    try f.availability.setOverride(date: date, windows: [TimeWindow(start: 0, end: 86400)])
                    let interval = SlotSeed(date: date, minute: minute, duration: duration).interval(in: zone)
                    if (try? f.book(interval, name: "Earlier \(booked)")) != nil { booked += 1 }
                }
                let attempt = try refusal.arrange(slot, f)
                let past = attempt.start < f.clock.now
                if refusal.kind != .past, try Self.liesInsideOneWindow(attempt, f) {
                    // A DST overlap can make a window edge land before the booking; close the day.
                    try f.availability.setOverride(date: zone.civil(attempt.start).date, windows: [])
                }
                let inside = try Self.liesInsideOneWindow(attempt, f)
                let before = try f.snapshot()

                let error = thrownError { _ = try f.book(attempt, name: "O'Brien \"😀\"") }

                if past {
                    #expect(error as? SchedError == SchedError.bookingInPast, "\(refusal): \(attempt)")
                } else if !inside {
                    let refused = try #require(error as? SchedError)
                    #expect(refused.refines(.timeNotAvailable), "\(refusal): \(attempt)")
                    #expect(refused.message.hasSuffix("try 'slots on \(f.zone.civil(attempt.start).date)'"), "\(refused)")
                } else {
                    // Only "now" exactly at the start gets here: that is not in the past.
                    #expect(refusal.kind == .past && refusal.pastBy == 0, "the generator made a bookable time")
                    #expect(error == nil, "booking at exactly now: \(String(describing: error))")
                    #expect(try f.snapshot().appointments.count == before.appointments.count + 1)
                    booked += 1
                    return
                }
                #expect(try f.snapshot() == before, "a refused booking wrote something")
                // No number was used up by the refused booking.
                f.clock.set(StoreFixture.defaultNow)
                let spare = Days.adding(slot.date, 31)
                try f.availability.setOverride(date: spare, windows: [TimeWindow(start: 0, end: 86400)])
                let next = try f.book(SlotSeed(date: spare, minute: 600, duration: 30).interval(in: zone))
                #expect(next.number == booked + 1)
            }
        }
    }

    /// Whether the oracle puts the interval inside one window of its start's date.
    static func liesInsideOneWindow(_ interval: Interval, _ f: StoreFixture) throws -> Bool {
        let date = f.zone.civil(interval.start).date
        let windows = try f.availability.windows(on: date).windows
        return windows.contains { window in
            f.zone.windowEdge(date, window.start) <= interval.start && interval.end <= f.zone.windowEdge(date, window.end)
        }
    }

    // Feature: appointment-scheduling-system, Property 7: Double Booking Prevention
    @Test("Property 7: Double booking prevention", arguments: Backend.allCases)
    func property7DoubleBookingPrevention(_ backend: Backend) async {
        let second = zip(Gen.int(in: 0...9), Gens.duration, Gen.int(in: 0...100_000), Gen.int(in: -1500...1500))
            .map(SecondBooking.init)
        await propertyCheck(count: 100, input: Gens.zone, Gens.slot, second, Gens.customerName) { zone, slot, second, name in
            checking {
                let f = try StoreFixture(zone, backend: backend)
                try f.openAllHours()
                let first = slot.interval(in: zone)
                let stored = try f.book(first, name: name)
                let attempt = second.interval(relativeTo: first)
                let before = try f.snapshot()

                let error = thrownError { _ = try f.book(attempt, name: name) }

                let crossesMidnight = attempt.end > zone.endOfDay(containing: attempt.start)
                if attempt.start < f.clock.now {
                    #expect(error as? SchedError == .bookingInPast)
                } else if crossesMidnight {
                    #expect((error as? SchedError)?.refines(.timeNotAvailable) == true, "\(attempt) crosses midnight")
                } else if attempt.overlaps(first) {
                    // The seed's message, naming the booking in the way.
                    #expect(error as? SchedError == .slotTakenBy(SeriesText.appointment(stored, zone: f.zone.zone)),
                            "\(attempt) overlaps \(first)")
                    // By scalars: a name may open with a combining mark, which joins the space before it.
                    let opening = "Time slot is already booked (#\(stored.number) ".unicodeScalars
                    #expect((error as? SchedError)?.message.unicodeScalars.starts(with: opening) == true)
                } else {
                    #expect(error == nil, "\(attempt) does not overlap \(first) but: \(String(describing: error))")
                }
                let after = try f.snapshot()
                if error != nil {
                    #expect(after == before, "a refused booking wrote something")
                } else {
                    #expect(after.appointments.count == 2 && after.appointments.first == stored)
                }
            }
        }
    }

    // Feature: appointment-scheduling-system, Property 8: Appointment Persistence Round Trip
    @Test("Property 8: Appointment persistence round trip")
    func property8AppointmentPersistenceRoundTrip() async {
        await propertyCheck(
            count: 100, input: Gens.zone, Gens.chainLink.array(of: 1...6), Gens.customerName.array(of: 6)
        ) { zone, chain, names in
            checking {
                let f = try StoreFixture(zone)
                try f.openAllHours()
                let intervals = plan(chain, in: zone)
                var booked: [Appointment] = []
                for (interval, name) in zip(intervals, names) {
                    booked.append(try f.book(interval, name: name))
                }
                for (appointment, (interval, name)) in zip(booked, zip(intervals, names)) {
                    let byNumber = try f.appointments.appointment(.number(appointment.number))
                    let byID = try f.appointments.appointment(.id(appointment.id))
                    #expect(byNumber == appointment && byID == appointment)
                    #expect(Array(byID.customerName.unicodeScalars) == Array(name.unicodeScalars))
                    #expect(byID.start == interval.start && byID.durationMinutes == interval.minutes)
                }
                #expect(booked.map(\.number) == Array(1...booked.count))
                #expect(Set(booked.map(\.id)).count == booked.count)
                let missing = booked.count + 1
                #expect(throws: SchedError.appointmentNotFound(String(missing))) {
                    try f.appointments.appointment(.number(missing))
                }
                let unknown = UUID()
                #expect(throws: SchedError.appointmentNotFound(unknown.uuidString.lowercased())) {
                    try f.appointments.appointment(.id(unknown))
                }
            }
        }
    }
}

/// A window put around a booking with some room on each side, set for its weekday or its date.
struct WindowAround: Sendable, CustomStringConvertible {
    let roomBefore: Int
    let roomAfter: Int
    let toMidnight: Bool
    let weekly: Bool

    var description: String { "-\(roomBefore)m/+\(roomAfter)m\(toMidnight ? " to 24:00" : "")\(weekly ? " weekly" : " override")" }

    /// The window, checked against the oracle; the whole day when the room would not hold it
    /// (an end that reads twice in a DST overlap, say).
    func windows(around interval: Interval, on date: CivilDate, in zone: ZoneCase) -> [TimeWindow] {
        let startWall = zone.civil(interval.start).secondsOfDay
        let start = max(0, startWall - roomBefore * 60)
        let (endDate, endWall) = zone.civil(interval.end)
        let end = toMidnight || endDate != date ? 86400 : min(86400, endWall + roomAfter * 60)
        let fits = start < end && zone.windowEdge(date, start) <= interval.start && interval.end <= zone.windowEdge(date, end)
        let window = fits ? TimeWindow(start: start, end: end) : TimeWindow(start: 0, end: 86400)
        // A second window, touching the first, so that back-to-back windows are in play.
        if window.end < 86400 { return [window, TimeWindow(start: window.end, end: 86400)].shuffledByEnd() }
        return [window]
    }

    func install(_ windows: [TimeWindow], on date: CivilDate, _ f: StoreFixture) throws {
        if weekly {
            try f.availability.setWeekly(days: [Days.weekday(date)], windows: windows)
        } else {
            try f.availability.setOverride(date: date, windows: windows)
        }
    }
}

extension Array where Element == TimeWindow {
    /// Latest end first, so that services cannot rely on being given sorted windows.
    func shuffledByEnd() -> [TimeWindow] {
        sorted { $0.end > $1.end }
    }
}

/// How property 6 makes a time unbookable.
struct Unavailability: Sendable, CustomStringConvertible {
    enum Kind: Int, Sendable {
        case past, closedDate, closedWeekday, startsBeforeWindow, endsAfterWindow, acrossTouchingWindows, acrossMidnight
    }

    let kind: Kind
    /// How far in the past (seconds): an edge value, or any up to 30 days.
    let pastBy: Int
    /// How far a window edge misses the booking, in minutes.
    let miss: Int

    init(kind: Int, edgePast: Int, anyPast: Int, miss: Int) {
        self.kind = Kind(rawValue: kind) ?? .past
        pastBy = anyPast % 4 == 0 ? anyPast : edgePast
        self.miss = miss
    }

    var description: String { "\(kind) (past by \(pastBy)s, miss \(miss)m)" }

    /// Sets up the schedule (and clock) and gives back the interval to try.
    func arrange(_ slot: SlotSeed, _ f: StoreFixture) throws -> Interval {
        let zone = f.zone
        let date = slot.date
        // Late starts leave no room for a window edge after them; start those at 10:00.
        let late = zone.civil(slot.interval(in: zone).start).secondsOfDay >= 1380 * 60
        let interval = (late ? SlotSeed(date: date, minute: 600, duration: slot.duration) : slot).interval(in: zone)
        let (_, startWall) = zone.civil(interval.start)
        switch kind {
        case .past:
            try f.availability.setOverride(date: date, windows: [TimeWindow(start: 0, end: 86400)])
            f.clock.set(interval.start.addingTimeInterval(Double(pastBy)))
            return interval
        case .closedDate:
            try f.availability.setOverride(date: date, windows: [])
            return interval
        case .closedWeekday:
            try f.availability.setWeekly(days: [Days.weekday(date)], windows: [])
            return interval
        case .startsBeforeWindow:
            let start = min(startWall + miss * 60, 86400 - 60)
            try f.availability.setOverride(date: date, windows: [TimeWindow(start: start, end: 86400)])
            return Interval(start: interval.start, minutes: max(interval.minutes, 1))
        case .endsAfterWindow:
            let room = Int(zone.endOfDay(containing: interval.start).timeIntervalSince(interval.start)) / 60
            let minutes = min(room, max(interval.minutes, miss + 1))
            let shortened = Interval(start: interval.start, minutes: minutes)
            let endWall = shortened.end >= zone.endOfDay(containing: interval.start) ? 86400 : zone.civil(shortened.end).secondsOfDay
            let end = max(startWall + 60, endWall - miss * 60)
            try f.availability.setOverride(date: date, windows: [TimeWindow(start: startWall, end: min(end, 86400 - 60))])
            return shortened
        case .acrossTouchingWindows:
            let room = Int(zone.endOfDay(containing: interval.start).timeIntervalSince(interval.start)) / 60
            let minutes = min(room, max(2, interval.minutes))
            let middle = interval.start.addingTimeInterval(Double(min(miss, minutes - 1) * 60))
            let middleWall = zone.civil(middle).secondsOfDay
            try f.availability.setOverride(date: date, windows: [
                TimeWindow(start: middleWall, end: 86400), TimeWindow(start: 0, end: middleWall),
            ])
            return Interval(start: interval.start, minutes: minutes)
        case .acrossMidnight:
            try f.openAllHours()
            let end = zone.endOfDay(containing: interval.start)
            let start = end.addingTimeInterval(-Double(min(miss, 60) * 60))
            return Interval(start: start, minutes: min(miss, 60) + max(1, interval.minutes % 120))
        }
    }
}

/// The second booking of property 7, placed against the first.
struct SecondBooking: Sendable, CustomStringConvertible {
    enum Relation: Sendable { case overlapping, touchingBefore, touchingAfter, near }

    let relation: Relation
    let duration: Int
    let fraction: Int
    let shift: Int

    init(choice: Int, duration: Int, fraction: Int, shift: Int) {
        relation = switch choice {
        case 0...3: .overlapping
        case 4, 5: .touchingBefore
        case 6, 7: .touchingAfter
        default: .near
        }
        self.duration = duration
        self.fraction = fraction
        self.shift = shift
    }

    var description: String { "\(relation) for \(duration)m (\(fraction), \(shift))" }

    func interval(relativeTo first: Interval) -> Interval {
        switch relation {
        case .overlapping:
            // Starts from `duration - 1` minutes before the first to one minute before its end.
            let lowest = -(duration - 1)
            let offset = lowest + fraction % (first.minutes - 1 - lowest + 1)
            return Interval(start: first.start.addingTimeInterval(Double(offset * 60)), minutes: duration)
        case .touchingBefore:
            return Interval(start: first.start.addingTimeInterval(-Double(duration * 60)), minutes: duration)
        case .touchingAfter:
            return Interval(start: first.end, minutes: duration)
        case .near:
            return Interval(start: first.start.addingTimeInterval(Double(shift * 60)), minutes: duration)
        }
    }
}
