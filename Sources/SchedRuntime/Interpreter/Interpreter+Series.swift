import Foundation
import SchedCore
import SchedLang
import Scheduling

/// `book … every …` and the statements about a series.
extension Interpreter {
    func bookSeries(_ booking: BookStatement, _ repetition: Repetition) throws -> Value {
        try pointing(at: FieldSources(customerName: booking.customer, durationMinutes: booking.duration,
                                      note: booking.note, email: booking.email)) {
            .series(try perform(BookSeries { try self.newSeries(booking, repetition, $0) }))
        }
    }

    /// The longest series `count` books; a bound that keeps one statement's work in reason.
    static let largestSeriesCount = 1000

    private func newSeries(_ booking: BookStatement, _ repetition: Repetition,
                           _ context: Moment) throws -> (NewSeries, skipConflicts: Bool) {
        guard let customerExpression = booking.customer else { throw SchedError.fieldRequired("customer_name") }
        let pattern = repetition.pattern
        let fields = try AppointmentRules.validated(NewAppointment(
            customerName: try text(customerExpression, context, what: "a customer name"),
            start: context.now,
            durationMinutes: try booking.duration.map { try duration($0, context) } ?? context.defaultDurationMinutes,
            note: try booking.note.map { try text($0, context, what: "a note") },
            email: try booking.email.map { try text($0, context, what: "an email address") }))
        let (written, fromAt) = try seriesTime(booking.start, pattern, context)
        var from = try repetition.from.map { try date($0, context) } ?? fromAt
        if from == nil {
            // Without a first date, the first occurrence still ahead.
            let (today, nowSeconds) = context.zone.civil(context.now)
            from = nowSeconds < written ? today : today.adding(days: 1)
        }
        var rule = Self.rule(pattern)
        let first = Self.firstDate(from: from!, rule: rule, pattern: pattern)
        if let untilExpression = repetition.until {
            let until = try date(untilExpression, context)
            guard until >= first else {
                throw RuntimeFailure(.fieldFormat("until", "must not be before the first occurrence, \(first)"),
                                     at: untilExpression.range)
            }
            rule.end = .until(.instant(context.zone.startOfDay(until.adding(days: 1)).addingTimeInterval(-1)))
        }
        if let countExpression = repetition.count {
            let count = try number(countExpression, context)
            guard (1...Self.largestSeriesCount).contains(count) else {
                throw RuntimeFailure(.fieldRange("count", "1", String(Self.largestSeriesCount)), at: countExpression.range)
            }
            rule.end = .count(count)
        }
        let series = NewSeries(
            customerName: fields.customerName, note: fields.note, email: fields.email, rule: rule,
            firstDate: first, secondsOfDay: written, durationMinutes: fields.durationMinutes)
        return (series, repetition.skipConflicts)
    }

    /// The wall-clock time of the occurrences, from `every tue 10:00` or the `at` clause, and the
    /// date an `at` date-time gives as the first.
    private func seriesTime(_ at: WrittenValue?, _ pattern: RepeatPattern,
                            _ context: Moment) throws -> (Int, CivilDate?) {
        if let time = pattern.time {
            if let at { throw RuntimeFailure(.fieldFormat("start_time", "given twice, after 'every' and after 'at'"), at: at.range) }
            return (time.secondsOfDay, nil)
        }
        guard let at else { throw SchedError.fieldRequired("start_time") }
        switch at.kind {
        case .time(let time): return (time.secondsOfDay, nil)
        case .dateTime(let written, let time, nil):
            return (time.secondsOfDay, try civilDate(written, context, at: at.range))
        default:
            let local = context.zone.civil(try instant(at, context))
            return (local.secondsOfDay, local.date)
        }
    }

    /// The RFC 5545 rule a pattern says, its end still open.
    static func rule(_ pattern: RepeatPattern) -> RecurrenceRule {
        let days = pattern.weekdays.compactMap(Weekday.init(rawValue:)).map { RecurrenceRule.DayRule($0) }
        switch pattern.unit {
        case .day: return RecurrenceRule(frequency: .daily, interval: pattern.interval, byDay: days)
        case .week: return RecurrenceRule(frequency: .weekly, interval: pattern.interval, byDay: days)
        case .year: return RecurrenceRule(frequency: .yearly, interval: pattern.interval)
        case .month:
            switch pattern.monthDay {
            case nil: return RecurrenceRule(frequency: .monthly, interval: pattern.interval)
            case .day(let day):
                return RecurrenceRule(frequency: .monthly, interval: pattern.interval, byMonthDay: [day])
            case .lastDay: return RecurrenceRule(frequency: .monthly, interval: pattern.interval, byMonthDay: [-1])
            case .weekday(let ordinal, let weekday):
                return RecurrenceRule(frequency: .monthly, interval: pattern.interval,
                                      byDay: [RecurrenceRule.DayRule(Weekday(rawValue: weekday)!, ordinal: ordinal)])
            }
        }
    }

    /// The first date on or after `from` that the pattern takes: DTSTART, which RFC 5545 counts
    /// as an occurrence whatever the rule says, so it must be one the rule gives.
    static func firstDate(from: CivilDate, rule: RecurrenceRule, pattern: RepeatPattern) -> CivilDate {
        if takes(from, pattern) { return from }
        let dates = rule.dates(first: from, through: from.adding(days: 366 * 8 * pattern.interval))
        return dates.dropFirst().first { takes($0, pattern) } ?? from
    }

    /// Whether the pattern's BY parts take `date` (the interval aside).
    private static func takes(_ date: CivilDate, _ pattern: RepeatPattern) -> Bool {
        if !pattern.weekdays.isEmpty, !pattern.weekdays.contains(date.weekday.rawValue) { return false }
        let lastDay = CivilDate.daysInMonth(year: date.year, month: date.month)
        switch pattern.monthDay {
        case nil: return true
        case .day(let day): return date.day == day
        case .lastDay: return date.day == lastDay
        case .weekday(let ordinal, let weekday):
            guard date.weekday.rawValue == weekday else { return false }
            return ordinal == -1 ? date.day + 7 > lastDay : (date.day - 1) / 7 + 1 == ordinal
        }
    }

    func cancelFollowing(_ ref: WrittenValue) throws -> Value {
        .list(try perform(CancelFollowing { try self.reference(ref, $0) }).map(Value.appointment))
    }

    func cancelSeries(_ ref: WrittenValue) throws -> Value {
        .list(try perform(CancelSeries { try self.reference(ref, $0) }).map(Value.appointment))
    }

    func rescheduleSeries(_ ref: WrittenValue, to: WrittenValue, duration: WrittenValue?,
                          skipConflicts: Bool) throws -> Value {
        .series(try perform(RescheduleSeries { context in
            (try self.rescheduling(ref, to: to, duration: duration, context), skipConflicts)
        }))
    }

    func updateSeries(_ ref: WrittenValue, _ clauses: UpdateClauses) throws -> Value {
        try pointing(at: FieldSources(customerName: clauses.name, durationMinutes: clauses.duration,
                                      note: clauses.note, email: clauses.email)) {
            // The parser refuses `at` in a series' update, so the changes never move it.
            .series(try perform(UpdateSeries { try self.changes(ref, clauses, $0) }))
        }
    }

    func showSeries(_ ref: WrittenValue) throws -> Value {
        .series(try perform(ShowSeries { try self.reference(ref, $0) }))
    }

    func listSeries() throws -> Value {
        .list(try perform(ListSeries()).map(Value.series))
    }
}
