import Foundation

/// The booking rules (`BookingLimits`) a booking made by hand passes after the checks every
/// booking passes: minimum notice, booking window, buffers, then the limits per day and week.
enum BookingPolicy {
    /// - Parameter movesStart: false when the start stays (a longer appointment): notice and
    ///   window are about when a booking starts, and are not asked again.
    static func check(_ tx: any StoreTransaction, start: Date, minutes: Int, excluding: UUID?, now: Date,
                      movesStart: Bool = true) throws {
        let limits = try tx.bookingLimits()
        let zone = try tx.homeZone()
        let end = start.adding(minutes: minutes)
        if movesStart, limits.minimumNotice > 0, start < now.adding(minutes: limits.minimumNotice) {
            throw SchedError.minimumNotice(SeriesText.duration(limits.minimumNotice))
        }
        let date = zone.civil(start).date
        if movesStart, let days = limits.windowDays, date >= zone.civil(now).date.adding(days: days) {
            throw SchedError.bookingWindow(days)
        }
        if limits.gap > 0 {
            let others = try tx.bookedAppointments(overlapping: start.adding(minutes: -limits.gap), end.adding(minutes: limits.gap),
                                                   excluding: excluding)
            if let other = others.first {
                throw SchedError.bufferRefusal(SeriesText.appointment(other, zone: zone),
                                               before: SeriesText.duration(limits.bufferBefore),
                                               after: SeriesText.duration(limits.bufferAfter))
            }
        }
        if let limit = limits.perDay {
            let count = try booked(tx, from: zone.startOfDay(date), to: zone.startOfDay(date.adding(days: 1)), excluding)
            if count >= limit { throw SchedError.dayLimit(limit, on: SeriesText.day(date)) }
        }
        if let limit = limits.perWeek {
            let monday = date.adding(days: 1 - date.weekday.rawValue)
            let count = try booked(tx, from: zone.startOfDay(monday), to: zone.startOfDay(monday.adding(days: 7)), excluding)
            if count >= limit { throw SchedError.weekLimit(limit, weekOf: SeriesText.day(monday)) }
        }
    }

    /// Booked appointments starting in [from, to), but `excluding`.
    private static func booked(_ tx: any StoreTransaction, from: Date, to: Date, _ excluding: UUID?) throws -> Int {
        try tx.bookedAppointments(startingFrom: from, before: to, limit: nil).filter { $0.id != excluding }.count
    }
}
