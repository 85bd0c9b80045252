import ArgumentParser
import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import SchedStores

/// The `sched` command: runs statements from `-c`, files, standard input or a prompt.
struct Sched: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sched",
        abstract: "A scheduling language: book appointments, keep working hours, and test your schedule.",
        discussion: """
            With no subcommand, sched reads statements from standard input, or shows a prompt on a terminal.
            Exit codes: 0 success, 1 a statement or expectation failed, 2 a syntax error or bad usage.
            """,
        version: SchedVersion.current,
        subcommands: [RunCommand.self, CheckCommand.self, TestCommand.self, InitCommand.self, LoginCommand.self, LogoutCommand.self,
                      BackupCommand.self, CopyCommand.self, ManualCommand.self, HistoryCommand.self, ServeLauncher.self]
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customShort("c"), help: ArgumentHelp("Run these statements and exit.", valueName: "statements"))
    var statements: String?

    func run() throws {
        let credentials = try Credentials.forRun(common)
        if let statements {
            // The parser has the rewritten line; how it was written decides the hint.
            let hint = StatementArguments(Array(CommandLine.arguments.dropFirst())).syntaxHint
            throw ExitCode(try Self.run(statements: statements, options: common.invocation, credentials: credentials,
                                        syntaxHint: hint))
        }
        if isatty(STDIN_FILENO) == 0 {
            throw ExitCode(try Invocation.run([try Invocation.standardInput()], options: common.invocation, credentials: credentials))
        }
        guard let repl = Repl(invocation: try Invocation(common.invocation, mode: .interactive, credentials: credentials)) else {
            Invocation.write(SchedError(.unavailable, CommandLineText.lineEditorFailed), common.invocation)
            throw ExitCode(1)
        }
        throw ExitCode(repl.loop())
    }

    /// Runs the command line, then checkpoints what it wrote before the process ends.
    static func main() {
        let status = exitStatus()
        Invocation.checkpointOpenStores()
        Foundation.exit(status)
    }

    /// Parses the command line and runs it; gives back the exit code, 2 for usage errors.
    static func exitStatus() -> Int32 {
        do {
            let given = Array(CommandLine.arguments.dropFirst())
            if let serve = ServeLauncher.serveArguments(given) {
                return ServeLauncher.exec(serve)
            }
            let arguments = StatementArguments(given)
            if let plain = plainRun(arguments.rewritten[...]) {
                return try run(statements: plain.statements, options: plain.options, credentials: nil,
                               syntaxHint: arguments.syntaxHint)
            }
            var command = try parseAsRoot(arguments.rewritten)
            try command.run()
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            // Scripts that asked for JSON get a usage error as JSON too, without the usage text.
            let json = CommandLine.arguments.dropFirst().contains("--json")
            Invocation.errors(InvocationOptions(json: json)).usage(message, message: Self.message(for: error))
            return code == .validationFailure ? 2 : code.rawValue
        }
    }

    /// Runs the statements of `-c`; gives back the exit code.
    static func run(statements: String, options: InvocationOptions, credentials: Credentials?,
                    syntaxHint: (@Sendable (Diagnostic) -> String?)? = nil) throws -> Int32 {
        try Invocation.run([ScriptFile(name: "-c", text: statements)], options: options, credentials: credentials,
                           syntaxHint: syntaxHint)
    }

    /// The statements and options of a command line made only of `-c STATEMENTS`, `--db PATH`
    /// and the flags `--json`, `--keep-going`, `--atomic` and `--verbose`, each at most once:
    /// what `run()` would run with them. Such a line skips the argument parser, which reflects
    /// over every command's options on each start and parses twice more to look for a
    /// completion request (Benchmarks/RESULTS.md has the cost). Anything else, a value that
    /// begins with `-` or is empty among it, goes to the parser, which also gives every usage
    /// error.
    static func plainRun(_ arguments: ArraySlice<String>) -> (statements: String, options: InvocationOptions)? {
        var options = InvocationOptions()
        var statements: String?
        var flags: Set<String> = []
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "-c", "--db":
                guard let value = rest.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
                if argument == "-c" {
                    guard statements == nil else { return nil }
                    statements = value
                } else {
                    guard options.db == nil else { return nil }
                    options.db = value
                }
            case "--json", "--keep-going", "--atomic", "--verbose":
                guard flags.insert(argument).inserted else { return nil }
            default:
                return nil
            }
        }
        guard let statements else { return nil }
        options.json = flags.contains("--json")
        options.keepGoing = flags.contains("--keep-going")
        options.atomic = flags.contains("--atomic")
        options.verbose = flags.contains("--verbose")
        return (statements, options)
    }
}
