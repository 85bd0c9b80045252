import Foundation
import PropertyBased
import SchedTestSupport
import Testing

@testable import SchedCore

/// The recurrence engine against RFC 5545 read literally, and RRULE text read back.
@Suite struct RecurrencePropertyTests {
    @Test("Expansion agrees with a day-by-day reading of RFC 5545")
    func expansionAgreesWithTheDayByDayReference() async {
        await propertyCheck(count: 300, input: Self.rule, Self.firstDate, Gen.int(in: 0...1096), Self.lastDateOffset) {
            rule, first, span, lastOffset in
            let through = Days.adding(first, span)
            let lastDate = lastOffset.map { Days.adding(first, $0) }
            let expected = Reference(rule: rule, first: first).dates(through: through, lastDate: lastDate)
            let actual = rule.dates(first: first, through: through, lastDate: lastDate)
            #expect(actual == expected, "\(rule.text) from \(first) through \(through), last date \(String(describing: lastDate))")
        }
    }

    @Test("Dense rules with BYSETPOS agree with the reference")
    func denseRulesWithSetPositionsAgree() async {
        // Every weekday in the period, so BYSETPOS has large sets to choose from.
        let dense = zip(Self.rule, pick([[1], [-1], [2, -2], [3], [-5, 1], [366], [10, 20]]), Gen.int(in: 1...7)).map { rule, positions, skip in
            var rule = rule
            rule.byDay = Weekday.allCases.filter { $0.rawValue != skip }.map { RecurrenceRule.DayRule($0) }
            rule.byMonthDay = []
            rule.bySetPos = positions
            return rule
        }
        await propertyCheck(count: 150, input: dense, Self.firstDate, Gen.int(in: 0...800)) { rule, first, span in
            let through = Days.adding(first, span)
            let expected = Reference(rule: rule, first: first).dates(through: through, lastDate: nil)
            #expect(rule.dates(first: first, through: through) == expected, "\(rule.text) from \(first) through \(through)")
        }
    }

    @Test("RRULE text reads back as the same rule")
    func textReadsBackAsTheSameRule() async {
        let withEnd = zip(Self.rule, Self.end).map { rule, end in
            var rule = rule
            rule.end = end
            return rule
        }
        await propertyCheck(count: 300, input: withEnd) { rule in
            #expect(RecurrenceRule.parse(rule.text) == .success(rule), "\(rule.text)")
            #expect(RecurrenceRule.parse(rule.text.lowercased()) == .success(rule), "\(rule.text)")
        }
    }

    @Test("Every rule can be said in words")
    func everyRuleCanBeSaidInWords() async {
        await propertyCheck(count: 200, input: Self.rule, Self.firstDate) { rule, first in
            let words = rule.words(first: first, untilText: "Mon 30 Jun 2025")
            #expect(words.hasPrefix("every "), "\(rule.text): \(words)")
            #expect(!words.contains("  ") && !words.hasSuffix(" on"), "\(rule.text): \(words)")
        }
    }

    // MARK: - Generators

    /// Valid rules of all four frequencies: each BY part present about half the time, ordinals only
    /// where RFC 5545 allows them, BYMONTHDAY never with WEEKLY.
    static let rule = zip(
        pick(RecurrenceRule.Frequency.allCases),
        Gen.int(in: 1...4),
        zip(Gen.int(in: 1...7), pick([nil, nil, nil, 1, 2, 3, 4, 5, -1, -2, -5, 10, 20, 53, -53] as [Int?]))
            .array(of: 0...3),
        pick([1, 2, 13, 15, 28, 29, 30, 31, -1, -2, -3, -29, -31]).array(of: 0...3),
        Gen.int(in: 1...12).array(of: 0...3),
        pick([1, 2, 3, -1, -2, 4, 7, 366, -366]).array(of: 0...2),
        pick(Weekday.allCases),
        zip(Gen.bool(0.4), Gen.int(in: 1...40))
    ).map { frequency, interval, days, monthDays, months, positions, weekStart, count in
        makeRule(frequency, interval, days, monthDays, months, positions, weekStart, count)
    }

