/// The Cal.com statements: `calcom connect`, `status`, `disconnect`, `slots`, and `sync`.
extension Parser {
    /// Parses a Cal.com statement, choosing by the word after `calcom`.
    ///
    ///     calcom-stmt → calcom-connect-stmt | calcom-status-stmt | calcom-disconnect-stmt | calcom-slots-stmt
    ///     calcom-status-stmt → 'calcom' 'status'
    ///     calcom-disconnect-stmt → 'calcom' 'disconnect'
    mutating func parseCalcom() throws(ParseError) -> Statement {
        let start = advance()
        let command = current
        switch word(command) {
        case "connect": return try parseCalcomConnect(from: start)
        case "slots": return try parseCalcomSlots(from: start)
        case "status":
            advance()
            return Statement(kind: .calcomStatus, range: range(from: start))
        case "disconnect":
            advance()
            return Statement(kind: .calcomDisconnect, range: range(from: start))
        default:
            throw expectedWord(Keywords.calcomCommands, after: "'calcom'", found: command)
        }
    }

    /// Parses connecting to Cal.com; a missing clause is left for the runtime to report.
    ///
    ///     calcom-connect-stmt → 'calcom' 'connect' connect-clause*
    ///     connect-clause → 'key' ('file' text | text) | 'event-type' (INTEGER | variable) | 'url' text
    mutating func parseCalcomConnect(from start: Lexeme) throws(ParseError) -> Statement {
        advance()
        var clauses = CalcomConnectClauses()
        while !atEndOfStatement {
            let clause = try connectClauseWord()
            switch word(clause) {
            case "key":
                try once(clauses.key != nil || clauses.keyFile != nil, clause)
                if isWord(current, "file") {
                    advance()
                    clauses.keyFile = try parseText("the path of the key's file as a string", after: "'key file'")
                } else {
                    clauses.key = try parseKey()
                }
            case "event-type":
                try once(clauses.eventType != nil, clause)
                clauses.eventType = try parseEventType()
            default:
                try once(clauses.url != nil, clause)
                clauses.url = try parseText("the API address as a string such as \"https://api.cal.com/v2\"",
                                            after: "'url'")
            }
        }
        return Statement(kind: .calcomConnect(clauses), range: range(from: start))
    }

    /// Consumes the word of a `calcom connect` clause, `event-type` read as one word from its
    /// three tokens, or fails naming the clauses. A string or a word that looks like an API key
    /// is described without its text, so a key written without `key` stays out of the message.
    private mutating func connectClauseWord() throws(ParseError) -> Lexeme {
        let options = Keywords.calcomConnectClauses
        let token = current
        if case .string = token.kind {
            let found = "a string (write key \"…\" or url \"…\")"
            throw error(.expected(Self.oneOf(options), found: found), at: token)
        }
        guard let clause = hyphenatedWord(), let word = word(clause) else {
            throw unknownClause(token, in: "calcom connect", options: options)
        }
        guard options.contains(word) else {
            if Redaction.looksLikeKey(word) {
                let found = "what looks like an API key (write key \"…\")"
                throw error(.expected(Self.oneOf(options), found: found), at: clause)
            }
            let suggestion = Suggestion.nearest(to: word, in: options) ?? Self.clause(containing: word, in: options)
            throw error(.unknownClause(text(clause), statement: "calcom connect", suggestion: suggestion), at: clause)
        }
        return clause
    }

    /// Consumes a word and any `-word` parts written against it (`event-type`), as one word
    /// token spanning them all; nil when no word is next.
    private mutating func hyphenatedWord() -> Lexeme? {
        guard case .word = current.kind else { return nil }
        var joined = advance()
        while current.kind == .minus, current.range.start == joined.range.end,
              case .word = peek().kind, peek().range.start == current.range.end {
            advance()
            let part = advance()
            // The parts stand against each other, so the joined range's text is the word.
            joined = Lexeme(kind: .word, range: joined.range.union(part.range), flag: joined.flag || part.flag)
        }
        return joined
    }

    /// The clause one of whose hyphenated parts is `word` (`event` or `type` for `event-type`).
    private static func clause(containing word: String, in options: [String]) -> String? {
        options.first { $0.contains("-") && $0.split(separator: "-").contains { $0 == word } }
    }

