import Foundation
import PropertyBased
import SchedTestSupport
import Testing

@testable import SchedCore

/// The seed's properties 3 and 4: what working hours the availability service gives back.
@Suite struct AvailabilityPropertyTests {
    // Feature: appointment-scheduling-system, Property 3: Complete Availability Retrieval
    @Test("Property 3: Complete availability retrieval")
    func property3CompleteAvailabilityRetrieval() async {
        let overrides = zip(Gen.int(in: -2...40), Gens.windows).array(of: 0...5)
        let bookings = zip(Gen.int(in: 0...1000), Gen.int(in: 0...1439), Gens.duration).array(of: 0...3)
        let firstDay = zip(Gen.bool(0.5), pick(ZoneCase.dstDates), Gen.int(in: 0...10), Gens.futureDate)
            .map { nearDST, dst, before, any in nearDST ? Days.adding(dst, -before) : any }
        await propertyCheck(
            count: 100,
            input: Gens.zone, Gens.windows.array(of: 7), overrides, firstDay, Gen.int(in: 0...40), bookings, overrides,
            zip(Gens.duration, pick([nil, nil, 10, 15, 30, 45, 60, 90] as [Int?]))
        ) { zone, weekly, overrides, from, span, bookings, later, search in
            checking {
                let f = try StoreFixture(zone)
                let through = Days.adding(from, span)
                var weeklyModel: [Weekday: [TimeWindow]] = [:]
                for (day, windows) in zip(Weekday.allCases, weekly) {
                    try f.availability.setWeekly(days: [day], windows: windows.reversed())
                    weeklyModel[day] = windows
                }
                var overrideModel: [CivilDate: [TimeWindow]] = [:]
                for (offset, windows) in overrides {
                    let date = Days.adding(from, offset)
                    try f.availability.setOverride(date: date, windows: windows.reversed())
                    overrideModel[date] = windows
                }
                let dates = (0...span).map { Days.adding(from, $0) }
                func expected() -> [(windows: [TimeWindow], isOverride: Bool)] {
                    dates.map { date in
                        (windows: overrideModel[date] ?? weeklyModel[Days.weekday(date)] ?? [],
                         isOverride: overrideModel[date] != nil)
                    }
                }
                func spans() -> [[Interval]] {
                    zip(dates, expected()).map { date, day in
                        day.windows.map { Interval.between(zone.windowEdge(date, $0.start), zone.windowEdge(date, $0.end)) }
                            .filter { $0.minutes > 0 }
                    }
                }
                let booked = try Self.bookInside(spans().flatMap { $0 }, bookings, f)
                // Hours changed after booking: bookings may now straddle windows or lie outside them.
                for (offset, windows) in later {
                    let date = Days.adding(from, offset)
                    try f.availability.setOverride(date: date, windows: windows)
                    overrideModel[date] = windows
                }

                let days = try f.availability.days(from: from, through: through)

                #expect(days.map(\.date) == dates)
                for (day, (want, spans)) in zip(days, zip(expected(), spans())) {
                    #expect(day.windows == want.windows, "windows of \(day.date)")
                    #expect(day.isOverride == want.isOverride, "override flag of \(day.date)")
                    Self.expectSlots(day.slots, tile: spans, bookings: booked, on: day.date)
                }

                // Free start times: every step of every free stretch of a window (from the window's
                // start or a booking's end up to the next booking or the window's end) that fits
                // in it and is not past.
                let (minutes, every) = search
                let step = every ?? minutes
                let expectedStarts = spans().flatMap { $0 }.flatMap { Self.freeStretches($0, booked) }.flatMap { stretch in
                    stride(from: 0, through: stretch.minutes - minutes, by: step).map {
                        Interval(start: stretch.start.addingTimeInterval(Double($0 * 60)), minutes: minutes)
                    }
                }.filter { candidate in candidate.start >= f.clock.now }
                #expect(expectedStarts.allSatisfy { candidate in !booked.contains(where: candidate.overlaps) })
                let free = try f.availability.slots(from: from, through: through, durationMinutes: minutes, everyMinutes: every)
                #expect(free.map { Interval.between($0.start, $0.end) } == expectedStarts, "slots for \(minutes)m every \(step)m")
                #expect(free.allSatisfy { $0.available })
            }
        }
    }