    static func makeRule(
        _ frequency: RecurrenceRule.Frequency, _ interval: Int, _ days: [(Int, Int?)], _ monthDays: [Int],
        _ months: [Int], _ positions: [Int], _ weekStart: Weekday, _ count: (Bool, Int)
    ) -> RecurrenceRule {
        let withinYear = frequency == .yearly && months.isEmpty
        let byDay = days.map { weekday, ordinal -> RecurrenceRule.DayRule in
            var ordinal = ordinal
            switch frequency {
            case .daily, .weekly: ordinal = nil
            case .monthly, .yearly: if !withinYear, let n = ordinal, abs(n) > 5 { ordinal = n.signum() * (abs(n) % 5 + 1) }
            }
            return RecurrenceRule.DayRule(Weekday(rawValue: weekday) ?? .monday, ordinal: ordinal)
        }
        return RecurrenceRule(
            frequency: frequency, interval: interval, byDay: byDay, byMonthDay: frequency == .weekly ? [] : monthDays,
            byMonth: months, bySetPos: positions, weekStart: weekStart, end: count.0 ? .count(count.1) : nil)
    }

    /// COUNT, or UNTIL in each of its three forms (whole seconds, as RRULE text has).
    static let end = zip(Gen.int(in: 0...4), Gen.int(in: 1...500), firstDate, Gen.int(in: 0...86399)).map {
        choice, count, date, seconds -> RecurrenceRule.End? in
        switch choice {
        case 0: return nil
        case 1: return .count(count)
        case 2: return .until(.date(date))
        case 3: return .until(.local(date, secondsOfDay: seconds))
        default: return .until(.instant(Date(timeIntervalSince1970: Double(Days.number(date) * 86400 + seconds))))
        }
    }

    /// Dates from 1990 to 2060, month ends and 29 February often.
    static let firstDate = zip(Gen.int(in: 1990...2060), Gen.int(in: 1...12), Gen.int(in: 1...31), Gen.int(in: 0...5)).map {
        year, month, day, choice -> CivilDate in
        let last = Days.calendar.range(of: .day, in: .month, for: Days.calendar.date(from: DateComponents(year: year, month: month)) ?? Date())?.count ?? 28
        let leapYear = year - year % 4
        switch choice {
        case 0: return Days.parse(String(format: "%04d-%02d-%02d", year, month, last))
        case 1: return Days.parse(String(format: "%04d-02-29", leapYear == 2100 ? 2096 : leapYear))
        default: return Days.parse(String(format: "%04d-%02d-%02d", year, month, min(day, last)))
        }
    }

    /// A last date UNTIL allows, as days after `first` (before it now and then), or none.
    static let lastDateOffset = zip(Gen.bool(0.3), Gen.int(in: -10...1096)).map { given, offset in given ? offset : nil }

    // MARK: - The reference

    /// RFC 5545 3.3.10 read literally: each day around `first`...`through` is checked against FREQ,
    /// INTERVAL and every BY part on its own, BYSETPOS then picks from each period's matching days,
    /// and DTSTART, COUNT, UNTIL and `through` apply last. Dates come from Foundation's calendar and
    /// ordinals from counting weekdays along the walk, not from `CivilDate` arithmetic.
    struct Reference {
        let rule: RecurrenceRule
        let first: CivilDate

        /// What is known of one day of the walk.
        struct Day {
            let number: Int
            let year: Int
            let month: Int
            let day: Int
            let weekday: Int
            /// Which Tuesday of the month (or year) this Tuesday is, counted from the start and from the end.
            var inMonth = (fromStart: 0, fromEnd: 0)
            var inYear = (fromStart: 0, fromEnd: 0)
            /// 1 on the last day of the month.
            var dayFromMonthEnd = 0
            /// Counts the WKST days passed: one number per week.
            var week = 0
        }

        func dates(through: CivilDate, lastDate: CivilDate?) -> [CivilDate] {
            let days = walk(from: Days.number(first), through: Days.number(through))
            let firstDay = days.first { $0.number == Days.number(first) }
            guard let firstDay else { return [] }
            var periods: [Int: [Day]] = [:]
            for day in days where matches(day, first: firstDay) {
                if let key = keptPeriod(of: day, first: firstDay) { periods[key, default: []].append(day) }
            }
            let produced = periods.keys.sorted().flatMap { selectingPositions(periods[$0] ?? []) }
                .filter { $0.number > firstDay.number }
            var result = [firstDay] + produced
            if case .count(let count) = rule.end { result = Array(result.prefix(count)) }
            let limit = lastDate.map { min($0, through) } ?? through
            return result.map { Days.date($0.number) }.filter { $0 <= limit }
        }

        /// Every day from 7 days before 1 January of `first`'s year to 7 days after 31 December of
        /// `through`'s, so that each period met is whole.
        func walk(from firstNumber: Int, through lastNumber: Int) -> [Day] {
            let start = Days.number(Days.parse(String(format: "%04d-01-01", Days.date(firstNumber).year))) - 7
            let end = Days.number(Days.parse(String(format: "%04d-12-31", Days.date(max(firstNumber, lastNumber)).year))) + 7
            var days = (start...end).map(Self.day)
            countForwards(&days)
            countBackwards(&days)
            return days
        }

