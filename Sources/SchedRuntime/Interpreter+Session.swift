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
        guard mode == .interactive else { return .message("Created user \(user.username)") }
        let expiresAt = try startSession(name: user.username, password: secret)
        return .message("Created user \(user.username); logged in until \(HumanFormat.moment(expiresAt, zone: context.zone))")
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
        return .message("Logged in as \(stored) until \(HumanFormat.moment(expiresAt, zone: context.zone))")
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
        guard session != nil else { return .message("not logged in") }
        try auth.logout(session)
        session = nil
        variables.removeAll()  // results read under the session leave with it
        sessionChanged?(nil)
        return .message("Logged out")
    }

    /// The user's name, or `not logged in`; a string, so `let me = whoami` can be checked.
    func whoami(_ context: TimeContext) throws -> Value {
        .string(try auth.currentUser(session)?.username ?? "not logged in")
    }
}
