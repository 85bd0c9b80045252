import ArgumentParser
import Foundation
import SchedCore
import SchedRuntime
import SchedStores

/// `sched backup FILE`: copies the database, safely even while it is in use, into a new file: a
/// SQLite file by SQLite's online backup, a PostgreSQL database by a copy into a new SQLite file.
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
        try invocation.requireSession()
        try Invocation.fail(options) { try DatabaseLocation.backup(invocation.store, to: file) }
        invocation.runner.show(.outcome(.backedUp(database: invocation.location.shown, to: file)))
    }
}