        static func day(_ number: Int) -> Day {
            let parts = Days.calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(number) * 86400))
            // Foundation numbers Sunday 1 ... Saturday 7; RFC 5545 and `Weekday` start on Monday.
            let weekday = ((parts.weekday ?? 1) + 5) % 7 + 1
            return Day(number: number, year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, weekday: weekday)
        }

        func countForwards(_ days: inout [Day]) {
            var inMonth: [Int: Int] = [:], inYear: [Int: Int] = [:], week = 0
            for i in days.indices {
                if i > 0, days[i].month != days[i - 1].month { inMonth = [:] }
                if i > 0, days[i].year != days[i - 1].year { inYear = [:] }
                if days[i].weekday == rule.weekStart.rawValue { week += 1 }
                inMonth[days[i].weekday, default: 0] += 1
                inYear[days[i].weekday, default: 0] += 1
                days[i].inMonth.fromStart = inMonth[days[i].weekday] ?? 0
                days[i].inYear.fromStart = inYear[days[i].weekday] ?? 0
                days[i].week = week
            }
        }

        func countBackwards(_ days: inout [Day]) {
            var inMonth: [Int: Int] = [:], inYear: [Int: Int] = [:], toMonthEnd = 0
            for i in days.indices.reversed() {
                if i < days.count - 1, days[i].month != days[i + 1].month { inMonth = [:]; toMonthEnd = 0 }
                if i < days.count - 1, days[i].year != days[i + 1].year { inYear = [:] }
                inMonth[days[i].weekday, default: 0] += 1
                inYear[days[i].weekday, default: 0] += 1
                toMonthEnd += 1
                days[i].inMonth.fromEnd = -(inMonth[days[i].weekday] ?? 0)
                days[i].inYear.fromEnd = -(inYear[days[i].weekday] ?? 0)
                days[i].dayFromMonthEnd = toMonthEnd
            }
        }

        /// The period of `day` when INTERVAL keeps it: the number of periods since `first`'s.
        func keptPeriod(of day: Day, first: Day) -> Int? {
            let index: (Day) -> Int = switch rule.frequency {
            case .daily: { $0.number }
            case .weekly: { $0.week }
            case .monthly: { $0.year * 12 + $0.month }
            case .yearly: { $0.year }
            }
            let since = index(day) - index(first)
            return since >= 0 && since % rule.interval == 0 ? since : nil
        }

        /// Whether the BY parts (and DTSTART where they leave something open) allow the day.
        func matches(_ day: Day, first: Day) -> Bool {
            guard rule.byMonth.isEmpty || rule.byMonth.contains(day.month) else { return false }
            let dayParts = matchesMonthDay(day) && matchesWeekday(day)
            switch rule.frequency {
            case .daily:
                return dayParts
            case .weekly:
                return rule.byDay.isEmpty ? day.weekday == first.weekday : dayParts
            case .monthly:
                return rule.byMonthDay.isEmpty && rule.byDay.isEmpty ? day.day == first.day : dayParts
            case .yearly:
                if rule.byMonth.isEmpty, rule.byMonthDay.isEmpty, rule.byDay.isEmpty {
                    return day.month == first.month && day.day == first.day
                }
                return rule.byMonthDay.isEmpty && rule.byDay.isEmpty ? day.day == first.day : dayParts
            }
        }

        func matchesMonthDay(_ day: Day) -> Bool {
            rule.byMonthDay.isEmpty || rule.byMonthDay.contains { $0 == day.day || -$0 == day.dayFromMonthEnd }
        }

        func matchesWeekday(_ day: Day) -> Bool {
            let withinYear = rule.frequency == .yearly && rule.byMonth.isEmpty
            let ordinals = withinYear ? day.inYear : day.inMonth
            return rule.byDay.isEmpty || rule.byDay.contains { entry in
                entry.weekday.rawValue == day.weekday
                    && (entry.ordinal == nil || entry.ordinal == ordinals.fromStart || entry.ordinal == ordinals.fromEnd)
            }
        }

        /// BYSETPOS: the n-th, or n-th from last, of one period's matching days.
        func selectingPositions(_ days: [Day]) -> [Day] {
            guard !rule.bySetPos.isEmpty else { return days }
            return days.enumerated().filter { index, _ in
                rule.bySetPos.contains { $0 == index + 1 || $0 == index - days.count }
            }.map(\.element)
        }
    }
}
