/// Dates, times, durations, ranges and other values inside statements.
extension Parser {
    /// Parses a date-time.
    ///
    ///     datetime → DATETIME | date time | 'now' | variable
    ///     time → TIME | 'noon' | 'midnight'
    mutating func parseDateTime(after context: String) throws(ParseError) -> WrittenValue {
        let start = current
        if case .variable = start.kind { return try parseVariable() }
        if case .dateTime(let date, let time, let offset) = start.kind {
            advance()
            return WrittenValue(kind: .dateTime(.absolute(date), time, offsetSeconds: offset), range: start.range)
        }
        if isWord(start, "now") {
            advance()
            return WrittenValue(kind: .now, range: start.range)
        }
        guard let (date, spelled) = try acceptDate() else {
            try failOnInvalid(start)
            throw error(.expectedAfter(Self.dateTimeExample, after: context, found: describe(start)), at: start)
        }
        let time = try parseTime(after: "'\(spelled)'")
        return WrittenValue(kind: .dateTime(date, time, offsetSeconds: nil), range: range(from: start))
    }

    static let dateTimeExample = "a date-time such as 2025-03-04T10:00 or 'tomorrow 14:30'"

    /// The time of day of a date-time, never 24:00.
    mutating func parseTime(after context: String) throws(ParseError) -> TimeLiteral {
        guard let time = timeOfDay(current) else {
            try failOnInvalid(current)
            throw error(.expectedAfter("a time such as 10:00 or 10am", after: context, found: describe(current)), at: current)
        }
        if time.isEndOfDay { throw error(.endOfDayOutsideWindow, at: current) }
        advance()
        return time
    }

    /// The time of day a token names: a TIME, `noon` or `midnight`.
    func timeOfDay(_ token: Lexeme) -> TimeLiteral? {
        switch token.kind {
        case .time(let time): time
        case .word: word(token).flatMap { Keywords.namedTimes[$0] }.map { TimeLiteral(hour: $0, minute: 0) }
        default: nil
        }
    }

    /// Whether a date starts at `token`, with `next` after it (all the look-ahead a date needs).
    func startsDate(_ token: Lexeme, _ next: Lexeme) -> Bool {
        switch token.kind {
        case .date: return true
        case .integer: return word(next).flatMap { Keywords.months[$0] } != nil
        case .word:
            guard let word = word(token) else { return false }
            switch word {
            case "today", "tomorrow", "yesterday": return true
            case "next": return self.word(next).flatMap { Keywords.weekdays[$0] } != nil
            case "in": if case .integer = next.kind { return true } else { return false }
            default:
                if Keywords.weekdays[word] != nil { return true }
                if Keywords.months[word] != nil, case .integer = next.kind { return true }
                return false
            }
        default: return false
        }
    }

    /// The date that starts here, consumed, with its text; nil, with nothing consumed, when
    /// none does.
    ///
    ///     date-expr → DATE | date-word | weekday | 'next' weekday | 'in' INTEGER day-unit
    ///               | month INTEGER | INTEGER month
    ///     day-unit → 'day' | 'days' | 'week' | 'weeks'
    mutating func acceptDate() throws(ParseError) -> (DateExpression, String)? {
        let first = current
        let second = peek()
        guard startsDate(first, second) else { return nil }
        advance()
        switch first.kind {
        case .date(let literal):
            return (.absolute(literal), text(first))
        case .integer(let day):
            advance()
            let month = word(second).flatMap { Keywords.months[$0] } ?? 1
            return (try monthDay(month, day, at: first, second), text(first) + " " + text(second))
        default:
            break
        }
        let word = word(first) ?? ""
        switch word {
        case "today": return (.today, text(first))
        case "tomorrow": return (.tomorrow, text(first))
        case "yesterday": return (.yesterday, text(first))
        case "next":
            advance()
            return (.nextWeekday(self.word(second).flatMap { Keywords.weekdays[$0] } ?? 1), text(first) + " " + text(second))
        case "in":
            advance()
            guard case .integer(let count) = second.kind else { return nil }
            guard let unit = self.word(current).flatMap({ Keywords.dayUnits[$0] }) else {
                try failOnInvalid(current)
                throw error(.expectedAfter("'days' or 'weeks'", after: "'in \(count)'", found: describe(current)), at: current)
            }
            let spelled = "\(text(first)) \(count) \(text(current))"
            advance()
            return (.inDays(count * unit), spelled)
        default:
            if let weekday = Keywords.weekdays[word] { return (.weekday(weekday), text(first)) }
            advance()
            guard case .integer(let day) = second.kind else { return nil }
            return (try monthDay(Keywords.months[word] ?? 1, day, at: first, second), text(first) + " " + text(second))
        }
    }

