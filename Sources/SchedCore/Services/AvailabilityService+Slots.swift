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

    /// Free start times: each free stretch of a window (from its start, or from the end of a
    /// booking, to the next booking or the window's end) is stepped through from its start by
    /// `everyMinutes` (default: the duration), keeping starts whose whole duration fits it and
    /// is not in the past. The end of a booking is always offered, as a booking page does.
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

    /// Candidate starts stepped from the start of each free stretch of the window that fit in it.
    static func starts(in window: Span, minutes: Int, step: Int, bookings: [Span]) -> [TimeSlot] {
        var slots: [TimeSlot] = []
        for free in split(window, by: bookings) where free.available {
            var start = free.start
            while start.adding(minutes: minutes) <= free.end {
                slots.append(TimeSlot(start: start, end: start.adding(minutes: minutes), available: true))
                start = start.adding(minutes: step)
            }
        }
        return slots
    }
}
