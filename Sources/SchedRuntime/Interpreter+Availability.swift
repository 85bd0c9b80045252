import Foundation
import SchedCore
import SchedLang

/// `available`, `unavailable`, `availability` and `slots`.
extension Interpreter {
    /// The duration `slots` looks for when none is given.
    static let defaultSlotMinutes = 30

    func setAvailable(_ target: AvailabilityTarget, windows: [TimeWindow], _ context: TimeContext) throws -> Value {
        switch target {
        case .days(let numbers):
            let days = Set(numbers.compactMap(Weekday.init(rawValue:)))
            try availability.setWeekly(days: days, windows: windows)
            let weekly = try availability.weeklySchedule().filter { days.contains($0.day) }
            return .weekly(WeeklyAvailability(days: days.sorted(), weekly: weekly, overrides: []))
        case .date(let written):
            let day = try civilDate(written, context, at: nil)
            try availability.setOverride(date: day, windows: windows)
            let overrides = try availability.overrides(from: day, through: day)
            return .weekly(WeeklyAvailability(days: [], weekly: [], overrides: overrides))
        }
    }

    func showAvailability(_ dates: DateRangeExpression?, _ context: TimeContext) throws -> Value {
        guard let dates else {
            let weekly = try availability.weeklySchedule()
            let overrides = try availability.overrides(from: context.today, through: nil)
            return .weekly(WeeklyAvailability(days: Weekday.allCases, weekly: weekly, overrides: overrides))
        }
        let range = try boundedRange(dates, context)
        let days = try availability.days(from: range.firstDate, through: range.lastDate)
        return .list(days.map(Value.day))
    }

    func slots(_ dates: DateRangeExpression, duration: SchedLang.Expression?, every: SchedLang.Expression?, _ context: TimeContext) throws -> Value {
        let range = try boundedRange(dates, context)
        let minutes = try duration.map { try self.duration($0, context) } ?? Self.defaultSlotMinutes
        let step = try every.map { try self.duration($0, context) }
        _ = try AppointmentRules.validated(AppointmentChanges(durationMinutes: minutes))
        if let step, step < 1 {
            throw RuntimeFailure(.fieldRange("every", "1 minute", "24 hours"), at: every?.range)
        }
        let found = try availability.slots(from: range.firstDate, through: range.lastDate,
                                           durationMinutes: minutes, everyMinutes: step)
        return .list(found.filter { $0.start >= range.start && $0.start < range.end }.map(Value.slot))
    }
}
