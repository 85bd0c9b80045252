import Foundation
import SchedCore
import SchedLang

/// `create user`, `login`, `logout` and `whoami`. Passwords go to the auth service and nowhere
/// else: no result, message or variable holds one.
extension Interpreter {
    /// At the prompt the new user is logged in at once, as `sched init` does; a script logs in
    /// with a statement of its own.
    func createUser(_ name: SchedLang.Expression, _ password: SchedLang.Expression, _ context: TimeContext) throws -> Value {
        let username = try text(name, context, what: "a user name")
        let secret = try text(password, context, what: "a password")
        let user = try auth.createUser(name: username, password: secret)
        guard mode == .interactive else { return Self.createdUser(user.username) }
        let expiresAt = try startSession(name: user.username, password: secret)
        return .message("Created user \(user.username); logged in until \(HumanFormat.moment(expiresAt, zone: context.zone))",
                        json: .object([("created_user", .string(user.username)), ("user", .string(user.username)),
                                       ("expires_at", .string(context.zone.iso8601(expiresAt)))]))
    }

    func login(_ name: SchedLang.Expression, _ password: SchedLang.Expression?, _ context: TimeContext) throws -> Value {
        let username = try text(name, context, what: "a user name")
        let secret: String
        if let password {
            secret = try text(password, context, what: "a password")
        } else if let prompted = passwordPrompt?() {
            secret = prompted
        } else {
            throw SchedError.fieldRequired("password")
        }
        let expiresAt = try startSession(name: username, password: secret)
        // A login succeeds only for the stored name, which is the given one trimmed.
        let stored = username.trimmingCharacters(in: .whitespacesAndNewlines)
        return Self.loggedIn(stored, until: expiresAt, zone: context.zone)
    }

    /// Logs in and makes the new session the one statements run under, telling whoever keeps
    /// it; gives back when it expires.
    @discardableResult
    public func startSession(name: String, password: String) throws -> Date {
        let (token, expiresAt) = try auth.login(name: name, password: password)
        session = token
        sessionChanged?(token)
        return expiresAt
    }

    func logout() throws -> Value {
        guard session != nil else { return Self.loggedOut(false) }
        try auth.logout(session)
        session = nil
        variables.removeAll()  // results read under the session leave with it
        sessionChanged?(nil)
        return Self.loggedOut(true)
    }

    /// The user's name, or `not logged in`; it compares as a string, so `let me = whoami` can
    /// be checked, and `--json` gives `{"user": NAME}` (null when nobody is logged in).
    func whoami(_ context: TimeContext) throws -> Value {
        let name = try auth.currentUser(session)?.username
        return .message(name ?? "not logged in", json: .object([("user", name.map(JSONValue.string) ?? .null)]))
    }

    /// `Created user NAME [in DATABASE]`, or `{created_user, database}`.
    public static func createdUser(_ user: String, in database: String? = nil) -> Value {
        var fields: [(String, JSONValue)] = [("created_user", .string(user))]
        if let database { fields.append(("database", .string(database))) }
        return .message("Created user \(user)" + (database.map { " in \($0)" } ?? ""), json: .object(fields))
    }

    /// `Logged in as NAME until …`, or `{user, expires_at}`.
    public static func loggedIn(_ user: String, until expiresAt: Date, zone: HomeZone) -> Value {
        .message("Logged in as \(user) until \(HumanFormat.moment(expiresAt, zone: zone))",
                 json: .object([("user", .string(user)), ("expires_at", .string(zone.iso8601(expiresAt)))]))
    }

    /// `Logged out`, or `not logged in` when there was no session; `{logged_out}`.
    public static func loggedOut(_ wasLoggedIn: Bool) -> Value {
        .message(wasLoggedIn ? "Logged out" : "not logged in", json: .object([("logged_out", .bool(wasLoggedIn))]))
    }
}
