import Foundation
import SchedCore
import SchedLang
import Scheduling

/// `create user`, `login`, `logout` and `whoami`. Passwords go to the auth service and nowhere
/// else: no result, message or variable holds one.
extension Interpreter {
    /// At the prompt the new user is logged in at once, as `sched init` does; a script logs in
    /// with a statement of its own.
    func createUser(_ name: SchedLang.Expression, _ password: SchedLang.Expression) throws -> Value {
        var secret = ""
        let created = try performTimed(CreateUser { context in
            let username = try self.text(name, context, what: "a user name")
            secret = try self.text(password, context, what: "a password")
            return (username, secret)
        })
        let user = created.output
        guard mode == .interactive else { return Self.createdUser(user.username) }
        let expiresAt = try startSession(name: user.username, password: secret)
        let zone = created.moment.zone
        return .message("Created user \(user.username); logged in until \(HumanFormat.moment(expiresAt, zone: zone))",
                        json: .object([("created_user", .string(user.username)), ("user", .string(user.username)),
                                       ("expires_at", .string(zone.iso8601(expiresAt)))]))
    }

    func login(_ name: SchedLang.Expression, _ password: SchedLang.Expression?) throws -> Value {
        let opened = try performTimed(LogIn { context in
            let username = try self.text(name, context, what: "a user name")
            if let password { return (username, try self.text(password, context, what: "a password")) }
            guard let prompted = self.passwordPrompt?() else { throw SchedError.fieldRequired("password") }
            return (username, prompted)
        })
        keep(opened.output.token)
        return Self.loggedIn(opened.output.username, until: opened.output.expiresAt, zone: opened.moment.zone)
    }

    /// Logs in and keeps the session for the statements that follow; gives back when it ends.
    @discardableResult
    public func startSession(name: String, password: String) throws -> Date {
        let opened = try perform(LogIn { _ in (name, password) })
        keep(opened.token)
        return opened.expiresAt
    }

    private func keep(_ token: SessionToken) {
        session = token
        sessionChanged?(token)
    }

    func logout() throws -> Value {
        guard session != nil else { return Self.loggedOut(false) }
        try perform(LogOut())
        session = nil
        variables.removeAll()  // results read under the session leave with it
        sessionChanged?(nil)
        return Self.loggedOut(true)
    }

    func whoami() throws -> Value {
        let name = try perform(WhoAmI())?.username
        return .message(name ?? "not logged in", json: .object([("user", name.map(JSONValue.string) ?? .null)]))
    }

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
