import ArgumentParser
import Foundation
import SchedCore
import SchedRuntime
import Scheduling

/// `sched init`: creates the database's one user and logs in.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the database's user (once) and log in."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let options = common.session
        let credentials = try Credentials.forInit(common)
        let session = try Session(options)
        let scheduler = session.runner.interpreter.scheduler
        let user = try Session.fail(options) {
            try scheduler.run(CreateUser { _ in (credentials.user, credentials.password) }, session: nil).output
        }
        session.runner.show(.outcome(.userCreated(user.username, in: session.location.shown)))
        try LoginCommand.logIn(credentials, session: session)
    }
}

/// `sched login`: opens a session that later `sched` calls on the same database use.
struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in (as the database's user unless --user names one); later sched calls on the same database stay logged in until the session expires."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let options = common.session
        let session = try Session(options)
        // A database has one user: without --user, that one is meant.
        let stored = try Session.fail(options) {
            try session.runner.interpreter.scheduler.run(DatabaseUser(), session: nil).output
        }
        guard let name = common.user ?? stored?.username else {
            let hint = session.runner.logInHint?.createUser
            return try Session.fail(options, hint: hint) { throw SchedError.noUserYet }
        }
        let credentials = try Credentials.read(user: name, fromStandardInput: common.passwordStdin)
        try Self.logIn(credentials, session: session)
    }

    static func logIn(_ credentials: Credentials, session: Session) throws {
        let interpreter = session.runner.interpreter
        let opened = try Session.fail(session.options) {
            try interpreter.scheduler.run(LogIn { _ in (credentials.user, credentials.password) }, session: nil)
        }
        let login = opened.output
        try Session.fail(session.options) { try session.sessions.store(login.token, for: session.location.sessionKey) }
        session.runner.show(.outcome(.loggedIn(login.username, until: login.expiresAt, zone: opened.moment.zone)))
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
        let options = common.session
        let session = try Session(options)
        let interpreter = session.runner.interpreter
        guard let token = interpreter.session else {
            session.runner.show(.outcome(.loggedOut(wasLoggedIn: false)))
            return
        }
        try Session.fail(options) { _ = try interpreter.scheduler.run(LogOut(), session: token) }
        try Session.fail(options) { try session.sessions.store(nil, for: session.location.sessionKey) }
        session.runner.show(.outcome(.loggedOut(wasLoggedIn: true)))
    }
}
