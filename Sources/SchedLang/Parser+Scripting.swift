/// Variables, printing, settings, help and expectations.
extension Parser {
    /// Parses a binding.
    ///
    ///     let-stmt → 'let' (NAME | VARIABLE) '=' (value-stmt | value)
    ///     value-stmt → book-stmt | reschedule-stmt | update-stmt | cancel-stmt | show-stmt
    ///                | list-stmt | upcoming-stmt | availability-stmt | slots-stmt | whoami-stmt
    mutating func parseLet() throws(ParseError) -> Statement {
        let start = advance()
        let name: String
        switch current.kind {
        case .word where !lexer.isWord(current, in: Keywords.statements):
            name = text(current)
        case .variable:
            name = lexer.variableName(of: current) ?? ""
        default:
            try failOnInvalid(current)
            throw error(.expectedAfter("a variable name such as a", after: "'let'", found: describe(current)), at: current)
        }
        advance()
        guard current.kind == .equals else {
            throw error(.expectedAfter("'='", after: "the variable name", found: describe(current)), at: current)
        }
        advance()
        if let word = word(current), Keywords.valueStatements.contains(word) {
            let inner = try parseStatement()
            return Statement(kind: .letBinding(name: name, value: .statement(inner)), range: range(from: start))
        }
        if lexer.isWord(current, in: Keywords.statements) {
            throw error(.expectedAfter("a value or a statement that gives one", after: "'='", found: describe(current)), at: current)
        }
        let value = try parseValue(after: "'='")
        return Statement(kind: .letBinding(name: name, value: .expression(value)), range: range(from: start))
    }

    /// Parses printing a value.
    ///
    ///     print-stmt → 'print' value
    mutating func parsePrint() throws(ParseError) -> Statement {
        let start = advance()
        let value = try parseValue(after: "'print'")
        return Statement(kind: .print(value), range: range(from: start))
    }

    /// Parses running another file.
    ///
    ///     source-stmt → 'source' text
    mutating func parseSource() throws(ParseError) -> Statement {
        let start = advance()
        let path = try parseText("a file name as a string", after: "'source'")
        return Statement(kind: .source(path: path), range: range(from: start))
    }

    /// Parses a setting.
    ///
    ///     set-stmt → 'set' ('timezone' text | 'default' 'duration' duration | 'output' ('json' | 'table')
    ///              | 'clock' datetime | rule-setting)
    mutating func parseSet() throws(ParseError) -> Statement {
        let start = advance()
        let setting = current
        switch word(setting) {
        case "timezone", "zone":
            advance()
            let zone = try parseText("a time zone such as \"Europe/Berlin\"", after: "'set timezone'")
            return Statement(kind: .setTimezone(zone), range: range(from: start))
        case "default":
            advance()
            try expectKeyword("duration", after: "'set default'")
            let minutes = try parseDuration(after: "'set default duration'")
            return Statement(kind: .setDefaultDuration(minutes), range: range(from: start))
        case "output":
            advance()
            guard let word = word(current), let format = OutputFormat(rawValue: word) else {
                try failOnInvalid(current)
                throw error(.unknownOutputFormat(describe(current)), at: current)
            }
            advance()
            return Statement(kind: .setOutput(format), range: range(from: start))
        case "clock":
            advance()
            let instant = try parseDateTime(after: "'set clock'")
            return Statement(kind: .setClock(instant), range: range(from: start))
        case "buffer", "minimum", "slot", "limit", "booking":
            return try parseRuleSetting(from: start)
        default:
            try failOnInvalid(setting)
            let suggestion = word(setting).flatMap { Suggestion.nearest(to: $0, in: Keywords.settings) }
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            throw error(.expectedAfter("'timezone', 'default duration', 'output', 'clock' or a booking rule" + hint,
                                       after: "'set'", found: describe(setting)), at: setting)
        }
    }

