import ArgumentParser
import Foundation
import SchedCore
import SchedRuntime
import Scheduling

/// `sched history [N | RANGE]`: the journal of changes, as the `history` statement lists it;
/// with `--prune DATE`, removes the changes made before that date instead.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the changes, newest first; with --prune DATE, remove those made before DATE. Needs a session."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("Remove the changes made before this date (YYYY-MM-DD, midnight in the home zone).",
                               valueName: "date"))
    var prune: String?

    @Argument(help: ArgumentHelp("How many changes, or a range such as 'this week' (default: the latest 20).",
                                 valueName: "N | range"))
    var words: [String] = []

    func run() throws {
        let credentials = try Credentials.forRun(common)
        guard let prune else {
            throw ExitCode(try Sched.run(statements: (["history"] + words).joined(separator: " "), options: common.invocation,
                                         credentials: credentials))
        }
        let options = common.invocation
        guard words.isEmpty else {
            throw ValidationError(CommandLineText.pruneTakesADate)
        }
        guard let date = CivilDate(prune) else {
            throw ValidationError(CommandLineText.pruneDate(prune))
        }
        let invocation = try Invocation(options, credentials: credentials)
        let interpreter = invocation.runner.interpreter
        let removed = try Invocation.fail(options) {
            try interpreter.scheduler.run(PruneHistory { moment in moment.zone.startOfDay(date) },
                                          session: interpreter.session).output
        }
        invocation.runner.show(.outcome(.historyPruned(removed)))
    }
}
