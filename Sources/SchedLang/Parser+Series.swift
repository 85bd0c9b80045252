/// Repeating bookings and the statements about a series.
extension Parser {
    /// The series clauses of a booking, gathered in any order.
    struct SeriesDraft {
        var pattern: RepeatPattern?
        var from: WrittenValue?
        var until: WrittenValue?
        var count: WrittenValue?
        var skipConflicts = false
        /// The first clause that needs `every`, for the error when it is missing.
        var firstDependent: Lexeme?

        var repetition: Repetition? {
            pattern.map { Repetition(pattern: $0, from: from, until: until, count: count, skipConflicts: skipConflicts) }
        }
    }

    /// Parses one series clause of a booking into `draft`; false when `clause` is none.
    ///
    ///     series-clause → 'every' every | 'from' date | 'until' date | 'count' (INTEGER | variable)
    ///                   | 'skip' 'conflicts'
    mutating func parseSeriesClause(_ clause: Lexeme, into draft: inout SeriesDraft) throws(ParseError) -> Bool {
        if isWord(clause, "every") {
            try once(draft.pattern != nil, clause)
            draft.pattern = try parseEvery()
            return true
        }
        if isWord(clause, "from") {
            try once(draft.from != nil, clause)
            advance()
            draft.from = try parseDate(after: "'from'")
        } else if isWord(clause, "until") {
            try once(draft.until != nil, clause)
            if draft.count != nil { throw error(.untilWithCount, at: clause) }
            advance()
            draft.until = try parseDate(after: "'until'")
        } else if isWord(clause, "count") {
            try once(draft.count != nil, clause)
            if draft.until != nil { throw error(.untilWithCount, at: clause) }
            advance()
            draft.count = try parseCount(after: "'count'")
        } else if isWord(clause, "skip") {
            try once(draft.skipConflicts, clause)
            advance()
            try expectKeyword("conflicts", after: "'skip'")
            draft.skipConflicts = true
        } else {
            return false
        }
        draft.firstDependent = draft.firstDependent ?? clause
        return true
    }

    /// Parses the period after `every`.
    ///
    ///     every → INTEGER? unit ('on' on-spec)? | weekday (',' weekday)* TIME?
    ///     unit → 'day' | 'days' | 'week' | 'weeks' | 'month' | 'months' | 'year' | 'years'
    ///     on-spec → weekday (',' weekday)* | 'the' month-day
    ///     month-day → ORDINAL weekday? | 'last' weekday?
    mutating func parseEvery() throws(ParseError) -> RepeatPattern {
        let every = advance()
        var interval = 1
        if case .integer(let count) = current.kind {
            guard count >= 1 else { throw error(.intervalZero, at: current) }
            interval = count
            advance()
        }
        if interval == 1, let day = word(current).flatMap({ Keywords.weekdays[$0] }) {
            _ = day
            let weekdays = try parseWeekdayList()
            var time: TimeLiteral?
            if case .time(let written) = current.kind {
                if written.isEndOfDay { throw error(.endOfDayOutsideWindow, at: current) }
                time = written
                advance()
            }
            return RepeatPattern(interval: 1, unit: .week, weekdays: weekdays, time: time, range: range(from: every))
        }
        guard let unit = word(current).flatMap({ Keywords.repeatUnits[$0] }) else {
            try failOnInvalid(current)
            let what = interval == 1 ? "a weekday such as 'tue', or 'day', 'week', 'month' or 'year'"
                : "'days', 'weeks', 'months' or 'years'"
            throw error(.expectedAfter(what, after: "'every'", found: describe(current)), at: current)
        }
        advance()
        var pattern = RepeatPattern(interval: interval, unit: unit, range: range(from: every))
        if word(current).flatMap({ Keywords.weekdays[$0] }) != nil, unit == .week {
            throw error(.weekdaysNeedOn, at: current)
        }
        guard isWord(current, "on"), unit == .week || unit == .month || unit == .day else {
            return pattern
        }
        advance()
        switch unit {
        case .week, .day: pattern.weekdays = try parseWeekdayList()
        case .month: pattern.monthDay = try parseMonthDay()
        case .year: break
        }
        pattern.range = range(from: every)
        return pattern
    }

    /// `mon`, `mon, thu`: ISO weekdays in the order written.
    private mutating func parseWeekdayList() throws(ParseError) -> [Int] {
        var days: [Int] = []
        repeat {
            if !days.isEmpty { advance() }
            guard let day = word(current).flatMap({ Keywords.weekdays[$0] }) else {
                try failOnInvalid(current)
                throw error(.expectedAfter("a weekday such as 'mon'", after: days.isEmpty ? "'on'" : "','",
                                           found: describe(current)), at: current)
            }
            if !days.contains(day) { days.append(day) }
            advance()
        } while current.kind == .comma
        return days
    }

    /// `the 1st`, `the last`, `the 2nd tue`, `the last fri`.
    private mutating func parseMonthDay() throws(ParseError) -> RepeatPattern.MonthDay {
        try expectKeyword("the", after: "'on'")
        let position = current
        let ordinal: Int
        if case .ordinal(let value) = position.kind {
            ordinal = value
        } else if isWord(position, "last") {
            ordinal = -1
        } else {
            try failOnInvalid(position)
            throw error(.expectedAfter("a day such as '1st', '15th' or 'last'", after: "'the'",
                                       found: describe(position)), at: position)
        }
        advance()
        if let day = word(current).flatMap({ Keywords.weekdays[$0] }) {
            guard ordinal == -1 || (1...5).contains(ordinal) else { throw error(.monthDayOutOfRange(ordinal), at: position) }
            advance()
            return .weekday(ordinal: ordinal, weekday: day)
        }
        if ordinal == -1 { return .lastDay }
        guard (1...31).contains(ordinal) else { throw error(.monthDayOutOfRange(ordinal), at: position) }
        return .day(ordinal)
    }

    /// A count: a positive integer or a variable; `example` is what the error offers.
    mutating func parseCount(after context: String, example: String = "a number such as 10") throws(ParseError) -> WrittenValue {
        let token = current
        switch token.kind {
        case .integer(let count):
            guard count >= 1 else { throw error(.zeroLimit, at: token) }
            advance()
            return WrittenValue(kind: .integer(count), range: token.range)
        case .variable:
            return try parseVariable()
        default:
            try failOnInvalid(token)
            throw error(.expectedAfter(example, after: context, found: describe(token)), at: token)
        }
    }

    /// Whether the word `series` is next, consumed if so.
    mutating func acceptSeries() -> Bool {
        guard isWord(current, "series") else { return false }
        advance()
        return true
    }
}
