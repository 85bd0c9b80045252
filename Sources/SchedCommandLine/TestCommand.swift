import ArgumentParser
import Foundation
import SchedRuntime
import SchedStores

/// `sched test PATH...`: runs scenario files, each on a fresh database with a virtual clock: a
/// temporary SQLite file, or with a `postgres://` location a schema of its own in that database.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run test scenarios, each on its own fresh database with a virtual clock."
    )

    @Argument(help: ArgumentHelp("Scenario files, or directories searched for .sched files.", valueName: "path"), completion: .file(extensions: ["sched"]))
    var paths: [String]

    @Flag(name: [.short, .long], help: "Also print what each scenario's statements print.")
    var verbose = false

    /// The root command: it declares `--verbose` too (for Cal.com request logs), and the parser
    /// gives a name both declare to the root, so `sched test --verbose` arrives there.
    @ParentCommand var root: Sched

    func validate() throws {
        if paths.isEmpty { throw ValidationError(CommandLineText.nameAScenario) }
    }

    func run() throws {
        let files: [String]
        do {
            files = try TestRunner.scenarioFiles(in: paths)
        } catch {
            Invocation.errors().error(error)
            throw ExitCode(2)
        }
        let location = DatabaseLocation.resolve(explicit: root.common.db, environment: ProcessInfo.processInfo.environment)
        var runner = TestRunner(output: .standard, renderer: Invocation.diagnosticRenderer(),
                                verbose: verbose || root.common.verbose) { try location.scratch(defaultZone: .utc) }
        runner.calcomEnvironment = .current()
        let summary = runner.run(files: files)
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
