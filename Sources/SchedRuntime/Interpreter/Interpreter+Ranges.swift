import Foundation
import SchedCore
import SchedLang
import Scheduling

/// Reading `today`, `this week`, `from … to …` and the other ranges.
extension Interpreter {
    /// The longest range `slots` and `availability` step through, to bound the work of one statement.
    static let longestRangeDays = 366

    func resolve(_ range: DateRangeExpression, _ context: Moment) throws -> ResolvedRange {
        let today = context.today
        let zone = context.zone
        switch range.kind {
        case .today:
            return ResolvedRange(from: today, through: today, zone: zone)
        case .tomorrow:
            return ResolvedRange(from: today.adding(days: 1), through: today.adding(days: 1), zone: zone)
        case .yesterday:
            return ResolvedRange(from: today.adding(days: -1), through: today.adding(days: -1), zone: zone)
        case .thisWeek, .nextWeek:
            let monday = today.adding(days: 1 - today.weekday.rawValue + (range.kind == .nextWeek ? 7 : 0))
            return ResolvedRange(from: monday, through: monday.adding(days: 6), zone: zone)
        case .thisWeekend, .nextWeekend:
            let saturday = today.adding(days: 6 - today.weekday.rawValue + (range.kind == .nextWeekend ? 7 : 0))
            return ResolvedRange(from: saturday, through: saturday.adding(days: 1), zone: zone)
        case .nextDays(let count):
            return ResolvedRange(from: today, through: today.adding(days: count - 1), zone: zone)
        case .thisMonth, .nextMonth:
            var year = today.year
            var month = today.month
            if range.kind == .nextMonth {
                month += 1
                if month > 12 { (year, month) = (year + 1, 1) }
            }
            let first = CivilDate(year: year, month: month, day: 1) ?? today
            let last = first.adding(days: CivilDate.daysInMonth(year: year, month: month) - 1)
            return ResolvedRange(from: first, through: last, zone: zone)
        case .on(let expression):
            let day = try date(expression, context)
            return ResolvedRange(from: day, through: day, zone: zone)
        case .fromDates(let from, let to), .fromDateTimes(let from, let to):
            return try between(from, to, context, at: range.range)
        }
    }

    /// `from A to B`: dates include both days; date-times are half-open.
    private func between(_ from: WrittenValue, _ to: WrittenValue, _ context: Moment,
                         at range: SourceRange) throws -> ResolvedRange {
        let lower = try evaluate(from, context)
        let upper = try evaluate(to, context)
        switch (lower, upper) {
        case (.date(let first), .date(let last)):
            guard first <= last else { throw RuntimeFailure(.rangeBackwards, at: range) }
            return ResolvedRange(from: first, through: last, zone: context.zone)
        default:
            let start = try instant(of: lower, from, context)
            let end = try instant(of: upper, to, context, endOfDay: true)
            guard start < end else { throw RuntimeFailure(.rangeBackwards, at: range) }
            return ResolvedRange(start: start, end: end, zone: context.zone)
        }
    }

    private func instant(of value: Value, _ expression: WrittenValue, _ context: Moment,
                         endOfDay: Bool = false) throws -> Date {
        switch value {
        case .dateTime(let instant): return instant
        case .date(let day): return context.zone.startOfDay(endOfDay ? day.adding(days: 1) : day)
        case .slot(let slot): return slot.start
        default:
            throw RuntimeFailure(.wrongType(expected: "a date or a date-time", found: value.typeName,
                                            in: Self.describe(expression)), at: expression.range)
        }
    }

    /// A range for statements that step day by day, refused when it is implausibly long.
    func boundedRange(_ range: DateRangeExpression, _ context: Moment) throws -> ResolvedRange {
        let resolved = try resolve(range, context)
        guard resolved.dayCount <= Self.longestRangeDays else {
            throw RuntimeFailure(.rangeTooLong(days: Self.longestRangeDays), at: range.range)
        }
        return resolved
    }
}
