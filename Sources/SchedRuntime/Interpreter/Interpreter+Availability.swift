import Foundation
import SchedCore
import SchedLang
import Scheduling

/// `available`, `unavailable`, `availability` and `slots`.
extension Interpreter {
    /// The duration `slots` looks for when none is given.
    static let defaultSlotMinutes = 30

    func setAvailable(_ target: AvailabilityTarget, windows: [TimeWindow]) throws -> Value {
        let result = try perform(SetWorkingHours { context in
            switch target {
            case .days(let numbers):
                return (.weekdays(Set(numbers.compactMap(Weekday.init(rawValue:)))), windows)
            case .date(let written):
                return (.date(try self.civilDate(written, context, at: nil)), windows)
            }
        })
        switch result {
        case .weekly(let days, let weekly):
            return .weekly(WeeklyAvailability(days: days, weekly: weekly, overrides: []))
        case .override(let override):
            return .weekly(WeeklyAvailability(days: [], weekly: [], overrides: override.map { [$0] } ?? []))
        }
    }

    func showAvailability(_ dates: DateRangeExpression?) throws -> Value {
        let shown = try perform(ShowWorkingHours { context in try dates.map { try self.boundedRange($0, context) } })
        switch shown {
        case .weekly(let weekly, let overrides):
            return .weekly(WeeklyAvailability(days: Weekday.allCases, weekly: weekly, overrides: overrides))
        case .days(let days):
            return .list(days.map(Value.day))
        }
    }

    func slots(_ dates: DateRangeExpression, duration: WrittenValue?, every: WrittenValue?) throws -> Value {
        let found = try perform(FindSlots { context in
            let range = try self.boundedRange(dates, context)
            let minutes = try duration.map { try self.duration($0, context) } ?? Self.defaultSlotMinutes
            let step = try every.map { try self.duration($0, context) }
            _ = try AppointmentRules.validated(AppointmentChanges(durationMinutes: minutes))
            if let step, step < 1 {
                throw RuntimeFailure(.fieldRange("every", "1 minute", "24 hours"), at: every?.range)
            }
            return FindSlots.Request(range: range, durationMinutes: minutes, everyMinutes: step)
        })
        return .list(found.map(Value.slot))
    }
}
