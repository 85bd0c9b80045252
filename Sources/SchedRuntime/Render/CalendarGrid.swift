import Foundation
import SchedCore
import SchedLang
import Scheduling

/// What `calendar week` and `calendar month` draw: the days of the span with their working
/// hours, bookings and free gaps, and the moment the grid marks as now.
public struct CalendarGrid: Sendable, Equatable {
    public var span: CalendarSpan
    /// Monday to Sunday, or the first to the last of the month.
    public var days: [AgendaDay]
    /// Bookings that start before the first date and run on into it.
    public var runningIn: [Appointment]
    public var today: CivilDate
    public var now: Date

    public init(span: CalendarSpan, days: [AgendaDay], runningIn: [Appointment] = [], today: CivilDate, now: Date) {
        self.span = span
        self.days = days
        self.runningIn = runningIn
        self.today = today
        self.now = now
    }

    /// The dates a grid of `span` holding `date` covers.
    public static func dates(_ span: CalendarSpan, holding date: CivilDate) -> (first: CivilDate, last: CivilDate) {
        switch span {
        case .week:
            let monday = date.adding(days: 1 - date.weekday.rawValue)
            return (monday, monday.adding(days: 6))
        case .month:
            let first = date.adding(days: 1 - date.day)
            return (first, first.adding(days: CivilDate.daysInMonth(year: date.year, month: date.month) - 1))
        }
    }
}
