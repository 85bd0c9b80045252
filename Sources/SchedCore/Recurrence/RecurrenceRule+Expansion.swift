import Foundation

extension RecurrenceRule {
    /// The local dates of the occurrences, in order. `first` is DTSTART's date and always counts as the
    /// first occurrence (RFC 5545 3.8.5.3), towards COUNT too, even when the rule would not produce it.
    /// Later ones are those the rule produces after `first`; stops at COUNT, after `lastDate` (the last date
    /// UNTIL allows, computed by the caller; nil = no UNTIL limit) and after `through`. Works period by
    /// period (a day, week, month or year at a time), so a rule that produces nothing still ends at `through`.
    public func dates(first: CivilDate, through: CivilDate, lastDate: CivilDate? = nil) -> [CivilDate] {
        let limit = lastDate.map { min($0, through) } ?? through
        let wanted = occurrenceLimit
        guard first <= limit, wanted > 0 else { return [] }
        var result = [first]
        let lastPeriod = periodIndex(of: limit)
        var period = periodIndex(of: first)
        while result.count < wanted {
            for day in days(inPeriod: period, first: first) where day > first.daysSinceEpoch {
                let date = CivilDate(daysSinceEpoch: day)
                guard date <= limit else { return result }
                result.append(date)
                if result.count == wanted { return result }
            }
            let (next, overflow) = period.addingReportingOverflow(periodStep)
            guard !overflow, next <= lastPeriod else { break }
            period = next
        }
        return result
    }

    /// The last date an occurrence at `secondsOfDay` may fall on under an UNTIL given as local date-time `until`:
    /// the date itself when its time is not before the occurrence's time, else the day before.
    public static func lastDate(until: CivilDate, untilSecondsOfDay: Int, occurrenceSecondsOfDay: Int) -> CivilDate {
        untilSecondsOfDay >= occurrenceSecondsOfDay ? until : until.adding(days: -1)
    }

    /// COUNT, or no limit.
    private var occurrenceLimit: Int {
        switch end {
        case .count(let count): count
        case .until, nil: Int.max
        }
    }

    // MARK: Periods

    /// A number for the period holding `date`, one apart for consecutive days, weeks (counted in
    /// days from the week's first day), months or years.
    private func periodIndex(of date: CivilDate) -> Int {
        switch frequency {
        case .daily: date.daysSinceEpoch
        case .weekly: date.daysSinceEpoch - (date.weekday.rawValue - weekStart.rawValue + 7) % 7
        case .monthly: date.year * 12 + date.month - 1
        case .yearly: date.year
        }
    }

    /// How far apart the periods INTERVAL keeps are, in `periodIndex` units.
    private var periodStep: Int {
        let step = max(interval, 1)
        switch frequency {
        case .daily, .monthly, .yearly: return step
        case .weekly:
            let (days, overflow) = step.multipliedReportingOverflow(by: 7)
            return overflow ? Int.max : days
        }
    }

    /// The day numbers the rule gives in one period, sorted, after BYSETPOS.
    private func days(inPeriod index: Int, first: CivilDate) -> [Int] {
        let days: [Int]
        switch frequency {
        case .daily: days = dailyDays(index)
        case .weekly: days = weeklyDays(weekStarting: index, first: first)
        case .monthly: days = monthlyDays(year: index / 12, month: index % 12 + 1, first: first)
        case .yearly: days = yearlyDays(year: index, first: first)
        }
        return selectingPositions(Array(Set(days)).sorted())
    }

    /// BYSETPOS: the n-th (or n-th from last) of a period's sorted days.
    private func selectingPositions(_ days: [Int]) -> [Int] {
        guard !bySetPos.isEmpty else { return days }
        let picked = bySetPos.compactMap { position -> Int? in
            let index = position > 0 ? position - 1 : days.count + position
            return days.indices.contains(index) ? days[index] : nil
        }
        return Array(Set(picked)).sorted()
    }

    // MARK: Frequencies

    /// DAILY: BYMONTH, BYMONTHDAY and BYDAY only limit which days count (ordinals have no meaning here).
    private func dailyDays(_ day: Int) -> [Int] {
        let date = CivilDate(daysSinceEpoch: day)
        guard byMonth.isEmpty || byMonth.contains(date.month) else { return [] }
        guard byDay.isEmpty || byDay.contains(where: { $0.weekday == date.weekday }) else { return [] }
        if byMonthDay.isEmpty { return [day] }
        guard let month = DayScope(year: date.year, month: date.month) else { return [] }
        return byMonthDay.contains { month.day(ofMonth: $0) == day } ? [day] : []
    }

