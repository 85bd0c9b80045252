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
    /// The booking rules apply: the step is the slot interval when one is set, each booking
    /// keeps its buffers free, and starts inside the minimum notice, beyond the booking window
    /// or on a day or week at its limit are left out.
    public func slots(
        from: CivilDate, through: CivilDate, durationMinutes: Int, everyMinutes: Int?
    ) throws -> [TimeSlot] {
        try AppointmentRules.duration(durationMinutes)
        return try store.read { tx in
            let limits = try tx.bookingLimits()
            let step = everyMinutes ?? limits.slotInterval ?? durationMinutes
            guard step > 0 else { throw SchedError.durationNotPositive }
            guard step <= AppointmentRules.maxDurationMinutes else { throw SchedError.stepTooLong }
            let schedule = try tx.schedule(from: from, through: through)
            let gap = limits.gap
            let bookings = try Self.bookings(tx, schedule, from: from, through: through).map {
                Span(start: $0.start.adding(minutes: -gap), end: $0.end.adding(minutes: gap))
            }
            let now = clock.now
            let zone = schedule.zone
            let earliest = now.adding(minutes: limits.minimumNotice)
            let full = try Self.fullDates(tx, limits, zone: zone, from: from, through: through)
            let beyond = limits.windowDays.map { zone.civil(now).date.adding(days: $0) }
            return Schedule.dates(from: from, through: through)
                .filter { date in !full.contains(date) && beyond.map { date < $0 } != false }
                .flatMap(schedule.spans(on:))
                .flatMap { Self.starts(in: $0, minutes: durationMinutes, step: step, bookings: bookings) }
                .filter { slot in slot.start >= earliest && beyond.map { zone.civil(slot.start).date < $0 } != false }
        }
    }

    /// The dates of `from...through` on which the limit per day, or of their week the limit per
    /// week, is reached.
    private static func fullDates(_ tx: any StoreTransaction, _ limits: BookingLimits, zone: HomeZone,
                                  from: CivilDate, through: CivilDate) throws -> Set<CivilDate> {
        guard limits.perDay != nil || limits.perWeek != nil, from <= through else { return [] }
        let monday = from.adding(days: 1 - from.weekday.rawValue)
        let sunday = through.adding(days: 7 - through.weekday.rawValue)
        let starts = try tx.bookedSpans(overlapping: zone.startOfDay(monday), zone.startOfDay(sunday.adding(days: 1)))
            .map(\.start).filter { $0 >= zone.startOfDay(monday) }
        var perDate: [CivilDate: Int] = [:]
        var perWeek: [CivilDate: Int] = [:]
        for start in starts {
            let date = zone.civil(start).date
            perDate[date, default: 0] += 1
            perWeek[date.adding(days: 1 - date.weekday.rawValue), default: 0] += 1
        }
        var full: Set<CivilDate> = []
        for date in Schedule.dates(from: from, through: through) {
            let week = date.adding(days: 1 - date.weekday.rawValue)
            if let limit = limits.perDay, perDate[date, default: 0] >= limit { full.insert(date) }
            if let limit = limits.perWeek, perWeek[week, default: 0] >= limit { full.insert(date) }
        }
        return full
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
