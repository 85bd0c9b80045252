/// Dates, times, durations, ranges and other values inside statements.
extension Parser {
    /// Parses a date-time.
    ///
    ///     datetime → DATETIME | date-word TIME | DATE TIME | weekday TIME | 'now' | variable
    ///     date-word → 'today' | 'tomorrow' | 'yesterday'
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
        guard let date = dateExpression(start) else {
            try failOnInvalid(start)
            throw error(.expectedAfter(Self.dateTimeExample, after: context, found: describe(start)), at: start)
        }
        advance()
        guard case .time(let time) = current.kind else {
            try failOnInvalid(current)
            throw error(.expectedAfter("a time such as 10:00", after: "'\(text(start))'", found: describe(current)), at: current)
        }
        if time.isEndOfDay { throw error(.endOfDayOutsideWindow, at: current) }
        advance()
        return WrittenValue(kind: .dateTime(date, time, offsetSeconds: nil), range: range(from: start))
    }

    static let dateTimeExample = "a date-time such as 2025-03-04T10:00 or 'tomorrow 14:30'"

    /// The date a token names, if it names one.
    func dateExpression(_ token: Lexeme) -> DateExpression? {
        switch token.kind {
        case .date(let literal): return .absolute(literal)
        case .word:
            if isWord(token, "today") { return .today }
            if isWord(token, "tomorrow") { return .tomorrow }
            if isWord(token, "yesterday") { return .yesterday }
            return word(token).flatMap { Keywords.weekdays[$0] }.map { .weekday($0) }
        default: return nil
        }
    }

    /// Parses a date.
    ///
    ///     date → DATE | date-word | weekday | variable
    mutating func parseDate(after context: String) throws(ParseError) -> WrittenValue {
        let start = current
        if case .variable = start.kind { return try parseVariable() }
        guard let date = dateExpression(start) else {
            try failOnInvalid(start)
            throw error(.expectedAfter("a date such as 2025-03-04 or 'tomorrow'", after: context, found: describe(start)), at: start)
        }
        advance()
        return WrittenValue(kind: .date(date), range: start.range)
    }

    /// Parses a date or a date-time, for the ends of a range.
    ///
    ///     point → datetime | date
    mutating func parseDateOrDateTime(after context: String) throws(ParseError) -> WrittenValue {
        let start = current
        if case .time = peek().kind, dateExpression(start) != nil {
            return try parseDateTime(after: context)
        }
        switch start.kind {
        case .dateTime, .variable: return try parseDateTime(after: context)
        case .word where isWord(start, "now"): return try parseDateTime(after: context)
        default: return try parseDate(after: context)
        }
    }

    /// Parses a duration.
    ///
    ///     duration → '-'? DURATION | variable
    mutating func parseDuration(after context: String) throws(ParseError) -> WrittenValue {
        let start = current
        if case .variable = start.kind { return try parseVariable() }
        var sign = 1
        if start.kind == .minus, case .duration = peek().kind {
            advance()
            sign = -1
        }
        guard case .duration(let minutes) = current.kind else {
            try failOnInvalid(current)
            throw error(.expectedAfter("a duration such as 30m or 1h30m", after: context, found: describe(current)), at: current)
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
        throw error(.expectedAfter("an appointment number such as 12", after: context, found: describe(current)), at: current)
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
    ///     value → STRING | INTEGER | UUID | duration | datetime | date | TIME | 'now' | variable
    mutating func parseValue(after context: String) throws(ParseError) -> WrittenValue {
        if let literal = acceptLiteral() { return literal }
        let token = current
        switch token.kind {
        case .duration, .minus:
            return try parseDuration(after: context)
        case .time(let time):
            if time.isEndOfDay { throw error(.endOfDayOutsideWindow, at: token) }
            advance()
            return WrittenValue(kind: .time(time), range: token.range)
        case .variable, .dateTime, .date, .word:
            if case .word = token.kind, !isWord(token, "now"), dateExpression(token) == nil {
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
    ///     range → 'today' | 'tomorrow' | 'yesterday' | ('this' | 'next') ('week' | 'month')
    ///           | 'on' date | 'from' point 'to' point
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
            throw error(.expectedAfter("'week' or 'month'", after: "'\(text(start))'", found: describe(current)), at: current)
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
            throw error(.expectedAfter("a range such as 'today', 'this week', 'on 2025-03-04' or 'from 2025-03-01 to 2025-03-07'",
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