    /// `dec 24` or `24 dec`, refused when the month never has that day.
    private func monthDay(_ month: Int, _ day: Int, at first: Lexeme, _ second: Lexeme) throws(ParseError) -> DateExpression {
        // February has a 29th in leap years; the runtime finds the next one.
        let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...longest).contains(day) else {
            let spelled = text(first) + " " + text(second)
            throw ParseError(message: .invalidDate(spelled, reason: "\(Self.monthNames[month - 1]) has days 1 to \(longest)"),
                             range: SourceRange(start: first.range.start, end: second.range.end))
        }
        return .monthDay(month: month, day: day)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    static let dateExample = "a date such as 2025-03-04, 'tomorrow', 'next mon' or 'dec 24'"

    /// Parses a date.
    ///
    ///     date → date-expr | variable
    mutating func parseDate(after context: String) throws(ParseError) -> WrittenValue {
        let start = current
        if case .variable = start.kind { return try parseVariable() }
        guard let (date, _) = try acceptDate() else {
            try failOnInvalid(start)
            throw error(.expectedAfter(Self.dateExample, after: context, found: describe(start)), at: start)
        }
        return WrittenValue(kind: .date(date), range: range(from: start))
    }

    /// Parses a date or a date-time, for the ends of a range.
    ///
    ///     point → datetime | date
    mutating func parseDateOrDateTime(after context: String) throws(ParseError) -> WrittenValue {
        let start = current
        switch start.kind {
        case .dateTime, .variable: return try parseDateTime(after: context)
        case .word where isWord(start, "now"): return try parseDateTime(after: context)
        default: break
        }
        let date = try parseDate(after: context)
        guard case .date(let written) = date.kind, let time = timeOfDay(current) else { return date }
        if time.isEndOfDay { throw error(.endOfDayOutsideWindow, at: current) }
        advance()
        return WrittenValue(kind: .dateTime(written, time, offsetSeconds: nil), range: range(from: start))
    }

    /// Parses a duration.
    ///
    ///     duration → '-'? DURATION | INTEGER hours (INTEGER minutes)? | INTEGER minutes | variable
    ///     hours → 'hour' | 'hours' | 'hr' | 'hrs'
    ///     minutes → 'minute' | 'minutes' | 'min' | 'mins'
    mutating func parseDuration(after context: String) throws(ParseError) -> WrittenValue {
        let start = current
        if case .variable = start.kind { return try parseVariable() }
        var sign = 1
        if start.kind == .minus, case .duration = peek().kind {
            advance()
            sign = -1
        }
        if case .integer(let amount) = current.kind, let unit = word(peek()).flatMap({ Keywords.durationUnits[$0] }) {
            advance()
            advance()
            var minutes = amount * unit
            if unit == 60, case .integer(let more) = current.kind, word(peek()).flatMap({ Keywords.durationUnits[$0] }) == 1 {
                advance()
                advance()
                minutes += more
            }
            return WrittenValue(kind: .duration(minutes), range: range(from: start))
        }
        guard case .duration(let minutes) = current.kind else {
            try failOnInvalid(current)
            throw error(.expectedAfter("a duration such as 30m, 1h30 or '90 min'", after: context, found: describe(current)),
                        at: current)
        }
        advance()
        return WrittenValue(kind: .duration(sign * minutes), range: range(from: start))
    }

