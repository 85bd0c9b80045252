/// Turns tokens into statements, one error per statement, resuming at the next statement.
///
/// Each parse function opens with the rule of `grammar/sched.ebnf` it implements.
public struct Parser {
    var tokens: [Token]
    var position = 0

    public init(tokens: [Token]) {
        self.tokens = tokens
        if tokens.last?.kind != .endOfInput {
            let end = tokens.last?.range.end ?? SourceLocation(line: 1, column: 1, offset: 0)
            self.tokens.append(Token(kind: .endOfInput, range: SourceRange(start: end, end: end), text: ""))
        }
    }

    /// Parses a whole file: every statement that reads, and every syntax error found.
    public static func parse(_ file: SourceFile) -> ParseResult {
        var parser = Parser(tokens: Lexer.tokenize(file))
        return parser.parseScript()
    }

    /// Parses a script.
    ///
    ///     script → separator* (statement (separator+ statement)*)? separator* EOF
    ///     separator → NEWLINE | ';'
    mutating func parseScript() -> ParseResult {
        var statements: [Statement] = []
        var diagnostics: [Diagnostic] = []
        while true {
            skipSeparators()
            if current.kind == .endOfInput { break }
            do {
                let statement = try parseStatement()
                try expectEndOfStatement()
                statements.append(statement)
            } catch {
                diagnostics.append(Diagnostic(error.message, at: error.range))
                skipToNextStatement()
            }
        }
        return ParseResult(statements: statements, diagnostics: diagnostics)
    }

    /// Parses one statement.
    ///
    ///     statement → book-stmt | reschedule-stmt | update-stmt | cancel-stmt | show-stmt
    ///               | list-stmt | upcoming-stmt | available-stmt | unavailable-stmt
    ///               | availability-stmt | slots-stmt | let-stmt | print-stmt | source-stmt
    ///               | set-stmt | help-stmt | expect-stmt
    ///               | create-user-stmt | login-stmt | logout-stmt | whoami-stmt
    ///               | calcom-stmt | sync-stmt | export-stmt | agenda-stmt
    ///               | calendar-stmt | import-stmt
    mutating func parseStatement() throws(ParseError) -> Statement {
        let first = current
        guard let word = first.word else {
            throw error(.expected("a statement such as 'book' or 'list'", found: describe(first)), at: first)
        }
        var statement = try parseStatementBody(word, first)
        statement.keywordRange = first.range
        return statement
    }

    private mutating func parseStatementBody(_ word: String, _ first: Token) throws(ParseError) -> Statement {
        switch word {
        case "book": return try parseBook()
        case "reschedule": return try parseReschedule()
        case "update": return try parseUpdate()
        case "cancel", "show": return try parseCancelOrShow()
        case "list": return try parseList()
        case "upcoming": return try parseUpcoming()
        case "available": return try parseAvailable()
        case "unavailable": return try parseUnavailable()
        case "availability": return try parseAvailability()
        case "slots": return try parseSlots()
        case "let": return try parseLet()
        case "print": return try parsePrint()
        case "source": return try parseSource()
        case "set": return try parseSet()
        case "help": return try parseHelp()
        case "expect": return try parseExpect()
        case "create": return try parseCreateUser()
        case "login": return try parseLogin()
        case "logout", "whoami": return parseBareSessionStatement()
        case "calcom": return try parseCalcom()
        case "sync": return try parseSync()
        case "export": return try parseExport()
        case "agenda": return try parseAgenda()
        case "calendar": return try parseCalendar()
        case "import": return try parseImport()
        default:
            let suggestion = Suggestion.nearest(to: word, in: Keywords.statements)
            throw error(.unknownStatement(first.text, suggestion: suggestion), at: first)
        }
    }

    // MARK: - Token stream

    var current: Token { tokens[position] }

    func peek(_ ahead: Int = 1) -> Token {
        tokens[min(position + ahead, tokens.count - 1)]
    }

    /// The end of the last consumed token.
    var previousEnd: SourceLocation {
        position > 0 ? tokens[position - 1].range.end : current.range.start
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    var atEndOfStatement: Bool {
        switch current.kind {
        case .newline, .semicolon, .endOfInput: true
        default: false
        }
    }

    /// Consumes the keyword if it is next.
    mutating func accept(_ keyword: String) -> Token? {
        guard current.isWord(keyword) else { return nil }
        return advance()
    }

    /// Consumes the keyword, or fails saying what was expected after what.
    @discardableResult
    mutating func expectKeyword(_ keyword: String, after context: String) throws(ParseError) -> Token {
        if let token = accept(keyword) { return token }
        throw error(.expectedAfter("'\(keyword)'", after: context, found: describe(current)), at: current)
    }

    mutating func expectEndOfStatement() throws(ParseError) {
        if atEndOfStatement { return }
        try failOnInvalid(current)
        throw error(.expected("the end of the statement", found: describe(current)), at: current)
    }

    mutating func skipSeparators() {
        while current.kind == .newline || current.kind == .semicolon { advance() }
    }

    mutating func skipToNextStatement() {
        while !atEndOfStatement { advance() }
    }

    /// The range from `start` to the end of the last consumed token.
    func range(from start: Token) -> SourceRange {
        SourceRange(start: start.range.start, end: max(previousEnd, start.range.end))
    }

    func range(from start: SourceLocation) -> SourceRange {
        SourceRange(start: start, end: max(previousEnd, start))
    }

    // MARK: - Errors

    func error(_ message: ParseMessage, at token: Token) -> ParseError {
        if case .invalid(let lexical) = token.kind { return ParseError(message: lexical, range: token.range) }
        return ParseError(message: message, range: token.range)
    }

    /// A lexical error outranks whatever the parser expected there.
    func failOnInvalid(_ token: Token) throws(ParseError) {
        if case .invalid(let lexical) = token.kind { throw ParseError(message: lexical, range: token.range) }
    }

    /// How a token is quoted in messages.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .newline: "the end of the line"
        case .endOfInput: "the end of the input"
        case .semicolon: "';'"
        case .string: "the string \(Self.clip(token.text))"
        default: "'\(Self.clip(token.text))'"
        }
    }

    static func clip(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}

/// Statements and the syntax errors found while reading them.
public struct ParseResult: Sendable {
    public var statements: [Statement]
    public var diagnostics: [Diagnostic]

    public init(statements: [Statement], diagnostics: [Diagnostic]) {
        self.statements = statements
        self.diagnostics = diagnostics
    }
}

/// A syntax error raised inside the parser.
public struct ParseError: Error, Sendable, Equatable {
    public var message: ParseMessage
    public var range: SourceRange

    public init(message: ParseMessage, range: SourceRange) {
        self.message = message
        self.range = range
    }
}