    private static func oneOf(_ options: [String]) -> String {
        "one of " + options.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Parses the API key after `key`, a `text` that is a secret: whatever stands in its place
    /// is described without its text.
    private mutating func parseKey() throws(ParseError) -> WrittenValue {
        let token = current
        switch lexer.lexicalError(of: token) {
        case .unterminatedString?, .invalidEscape?, .unexpectedCharacter?:
            try failOnInvalid(token)
        default:
            break
        }
        switch token.kind {
        case .string:
            advance()
            return WrittenValue(kind: .string(lexer.stringValue(of: token) ?? ""), range: token.range)
        case .variable:
            return try parseVariable()
        default:
            break
        }
        let isClause = word(token).map { word in Keywords.calcomConnectClauses.contains { $0.hasPrefix(word) } } ?? false
        let found: String = switch token.kind {
        case .newline, .semicolon, .endOfInput: describe(token)
        case .word: isClause ? describe(token) : "an unquoted word"
        default: "an unquoted value"
        }
        let expected = "the API key as a string such as \"cal_live_…\""
        throw ParseError(message: .expectedAfter(expected, after: "'key'", found: found), range: token.range)
    }

    /// Parses the id of the Cal.com event type that bookings are made under, after `event-type`.
    private mutating func parseEventType() throws(ParseError) -> WrittenValue {
        let token = current
        switch token.kind {
        case .integer(let id):
            advance()
            return WrittenValue(kind: .integer(id), range: token.range)
        case .variable:
            return try parseVariable()
        default:
            try failOnInvalid(token)
            let expected = "an event type id such as 123456"
            throw error(.expectedAfter(expected, after: "'event-type'", found: describe(token)), at: token)
        }
    }

    /// Parses a look at the free times Cal.com offers on one date.
    ///
    ///     calcom-slots-stmt → 'calcom' 'slots' 'on' date ('for' duration)?
    mutating func parseCalcomSlots(from start: Lexeme) throws(ParseError) -> Statement {
        advance()
        try expectKeyword("on", after: "'calcom slots'")
        let date = try parseDate(after: "'on'")
        var duration: WrittenValue?
        while !atEndOfStatement {
            let clause = current
            guard isWord(clause, "for") else { throw unknownClause(clause, in: "calcom slots", options: ["for"]) }
            try once(duration != nil, clause)
            advance()
            duration = try parseDuration(after: "'for'")
        }
        return Statement(kind: .calcomSlots(date: date, duration: duration), range: range(from: start))
    }

    /// Parses a synchronisation with Cal.com; bare `sync` pushes, then pulls.
    ///
    ///     sync-stmt → 'sync' ('push' | 'pull' range? | 'availability' | 'status')?
    mutating func parseSync() throws(ParseError) -> Statement {
        let start = advance()
        var action = SyncAction.all
        if !atEndOfStatement {
            let word = current
            switch self.word(word) {
            case "push": action = .push
            case "availability": action = .availability
            case "status": action = .status
            case "pull": action = .pull(nil)
            default: throw expectedWord(Keywords.syncActions, after: "'sync'", found: word)
            }
            advance()
            if case .pull = action, !atEndOfStatement {
                action = .pull(try parseRange(after: "'sync pull'"))
            }
        }
        return Statement(kind: .sync(action), range: range(from: start))
    }

    /// One of the words a choice is spelt with (`week`, `month`), or a failure that lists them.
    mutating func parseChoice<Choice: CaseIterable & RawRepresentable>(
        _ type: Choice.Type, after context: String
    ) throws(ParseError) -> Choice where Choice.RawValue == String {
        let token = current
        guard let choice = word(token).flatMap(Choice.init(rawValue:)) else {
            throw expectedWord(Choice.allCases.map(\.rawValue), after: context, found: token)
        }
        advance()
        return choice
    }

    /// "expected 'a', 'b' or 'c' (did you mean 'b'?) after …", as `set` says it.
    func expectedWord(_ options: [String], after context: String, found token: Lexeme) -> ParseError {
        if let lexical = lexer.lexicalError(of: token) { return ParseError(message: lexical, range: token.range) }
        let list = options.dropLast().map { "'\($0)'" }.joined(separator: ", ") + " or '\(options.last ?? "")'"
        let suggestion = word(token).flatMap { Suggestion.nearest(to: $0, in: options) }
        let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
        return error(.expectedAfter(list + hint, after: context, found: describe(token)), at: token)
    }
}
