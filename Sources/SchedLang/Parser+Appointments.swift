/// Statements about appointments.
extension Parser {
    /// Parses a booking. Missing parts are left for the runtime to report as required fields.
    ///
    ///     book-stmt → 'book' text? book-clause*
    mutating func parseBook() throws(ParseError) -> Statement {
        let keyword = advance()
        // The parts are parsed into locals and moved into the statement once, and no optional
        // part is compared with nil: a `WrittenValue?` is copied and destroyed through its value
        // witnesses, and a million-line script is mostly `book`.
        let customer: WrittenValue?
        switch current.kind {
        case .string, .variable:
            customer = try parseText("the customer name", after: "'book'")
        default:
            customer = nil
            if !atEndOfStatement, !lexer.isWord(current, in: Keywords.bookClauses) {
                try failOnInvalid(current)
                throw error(.expectedAfter("the customer name as a string such as \"Ann\"", after: "'book'",
                                           found: describe(current)), at: current)
            }
        }
        var name, start, duration, note, email: WrittenValue?
        var series: SeriesDraft? = SeriesDraft()
        try parseClauses(in: "book", allowed: Keywords.bookClauses, nameAllowed: false, name: &name, start: &start,
                         duration: &duration, note: &note, email: &email, series: &series)
        if let draft = series, draft.pattern == nil, let dependent = draft.firstDependent {
            throw error(.clauseNeedsEvery(word(dependent) ?? text(dependent)), at: dependent)
        }
        let booking = BookStatement(customer: customer, start: start, duration: duration, note: note, email: email,
                                    repetition: series?.repetition)
        return Statement(kind: .book(booking), range: range(from: keyword))
    }

    /// Parses a rescheduling.
    ///
    ///     reschedule-stmt → 'reschedule' ref 'to' datetime ('for' duration)?
    ///                     | 'reschedule' 'series' ref 'to' datetime ('for' duration)? ('skip' 'conflicts')?
    mutating func parseReschedule() throws(ParseError) -> Statement {
        let start = advance()
        let series = acceptSeries()
        let ref = try parseReference(after: series ? "'series'" : "'reschedule'")
        if isWord(current, "at") {
            throw error(.expectedAfter("'to'", after: "the appointment", found: describe(current)), at: current)
        }
        try expectKeyword("to", after: "the appointment")
        let to = try parseDateTime(after: "'to'")
        var duration: WrittenValue?
        if !atEndOfStatement, accept("for") != nil {
            duration = try parseDuration(after: "'for'")
        }
        var skipConflicts = false
        if series, !atEndOfStatement, accept("skip") != nil {
            try expectKeyword("conflicts", after: "'skip'")
            skipConflicts = true
        }
        if !atEndOfStatement {
            throw unknownClause(current, in: "reschedule", options: series ? ["for", "skip"] : ["for"])
        }
        let kind: StatementKind = series
            ? .rescheduleSeries(ref: ref, to: to, duration: duration, skipConflicts: skipConflicts)
            : .reschedule(ref: ref, to: to, duration: duration)
        return Statement(kind: kind, range: range(from: start))
    }

    /// Parses an update of some fields of an appointment.
    ///
    ///     update-stmt → 'update' ref update-clause+ | 'update' 'series' ref update-clause+
    mutating func parseUpdate() throws(ParseError) -> Statement {
        let start = advance()
        let series = acceptSeries()
        let ref = try parseReference(after: series ? "'series'" : "'update'")
        if atEndOfStatement { throw error(.missingUpdateClause, at: current) }
        var clauses = UpdateClauses()
        var noSeries: SeriesDraft?
        try parseClauses(in: "update", allowed: Keywords.updateClauses, nameAllowed: true, name: &clauses.name,
                         start: &clauses.start,
                         duration: &clauses.duration, note: &clauses.note, email: &clauses.email, series: &noSeries)
        if series, let moved = clauses.start {
            // Pointed at the time given, a clause or more after the start of the statement.
            throw ParseError(message: .seriesMovedByReschedule, range: moved.range)
        }
        let kind: StatementKind = series ? .updateSeries(ref: ref, clauses) : .update(ref: ref, clauses)
        return Statement(kind: kind, range: range(from: start))
    }

