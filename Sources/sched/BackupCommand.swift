import ArgumentParser
import Foundation
import SchedCore

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
        let credentials = try Credentials.forRun(common)
        let session = try Session(common.session, credentials: credentials)
        let interpreter = session.runner.interpreter
        // The copy holds everything, the password hash and the sessions too: it takes the
        // session that reading the appointments takes.
        _ = try Session.fail { try interpreter.auth.authenticate(interpreter.session) }
        try Session.fail { try session.store.backup(to: file) }
        print("Backed up \(session.store.path) to \(file)")
    }
}
