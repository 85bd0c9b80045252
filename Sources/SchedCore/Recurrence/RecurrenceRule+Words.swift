import Foundation

extension RecurrenceRule {
    /// The rule in words, for people: "every day", "every Tuesday", "every 2 weeks on Monday and Thursday",
    /// "every month on the 1st", "every month on the last Friday", "every 3 months on the 15th",
    /// "every year on 4 March", then ", 10 times" for COUNT or ", until Mon 30 Jun 2025" for UNTIL
    /// (`untilText` is the date already formatted by the caller, whose zone it is). What those phrases do
    /// not cover (BYSETPOS, several BYMONTH, …) gets a longer phrase that names every part.
    public func words(first: CivilDate, untilText: String?) -> String {
        let phrase = shortPhrase(first: first) ?? fullPhrase(first: first)
        return phrase + weekStartWords + endWords(untilText: untilText)
    }

    // MARK: Short phrases

    /// The everyday phrase, or nil when the rule needs more words than it has.
    private func shortPhrase(first: CivilDate) -> String? {
        guard bySetPos.isEmpty else { return nil }
        switch frequency {
        case .daily:
            return byMonth.isEmpty && byMonthDay.isEmpty && byDay.isEmpty ? every("day") : nil
        case .weekly:
            guard byMonth.isEmpty else { return nil }
            let days = Words.list(weekdays(first: first).map(Words.name), joinedBy: "and")
            return interval == 1 ? "every \(days)" : "\(every("week")) on \(days)"
        case .monthly:
            guard byMonth.isEmpty else { return nil }
            if byDay.isEmpty { return "\(every("month")) on \(monthDayWords(first: first))" }
            guard byMonthDay.isEmpty, let days = ordinalDayWords else { return nil }
            return "\(every("month")) on \(days)"
        case .yearly:
            return yearlyShortPhrase(first: first)
        }
    }

    /// "every year on 4 March", "every 2 years on the 2nd Sunday of May".
    private func yearlyShortPhrase(first: CivilDate) -> String? {
        guard byMonth.count <= 1 else { return nil }
        let month = Words.monthName(byMonth.first ?? first.month)
        if byMonthDay.isEmpty, byDay.isEmpty { return "\(every("year")) on \(first.day) \(month)" }
        guard byMonth.count == 1 else { return nil }
        if byDay.isEmpty, byMonthDay.count == 1, let day = byMonthDay.first, day > 0 {
            return "\(every("year")) on \(day) \(month)"
        }
        if byMonthDay.isEmpty, let days = ordinalDayWords { return "\(every("year")) on \(days) of \(month)" }
        return nil
    }

    /// "the 2nd Tuesday and the last Friday", or nil when an entry has no ordinal.
    private var ordinalDayWords: String? {
        let entries = byDay.compactMap { rule in rule.ordinal.map { "the \(Words.position($0)) \(Words.name(rule.weekday))" } }
        return entries.count == byDay.count ? Words.list(entries, joinedBy: "and") : nil
    }

    /// "the 1st", "the 2nd and the 15th", "the last day"; DTSTART's day when there is no BYMONTHDAY.
    private func monthDayWords(first: CivilDate) -> String {
        let days = byMonthDay.isEmpty ? [first.day] : byMonthDay
        return Words.list(days.map { "the " + Words.monthDay($0) }, joinedBy: "and")
    }

    /// BYDAY's weekdays in week order, or DTSTART's.
    private func weekdays(first: CivilDate) -> [Weekday] {
        byDay.isEmpty ? [first.weekday] : Array(Set(byDay.map(\.weekday))).sorted()
    }

    /// "every day", "every 3 months".
    private func every(_ unit: String) -> String {
        interval == 1 ? "every \(unit)" : "every \(interval) \(unit)s"
    }

    // MARK: The full phrase

    /// Every part in words, for rules the short phrases do not fit: "every month on Mondays, Tuesdays,
    /// Wednesdays, Thursdays and Fridays, only the 2nd to last of these in each month".
    private func fullPhrase(first: CivilDate) -> String {
        var phrase = every(unitName)
        switch frequency {
        case .daily:
            if let days = dayWords(first: first) { phrase += ", only on " + days }
            if !byMonth.isEmpty { phrase += ", only in " + monthWords(byMonth) }
        case .weekly:
            phrase += " on " + Words.list(weekdays(first: first).map(Words.name), joinedBy: "and")
            if !byMonth.isEmpty { phrase += ", only in " + monthWords(byMonth) }
        case .monthly:
            phrase += " on " + (dayWords(first: first) ?? monthDayWords(first: first))
            if !byMonth.isEmpty { phrase += ", only in " + monthWords(byMonth) }
        case .yearly:
            phrase += yearlyDayWords(first: first)
        }
        return phrase + setPositionWords
    }

