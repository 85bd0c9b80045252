import Foundation
import SchedCore
import SchedLang

/// `agenda` and `calendar`: the bookings and free gaps of each date.
extension Interpreter {
    /// The days `agenda` shows when no range is given: today and the next 6.
    static let defaultAgendaDays = 7

    func agenda(_ dates: DateRangeExpression?, _ context: TimeContext) throws -> Value {
        let range = try dates.map { try boundedRange($0, context) }
            ?? ResolvedRange(from: context.today, through: context.today.adding(days: Self.defaultAgendaDays - 1),
                             zone: context.zone)
        return .agenda(try agendaDays(from: range.firstDate, through: range.lastDate, context.zone))
    }

    /// `calendar week|month [DATE]`: the grid's days, from Monday or the first of the month.
    func calendar(_ span: CalendarSpan, _ date: SchedLang.Expression?, _ context: TimeContext) throws -> Value {
        let held = try date.map { try self.date($0, context) } ?? context.today
        let (first, last) = CalendarGrid.dates(span, holding: held)
        for edge in [first, last] where !Self.supportedYears.contains(edge.year) {
            throw RuntimeFailure(.dateOutOfRange, at: date?.range)
        }
        // An appointment lasts at most a day, so one running into the first date starts within
        // the day before it.
        let opening = context.zone.startOfDay(first)
        let runningIn = try appointments.appointments(from: opening.addingTimeInterval(-86_400), to: opening)
            .filter { $0.end > opening }
        return .calendar(CalendarGrid(span: span, days: try agendaDays(from: first, through: last, context.zone),
                                      runningIn: runningIn, today: context.today, now: context.now))
    }

    /// Each date's windows, the bookings that start on it, and its free gaps.
    private func agendaDays(from first: CivilDate, through last: CivilDate, _ zone: HomeZone) throws -> [AgendaDay] {
        let days = try availability.days(from: first, through: last)
        let booked = try appointments.appointments(from: zone.startOfDay(first), to: zone.startOfDay(last.adding(days: 1)))
        let byDate = Dictionary(grouping: booked) { zone.civil($0.start).date }
        return days.map { day in
            AgendaDay(date: day.date, windows: day.windows, isOverride: day.isOverride,
                      appointments: byDate[day.date] ?? [], free: day.slots.filter(\.available))
        }
    }
}
