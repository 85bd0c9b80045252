import ArgumentParser
import Foundation
import SchedCore

/// `sched serve …`: runs the `sched-serve` program beside `sched` with the same arguments. The
/// server is a program of its own so that `sched` does not load its code at every start.
struct ServeLauncher: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the REST API and the web app over HTTP (runs sched-serve; 'sched serve --help' lists its options)."
    )

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Options for sched-serve.", valueName: "options"))
    var arguments: [String] = []

    /// Reached only when `Sched` did not run `sched-serve` itself: when options other than
    /// `--db` come before `serve`, which the server would not see.
    func run() throws {
        throw ValidationError(CommandLineText.serveOptionsAfterServe)
    }

    /// The arguments for `sched-serve` of a `sched [--db PATH] serve …` command line; nil for
    /// any other command line.
    static func serveArguments(_ arguments: [String]) -> [String]? {
        var before: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "serve" { return before + arguments[(index + 1)...] }
            if argument == "--db", index + 1 < arguments.count {
                before += [argument, arguments[index + 1]]
                index += 2
            } else if argument.hasPrefix("--db=") {
                before.append(argument)
                index += 1
            } else {
                return nil
            }
        }
        return nil
    }

    /// Replaces this process with `sched-serve`: the one beside this executable, else the first
    /// on `PATH`. Returns only when neither could be run.
    static func exec(_ arguments: [String]) -> Int32 {
        let beside = ProgramBeside.exec("sched-serve", arguments)
        Invocation.write(SchedError(.unavailable, CommandLineText.serverProgramMissing(beside)), InvocationOptions())
        return 1
    }
}