    /// WEEKLY: BYDAY (DTSTART's weekday by default) expands within the week; BYMONTH limits.
    private func weeklyDays(weekStarting start: Int, first: CivilDate) -> [Int] {
        let weekdays = byDay.isEmpty ? [first.weekday] : byDay.map(\.weekday)
        let days = weekdays.map { start + ($0.rawValue - weekStart.rawValue + 7) % 7 }
        guard !byMonth.isEmpty else { return days }
        return days.filter { byMonth.contains(CivilDate(daysSinceEpoch: $0).month) }
    }

    /// MONTHLY: BYMONTH limits; BYMONTHDAY or BYDAY expand, DTSTART's day of month by default.
    private func monthlyDays(year: Int, month: Int, first: CivilDate) -> [Int] {
        guard byMonth.isEmpty || byMonth.contains(month), let scope = DayScope(year: year, month: month) else { return [] }
        return days(inMonth: scope, ordinalsWithin: scope, defaultDay: first.day)
    }

    /// YEARLY: BYMONTH, BYMONTHDAY and BYDAY expand; DTSTART's month and day fill in what is missing.
    private func yearlyDays(year: Int, first: CivilDate) -> [Int] {
        guard let wholeYear = DayScope(year: year) else { return [] }
        if byMonth.isEmpty, byMonthDay.isEmpty {
            if !byDay.isEmpty { return byDay.flatMap(wholeYear.days(matching:)) }
            guard let month = DayScope(year: year, month: first.month) else { return [] }
            return month.day(ofMonth: first.day).map { [$0] } ?? []
        }
        let months = byMonth.isEmpty ? Array(1...12) : byMonth
        return months.flatMap { month -> [Int] in
            guard let scope = DayScope(year: year, month: month) else { return [] }
            // RFC 5545: a YEARLY ordinal counts within the month when BYMONTH is given.
            return days(inMonth: scope, ordinalsWithin: byMonth.isEmpty ? wholeYear : scope, defaultDay: first.day)
        }
    }

    /// The days of one month that BYMONTHDAY and BYDAY give: BYMONTHDAY expands and BYDAY limits
    /// when both are given; `defaultDay` when neither is.
    private func days(inMonth month: DayScope, ordinalsWithin ordinalScope: DayScope, defaultDay: Int) -> [Int] {
        if !byMonthDay.isEmpty {
            let days = byMonthDay.compactMap(month.day(ofMonth:))
            guard !byDay.isEmpty else { return days }
            return days.filter { day in byDay.contains { ordinalScope.matches($0, day) } }
        }
        if !byDay.isEmpty {
            return byDay.flatMap(ordinalScope.days(matching:)).filter(month.contains)
        }
        return month.day(ofMonth: defaultDay).map { [$0] } ?? []
    }
}

/// A month or a year as a run of day numbers, in which BYMONTHDAY and BYDAY ordinals count.
private struct DayScope {
    let start: Int
    let length: Int

    var end: Int { start + length - 1 }

    init?(year: Int, month: Int) {
        guard let first = CivilDate(year: year, month: month, day: 1) else { return nil }
        start = first.daysSinceEpoch
        length = CivilDate.daysInMonth(year: year, month: month)
    }

    init?(year: Int) {
        guard let first = CivilDate(year: year, month: 1, day: 1) else { return nil }
        start = first.daysSinceEpoch
        length = CivilDate.isLeapYear(year) ? 366 : 365
    }

    func contains(_ day: Int) -> Bool {
        start <= day && day <= end
    }

    /// Day `n` of the month, or with `n` negative the `-n`-th from its end; nil where there is none (the 30th of February).
    func day(ofMonth n: Int) -> Int? {
        let offset = n > 0 ? n - 1 : length + n
        return (0..<length).contains(offset) ? start + offset : nil
    }

    /// Every day of `rule`'s weekday here, or only the ordinal-th (from the end when negative).
    func days(matching rule: RecurrenceRule.DayRule) -> [Int] {
        let firstMatch = start + (rule.weekday.rawValue - Self.weekday(start) + 7) % 7
        let all = Array(stride(from: firstMatch, through: end, by: 7))
        guard let ordinal = rule.ordinal else { return all }
        let index = ordinal > 0 ? ordinal - 1 : all.count + ordinal
        return all.indices.contains(index) ? [all[index]] : []
    }

    /// Whether `day` is one of the days `days(matching: rule)` gives.
    func matches(_ rule: RecurrenceRule.DayRule, _ day: Int) -> Bool {
        guard contains(day), Self.weekday(day) == rule.weekday.rawValue else { return false }
        guard let ordinal = rule.ordinal else { return true }
        return ordinal == (day - start) / 7 + 1 || ordinal == -((end - day) / 7 + 1)
    }

    private static func weekday(_ day: Int) -> Int {
        CivilDate(daysSinceEpoch: day).weekday.rawValue
    }
}
