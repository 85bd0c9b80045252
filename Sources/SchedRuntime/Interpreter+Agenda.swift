import Foundation
import SchedCore
import SchedLang

/// `agenda`: the bookings and free gaps of each date.
extension Interpreter {
    /// The days `agenda` shows when no range is given: today and the next 6.
    static let defaultAgendaDays = 7

    func agenda(_ dates: DateRangeExpression?, _ context: TimeContext) throws -> Value {
        let range = try dates.map { try boundedRange($0, context) }
            ?? ResolvedRange(from: context.today, through: context.today.adding(days: Self.defaultAgendaDays - 1),
                             zone: context.zone)
        let days = try availability.days(from: range.firstDate, through: range.lastDate)
        let zone = context.zone
        let booked = try appointments.appointments(from: zone.startOfDay(range.firstDate),
                                                   to: zone.startOfDay(range.lastDate.adding(days: 1)))
        let byDate = Dictionary(grouping: booked) { zone.civil($0.start).date }
        return .agenda(days.map { day in
            AgendaDay(date: day.date, windows: day.windows, isOverride: day.isOverride,
                      appointments: byDate[day.date] ?? [], free: day.slots.filter(\.available))
        })
    }
}