    /// " in March and June on the 4th", " on the 1st of every month", " on the 20th Monday of the year".
    private func yearlyDayWords(first: CivilDate) -> String {
        let givesDays = !byMonthDay.isEmpty || !byDay.isEmpty
        guard byMonth.isEmpty else {
            return " in \(monthWords(byMonth)) on " + (dayWords(first: first) ?? monthDayWords(first: first))
        }
        guard givesDays else { return " in \(monthWords([first.month])) on \(monthDayWords(first: first))" }
        guard !byMonthDay.isEmpty else { return " on " + (dayWords(first: first) ?? "") }
        return " on " + monthDayWords(first: first) + " of every month"
            + (byDay.isEmpty ? "" : " when it is " + weekdayWords(singular: true))
    }

    /// The days BYMONTHDAY and BYDAY give ("the 13th when it is a Friday"), nil when neither is given.
    private func dayWords(first: CivilDate) -> String? {
        switch (byMonthDay.isEmpty, byDay.isEmpty) {
        case (true, true): nil
        case (false, true): monthDayWords(first: first)
        case (true, false): weekdayWords(singular: false)
        case (false, false): monthDayWords(first: first) + " when it is " + weekdayWords(singular: true)
        }
    }

    /// "Mondays and Fridays", or singular "a Monday or a Friday"; ordinals as "the 2nd Tuesday of the month".
    private func weekdayWords(singular: Bool) -> String {
        let scope = frequency == .yearly && byMonth.isEmpty ? "year" : "month"
        let entries = byDay.map { rule -> String in
            let name = Words.name(rule.weekday)
            guard let ordinal = rule.ordinal else { return singular ? "a \(name)" : "\(name)s" }
            return "the \(Words.position(ordinal)) \(name) of the \(scope)"
        }
        return Words.list(entries, joinedBy: singular ? "or" : "and")
    }

    /// "January and June".
    private func monthWords(_ months: [Int]) -> String {
        Words.list(months.map(Words.monthName), joinedBy: "and")
    }

    /// ", only the 1st and the last of these in each month".
    private var setPositionWords: String {
        guard !bySetPos.isEmpty else { return "" }
        let positions = Words.list(bySetPos.map { "the " + Words.position($0) }, joinedBy: "and")
        return ", only \(positions) of these in each \(unitName)"
    }

    private var unitName: String {
        switch frequency {
        case .daily: "day"
        case .weekly: "week"
        case .monthly: "month"
        case .yearly: "year"
        }
    }

    /// ", weeks starting on Sunday" where WKST changes which days a WEEKLY rule gives.
    private var weekStartWords: String {
        guard frequency == .weekly, weekStart != .monday, interval > 1 || !bySetPos.isEmpty else { return "" }
        return ", weeks starting on \(Words.name(weekStart))"
    }

    // MARK: The end

    /// ", 10 times", ", until Mon 30 Jun 2025", or nothing for an open-ended rule.
    private func endWords(untilText: String?) -> String {
        switch end {
        case nil: return ""
        case .count(let count): return count == 1 ? ", once" : ", \(count) times"
        case .until(let until): return ", until " + (untilText ?? Words.untilText(until))
        }
    }
}

/// The English words the rule's phrases are made of.
private enum Words {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// "March"; a month out of range (a rule built by hand) as "month 13".
    static func monthName(_ month: Int) -> String {
        monthNames.indices.contains(month - 1) ? monthNames[month - 1] : "month \(month)"
    }

    /// "Tuesday".
    static func name(_ weekday: Weekday) -> String {
        weekday.name.prefix(1).uppercased() + weekday.name.dropFirst()
    }

    /// "1st", "22nd", "last", "2nd to last".
    static func position(_ n: Int) -> String {
        if n > 0 { return ordinal(n) }
        return n == -1 ? "last" : "\(ordinal(-n)) to last"
    }

    /// "15th", "last day", "3rd to last day".
    static func monthDay(_ n: Int) -> String {
        n > 0 ? ordinal(n) : position(n) + " day"
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = switch (n % 10, n % 100) {
        case (_, 11...13): "th"
        case (1, _): "st"
        case (2, _): "nd"
        case (3, _): "rd"
        default: "th"
        }
        return "\(n)\(suffix)"
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String], joinedBy conjunction: String) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// "Mon 30 Jun 2025" (UTC for an instant), for when the caller gives no text of its own.
    static func untilText(_ until: RecurrenceRule.Until) -> String {
        switch until {
        case .date(let date), .local(let date, _):
            return dateText(date)
        case .instant(let instant):
            let days = Int((instant.timeIntervalSince1970 / 86400).rounded(.down))
            return dateText(CivilDate(daysSinceEpoch: days)) + " UTC"
        }
    }

    private static func dateText(_ date: CivilDate) -> String {
        "\(date.weekday.shortName) \(date.day) \(monthName(date.month).prefix(3)) \(date.year)"
    }
}
