import Foundation
import SchedCore
import SchedLang
import Scheduling

/// `agenda` and `calendar`: the bookings and free gaps of each date.
extension Interpreter {
    /// The days `agenda` shows when no range is given: today and the next 6.
    static let defaultAgendaDays = 7

    func agenda(_ dates: DateRangeExpression?) throws -> Value {
        let shown = try perform(ShowAgenda { context in
            let range = try dates.map { try self.boundedRange($0, context) }
                ?? ResolvedRange(from: context.today, through: context.today.adding(days: Self.defaultAgendaDays - 1),
                                 zone: context.zone)
            return (range.firstDate, range.lastDate)
        })
        return .agenda(shown)
    }

    func calendar(_ span: CalendarSpan, _ date: WrittenValue?) throws -> Value {
        let shown = try performTimed(ShowCalendar { context in
            let held = try date.map { try self.date($0, context) } ?? context.today
            let (first, last) = CalendarGrid.dates(span, holding: held)
            for edge in [first, last] where !Self.supportedYears.contains(edge.year) {
                throw RuntimeFailure(.dateOutOfRange, at: date?.range)
            }
            return (first, last)
        })
        return .calendar(CalendarGrid(span: span, days: shown.output.days, runningIn: shown.output.runningIn,
                                      today: shown.moment.today, now: shown.moment.now))
    }
}
