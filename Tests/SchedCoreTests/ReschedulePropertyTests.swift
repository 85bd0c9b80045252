import Foundation
import PropertyBased
import SchedTestSupport
import Testing

@testable import SchedCore

/// The seed's properties 9 to 11: moving appointments.
@Suite struct ReschedulePropertyTests {
    // Feature: appointment-scheduling-system, Property 9: Appointment Rescheduling Updates Time
    @Test("Property 9: Appointment rescheduling updates time")
    func property9AppointmentReschedulingUpdatesTime() async {
        let move = zip(Gen.bool(0.6), pick([0, 1, -1, 30, -30, 60, 1440, -1440]), Gen.int(in: -720...720), Gens.slot,
                       Gens.duration.optional(valueRate: 0.4))
            .map(Move.init)
        await propertyCheck(
            count: 100, input: Gens.zone, Gens.chainLink.array(of: 1...4), Gen.int(in: 0...3), move
        ) { zone, chain, which, move in
            checking {
                let f = try StoreFixture(zone)
                try f.openAllHours()
                var booked: [Appointment] = []
                for interval in plan(chain, in: zone) { booked.append(try f.book(interval, name: "Ann \(booked.count)")) }
                let target = booked[which % booked.count]
                let others = booked.filter { $0.id != target.id }
                f.clock.set(StoreFixture.defaultNow.addingTimeInterval(3600))
                let destination = move.destination(for: target, in: zone)
                let before = try f.snapshot()

                let result = Result { try f.appointments.reschedule(.number(target.number), to: destination.start, durationMinutes: move.duration) }

                switch Self.expectedRefusal(destination, now: f.clock.now, others: others, in: zone) {
                case let refusal?:
                    #expect(Self.error(of: result)?.refines(refusal) == true, "\(move) to \(destination): \(String(describing: Self.error(of: result)))")
                    #expect(try f.snapshot() == before)
                case nil:
                    let moved = try result.get()
                    #expect(moved.start == destination.start)
                    #expect(moved.durationMinutes == destination.minutes)
                    #expect(moved.sequence == target.sequence + 1 && moved.updatedAt == f.clock.now)
                    #expect(try f.appointments.appointment(.number(target.number)) == moved)
                    #expect(try f.appointments.appointment(.id(target.id)).start == destination.start)
                    let untouched = try others.map { try f.appointments.appointment(.id($0.id)) }
                    #expect(untouched == others, "rescheduling one appointment changed another")
                }
            }
        }
    }

    /// Past, availability, conflict, in the order DESIGN §3 checks them; nil when bookable.
    static func expectedRefusal(_ interval: Interval, now: Date, others: [Appointment], in zone: ZoneCase) -> SchedError? {
        if interval.start < now { return .bookingInPast }
        if interval.end > zone.endOfDay(containing: interval.start) { return .timeNotAvailable }
        if others.contains(where: interval.overlaps) { return .slotAlreadyBooked }
        return nil
    }

    static func error(of result: Result<Appointment, any Error>) -> SchedError? {
        if case .failure(let error) = result { return error as? SchedError }
        return nil
    }

    // Feature: appointment-scheduling-system, Property 10: Rescheduling Conflict Prevention
    @Test("Property 10: Rescheduling conflict prevention", arguments: Backend.allCases)
    func property10ReschedulingConflictPrevention(_ backend: Backend) async {
        await propertyCheck(
            count: 100, input: Gens.zone, Gens.slot, Gens.slot, Gen.bool(), Gens.duration.optional(valueRate: 0.5),
            Gen.int(in: 0...100_000)
        ) { zone, seed, second, moveFirst, duration, fraction in
            let first = seed.placed(in: zone)
            checking {
                let f = try StoreFixture(zone, backend: backend)
                try f.openAllHours()
                let a = try f.book(first.interval(in: zone), name: "Ann")
                // The other booking goes on a later day, so the two never overlap to begin with.
                let laterDay = SlotSeed(date: Days.adding(first.date, 1 + second.date.day % 5), minute: second.minute,
                                        duration: second.duration)
                let b = try f.book(laterDay.interval(in: zone), name: "Bob")
                let (moving, staying) = moveFirst ? (a, b) : (b, a)
                let minutes = duration ?? moving.durationMinutes
                let lowest = -(minutes - 1)
                let offset = lowest + fraction % (staying.durationMinutes + minutes - 1)
                let destination = Interval(start: staying.start.addingTimeInterval(Double(offset * 60)), minutes: minutes)
                #expect(destination.overlaps(staying), "the generator should aim at the other booking")
                let before = try f.snapshot()

                let result = Result { try f.appointments.reschedule(.id(moving.id), to: destination.start, durationMinutes: duration) }

                let expected = Self.expectedRefusal(destination, now: f.clock.now, others: [staying], in: zone)
                #expect(expected != nil)
                // A conflict names the booking in the way; the other refusals add their own detail.
                let error = Self.error(of: result)
                if expected == .slotAlreadyBooked {
                    #expect(error == .slotTakenBy(SeriesText.appointment(staying, zone: f.zone.zone)), "moving \(moving.number) onto \(destination)")
                }
                #expect(expected.map { error?.refines($0) == true } == true, "moving \(moving.number) onto \(destination): \(String(describing: Self.error(of: result)))")
                #expect(try f.snapshot() == before, "a refused reschedule changed the store")
                #expect(try f.appointments.appointment(.id(moving.id)) == moving)
            }
        }
    }

