/// Turns tokens into statements, one error per statement, resuming at the next statement.
///
/// Each parse function opens with the rule of `grammar/sched.ebnf` it implements.
public struct Parser {
    /// The tokens read and not yet let go: those of the statement being parsed and one or two
    /// beyond.
    var tokens: [Token]
    /// The stream position of `tokens[0]`.
    var base = 0
    /// The stream position of the current token.
    var position = 0
    /// Where more tokens come from; nil once `tokens` ends with `.endOfInput`.
    var lexer: Lexer?

    /// A parser that lexes as it goes and keeps only the tokens of the statement at hand, so a
    /// long script costs memory for one statement, not for all of them.
    init(streaming file: SourceFile) {
        tokens = []
        lexer = Lexer(file)
        fill()
    }

    /// Parses a whole file: every statement that reads, and every syntax error found.
    public static func parse(_ file: SourceFile) -> ParseResult {
        var parser = Parser(streaming: file)
        return parser.parseScript()
    }

    /// Parses `file` one statement at a time, handing each statement or syntax error to `body`
    /// in the order they stand, and keeping none of them.
    public static func scan(_ file: SourceFile, _ body: (ParsedItem) throws -> Void) rethrows {
        var parser = Parser(streaming: file)
        while let item = parser.nextItem() {
            try body(item)
        }
    }

    /// Parses a script.
    ///
    ///     script → separator* (statement (separator+ statement)*)? separator* EOF
    ///     separator → NEWLINE | ';'
    mutating func parseScript() -> ParseResult {
        var statements: [Statement] = []
        var diagnostics: [Diagnostic] = []
        while let item = nextItem() {
            switch item {
            case .statement(let statement): statements.append(statement)
            case .error(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return ParseResult(statements: statements, diagnostics: diagnostics)
    }

    /// The next statement, or the syntax error that stopped it (parsing resumes at the
    /// statement after); nil at the end of the input.
    mutating func nextItem() -> ParsedItem? {
        skipSeparators()
        letGoOfReadTokens()
        if case .endOfInput = tokens[position - base].kind { return nil }
        do {
            let statement = try parseStatement()
            try expectEndOfStatement()
            return .statement(statement)
        } catch {
            skipToNextStatement()
            return .error(Diagnostic(error.message, at: error.range))
        }
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

    var current: Token { tokens[position - base] }

    /// The token `ahead` places on; a streaming parser always holds at least one beyond the
    /// current token, which is all the grammar looks ahead.
    func peek(_ ahead: Int = 1) -> Token {
        tokens[min(position - base + ahead, tokens.count - 1)]
    }

    /// The end of the last consumed token.
    var previousEnd: SourceLocation {
        position > base ? tokens[position - base - 1].range.end : current.range.start
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if position - base < tokens.count - 1 { position += 1 }
        fill()
        return token
    }

    /// Lexes until two tokens beyond the current one are held, or the input has ended.
    private mutating func fill() {
        // Lexed in place (`lexer?.next()`), so the lexer and its bytes are not copied per token.
        while tokens.count - (position - base) < 3, let token = lexer?.next() {
            if case .endOfInput = token.kind { lexer = nil }
            tokens.append(token)
        }
    }

    /// Drops the tokens before the current one, except the last consumed (for `previousEnd`).
    private mutating func letGoOfReadTokens() {
        let read = position - base - 1
        guard read > 64 else { return }
        tokens.removeFirst(read)
        base += read
    }

    var atEndOfStatement: Bool {
        switch tokens[position - base].kind {
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
        while true {
            switch tokens[position - base].kind {
            case .newline, .semicolon: advance()
            default: return
            }
        }
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
/// The statements of a source, parsed as they are asked for; syntax errors are passed over
/// (check for them first with `Parser.scan`).
public struct StatementStream: Sequence, IteratorProtocol {
    private var parser: Parser

    public init(_ file: SourceFile) {
        parser = Parser(streaming: file)
    }

    public mutating func next() -> Statement? {
        while let item = parser.nextItem() {
            if case .statement(let statement) = item { return statement }
        }
        return nil
    }
}

/// What `Parser.scan` hands over: a statement, or the syntax error where one should have been.
public enum ParsedItem: Sendable {
    case statement(Statement)
    case error(Diagnostic)
}

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
