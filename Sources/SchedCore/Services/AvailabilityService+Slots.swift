import Foundation

extension AvailabilityService {
    /// For each date of `from...through`, its windows split into free and booked slots.
    public func days(from: CivilDate, through: CivilDate) throws -> [DayAvailability] {
        try store.read { tx in
            let schedule = try tx.schedule(from: from, through: through)
            let bookings = try Self.bookings(tx, schedule, from: from, through: through)
            return Schedule.dates(from: from, through: through).map { date in
                let (windows, isOverride) = schedule.windows(on: date)
                let slots = schedule.spans(on: date).flatMap { Self.split($0, by: bookings) }
                return DayAvailability(date: date, windows: windows, isOverride: isOverride, slots: slots)
            }
        }
    }

    /// Free start times: each window is stepped through from its start by `everyMinutes`
    /// (default: the duration), keeping starts whose whole duration fits the window, overlaps
    /// no booking, and is not in the past.
    public func slots(
        from: CivilDate, through: CivilDate, durationMinutes: Int, everyMinutes: Int?
    ) throws -> [TimeSlot] {
        try AppointmentRules.duration(durationMinutes)
        let step = everyMinutes ?? durationMinutes
        guard step > 0 else { throw SchedError.durationNotPositive }
        guard step <= AppointmentRules.maxDurationMinutes else { throw SchedError.stepTooLong }
        return try store.read { tx in
            let schedule = try tx.schedule(from: from, through: through)
            let bookings = try Self.bookings(tx, schedule, from: from, through: through)
            let now = clock.now
            return Schedule.dates(from: from, through: through)
                .flatMap(schedule.spans(on:))
                .flatMap { Self.starts(in: $0, minutes: durationMinutes, step: step, bookings: bookings) }
                .filter { $0.start >= now }
        }
    }

    private static func bookings(
        _ tx: any StoreTransaction, _ schedule: Schedule, from: CivilDate, through: CivilDate
    ) throws -> [Span] {
        guard from <= through else { return [] }
        let range = schedule.span(from: from, through: through)
        return try tx.bookedSpans(overlapping: range.start, range.end)
    }

    /// The window cut into alternating free and booked pieces, in time order.
    static func split(_ window: Span, by bookings: [Span]) -> [TimeSlot] {
        var slots: [TimeSlot] = []
        var cursor = window.start
        for booking in bookings where window.overlaps(booking) {
            let start = max(booking.start, cursor)
            let end = min(booking.end, window.end)
            if cursor < start {
                slots.append(TimeSlot(start: cursor, end: start, available: true))
            }
            if start < end {
                slots.append(TimeSlot(start: start, end: end, available: false))
            }
            cursor = max(cursor, end)
        }
        if cursor < window.end {
            slots.append(TimeSlot(start: cursor, end: window.end, available: true))
        }
        return slots
    }

    /// Candidate starts stepped from the window's start that fit it and clash with no booking.
    static func starts(in window: Span, minutes: Int, step: Int, bookings: [Span]) -> [TimeSlot] {
        let busy = bookings.filter(window.overlaps)
        var slots: [TimeSlot] = []
        var start = window.start
        while start.adding(minutes: minutes) <= window.end {
            let candidate = Span(start: start, end: start.adding(minutes: minutes))
            if !busy.contains(where: candidate.overlaps) {
                slots.append(TimeSlot(start: candidate.start, end: candidate.end, available: true))
            }
            start = start.adding(minutes: step)
        }
        return slots
    }
}