    /// Parses a cancellation or a look-up.
    ///
    ///     cancel-stmt → 'cancel' ref ('and' 'following' | (',' ref)+)? | 'cancel' 'series' ref
    ///     show-stmt → 'show' ref | 'show' 'series' ref | 'show' 'settings'
    mutating func parseCancelOrShow() throws(ParseError) -> Statement {
        let start = advance()
        let cancels = isWord(start, "cancel")
        if !cancels, accept("settings") != nil {
            return Statement(kind: .showSettings, range: range(from: start))
        }
        let series = acceptSeries()
        let ref = try parseReference(after: series ? "'series'" : "'\(word(start) ?? "")'")
        let kind: StatementKind
        switch (cancels, series) {
        case (true, true): kind = .cancelSeries(ref: ref)
        case (false, true): kind = .showSeries(ref: ref)
        case (false, false): kind = .show(ref: ref)
        case (true, false):
            if !atEndOfStatement, accept("and") != nil {
                try expectKeyword("following", after: "'and'")
                kind = .cancelFollowing(ref: ref)
            } else if current.kind == .comma {
                var refs = [ref]
                while current.kind == .comma {
                    advance()
                    refs.append(try parseReference(after: "','"))
                }
                kind = .cancelEach(refs: refs)
            } else {
                kind = .cancel(ref: ref)
            }
        }
        return Statement(kind: kind, range: range(from: start))
    }

    /// Parses a listing; a text lists what `find` finds.
    ///
    ///     list-stmt → 'list' range? | 'list' 'series' | 'list' 'cancelled' range? | 'list' text range?
    mutating func parseList() throws(ParseError) -> Statement {
        let start = advance()
        if acceptSeries() { return Statement(kind: .listSeries, range: range(from: start)) }
        if accept("cancelled") != nil {
            let dates = atEndOfStatement ? nil : try parseRange(after: "'list cancelled'")
            return Statement(kind: .listCancelled(dates), range: range(from: start))
        }
        if case .string = current.kind {
            let text = try parseText("the text to look for", after: "'list'")
            let dates = atEndOfStatement ? nil : try parseRange(after: "the text")
            return Statement(kind: .find(text, dates), range: range(from: start))
        }
        let dates = atEndOfStatement ? nil : try parseRange(after: "'list'")
        return Statement(kind: .list(dates), range: range(from: start))
    }

    /// Parses a search of names, notes and emails.
    ///
    ///     find-stmt → 'find' text range?
    mutating func parseFind() throws(ParseError) -> Statement {
        let start = advance()
        let text = try parseText("the text to look for, such as \"ann\"", after: "'find'")
        let dates = atEndOfStatement ? nil : try parseRange(after: "the text")
        return Statement(kind: .find(text, dates), range: range(from: start))
    }

    /// Parses the statements of the journal of changes.
    ///
    ///     undo-stmt → 'undo' (INTEGER | variable)?
    ///     redo-stmt → 'redo'
    ///     history-stmt → 'history' (INTEGER | variable | range)?
    mutating func parseJournal() throws(ParseError) -> Statement {
        let start = advance()
        if isWord(start, "redo") { return Statement(kind: .redo, range: range(from: start)) }
        let undoes = isWord(start, "undo")
        var count: WrittenValue?
        var dates: DateRangeExpression?
        if !atEndOfStatement {
            let token = current
            switch token.kind {
            case .integer(let number):
                guard number >= 1 else { throw error(.zeroLimit, at: token) }
                advance()
                count = WrittenValue(kind: .integer(number), range: token.range)
            case .variable:
                count = try parseVariable()
            default:
                guard !undoes else {
                    try failOnInvalid(token)
                    throw error(.expectedAfter("a change number such as 12", after: "'undo'", found: describe(token)), at: token)
                }
                dates = try parseRange(after: "'history'")
            }
        }
        let kind: StatementKind = undoes ? .undo(count) : .history(count: count, dates)
        return Statement(kind: kind, range: range(from: start))
    }

    /// Parses booking a cancelled appointment again.
    ///
    ///     restore-stmt → 'restore' ref
    mutating func parseRestore() throws(ParseError) -> Statement {
        let start = advance()
        let ref = try parseReference(after: "'restore'")
        return Statement(kind: .restore(ref: ref), range: range(from: start))
    }

    /// Parses the day-by-day view of bookings and free time.
    ///
    ///     agenda-stmt → 'agenda' range?
    mutating func parseAgenda() throws(ParseError) -> Statement {
        let start = advance()
        let dates = atEndOfStatement ? nil : try parseRange(after: "'agenda'")
        return Statement(kind: .agenda(dates), range: range(from: start))
    }

