import Foundation
import PropertyBased
import SchedTestSupport
import Testing

@testable import SchedCore

/// Series booked through the service against references that share no code with it: the dates
/// from RFC 5545 read day by day (`RecurrencePropertyTests.Reference`), the instants from the
/// zones' transitions written out by hand (`ZoneCase`).
@Suite struct SeriesPropertyTests {
    /// The year whose transitions `ZoneCase` knows.
    static let lastCompared = Days.parse("2025-12-31")

    @Test("A series' occurrences are the rule's dates at its wall time, gaps skipped")
    func occurrencesAreTheRulesDatesAtTheWallTime() async {
        await propertyCheck(count: 120, input: Gens.zone, Self.rule, Self.firstDay, Self.time) { zone, rule, first, time in
            checking {
                // A month before the first date the generator gives, so no occurrence is past.
                let f = try StoreFixture(zone, now: Date(timeIntervalSince1970: 1_733_011_200))
                try f.openAllHours()
                let series = SeriesService(store: f.store, clock: f.clock)
                let booking = try series.book(
                    NewSeries(customerName: "Ann", rule: rule, firstDate: first, secondsOfDay: time, durationMinutes: 15),
                    skipConflicts: true)
                let reference = RecurrencePropertyTests.Reference(rule: rule, first: first)
                    .dates(through: Self.lastCompared, lastDate: nil)
                var expectedStarts: [Date] = []
                var expectedGaps: [Date] = []
                for date in reference {
                    switch zone.reading(date, time) {
                    case .exact(let instant), .overlap(let instant, _):
                        expectedStarts.append(Date(timeIntervalSince1970: Double(instant)))
                    case .gap(let end): expectedGaps.append(Date(timeIntervalSince1970: Double(end)))
                    }
                }
                let endOfYear = zone.zone.startOfDay(Self.lastCompared.adding(days: 1))
                let stored = booking.booked.map(\.start).filter { $0 < endOfYear }
                #expect(stored == expectedStarts, "\(zone) \(rule.text) from \(first) at \(time)")
                #expect(booking.skipped.map(\.originalStart).filter { $0 < endOfYear } == expectedGaps)
                #expect(booking.booked.allSatisfy { $0.occurrence?.originalStart == $0.start })
            }
        }
    }

    @Test("No two booked appointments overlap, series or not")
    func noTwoBookedAppointmentsOverlap() async {
        let plan = zip(Self.rule, Self.firstDay, Self.time, Gen.int(in: 15...240)).array(of: 2...4)
        let oneOffs = zip(Gen.int(in: 0...180), Gen.int(in: 0...95), Gen.int(in: 15...240)).array(of: 0...6)
        await propertyCheck(count: 100, input: Gens.zone, plan, oneOffs) { zone, plan, oneOffs in
            checking {
                let f = try StoreFixture(zone)
                try f.openAllHours()
                let series = SeriesService(store: f.store, clock: f.clock)
                for (day, quarter, minutes) in oneOffs {
                    let start = zone.zone.instantForWindowEdge(Gens.firstDay.adding(days: day), secondsOfDay: quarter * 900)
                    _ = try? f.appointments.book(NewAppointment(customerName: "Bo", start: start, durationMinutes: minutes))
                }
                for (rule, first, time, minutes) in plan {
                    _ = try? series.book(NewSeries(customerName: "Cy", rule: rule, firstDate: first, secondsOfDay: time,
                                                   durationMinutes: minutes), skipConflicts: Bool.random())
                }
                let booked = try f.appointments.appointments(from: Date(timeIntervalSince1970: 0), to: nil)
                for (earlier, later) in zip(booked, booked.dropFirst()) {
                    #expect(earlier.end <= later.start, "#\(earlier.number) overlaps #\(later.number)")
                }
            }
        }
    }

    @Test("Occurrences changed alone survive series edits")
    func exceptionsSurviveSeriesEdits() async {
        let edit = zip(Gen.int(in: 0...3), Gen.int(in: -3...3), Gen.int(in: 32...80), Gen.int(in: 15...90))
        await propertyCheck(count: 100, input: Gens.zone, Gen.int(in: 2...9), Gen.bool(0.5), edit) {
            zone, index, cancels, edit in
            let (kind, days, quarter, minutes) = edit
            checking {
                let f = try StoreFixture(zone)
                try f.openAllHours()
                let series = SeriesService(store: f.store, clock: f.clock)
                let weekly = RecurrenceRule(frequency: .weekly, byDay: [.init(.wednesday)], end: .count(10))
                let booking = try series.book(
                    NewSeries(customerName: "Ann", rule: weekly, firstDate: Days.parse("2025-01-08"),
                              secondsOfDay: 10 * 3600, durationMinutes: 30), skipConflicts: false)
                let target = booking.booked[index]
                let exception = cancels
                    ? try f.appointments.cancel(.id(target.id))
                    : try f.appointments.reschedule(.id(target.id), to: target.start.addingTimeInterval(-3600),
                                                    durationMinutes: 20)
                let first = booking.booked[0]
                switch kind {
                case 0:
                    _ = try series.update(.id(first.id), AppointmentChanges(customerName: "Ann B", note: "new"))
                case 1:
                    _ = try series.update(.id(first.id), AppointmentChanges(durationMinutes: minutes))
                default:
                    let local = zone.zone.civil(first.start).date.adding(days: days)
                    let start = zone.zone.instantForWindowEdge(local, secondsOfDay: quarter * 900)
                    _ = try series.reschedule(.id(first.id), to: start, durationMinutes: nil, skipConflicts: true)
                }
                let after = try f.appointments.appointment(.id(target.id))
                #expect(after.start == exception.start && after.end == exception.end)
                #expect(after.status == exception.status)
                #expect(after.customerName == "Ann" && after.note == nil)
                #expect(after.occurrence?.isException == true)
            }
        }
    }

    // MARK: Generators

    /// Weekly and monthly rules of the kinds the language writes, some open-ended.
    static let rule = zip(Gen.int(in: 0...3), Gen.int(in: 1...3), Gen.int(in: 1...7).array(of: 1...3),
                          pick([1, 5, 15, 28, -1]), pick([1, 2, 3, 4, -1]), zip(Gen.bool(0.5), Gen.int(in: 1...30)))
        .map { kind, interval, days, monthDay, ordinal, count -> RecurrenceRule in
            let end: RecurrenceRule.End? = count.0 ? .count(count.1) : nil
            let weekdays = Array(Set(days)).sorted().map { RecurrenceRule.DayRule(Weekday(rawValue: $0)!) }
            switch kind {
            case 0, 1: return RecurrenceRule(frequency: .weekly, interval: interval, byDay: weekdays, end: end)
            case 2: return RecurrenceRule(frequency: .monthly, interval: interval, byMonthDay: [monthDay], end: end)
            default:
                return RecurrenceRule(frequency: .monthly, interval: interval,
                                      byDay: [RecurrenceRule.DayRule(weekdays[0].weekday, ordinal: ordinal)], end: end)
            }
        }

    /// A first date in the first half of 2025 (the fixture's clock is 1 January 2025).
    static let firstDay = Gen.int(in: 0...180).map { Gens.firstDay.adding(days: $0) }

    /// A wall time on the quarter hour, often inside the hours the clocks skip or repeat.
    static let time = zip(Gen.bool(0.3), Gen.int(in: 0...95), pick([1, 2])).map { night, quarter, hour in
        night ? hour * 3600 + 1800 : quarter * 900
    }
}
