import Foundation
import SchedCore
import SchedLang
import Scheduling

/// `create user`, `login`, `logout` and `whoami`. Passwords go to the auth service and nowhere
/// else: no result, message or variable holds one.
extension Interpreter {
    /// At the prompt the new user is logged in at once, as `sched init` does; a script logs in
    /// with a statement of its own.
    func createUser(_ name: WrittenValue, _ password: WrittenValue) throws -> Value {
        var secret = ""
        let created = try performTimed(CreateUser { context in
            let username = try self.text(name, context, what: "a user name")
            secret = try self.text(password, context, what: "a password")
            return (username, secret)
        })
        let user = created.output
        guard mode == .interactive else { return .outcome(.userCreated(user.username, in: nil)) }
        let expiresAt = try startSession(name: user.username, password: secret)
        return .outcome(.userCreatedAndLoggedIn(user.username, until: expiresAt, zone: created.moment.zone))
    }

    func login(_ name: WrittenValue, _ password: WrittenValue?) throws -> Value {
        let opened = try performTimed(LogIn { context in
            let username = try self.text(name, context, what: "a user name")
            if let password { return (username, try self.text(password, context, what: "a password")) }
            guard let prompted = self.passwordPrompt?() else { throw SchedError.fieldRequired("password") }
            return (username, prompted)
        })
        let login = try opened.output.get()
        keep(login.token)
        return .outcome(.loggedIn(login.username, until: login.expiresAt, zone: opened.moment.zone))
    }

    /// Logs in and keeps the session for the statements that follow; gives back when it ends.
    @discardableResult
    public func startSession(name: String, password: String) throws -> Date {
        let opened = try perform(LogIn { _ in (name, password) }).get()
        keep(opened.token)
        return opened.expiresAt
    }

    private func keep(_ token: SessionToken) {
        session = token
        sessionChanged?(token)
    }

    func logout() throws -> Value {
        guard session != nil else { return .outcome(.loggedOut(wasLoggedIn: false)) }
        try perform(LogOut())
        session = nil
        variables.removeAll()  // results read under the session leave with it
        sessionChanged?(nil)
        return .outcome(.loggedOut(wasLoggedIn: true))
    }

    func whoami() throws -> Value {
        .outcome(.currentUser(try perform(WhoAmI())?.username, database: databaseShown))
    }
}
