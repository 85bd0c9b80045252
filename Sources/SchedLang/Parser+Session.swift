/// The user and the session: `create user`, `login`, `logout`, `whoami`.
extension Parser {
    /// Parses creating the one user.
    ///
    ///     create-user-stmt → 'create' 'user' text 'password' text
    mutating func parseCreateUser() throws(ParseError) -> Statement {
        let start = advance()
        guard isWord(current, "user") else {
            throw error(.createNeedsUser(found: describe(current)), at: current)
        }
        advance()
        let name = try parseText("the user name as a string such as \"admin\"", after: "'create user'")
        try expectKeyword("password", after: "the user name")
        let password = try parseText("the password as a string", after: "'password'")
        return Statement(kind: .createUser(name: name, password: password), range: range(from: start))
    }

    /// Parses logging in; without a password the prompt asks for it.
    ///
    ///     login-stmt → 'login' text ('password' text)?
    mutating func parseLogin() throws(ParseError) -> Statement {
        let start = advance()
        let name = try parseText("the user name as a string such as \"admin\"", after: "'login'")
        var password: WrittenValue?
        if !atEndOfStatement {
            guard accept("password") != nil else { throw unknownClause(current, in: "login", options: ["password"]) }
            password = try parseText("the password as a string", after: "'password'")
        }
        return Statement(kind: .login(name: name, password: password), range: range(from: start))
    }

    /// Parses the statements that take nothing.
    ///
    ///     logout-stmt → 'logout'
    ///     whoami-stmt → 'whoami'
    mutating func parseBareSessionStatement() -> Statement {
        let start = advance()
        let kind: StatementKind = isWord(start, "logout") ? .logout : .whoami
        return Statement(kind: kind, range: start.range)
    }
}