    /// Parses a booking rule; `none` turns it off.
    ///
    ///     rule-setting → 'buffer' ('before' | 'after') (duration | 'none')
    ///                  | 'minimum' 'notice' (duration | 'none') | 'slot' 'interval' (duration | 'none')
    ///                  | 'limit' (INTEGER | variable | 'none') 'per' ('day' | 'week')
    ///                  | 'booking' 'window' (INTEGER ('day' | 'days') | variable | 'none')
    private mutating func parseRuleSetting(from start: Lexeme) throws(ParseError) -> Statement {
        let first = advance()
        let rule: RuleSetting
        var value: WrittenValue?
        switch word(first) {
        case "buffer":
            rule = try parseChoice(BufferSide.self, after: "'set buffer'") == .before ? .bufferBefore : .bufferAfter
            value = acceptNone() ? nil : try parseDuration(after: "'set \(rule.rawValue)'")
        case "minimum", "slot":
            rule = word(first) == "minimum" ? .minimumNotice : .slotInterval
            try expectKeyword(rule == .minimumNotice ? "notice" : "interval", after: "'set \(word(first) ?? "")'")
            value = acceptNone() ? nil : try parseDuration(after: "'set \(rule.rawValue)'")
        case "limit":
            value = acceptNone() ? nil : try parseCount(after: "'set limit'", example: "a number such as 6, or 'none'")
            try expectKeyword("per", after: "the limit")
            rule = try parseChoice(LimitPeriod.self, after: "'per'") == .day ? .limitPerDay : .limitPerWeek
        default:
            rule = .bookingWindow
            try expectKeyword("window", after: "'set booking'")
            if !acceptNone() {
                value = try parseCount(after: "'set booking window'", example: "a number such as 60, or 'none'")
                guard accept("days") != nil || accept("day") != nil else {
                    throw error(.expectedAfter("'days'", after: "the number of days", found: describe(current)), at: current)
                }
            }
        }
        return Statement(kind: .setRule(rule, value), range: range(from: start))
    }

    private enum BufferSide: String, CaseIterable { case before, after }
    private enum LimitPeriod: String, CaseIterable { case day, week }

    /// Consumes `none`, if it is next.
    private mutating func acceptNone() -> Bool {
        accept("none") != nil
    }


    /// Parses a request for help.
    ///
    ///     help-stmt → 'help' NAME?
    mutating func parseHelp() throws(ParseError) -> Statement {
        let start = advance()
        var topic: String?
        if !atEndOfStatement {
            guard let word = word(current) else {
                try failOnInvalid(current)
                throw error(.expectedAfter("a topic such as 'book'", after: "'help'", found: describe(current)), at: current)
            }
            topic = word
            advance()
        }
        return Statement(kind: .help(topic: topic), range: range(from: start))
    }

    /// Parses an expectation.
    ///
    ///     expect-stmt → 'expect' ( 'error' KIND? STRING?
    ///                            | ('free' | 'busy') datetime 'for' duration
    ///                            | value COMPARISON value )
    mutating func parseExpect() throws(ParseError) -> Statement {
        let start = advance()
        switch word(current) {
        case "error":
            advance()
            var kind: String?
            if let word = word(current) {
                guard Keywords.errorKinds.contains(word) else {
                    let suggestion = Suggestion.nearest(to: word, in: Keywords.errorKinds)
                    throw error(.unknownErrorKind(text(current), suggestion: suggestion), at: current)
                }
                kind = word
                advance()
            }
            let message = lexer.stringValue(of: current)
            if message != nil { advance() }
            return Statement(kind: .expectError(kind: kind, text: message), range: range(from: start))
        case "free", "busy":
            let form = advance()
            let instant = try parseDateTime(after: "'\(text(form))'")
            try expectKeyword("for", after: "the time")
            let duration = try parseDuration(after: "'for'")
            let kind: StatementKind = isWord(form, "free")
                ? .expectFree(start: instant, duration: duration)
                : .expectBusy(start: instant, duration: duration)
            return Statement(kind: kind, range: range(from: start))
        default:
            let lhs = try parseValue(after: "'expect'")
            guard case .comparison(let op) = current.kind else {
                try failOnInvalid(current)
                throw error(.expectedAfter("a comparison such as == or <", after: "the value", found: describe(current)), at: current)
            }
            advance()
            let rhs = try parseValue(after: "'\(op.rawValue)'")
            return Statement(kind: .expectComparison(lhs, op, rhs), range: range(from: start))
        }
    }
}