    /// The parts of a window that no booking covers, in time order.
    private static func freeStretches(_ span: Interval, _ booked: [Appointment]) -> [Interval] {
        var stretches: [Interval] = []
        var cursor = span.start
        for booking in booked.sorted(by: { $0.start < $1.start }) where booking.start < span.end && booking.end > span.start {
            if booking.start > cursor { stretches.append(Interval.between(cursor, booking.start)) }
            cursor = max(cursor, booking.end)
        }
        if cursor < span.end { stretches.append(Interval.between(cursor, span.end)) }
        return stretches
    }

    /// Books what fits inside the given spans, ignoring clashes; gives back what was booked.
    private static func bookInside(_ spans: [Interval], _ seeds: [(Int, Int, Int)], _ f: StoreFixture) throws -> [Appointment] {
        guard !spans.isEmpty else { return [] }
        var booked: [Appointment] = []
        for (which, offset, duration) in seeds {
            let span = spans[which % spans.count]
            let start = span.start.addingTimeInterval(Double(offset % span.minutes * 60))
            let room = Int(span.end.timeIntervalSince(start)) / 60
            let interval = Interval(start: start, minutes: min(duration, room))
            if booked.contains(where: interval.overlaps) { continue }
            booked.append(try f.book(interval))
        }
        return booked
    }

    /// The slots of a day cut each window span into consecutive pieces, booked exactly where
    /// a booking lies.
    private static func expectSlots(_ slots: [TimeSlot], tile spans: [Interval], bookings: [Appointment],
                                    on date: CivilDate, sourceLocation: SourceLocation = #_sourceLocation) {
        var remaining = slots[...]
        for span in spans {
            var cursor = span.start
            while cursor < span.end, let slot = remaining.first, slot.start == cursor, slot.end <= span.end {
                cursor = slot.end
                remaining.removeFirst()
                let piece = Interval.between(slot.start, slot.end)
                #expect(piece.minutes > 0, "empty slot on \(date)", sourceLocation: sourceLocation)
                if slot.available {
                    #expect(!bookings.contains(where: piece.overlaps), "free slot \(piece) overlaps a booking on \(date)",
                            sourceLocation: sourceLocation)
                } else {
                    #expect(bookings.contains { $0.start <= slot.start && slot.end <= $0.end },
                            "booked slot \(piece) lies in no booking on \(date)", sourceLocation: sourceLocation)
                }
            }
            #expect(cursor == span.end, "window \(span) on \(date) is not covered by its slots \(slots)",
                    sourceLocation: sourceLocation)
        }
        #expect(remaining.isEmpty, "slots outside every window on \(date): \(Array(remaining))", sourceLocation: sourceLocation)
    }

    // Feature: appointment-scheduling-system, Property 4: Availability Read Consistency
    @Test("Property 4: Availability read consistency")
    func property4AvailabilityReadConsistency() async {
        let change = zip(Gen.bool(0.5), Gens.days, Gens.overrideDate, Gens.windows, Gen.int(in: 0...19))
            .map(AvailabilityChange.init)
        await propertyCheck(count: 100, input: Gens.zone, change.array(of: 1...5)) { zone, changes in
            checking {
                let f = try StoreFixture(zone)
                var model = ScheduleModel()
                for change in changes {
                    let before = try f.snapshot()
                    let error = thrownError { try change.apply(to: f.availability) }
                    if change.breakage != nil {
                        #expect((error as? SchedError)?.kind == .validation, "\(change) should be refused")
                        #expect(try f.snapshot() == before, "a refused change wrote something")
                        continue
                    }
                    #expect(error == nil, "\(change) failed: \(String(describing: error))")
                    model.apply(change)

                    #expect(try f.availability.weeklySchedule() == model.weeklyList)
                    #expect(try f.availability.overrides(from: nil, through: nil) == model.overrideList)
                    if change.weekly {
                        let date = model.dateWithoutOverride(on: change.days)
                        let read = try f.availability.windows(on: date)
                        #expect(read.windows == change.windows && !read.isOverride, "weekly windows of \(date)")
                    } else {
                        let read = try f.availability.windows(on: change.date)
                        #expect(read.windows == change.windows && read.isOverride, "override of \(change.date)")
                        #expect(try f.availability.overrides(from: change.date, through: change.date)
                            == [DateOverride(date: change.date, windows: change.windows)])
                    }
                }
            }
        }
    }
}