    /// Parses a string value.
    ///
    ///     text → STRING | variable
    mutating func parseText(_ what: String, after context: String) throws(ParseError) -> WrittenValue {
        let token = current
        switch token.kind {
        case .string:
            advance()
            return WrittenValue(kind: .string(lexer.stringValue(of: token) ?? ""), range: token.range)
        case .variable:
            return try parseVariable()
        default:
            try failOnInvalid(token)
            throw error(.expectedAfter(what, after: context, found: describe(token)), at: token)
        }
    }

    /// Parses a reference to an appointment.
    ///
    ///     ref → INTEGER | UUID | STRING | variable
    mutating func parseReference(after context: String) throws(ParseError) -> WrittenValue {
        if let literal = acceptLiteral() { return literal }
        if case .variable = current.kind { return try parseVariable() }
        try failOnInvalid(current)
        throw error(.expectedAfter("an appointment such as 12 or \"Ann\"", after: context, found: describe(current)), at: current)
    }

    /// Consumes a string, an integer or a UUID, if one is next.
    private mutating func acceptLiteral() -> WrittenValue? {
        let token = current
        let kind: WrittenValueKind
        switch token.kind {
        case .string: kind = .string(lexer.stringValue(of: token) ?? "")
        case .integer(let number): kind = .integer(number)
        case .uuid: kind = .uuid(lexer.uuid(of: token) ?? "")
        default: return nil
        }
        advance()
        return WrittenValue(kind: kind, range: token.range)
    }

    /// Parses a variable path.
    ///
    ///     variable → VARIABLE ('.' NAME | '[' INTEGER ']')*
    mutating func parseVariable() throws(ParseError) -> WrittenValue {
        let start = current
        guard let name = lexer.variableName(of: start) else {
            throw error(.expected("a variable such as $a", found: describe(start)), at: start)
        }
        advance()
        var path = VariablePath(name: name)
        while true {
            if current.kind == .dot {
                advance()
                guard let field = word(current) else {
                    throw error(.expectedAfter("a field name", after: "'.'", found: describe(current)), at: current)
                }
                advance()
                path.accessors.append(.field(field))
            } else if current.kind == .leftBracket {
                advance()
                guard case .integer(let index) = current.kind else {
                    throw error(.expectedAfter("an index such as 0", after: "'['", found: describe(current)), at: current)
                }
                advance()
                guard current.kind == .rightBracket else {
                    throw error(.expectedAfter("']'", after: "the index", found: describe(current)), at: current)
                }
                advance()
                path.accessors.append(.index(index))
            } else {
                break
            }
        }
        return WrittenValue(kind: .variable(path), range: range(from: start))
    }

    /// Parses a value for `print`, `let` and `expect`.
    ///
    ///     value → STRING | INTEGER | UUID | duration | datetime | date | time | 'now' | variable
    mutating func parseValue(after context: String) throws(ParseError) -> WrittenValue {
        if case .integer = current.kind, startsDate(current, peek()) { return try parseDateOrDateTime(after: context) }
        if case .integer = current.kind, word(peek()).flatMap({ Keywords.durationUnits[$0] }) != nil {
            return try parseDuration(after: context)
        }
        if let literal = acceptLiteral() { return literal }
        let token = current
        switch token.kind {
        case .duration, .minus:
            return try parseDuration(after: context)
        case .time:
            return WrittenValue(kind: .time(try parseTime(after: context)), range: token.range)
        case .word where timeOfDay(token) != nil:
            return WrittenValue(kind: .time(try parseTime(after: context)), range: token.range)
        case .variable, .dateTime, .date, .word:
            if case .word = token.kind, !isWord(token, "now"), !startsDate(token, peek()) {
                throw error(.expectedAfter("a value", after: context, found: describe(token)), at: token)
            }
            return try parseDateOrDateTime(after: context)
        default:
            try failOnInvalid(token)
            throw error(.expectedAfter("a value", after: context, found: describe(token)), at: token)
        }
    }