    /// Parses a week or month grid.
    ///
    ///     calendar-stmt → 'calendar' ('week' | 'month') date?
    mutating func parseCalendar() throws(ParseError) -> Statement {
        let start = advance()
        let span = try parseChoice(CalendarSpan.self, after: "'calendar'")
        let date = atEndOfStatement ? nil : try parseDate(after: "'calendar \(span.rawValue)'")
        return Statement(kind: .calendar(span, date: date), range: range(from: start))
    }

    /// Parses the dashboard listing.
    ///
    ///     upcoming-stmt → 'upcoming' ('limit' (INTEGER | variable))?
    mutating func parseUpcoming() throws(ParseError) -> Statement {
        let start = advance()
        var limit: WrittenValue?
        if !atEndOfStatement {
            guard accept("limit") != nil else { throw unknownClause(current, in: "upcoming", options: ["limit"]) }
            let token = current
            switch token.kind {
            case .integer(let count):
                guard count >= 1 else { throw error(.zeroLimit, at: token) }
                advance()
                limit = WrittenValue(kind: .integer(count), range: token.range)
            case .variable:
                limit = try parseVariable()
            default:
                try failOnInvalid(token)
                throw error(.expectedAfter("a number such as 5", after: "'limit'", found: describe(token)), at: token)
            }
        }
        return Statement(kind: .upcoming(limit: limit), range: range(from: start))
    }

    // MARK: - Clauses

    /// Parses the clauses of a booking or an update, in any order, each at most once, into
    /// the fields they fill (`name` only in an update).
    ///
    ///     book-clause → 'at'? (datetime | time) | 'for' duration | 'note' text | 'email' text | series-clause
    ///     update-clause → 'name' text | 'at' (datetime | time) | 'for' duration | 'note' text | 'email' text
    mutating func parseClauses(
        in statement: String, allowed: [String], nameAllowed: Bool, name: inout WrittenValue?, start: inout WrittenValue?,
        duration: inout WrittenValue?, note: inout WrittenValue?, email: inout WrittenValue?,
        series: inout SeriesDraft?
    ) throws(ParseError) {
        // Which clauses were given, kept apart from the values (see `parseBook`).
        var given = (name: false, start: false, duration: false, note: false, email: false)
        while !atEndOfStatement {
            let clause = current
            // `book "Ann" tomorrow 10am`: a booking's date or time needs no 'at' before it.
            let saysAt = isWord(clause, "at")
            if saysAt || (statement == "book" && startsWhen(clause)) {
                if given.start { throw error(.clauseTwice("at"), at: clause) }
                given.start = true
                if saysAt { advance() }
                if timeOfDay(current) != nil {
                    // A time alone: a series' time of day (`every 2 weeks on mon at 09:00`), or
                    // the next time the clock shows it.
                    let token = current
                    start = WrittenValue(kind: .time(try parseTime(after: "'at'")), range: token.range)
                } else {
                    start = try parseDateTime(after: "'at'")
                }
            } else if isWord(clause, "for") {
                try once(given.duration, clause)
                given.duration = true
                advance()
                duration = try parseDuration(after: "'for'")
            } else if isWord(clause, "note") {
                try once(given.note, clause)
                given.note = true
                advance()
                note = try parseText("the note as a string", after: "'note'")
            } else if isWord(clause, "email") {
                try once(given.email, clause)
                given.email = true
                advance()
                email = try parseText("the email address as a string", after: "'email'")
            } else if nameAllowed, isWord(clause, "name") {
                try once(given.name, clause)
                given.name = true
                advance()
                name = try parseText("the customer name as a string", after: "'name'")
            } else if series != nil, try parseSeriesClause(clause, into: &series!) {
                continue
            } else {
                throw unknownClause(clause, in: statement, options: allowed)
            }
        }
    }

    /// Whether a date, a date-time or a time of day starts at `token`.
    func startsWhen(_ token: Lexeme) -> Bool {
        if case .dateTime = token.kind { return true }
        return timeOfDay(token) != nil || startsDate(token, peek())
    }

    /// Refuses a clause given a second time ("time specified twice", as Remind says).
    func once(_ given: Bool, _ clause: Lexeme) throws(ParseError) {
        if given { throw error(.clauseTwice(word(clause) ?? text(clause)), at: clause) }
    }

    func unknownClause(_ token: Lexeme, in statement: String, options: [String]) -> ParseError {
        guard let word = word(token) else {
            let list = options.map { "'\($0)'" }.joined(separator: ", ")
            return error(.expected("one of \(list)", found: describe(token)), at: token)
        }
        let suggestion = Suggestion.nearest(to: word, in: options)
        return error(.unknownClause(text(token), statement: statement, suggestion: suggestion), at: token)
    }
}
