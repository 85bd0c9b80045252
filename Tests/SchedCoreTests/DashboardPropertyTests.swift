import Foundation
import PropertyBased
import SchedTestSupport
import Testing

@testable import SchedCore

/// The seed's properties 12 and 14: the dashboard's upcoming appointments and their order.
@Suite struct DashboardPropertyTests {
    // Feature: appointment-scheduling-system, Property 12: Dashboard Returns All Upcoming Appointments
    @Test("Property 12: Dashboard returns all upcoming appointments")
    func property12DashboardReturnsAllUpcomingAppointments() async {
        let now = zip(Gen.int(in: 0...4), Gen.int(in: 0...7), Gen.int(in: -172_800...31_536_000)).map(NowSeed.init)
        await propertyCheck(
            count: 100, input: Gens.zone, Gens.chainLink.array(of: 1...8), Gen.int(in: 0...255), now,
            Gen.int(in: 1...10).optional(valueRate: 0.3)
        ) { zone, chain, cancelMask, nowSeed, limit in
            checking {
                let f = try StoreFixture(zone)
                try f.openAllHours()
                var appointments: [Appointment] = []
                for (index, interval) in plan(chain, in: zone).enumerated() {
                    let booked = try f.book(interval, name: "Customer \(index)")
                    appointments.append(cancelMask & (1 << index) != 0 ? try f.appointments.cancel(.id(booked.id)) : booked)
                }
                let now = nowSeed.instant(among: appointments)
                f.clock.set(now)

                let expected = appointments.filter { $0.status == .booked && $0.start >= now }
                    .sorted { ($0.start, $0.number) < ($1.start, $1.number) }

                #expect(try f.appointments.upcoming(limit: nil) == expected, "now \(now)")
                #expect(try f.appointments.appointments(from: now, to: nil) == expected)
                if let limit {
                    #expect(try f.appointments.upcoming(limit: limit) == Array(expected.prefix(limit)))
                }
            }
        }
    }

    // Feature: appointment-scheduling-system, Property 14: Appointments Sorted Chronologically
    @Test("Property 14: Appointments sorted chronologically")
    func property14AppointmentsSortedChronologically() async {
        await propertyCheck(
            count: 100, input: Gens.zone, Gens.chainLink.array(of: 2...10), Gen.bool(), Gens.futureDate, Gen.int(in: 0...120)
        ) { zone, chain, reversed, from, days in
            checking {
                let f = try StoreFixture(zone)
                try f.openAllHours()
                let intervals = plan(chain, in: zone)
                var booked: [Appointment] = []
                for interval in reversed ? intervals.reversed() : intervals {
                    booked.append(try f.book(interval, name: "Customer \(booked.count)"))
                }
                let upcoming = try f.appointments.upcoming(limit: nil)
                #expect(Self.isChronological(upcoming), "\(upcoming.map(\.start))")
                #expect(Set(upcoming.map(\.id)) == Set(booked.map(\.id)))

                let start = zone.windowEdge(from, 0)
                let end = zone.windowEdge(Days.adding(from, days), 86400)
                let listed = try f.appointments.appointments(from: start, to: end)
                #expect(Self.isChronological(listed), "\(listed.map(\.start))")
                #expect(Set(listed.map(\.id)) == Set(booked.filter { $0.start >= start && $0.start < end }.map(\.id)))
            }
        }
    }

    static func isChronological(_ appointments: [Appointment]) -> Bool {
        zip(appointments, appointments.dropFirst()).allSatisfy { earlier, later in
            earlier.start < later.start || (earlier.start == later.start && earlier.number < later.number)
        }
    }
}

/// "Now" for property 12: exactly at a booking's start, a second either side, or anywhere.
struct NowSeed: Sendable, CustomStringConvertible {
    let kind: Int
    let index: Int
    let offset: Int

    func instant(among appointments: [Appointment]) -> Date {
        let sorted = appointments.map(\.start).sorted()
        guard let earliest = sorted.first else { return StoreFixture.defaultNow }
        let anchor = sorted[index % sorted.count]
        switch kind {
        case 0: return anchor
        case 1: return anchor.addingTimeInterval(1)
        case 2: return anchor.addingTimeInterval(-1)
        default: return max(StoreFixture.defaultNow, earliest.addingTimeInterval(Double(offset)))
        }
    }

    var description: String { "kind \(kind), index \(index), offset \(offset)s" }
}
