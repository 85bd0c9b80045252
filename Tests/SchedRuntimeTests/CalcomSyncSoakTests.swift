import CalComFake
import Foundation
import SchedCore
import SchedRuntime
import Testing

/// Changes pushed through a Cal.com that fails three requests in ten, in every way it can, with
/// a pull now and then; once it stops failing and the outbox is emptied, Cal.com and the
/// database agree exactly.
///
/// The suite makes 150 changes. `SCHED_SOAK_CHANGES` sets another count: the drill
/// `Benchmarks/drills/soak.py` runs this test with a thousand.
@Suite(.serialized) struct CalcomSyncSoakTests {
    /// Changes made when `SCHED_SOAK_CHANGES` is not set: three pulls fall among them.
    static let defaultChanges = 150

    /// `SCHED_SOAK_CHANGES`, or the default; a value that is not a positive count fails the test
    /// rather than quietly running the default.
    static func changeCount() throws -> Int {
        guard let text = ProcessInfo.processInfo.environment["SCHED_SOAK_CHANGES"], !text.isEmpty else {
            return defaultChanges
        }
        return try #require(Int(text).flatMap { $0 > 0 ? $0 : nil }, "SCHED_SOAK_CHANGES=\(text) is not a positive count")
    }

    /// The faults drawn from, weighted, a hundred in all: those that hold a reply past the
    /// client's 1 s timeout cost a second each, and a dropped connection a fifth of one, so
    /// they are drawn less often.
    static let faults: [Fault] =
        Array(repeating: .serverError, count: 24) + Array(repeating: .bareServerError, count: 16)
        + Array(repeating: .applyThenDrop, count: 20) + Array(repeating: .rateLimited(resetSeconds: 1), count: 16)
        + Array(repeating: .dropConnection, count: 12) + Array(repeating: .delay(seconds: 0.01), count: 10)
        + [.timeout(seconds: 2), .applyThenDelay(seconds: 2)]

    @Test func changesThroughFailuresEndInStep() async throws {
        let changes = try Self.changeCount()
        // Two attempts per request instead of three, so that more changes are left to the outbox.
        let fixture = try await CalcomFixture.make(
            policy: SyncPolicy(retryDelay: 2, maxRetryDelay: 8), timeout: 1, attempts: 2)
        try await fixture.connect()
        fixture.fake.randomFailures(rate: 0.3, seed: 0x5EED_CA1, kinds: Self.faults)

        var plan = ChangePlan(seed: 20_300_304)
        // Changes after which the outbox held something: the faults left work to retry.
        var queuedBehind = 0
        for index in 0..<changes {
            if index % 50 == 49 {
                // A pull in the middle of it all may fail, but must not undo a queued change.
                let pulled = try await fixture.run("sync pull")
                #expect(pulled.succeeded || pulled.err.contains("Cal.com"), "\(pulled.err)")
            }
            let change = plan.next()
            let outcome = try await fixture.run(change.statement)
            #expect(outcome.succeeded, "\(change.statement): \(outcome.err)")
            if case .book = change.kind {
                plan.booked(number: try #require(Self.bookedNumber(outcome.out), "\(outcome.out)"))
            }
            if try !fixture.syncStatus().entries.isEmpty { queuedBehind += 1 }
            fixture.advance(seconds: 5)
        }
        #expect(queuedBehind > 0, "no change was left to the outbox: the faults were not felt")
        fixture.fake.clearFaults()
        fixture.advance(seconds: 60)
        for _ in 0..<10 where try !fixture.syncStatus().entries.isEmpty {
            try await fixture.run("sync push")
        }

        let appointments = try fixture.appointments()
        #expect(appointments.count == plan.bookings)
        #expect(appointments.filter { $0.status == .booked }.count == plan.live.count)
        try expectInStep(fixture)
        #expect(fixture.liveBookings.count == plan.live.count)

        let before = try fixture.appointments()
        let pulled = try await fixture.expectSuccess("set output json\nsync pull")
        let report = try #require(jsonLines(pulled.out).first)
        #expect(report["imported"] as? Int == 0)
        #expect(report["moved"] as? Int == 0)
        #expect(report["cancelled"] as? Int == 0)
        #expect(report["linked"] as? Int == 0)
        #expect(report["conflicts"] as? Int == 0)
        #expect(try fixture.appointments() == before)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    /// The number in `Booked 12: Ann — …`.
    private static func bookedNumber(_ output: String) -> Int? {
        guard output.hasPrefix("Booked ") else { return nil }
        return Int(output.dropFirst("Booked ".count).prefix { $0.isNumber })
    }
}

/// A deterministic run of books, reschedules and cancels on half-hour slots of the working
/// hours (Mon–Fri 09:00–17:00) of the eight weeks from Monday 2030-03-04, never two on one slot.
struct ChangePlan {
    enum Kind {
        case book
        case reschedule(number: Int)
        case cancel(number: Int)
    }

    struct Change {
        var kind: Kind
        var statement: String
    }

    private var generator: SplitMix64
    /// The slot each booked appointment holds, by number.
    private(set) var live: [Int: Int] = [:]
    /// The slot the change just planned takes, until its outcome is known.
    private var pendingSlot: Int?
    /// Appointments booked so far.
    private(set) var bookings = 0

    /// Slots per day (09:00 to 17:00 by half hours) and weekdays in the eight weeks.
    private static let slotsPerDay = 16
    private static let slotCount = 40 * slotsPerDay

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// The next change: a booking about half the time (always when nothing is booked), else a
    /// move or a cancel of a booked appointment.
    mutating func next() -> Change {
        let roll = Double.random(in: 0..<1, using: &generator)
        let numbers = live.keys.sorted()
        guard !numbers.isEmpty, roll >= 0.45, let number = numbers.randomElement(using: &generator) else {
            let slot = freeSlot()
            pendingSlot = slot
            return Change(kind: .book, statement: "book \"Customer \(bookings + 1)\" at \(Self.wallTime(slot)) for 30m")
        }
        if roll < 0.8 {
            let slot = freeSlot()
            live[number] = slot
            return Change(kind: .reschedule(number: number), statement: "reschedule \(number) to \(Self.wallTime(slot))")
        }
        live[number] = nil
        return Change(kind: .cancel(number: number), statement: "cancel \(number)")
    }

    /// Records the number the planned booking was given.
    mutating func booked(number: Int) {
        bookings += 1
        live[number] = pendingSlot
        pendingSlot = nil
    }

    private mutating func freeSlot() -> Int {
        let taken = Set(live.values)
        while true {
            let slot = Int.random(in: 0..<Self.slotCount, using: &generator)
            if !taken.contains(slot) { return slot }
        }
    }

    /// `2030-03-04T09:00` for slot 0, in the home zone.
    private static func wallTime(_ slot: Int) -> String {
        let day = slot / slotsPerDay
        let date = firstDay.adding(days: day / 5 * 7 + day % 5)
        let minutes = 9 * 60 + slot % slotsPerDay * 30
        return "\(date)T" + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    private static let firstDay = CivilDate(year: 2030, month: 3, day: 4) ?? CivilDate(daysSinceEpoch: 0)
}