extension Interval {
    static func between(_ start: Date, _ end: Date) -> Interval {
        Interval(start: start, minutes: Int(end.timeIntervalSince(start)) / 60)
    }
}

/// One `setWeekly` or `setOverride`, sometimes broken on purpose so that it must be refused.
struct AvailabilityChange: Sendable, CustomStringConvertible {
    let weekly: Bool
    let days: Set<Weekday>
    let date: CivilDate
    /// The windows as they should read back: sorted.
    let windows: [TimeWindow]
    /// How the written windows are broken, if they are.
    let breakage: Breakage?

    enum Breakage: Sendable { case overlap, backwards, pastMidnight }

    init(weekly: Bool, days: Set<Weekday>, date: CivilDate, windows: [TimeWindow], breakChoice: Int) {
        self.weekly = weekly
        self.days = days
        self.date = date
        self.windows = windows
        breakage = switch breakChoice {
        case 0: .overlap
        case 1: .backwards
        case 2: .pastMidnight
        default: nil
        }
    }

    /// What is handed to the service: shuffled (reversed), and broken if asked.
    var written: [TimeWindow] {
        var written = Array(windows.reversed())
        switch breakage {
        case .overlap:
            let first = windows.first ?? TimeWindow(start: 9 * 3600, end: 12 * 3600)
            written += [first, TimeWindow(start: first.start, end: min(86400, first.end + 60))]
        case .backwards: written.append(TimeWindow(start: 17 * 3600, end: 9 * 3600))
        case .pastMidnight: written.append(TimeWindow(start: 23 * 3600, end: 86400 + 60))
        case nil: break
        }
        return written
    }

    func apply(to availability: AvailabilityService) throws {
        if weekly {
            try availability.setWeekly(days: days, windows: written)
        } else {
            try availability.setOverride(date: date, windows: written)
        }
    }

    var description: String {
        let target = weekly ? days.sorted().map(\.shortName).joined(separator: ",") : date.description
        return "\(target) \(written)"
    }
}

/// What the working hours should be: Cal.com's default week, then each change applied.
struct ScheduleModel {
    var weekly: [Weekday: [TimeWindow]] = Dictionary(uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday]
        .map { ($0, [TimeWindow(start: 9 * 3600, end: 17 * 3600)]) })
    var overrides: [CivilDate: [TimeWindow]] = [:]

    mutating func apply(_ change: AvailabilityChange) {
        if change.weekly {
            for day in change.days { weekly[day] = change.windows }
        } else {
            overrides[change.date] = change.windows
        }
    }

    var weeklyList: [WeeklyWindow] {
        Weekday.allCases.flatMap { day in (weekly[day] ?? []).map { WeeklyWindow(day: day, window: $0) } }
    }

    var overrideList: [DateOverride] {
        overrides.keys.sorted().map { DateOverride(date: $0, windows: overrides[$0] ?? []) }
    }

    /// A date in 2025 on one of `days` that no override covers.
    func dateWithoutOverride(on days: Set<Weekday>) -> CivilDate {
        var date = Days.parse("2025-01-06")
        while !days.contains(Days.weekday(date)) || overrides[date] != nil { date = Days.adding(date, 1) }
        return date
    }
}
