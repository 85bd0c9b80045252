import ArgumentParser
import Foundation
import SchedCore
import SchedRuntime

/// `sched init`: creates the database's one user and logs in.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the database's user (once) and log in."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let credentials = try Credentials.forCommand(common)
        let session = try Session(common.session)
        let auth = session.runner.interpreter.auth
        let user = try Session.fail { try auth.createUser(name: credentials.user, password: credentials.password) }
        print("Created user \(user.username) in \(session.store.path)")
        try LoginCommand.logIn(credentials, session: session)
    }
}

/// `sched login`: opens a session that later `sched` calls on the same database use.
struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in; later sched calls on the same database stay logged in until the session expires."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let credentials = try Credentials.forCommand(common)
        try Self.logIn(credentials, session: try Session(common.session))
    }

    static func logIn(_ credentials: Credentials, session: Session) throws {
        let interpreter = session.runner.interpreter
        let (token, expiresAt) = try Session.fail {
            try interpreter.auth.login(name: credentials.user, password: credentials.password)
        }
        try Session.fail { try SessionFile().store(token, for: session.store.path) }
        let zone = (try? interpreter.homeZone()) ?? .utc
        print("Logged in as \(credentials.user) until \(zone.iso8601(expiresAt))")
    }
}

/// `sched logout`: revokes the kept session and forgets it.
struct LogoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Revoke the session kept for this database and forget it."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let session = try Session(common.session)
        let interpreter = session.runner.interpreter
        guard let token = interpreter.session else {
            print("Not logged in")
            return
        }
        try Session.fail { try interpreter.auth.logout(token) }
        try Session.fail { try SessionFile().store(nil, for: session.store.path) }
        print("Logged out")
    }
}
