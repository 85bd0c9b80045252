import ArgumentParser
import Foundation
import SchedCore
import SchedLang
import SchedRuntime

/// The database, clock and runner one invocation of `sched` works with.
struct Session {
    let store: SQLiteStore
    let runner: ScriptRunner

    init(_ options: CommonOptions, mode: RunMode = .batch) throws {
        let path = SQLiteStore.resolvePath(explicit: options.db, environment: ProcessInfo.processInfo.environment)
        do {
            store = try SQLiteStore(path: path, defaultZone: .system())
        } catch let error as SchedError {
            FileHandle.standardError.write(Data("error: \(error.message) [\(error.kind.rawValue)]\n".utf8))
            throw ExitCode(1)
        }
        let interpreter = Interpreter(store: store, clock: SystemClock(), mode: mode,
                                      format: options.json ? .json : .table)
        runner = ScriptRunner(interpreter: interpreter, output: .standard,
                              options: .init(keepGoing: options.keepGoing, atomic: options.atomic),
                              renderer: Self.diagnosticRenderer())
    }

    /// Parses scripts, then opens the database and runs them; gives back the exit code. A file
    /// with a syntax error runs nothing and leaves no database behind.
    static func run(_ scripts: [ScriptFile], options: CommonOptions) throws -> Int32 {
        guard let parsed = ScriptRunner.parse(scripts, output: .standard, renderer: diagnosticRenderer()) else {
            return ScriptRunner.Status.syntaxError.exitCode
        }
        return try Session(options).runner.run(parsed).exitCode
    }

    static func standardInput() throws -> ScriptFile {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return ScriptFile(source: SourceFile(name: "<stdin>", bytes: [UInt8](data)), directory: "")
    }

    /// Diagnostics in colour only on a terminal, and never with NO_COLOR set.
    static func diagnosticRenderer() -> DiagnosticRenderer {
        let colour = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        return DiagnosticRenderer(colour: colour)
    }
}