    /// Parses a range of dates or instants.
    ///
    ///     range → 'today' | 'tomorrow' | 'yesterday' | ('this' | 'next') ('week' | 'month' | 'weekend')
    ///           | 'next' weekday | 'next' INTEGER ('day' | 'days') | 'on' date | 'from' point 'to' point
    mutating func parseRange(after context: String) throws(ParseError) -> DateRangeExpression {
        let start = current
        let simple: DateRangeExpression.Kind? = if isWord(start, "today") {
            .today
        } else if isWord(start, "tomorrow") {
            .tomorrow
        } else if isWord(start, "yesterday") {
            .yesterday
        } else {
            nil
        }
        if let simple {
            advance()
            return DateRangeExpression(kind: simple, range: start.range)
        }
        switch word(start) {
        case "this", "next":
            advance()
            let isThis = isWord(start, "this")
            if accept("week") != nil {
                return DateRangeExpression(kind: isThis ? .thisWeek : .nextWeek, range: range(from: start))
            }
            if accept("month") != nil {
                return DateRangeExpression(kind: isThis ? .thisMonth : .nextMonth, range: range(from: start))
            }
            if accept("weekend") != nil {
                return DateRangeExpression(kind: isThis ? .thisWeekend : .nextWeekend, range: range(from: start))
            }
            if !isThis, let weekday = word(current).flatMap({ Keywords.weekdays[$0] }) {
                advance()
                let day = WrittenValue(kind: .date(.nextWeekday(weekday)), range: range(from: start))
                return DateRangeExpression(kind: .on(day), range: day.range)
            }
            if !isThis, case .integer(let count) = current.kind {
                let number = advance()
                guard accept("days") != nil || accept("day") != nil else {
                    try failOnInvalid(current)
                    throw error(.expectedAfter("'days'", after: "'next \(text(number))'", found: describe(current)), at: current)
                }
                if count == 0 { throw ParseError(message: .zeroDays, range: number.range) }
                return DateRangeExpression(kind: .nextDays(count), range: range(from: start))
            }
            throw error(.expectedAfter(isThis ? "'week', 'month' or 'weekend'"
                                              : "'week', 'month', 'weekend', a weekday or a number of days",
                                       after: "'\(text(start))'", found: describe(current)), at: current)
        case "on":
            advance()
            let date = try parseDate(after: "'on'")
            return DateRangeExpression(kind: .on(date), range: range(from: start))
        case "from":
            advance()
            let from = try parseDateOrDateTime(after: "'from'")
            try expectKeyword("to", after: "the start of the range")
            let to = try parseDateOrDateTime(after: "'to'")
            return try rangeBetween(from, to, start: start)
        default:
            try failOnInvalid(start)
            throw error(.expectedAfter("a range such as 'today', 'this week', 'next mon', 'on 2025-03-04' or 'from 2025-03-01 to 2025-03-07'",
                                       after: context, found: describe(start)), at: start)
        }
    }

    private func rangeBetween(_ from: WrittenValue, _ to: WrittenValue, start: Lexeme) throws(ParseError) -> DateRangeExpression {
        let fromIsDate = Self.isDateOnly(from)
        let toIsDate = Self.isDateOnly(to)
        if fromIsDate != toIsDate, !Self.isVariable(from), !Self.isVariable(to) {
            throw ParseError(message: .mixedRange, range: range(from: start))
        }
        let kind: DateRangeExpression.Kind = (fromIsDate || toIsDate) ? .fromDates(from, to) : .fromDateTimes(from, to)
        return DateRangeExpression(kind: kind, range: range(from: start))
    }

    static func isDateOnly(_ expression: WrittenValue) -> Bool {
        if case .date = expression.kind { return true }
        return false
    }

    static func isVariable(_ expression: WrittenValue) -> Bool {
        if case .variable = expression.kind { return true }
        return false
    }
}
