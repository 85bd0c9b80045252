/// Statements about appointments.
extension Parser {
    /// Parses a booking. Missing parts are left for the runtime to report as required fields.
    ///
    ///     book-stmt → 'book' text? book-clause*
    mutating func parseBook() throws(ParseError) -> Statement {
        let start = advance()
        var booking = BookStatement()
        switch current.kind {
        case .string, .variable:
            booking.customer = try parseText("the customer name", after: "'book'")
        default:
            break
        }
        if booking.customer == nil, !atEndOfStatement, !Keywords.bookClauses.contains(current.word ?? "") {
            try failOnInvalid(current)
            throw error(.expectedAfter("the customer name as a string such as \"Ann\"", after: "'book'",
                                       found: describe(current)), at: current)
        }
        let clauses = try parseClauses(in: "book", allowed: Keywords.bookClauses)
        booking.start = clauses["at"]
        booking.duration = clauses["for"]
        booking.note = clauses["note"]
        booking.email = clauses["email"]
        return Statement(kind: .book(booking), range: range(from: start))
    }

    /// Parses a rescheduling.
    ///
    ///     reschedule-stmt → 'reschedule' ref 'to' datetime ('for' duration)?
    mutating func parseReschedule() throws(ParseError) -> Statement {
        let start = advance()
        let ref = try parseReference(after: "'reschedule'")
        if current.isWord("at") {
            throw error(.expectedAfter("'to'", after: "the appointment", found: describe(current)), at: current)
        }
        try expectKeyword("to", after: "the appointment")
        let to = try parseDateTime(after: "'to'")
        var duration: Expression?
        if !atEndOfStatement {
            guard accept("for") != nil else { throw unknownClause(current, in: "reschedule", options: ["for"]) }
            duration = try parseDuration(after: "'for'")
        }
        return Statement(kind: .reschedule(ref: ref, to: to, duration: duration), range: range(from: start))
    }

    /// Parses an update of some fields of an appointment.
    ///
    ///     update-stmt → 'update' ref update-clause+
    mutating func parseUpdate() throws(ParseError) -> Statement {
        let start = advance()
        let ref = try parseReference(after: "'update'")
        if atEndOfStatement { throw error(.missingUpdateClause, at: current) }
        let parsed = try parseClauses(in: "update", allowed: Keywords.updateClauses)
        var clauses = UpdateClauses()
        clauses.name = parsed["name"]
        clauses.start = parsed["at"]
        clauses.duration = parsed["for"]
        clauses.note = parsed["note"]
        clauses.email = parsed["email"]
        return Statement(kind: .update(ref: ref, clauses), range: range(from: start))
    }

    /// Parses a cancellation or a look-up.
    ///
    ///     cancel-stmt → 'cancel' ref
    ///     show-stmt → 'show' ref
    mutating func parseCancelOrShow() throws(ParseError) -> Statement {
        let start = advance()
        let ref = try parseReference(after: "'\(start.word ?? "")'")
        let kind: StatementKind = start.isWord("cancel") ? .cancel(ref: ref) : .show(ref: ref)
        return Statement(kind: kind, range: range(from: start))
    }

    /// Parses a listing.
    ///
    ///     list-stmt → 'list' range?
    mutating func parseList() throws(ParseError) -> Statement {
        let start = advance()
        let dates = atEndOfStatement ? nil : try parseRange(after: "'list'")
        return Statement(kind: .list(dates), range: range(from: start))
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
        var limit: Expression?
        if !atEndOfStatement {
            guard accept("limit") != nil else { throw unknownClause(current, in: "upcoming", options: ["limit"]) }
            let token = current
            switch token.kind {
            case .integer(let count):
                guard count >= 1 else { throw error(.zeroLimit, at: token) }
                advance()
                limit = Expression(kind: .integer(count), range: token.range)
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

    /// Parses the clauses of a booking or an update, in any order, each at most once.
    ///
    ///     book-clause → 'at' datetime | 'for' duration | 'note' text | 'email' text
    ///     update-clause → 'name' text | 'at' datetime | 'for' duration | 'note' text | 'email' text
    mutating func parseClauses(in statement: String, allowed: [String]) throws(ParseError) -> Clauses {
        var clauses = Clauses()
        while !atEndOfStatement {
            let clause = current
            guard let word = clause.word, allowed.contains(word) else {
                throw unknownClause(clause, in: statement, options: allowed)
            }
            try once(clauses[word], clause)
            advance()
            clauses[word] = switch word {
            case "at": try parseDateTime(after: "'at'")
            case "for": try parseDuration(after: "'for'")
            case "name": try parseText("the customer name as a string", after: "'name'")
            case "note": try parseText("the note as a string", after: "'note'")
            default: try parseText("the email address as a string", after: "'email'")
            }
        }
        return clauses
    }

    /// The clauses of one statement by keyword: at most five, so a list beats a dictionary.
    struct Clauses {
        private var entries: [(keyword: String, value: Expression)] = []

        subscript(keyword: String) -> Expression? {
            get { entries.first { $0.keyword == keyword }?.value }
            set {
                entries.removeAll { $0.keyword == keyword }
                if let newValue {
                    entries.reserveCapacity(5)
                    entries.append((keyword, newValue))
                }
            }
        }
    }

    /// Refuses a clause given a second time ("time specified twice", as Remind says).
    func once(_ existing: Expression?, _ clause: Token) throws(ParseError) {
        if existing != nil { throw error(.clauseTwice(clause.word ?? clause.text), at: clause) }
    }

    func unknownClause(_ token: Token, in statement: String, options: [String]) -> ParseError {
        guard let word = token.word else {
            let list = options.map { "'\($0)'" }.joined(separator: ", ")
            return error(.expected("one of \(list)", found: describe(token)), at: token)
        }
        let suggestion = Suggestion.nearest(to: word, in: options)
        return error(.unknownClause(token.text, statement: statement, suggestion: suggestion), at: token)
    }
}
