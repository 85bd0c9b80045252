import Foundation

/// The time checks a booking passes, in the order DESIGN §3 gives: validation of its end, past,
/// availability, conflict.
enum BookingRules {
    /// Throws the first check that `[start, start + minutes)` fails.
    /// - Parameter checksPast: false when the start is not being set (a duration-only update).
    static func check(
        _ tx: any StoreTransaction, start: Date, minutes: Int, excluding: UUID?, now: Date, checksPast: Bool
    ) throws {
        try AppointmentRules.end(start: start, minutes: minutes)
        let span = Span(start: start, end: start.adding(minutes: minutes))
        if checksPast && start < now {
            throw SchedError.bookingInPast
        }
        try requireInsideOneWindow(tx, span)
        if try tx.hasBookedAppointment(overlapping: span.start, span.end, excluding: excluding)
            || SeriesService.hasUnstoredOccurrence(tx, overlapping: span) {
            throw SchedError.slotAlreadyBooked
        }
    }

    /// `check`, with a refusal that says what stands in the way: the appointment the time
    /// overlaps, or the hours of the day it falls outside. What a person booking reads.
    static func checkExplained(
        _ tx: any StoreTransaction, start: Date, minutes: Int, excluding: UUID?, now: Date, checksPast: Bool
    ) throws {
        do {
            try check(tx, start: start, minutes: minutes, excluding: excluding, now: now, checksPast: checksPast)
        } catch let error as SchedError where error == .slotAlreadyBooked {
            let zone = try tx.homeZone()
            guard let other = try tx.bookedAppointments(overlapping: start, start.adding(minutes: minutes),
                                                        excluding: excluding).first else { throw error }
            throw SchedError.slotTakenBy(SeriesText.appointment(other, zone: zone))
        } catch let error as SchedError where error == .timeNotAvailable {
            let zone = try tx.homeZone()
            let date = zone.civil(start).date
            let override = try tx.dateOverrides(from: date, through: date).first
            let weekly = try tx.weeklyWindows().filter { $0.day == date.weekday }.map(\.window)
            let windows = override?.windows ?? weekly
            throw SchedError.hoursRefusal(day: SeriesText.day(date), date: date.description,
                                          windows: windows.map(\.description), byOverride: override != nil)
        }
    }

    /// `check` for an event imported from a calendar, which may cross midnight where `book`
    /// may not: its part before midnight inside a window of its first date that ends at 24:00,
    /// and its part after inside a window of the next date that starts at 00:00. Outside such
    /// windows it is refused for crossing midnight, which says more than that the time is not
    /// available. `book`'s own rule stays one window of one date.
    static func checkImported(_ tx: any StoreTransaction, start: Date, minutes: Int, now: Date) throws {
        do {
            try check(tx, start: start, minutes: minutes, excluding: nil, now: now, checksPast: true)
        } catch let error as SchedError where error == .timeNotAvailable {
            let pieces = try dayPieces(Span(start: start, end: start.adding(minutes: minutes)), zone: tx.homeZone())
            guard pieces.count > 1 else { throw error }
            for (date, piece) in pieces {
                guard try tx.windowSpans(on: date).contains(where: { $0.contains(piece) }) else {
                    throw SchedError.importCrossesMidnight
                }
            }
            if try tx.hasBookedAppointment(overlapping: start, start.adding(minutes: minutes), excluding: nil) {
                throw SchedError.slotAlreadyBooked
            }
        }
    }

    /// The span cut at each local midnight, with the date of each piece.
    private static func dayPieces(_ span: Span, zone: HomeZone) -> [(CivilDate, Span)] {
        var pieces: [(CivilDate, Span)] = []
        var date = zone.civil(span.start).date
        var from = span.start
        while from < span.end {
            let midnight = zone.startOfDay(date.adding(days: 1))
            let to = min(midnight, span.end)
            pieces.append((date, Span(start: from, end: to)))
            from = to
            date = date.adding(days: 1)
        }
        return pieces
    }

    /// The span must lie inside one window of its start's local date.
    private static func requireInsideOneWindow(_ tx: any StoreTransaction, _ span: Span) throws {
        let date = try tx.homeZone().civil(span.start).date
        guard try tx.windowSpans(on: date).contains(where: { $0.contains(span) }) else {
            throw SchedError.timeNotAvailable
        }
    }
}
