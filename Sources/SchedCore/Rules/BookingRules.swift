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

    /// The span must lie inside one window of its start's local date.
    private static func requireInsideOneWindow(_ tx: any StoreTransaction, _ span: Span) throws {
        let date = try tx.homeZone().civil(span.start).date
        guard try tx.windowSpans(on: date).contains(where: { $0.contains(span) }) else {
            throw SchedError.timeNotAvailable
        }
    }
}
