import ArgumentParser
import Foundation
import SchedCore
import SchedRuntime
import SchedStores

/// `sched copy --from A --to B`: a whole database moved between a SQLite file and PostgreSQL
/// (or to a new file), in one transaction whose counts are checked.
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole database into a new file or an empty PostgreSQL database, in one transaction; needs a session.",
        discussion: """
            Everything moves: appointments, series, working hours and overrides, settings, the user and sessions, \
            the Cal.com connection and outbox, and the history that undo and redo use. The copy is checked table by \
            table against the source's counts; if any differ, nothing is kept.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("The database to copy: a file or postgres://… (default: --db, $SCHED_DB, else sched's own).",
                               valueName: "source"), completion: .file())
    var from: String?

    @Option(help: ArgumentHelp("Where to copy it: a new file (never one that exists) or an empty postgres://… database.",
                               valueName: "target"), completion: .file())
    var to: String

    func validate() throws {
        // An empty value would fall back to $SCHED_DB or sched's own database, which the
        // person did not name: `--to "$UNSET"` must not copy there.
        if to.isEmpty { throw ValidationError(CommandLineText.copyNeedsTarget) }
        if from?.isEmpty == true { throw ValidationError(CommandLineText.copyNeedsSource) }
    }

    func run() throws {
        var options = common.invocation
        if let from { options.db = from }
        let credentials = try Credentials.forRun(common)
        let invocation = try Invocation(options, credentials: credentials)
        try invocation.requireSession()
        let target = DatabaseLocation.resolve(explicit: to, environment: ProcessInfo.processInfo.environment)
        let rows = try Invocation.fail(options) { try target.copy(from: invocation.store) }
        invocation.runner.show(.outcome(.copied(from: invocation.location.shown, to: target.shown, rows: rows)))
    }
}
