import Foundation
import PropertyBased
import SchedTestSupport
import Testing

@testable import SchedCore

/// Buffers and limits hold after any sequence of bookings and moves, and a refusal names a rule.
@Suite struct BookingRulesPropertyTests {
    struct Rules: Sendable, CustomStringConvertible {
        let before: Int
        let after: Int
        let perDay: Int?
        let perWeek: Int?
        var description: String { "buffers \(before)/\(after), per day \(perDay.map(String.init) ?? "-"), per week \(perWeek.map(String.init) ?? "-")" }

        static let gen = zip(pick([0, 0, 5, 10, 30]), pick([0, 5, 15, 45]), pick([nil, 1, 2, 3] as [Int?]),
                             pick([nil, 2, 4, 7] as [Int?])).map(Rules.init)
    }

    /// A booking or a move of an earlier one, somewhere in the first two weeks of January.
    struct Step: Sendable, CustomStringConvertible {
        let moves: Bool
        let which: Int
        let day: Int
        let minute: Int
        let duration: Int
        var description: String { "\(moves ? "move \(which) to" : "book") day \(day) +\(minute)m for \(duration)m" }

        static let gen = zip(Gen.bool(0.3), Gen.int(in: 0...20), Gen.int(in: 1...14), Gen.int(in: 0...(23 * 60)),
                             pick([15, 30, 45, 60, 90])).map(Step.init)
    }

    static let ruleMessages = ["Time slot is too close to", "(limit per day)", "(limit per week)",
                               "Time slot is already booked", "Selected time is not available"]

    // Feature: sched, buffers and limits are never violated by books and reschedules
    @Test("Buffers and limits hold after any sequence of bookings and moves")
    func buffersAndLimitsAreNeverViolated() async {
        await propertyCheck(count: 100, input: Rules.gen, Step.gen.array(of: 1...25)) { rules, steps in
            checking {
                let f = try StoreFixture(.utc)
                try f.openAllHours()
                _ = try f.appointments.setRule(.bufferBefore(rules.before))
                _ = try f.appointments.setRule(.bufferAfter(rules.after))
                _ = try f.appointments.setRule(.limitPerDay(rules.perDay))
                _ = try f.appointments.setRule(.limitPerWeek(rules.perWeek))
                var booked: [Appointment] = []
                for step in steps {
                    let start = StoreFixture.defaultNow.addingTimeInterval(Double(step.day * 86_400 + step.minute * 60))
                    do {
                        if step.moves, !booked.isEmpty {
                            let target = booked[step.which % booked.count]
                            _ = try f.appointments.reschedule(.id(target.id), to: start, durationMinutes: step.duration)
                        } else {
                            _ = try f.appointments.book(NewAppointment(customerName: "C", start: start, durationMinutes: step.duration))
                        }
                    } catch let error as SchedError {
                        #expect(Self.ruleMessages.contains { error.message.contains($0) }, "\(step): \(error)")
                    }
                    booked = try f.appointments.appointments(from: .distantPast, to: nil)
                    Self.expectRulesHold(booked, rules, after: step)
                }
            }
        }
    }

    static func expectRulesHold(_ booked: [Appointment], _ rules: Rules, after step: Step) {
        let sorted = booked.sorted { $0.start < $1.start }
        let gap = Double((rules.before + rules.after) * 60)
        for (earlier, later) in zip(sorted, sorted.dropFirst()) {
            #expect(later.start.timeIntervalSince(earlier.end) >= gap, "after \(step): #\(earlier.number) and #\(later.number) closer than the buffers")
        }
        let days = Dictionary(grouping: sorted) { Int($0.start.timeIntervalSince1970) / 86_400 }
        if let limit = rules.perDay {
            #expect(days.values.allSatisfy { $0.count <= limit }, "after \(step): a day over \(limit)")
        }
        if let limit = rules.perWeek {
            // 1 January 1970 was a Thursday: weeks from Monday start three days later.
            let weeks = Dictionary(grouping: sorted) { (Int($0.start.timeIntervalSince1970) / 86_400 + 3) / 7 }
            #expect(weeks.values.allSatisfy { $0.count <= limit }, "after \(step): a week over \(limit)")
        }
    }
}
