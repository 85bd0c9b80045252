import ArgumentParser
import Foundation
import SchedCore
import SchedRuntime

/// `sched backup FILE`: copies the database, safely even while it is in use, into a new file.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database, even while it is in use, into a new file (mode 0600); needs a session."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The file to create; an existing file is never replaced.", valueName: "file"), completion: .file())
    var file: String

    func run() throws {
        let options = common.invocation
        let credentials = try Credentials.forRun(common)
        let invocation = try Invocation(options, credentials: credentials)
        let interpreter = invocation.runner.interpreter
        // The copy holds everything, the password hash and the sessions too: it takes the
        // session that reading the appointments takes.
        do {
            _ = try interpreter.scheduler.authenticate(interpreter.session)
        } catch let error as SchedError {
            try Invocation.fail(options, hint: invocation.runner.hint(after: error)) { throw error }
        }
        try Invocation.fail(options) { try invocation.store.backup(to: file) }
        invocation.runner.show(.outcome(.backedUp(database: invocation.location.shown, to: file)))
    }
}
