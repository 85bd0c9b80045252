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
        let options = common.invocation
        let credentials = try Credentials.forInit(common)
        let invocation = try Invocation(options)
        let scheduler = invocation.runner.interpreter.scheduler
        let user = try Invocation.fail(options) {
            try scheduler.run(CreateUser { _ in (credentials.user, credentials.password) }, session: nil).output
        }
        invocation.runner.show(.outcome(.userCreated(user.username, in: invocation.location.shown)))
        try LoginCommand.logIn(credentials, invocation: invocation)
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
        let options = common.invocation
        let invocation = try Invocation(options)
        // A database has one user: without --user, that one is meant.
        let stored = try Invocation.fail(options) {
            try invocation.runner.interpreter.scheduler.run(DatabaseUser(), session: nil).output
        }
        guard let name = common.user ?? stored?.username else {
            let hint = invocation.runner.logInHint?.createUser
            return try Invocation.fail(options, hint: hint) { throw SchedError.noUserYet }
        }
        let credentials = try Credentials.read(user: name, fromStandardInput: common.passwordStdin)
        try Self.logIn(credentials, invocation: invocation)
    }

    static func logIn(_ credentials: Credentials, invocation: Invocation) throws {
        let interpreter = invocation.runner.interpreter
        let opened = try Invocation.fail(invocation.options) {
            try interpreter.scheduler.run(LogIn { _ in (credentials.user, credentials.password) }, session: nil)
        }
        let login = try Invocation.fail(invocation.options) { try opened.output.get() }
        try Invocation.fail(invocation.options) { try invocation.logins.store(login.token, for: invocation.location.sessionKey) }
        invocation.runner.show(.outcome(.loggedIn(login.username, until: login.expiresAt, zone: opened.moment.zone)))
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
        let options = common.invocation
        let invocation = try Invocation(options)
        let interpreter = invocation.runner.interpreter
        guard let token = interpreter.session else {
            invocation.runner.show(.outcome(.loggedOut(wasLoggedIn: false)))
            return
        }
        try Invocation.fail(options) { _ = try interpreter.scheduler.run(LogOut(), session: token) }
        try Invocation.fail(options) { try invocation.logins.store(nil, for: invocation.location.sessionKey) }
        invocation.runner.show(.outcome(.loggedOut(wasLoggedIn: true)))
    }
}