    // Feature: appointment-scheduling-system, Property 11: Rescheduling Preserves Appointment Details
    @Test("Property 11: Rescheduling preserves appointment details")
    func property11ReschedulingPreservesAppointmentDetails() async {
        await propertyCheck(
            count: 100, input: Gens.zone, Gens.slot, Gens.slot, zip(Gens.customerName, Gens.note, Gens.email), Gen.bool()
        ) { zone, original, target, fields, viaUpdate in
            let (name, note, email) = fields
            checking {
                let f = try StoreFixture(zone)
                try f.openAllHours()
                let booked = try f.book(original.interval(in: zone), name: name, note: note, email: email)
                let start = Self.place(booked.durationMinutes, near: target.placed(in: zone), in: zone)

                let moved = viaUpdate
                    ? try f.appointments.update(.number(booked.number), AppointmentChanges(start: start))
                    : try f.appointments.reschedule(.number(booked.number), to: start, durationMinutes: nil)

                let read = try f.appointments.appointment(.id(booked.id))
                for appointment in [moved, read] {
                    #expect(appointment.start == start)
                    #expect(Array(appointment.customerName.unicodeScalars) == Array(booked.customerName.unicodeScalars))
                    #expect(appointment.durationMinutes == booked.durationMinutes)
                    #expect(appointment.note == booked.note && appointment.email == booked.email)
                    #expect(appointment.id == booked.id && appointment.number == booked.number)
                    #expect(appointment.status == .booked && appointment.createdAt == booked.createdAt)
                }
            }
        }
    }

    /// A start near the seed's that leaves room for `minutes` before the day ends, on the
    /// seed's date or the next date long enough.
    static func place(_ minutes: Int, near seed: SlotSeed, in zone: ZoneCase) -> Date {
        var date = seed.date
        while true {
            let dayStart = zone.windowEdge(date, 0)
            let latest = zone.windowEdge(date, 86400).addingTimeInterval(-Double(minutes * 60))
            if dayStart <= latest {
                return min(max(zone.startInstant(date, seed.minute * 60), dayStart), latest)
            }
            date = Days.adding(date, 1)
        }
    }
}

/// Where property 9 moves an appointment: by some minutes, or to another slot altogether.
struct Move: Sendable, CustomStringConvertible {
    let shiftsOwnTime: Bool
    let shiftMinutes: Int
    let slot: SlotSeed
    let duration: Int?

    init(shiftsOwnTime: Bool, edgeShift: Int, anyShift: Int, slot: SlotSeed, duration: Int?) {
        self.shiftsOwnTime = shiftsOwnTime
        shiftMinutes = anyShift % 2 == 0 ? edgeShift : anyShift
        self.slot = slot
        self.duration = duration
    }

    func destination(for appointment: Appointment, in zone: ZoneCase) -> Interval {
        let minutes = duration ?? appointment.durationMinutes
        if shiftsOwnTime {
            return Interval(start: appointment.start.addingTimeInterval(Double(shiftMinutes * 60)), minutes: minutes)
        }
        return Interval(start: slot.interval(in: zone).start, minutes: minutes)
    }

    var description: String {
        (shiftsOwnTime ? "shift \(shiftMinutes)m" : "to \(slot)") + (duration.map { " for \($0)m" } ?? "")
    }
}
