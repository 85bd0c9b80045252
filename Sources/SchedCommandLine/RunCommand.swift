import ArgumentParser
import Foundation
import SchedRuntime

/// `sched run FILE...`: runs script files in order; `-` reads standard input.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run script files in order (- for standard input); the first failure stops the run."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("Script files to run, or - for standard input.", valueName: "file"), completion: .file(extensions: ["sched"]))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError(CommandLineText.nameAScript) }
    }

    func run() throws {
        let credentials = try Credentials.forRun(common)
        var scripts: [ScriptFile] = []
        for path in files {
            do {
                scripts.append(path == "-" ? try Invocation.standardInput() : try ScriptFile.load(path: path))
            } catch {
                Invocation.write(error, common.invocation)
                throw ExitCode(2)
            }
        }
        throw ExitCode(try Invocation.run(scripts, options: common.invocation, credentials: credentials))
    }
}
