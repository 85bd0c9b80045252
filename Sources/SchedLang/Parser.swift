/// Turns tokens into statements, one error per statement, resuming at the next statement.
///
/// Each parse function opens with the rule of `grammar/sched.ebnf` it implements.
public struct Parser {
    /// The tokens read and not yet let go: those of the statement being parsed and one or two
    /// beyond.
    var tokens: [Lexeme]
    /// The stream position of `tokens[0]`.
    var base = 0
    /// The stream position of the current token.
    var position = 0
    /// Where more tokens come from, and the text and messages of those read.
    var lexer: Lexer
    /// Whether `tokens` ends with `.endOfInput`.
    var lexed = false

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
    ///               | calendar-stmt | import-stmt | find-stmt | restore-stmt
    ///               | undo-stmt | redo-stmt | history-stmt
    mutating func parseStatement() throws(ParseError) -> Statement {
        let first = current
        guard case .word = first.kind else {
            throw error(.expected("a statement such as 'book' or 'list'", found: describe(first)), at: first)
        }
        var statement = try parseStatementBody(first)
        statement.keywordRange = first.range
        return statement
    }

    /// Chooses by the opening keyword, compared in place: most scripts are mostly `book`.
    private mutating func parseStatementBody(_ first: Lexeme) throws(ParseError) -> Statement {
        if isWord(first, "book") { return try parseBook() }
        if isWord(first, "reschedule") { return try parseReschedule() }
        if isWord(first, "update") { return try parseUpdate() }
        if isWord(first, "cancel") || isWord(first, "show") { return try parseCancelOrShow() }
        if isWord(first, "list") { return try parseList() }
        if isWord(first, "upcoming") { return try parseUpcoming() }
        if isWord(first, "available") { return try parseAvailable() }
        if isWord(first, "unavailable") { return try parseUnavailable() }
        if isWord(first, "availability") { return try parseAvailability() }
        if isWord(first, "slots") { return try parseSlots() }
        if isWord(first, "let") { return try parseLet() }
        if isWord(first, "print") { return try parsePrint() }
        if isWord(first, "source") { return try parseSource() }
        if isWord(first, "set") { return try parseSet() }
        if isWord(first, "help") { return try parseHelp() }
        if isWord(first, "expect") { return try parseExpect() }
        if isWord(first, "create") { return try parseCreateUser() }
        if isWord(first, "login") { return try parseLogin() }
        if isWord(first, "logout") || isWord(first, "whoami") { return parseBareSessionStatement() }
        if isWord(first, "calcom") { return try parseCalcom() }
        if isWord(first, "sync") { return try parseSync() }
        if isWord(first, "export") { return try parseExport() }
        if isWord(first, "agenda") { return try parseAgenda() }
        if isWord(first, "calendar") { return try parseCalendar() }
        if isWord(first, "import") { return try parseImport() }
        if isWord(first, "find") { return try parseFind() }
        if isWord(first, "restore") { return try parseRestore() }
        if isWord(first, "undo") || isWord(first, "redo") || isWord(first, "history") { return try parseJournal() }
        let typed = word(first) ?? ""
        let suggestion = Keywords.otherToolWords[typed] ?? Suggestion.nearest(to: typed, in: Keywords.statements)
        throw error(.unknownStatement(text(first), suggestion: suggestion), at: first)
    }

    // MARK: - Token stream

    var current: Lexeme { tokens[position - base] }

    /// The token `ahead` places on; a streaming parser always holds at least one beyond the
    /// current token, which is all the grammar looks ahead.
    func peek(_ ahead: Int = 1) -> Lexeme {
        tokens[min(position - base + ahead, tokens.count - 1)]
    }

    /// The end of the last consumed token.
    var previousEnd: SourceLocation {
        position > base ? tokens[position - base - 1].range.end : current.range.start
    }

    @discardableResult
    mutating func advance() -> Lexeme {
        let token = current
        if position - base < tokens.count - 1 { position += 1 }
        fill()
        return token
    }

    /// Lexes until two tokens beyond the current one are held, or the input has ended.
    private mutating func fill() {
        while !lexed, tokens.count - (position - base) < 3 {
            let token = lexer.next()
            if case .endOfInput = token.kind { lexed = true }
            tokens.append(token)
        }
    }

    /// Drops the tokens before the current one, except the last consumed (for `previousEnd`).
    private mutating func letGoOfReadTokens() {
        let read = position - base - 1
        guard read > 64 else { return }
        tokens.removeFirst(read)
        base += read
        lexer.forgetProblems(before: tokens[0].range.start.offset)
    }

    var atEndOfStatement: Bool {
        switch tokens[position - base].kind {
        case .newline, .semicolon, .endOfInput: true
        default: false
        }
    }

    /// Consumes the keyword if it is next.
    mutating func accept(_ keyword: StaticString) -> Lexeme? {
        guard isWord(current, keyword) else { return nil }
        return advance()
    }

    /// Consumes the keyword, or fails saying what was expected after what.
    @discardableResult
    mutating func expectKeyword(_ keyword: StaticString, after context: String) throws(ParseError) -> Lexeme {
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
    func range(from start: Lexeme) -> SourceRange {
        SourceRange(start: start.range.start, end: max(previousEnd, start.range.end))
    }

    func range(from start: SourceLocation) -> SourceRange {
        SourceRange(start: start, end: max(previousEnd, start))
    }

    // MARK: - Errors

    func error(_ message: ParseMessage, at token: Lexeme) -> ParseError {
        if let lexical = lexer.lexicalError(of: token) { return ParseError(message: lexical, range: token.range) }
        return ParseError(message: message, range: token.range)
    }

    /// A lexical error outranks whatever the parser expected there.
    func failOnInvalid(_ token: Lexeme) throws(ParseError) {
        if let lexical = lexer.lexicalError(of: token) { throw ParseError(message: lexical, range: token.range) }
    }

    /// How a token is quoted in messages.
    func describe(_ token: Lexeme) -> String {
        switch token.kind {
        case .newline: "the end of the line"
        case .endOfInput: "the end of the input"
        case .semicolon: "';'"
        case .string: "the string \(Self.clip(text(token)))"
        default: "'\(Self.clip(text(token)))'"
        }
    }

    // MARK: - Token text

    /// The token as written.
    func text(_ token: Lexeme) -> String { lexer.text(of: token) }

    /// The word in lower case; nil when the token is not a word.
    func word(_ token: Lexeme) -> String? { lexer.word(of: token) }

    /// Whether the token is the word `keyword`, in any case.
    func isWord(_ token: Lexeme, _ keyword: StaticString) -> Bool { lexer.isWord(token, keyword) }

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
