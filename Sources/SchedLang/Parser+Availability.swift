/// Statements about working hours and free time.
extension Parser {
    /// Parses new working hours for weekdays or a date.
    ///
    ///     available-stmt → 'available' target windows
    ///     target → days | override-date
    ///     override-date → DATE | 'today' | 'tomorrow'
    mutating func parseAvailable() throws(ParseError) -> Statement {
        let start = advance()
        let target = try parseTarget(after: "'available'")
        let windows = try parseWindows(after: target.isDate ? "the date" : "the days")
        return Statement(kind: .available(target.value, windows: windows), range: range(from: start))
    }

    /// Parses closed days or a closed date.
    ///
    ///     unavailable-stmt → 'unavailable' target
    mutating func parseUnavailable() throws(ParseError) -> Statement {
        let start = advance()
        let target = try parseTarget(after: "'unavailable'")
        return Statement(kind: .unavailable(target.value), range: range(from: start))
    }

    private mutating func parseTarget(after context: String) throws(ParseError) -> (value: AvailabilityTarget, isDate: Bool) {
        let token = current
        switch token.kind {
        case .date(let literal):
            advance()
            return (.date(.absolute(literal)), true)
        case .word where isWord(token, "today"):
            advance()
            return (.date(.today), true)
        case .word where isWord(token, "tomorrow"):
            advance()
            return (.date(.tomorrow), true)
        default:
            return (.days(try parseDays(after: context)), false)
        }
    }

    /// Parses a set of weekdays.
    ///
    ///     days → day-spec (',' day-spec)*
    ///     day-spec → weekday ('-' weekday)? | 'weekdays' | 'weekend' | 'daily'
    mutating func parseDays(after context: String) throws(ParseError) -> Set<Int> {
        var days = Set<Int>()
        repeat {
            if current.kind == .comma { advance() }
            let token = current
            if let word = word(token), let group = Keywords.dayGroups[word] {
                advance()
                days.formUnion(group)
                continue
            }
            guard let word = word(token), let first = Keywords.weekdays[word] else {
                try failOnInvalid(token)
                let suggestion = word(token).flatMap {
                    Suggestion.nearest(to: $0, in: Self.dayWords)
                }
                let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
                throw error(.expectedAfter("days such as mon-fri, 'weekend' or a date such as 2025-12-24" + hint,
                                           after: context, found: describe(token)), at: token)
            }
            advance()
            guard current.kind == .minus else {
                days.insert(first)
                continue
            }
            advance()
            guard let lastWord = self.word(current), let last = Keywords.weekdays[lastWord] else {
                throw error(.expectedAfter("a weekday such as fri", after: "'\(self.text(token))-'", found: describe(current)), at: current)
            }
            advance()
            var day = first
            while true {
                days.insert(day)
                if day == last { break }
                day = day % 7 + 1
            }
        } while current.kind == .comma && !isWindowAhead
        return days
    }

    /// Day names in a fixed order (Monday first, short names first), so a tie in "did you mean"
    /// always picks the same word; dictionary order changes from run to run.
    static let dayWords: [String] =
        Keywords.weekdays.sorted { ($0.value, $0.key.count, $0.key) < ($1.value, $1.key.count, $1.key) }.map(\.key)
            + Keywords.dayGroups.keys.sorted()

    /// Whether a comma is followed by a window rather than another day.
    private var isWindowAhead: Bool {
        if case .time = peek().kind { return true }
        return false
    }

    /// Parses a list of windows.
    ///
    ///     windows → window (',' window)*
    ///     window → TIME '-' TIME
    mutating func parseWindows(after context: String) throws(ParseError) -> [WindowLiteral] {
        var windows: [WindowLiteral] = []
        repeat {
            if !windows.isEmpty { advance() }
            windows.append(try parseWindow(after: windows.isEmpty ? context : "','"))
        } while current.kind == .comma
        return windows
    }

    private mutating func parseWindow(after context: String) throws(ParseError) -> WindowLiteral {
        let startToken = current
        guard case .time(let from) = startToken.kind else {
            try failOnInvalid(startToken)
            throw error(.expectedAfter("a window such as 09:00-17:00", after: context, found: describe(startToken)), at: startToken)
        }
        if from.isEndOfDay { throw error(.endOfDayOutsideWindow, at: startToken) }
        advance()
        guard current.kind == .minus else {
            throw error(.expectedAfter("'-' and the end time", after: "'\(text(startToken))'", found: describe(current)), at: current)
        }
        advance()
        guard case .time(let to) = current.kind else {
            try failOnInvalid(current)
            throw error(.expectedAfter("the end time such as 17:00", after: "'\(text(startToken))-'", found: describe(current)), at: current)
        }
        advance()
        let span = range(from: startToken)
        if to.secondsOfDay <= from.secondsOfDay {
            throw ParseError(message: .windowEndsBeforeStart(Self.clip(textOf(span))), range: span)
        }
        return WindowLiteral(start: from, end: to, range: span)
    }

    private func textOf(_ span: SourceRange) -> String {
        tokens.filter { $0.range.start >= span.start && $0.range.end <= span.end }.map(text).joined()
    }

    /// Parses a look at working hours.
    ///
    ///     availability-stmt → 'availability' range?
    mutating func parseAvailability() throws(ParseError) -> Statement {
        let start = advance()
        let dates = atEndOfStatement ? nil : try parseRange(after: "'availability'")
        return Statement(kind: .availability(dates), range: range(from: start))
    }

    /// Parses a search for free start times.
    ///
    ///     slots-stmt → 'slots' range ('for' duration)? ('every' duration)?
    mutating func parseSlots() throws(ParseError) -> Statement {
        let start = advance()
        let dates = try parseRange(after: "'slots'")
        var duration: WrittenValue?
        var every: WrittenValue?
        while !atEndOfStatement {
            let clause = current
            switch word(clause) {
            case "for":
                try once(duration != nil, clause)
                advance()
                duration = try parseDuration(after: "'for'")
            case "every":
                try once(every != nil, clause)
                advance()
                every = try parseDuration(after: "'every'")
            default:
                throw unknownClause(clause, in: "slots", options: Keywords.slotsClauses)
            }
        }
        return Statement(kind: .slots(dates, duration: duration, every: every), range: range(from: start))
    }
}
