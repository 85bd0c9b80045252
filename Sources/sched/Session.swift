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
        } catch {
            FileHandle.standardError.write(Data("error: \(error) [unavailable]\n".utf8))
            throw ExitCode(1)
        }
        let interpreter = Interpreter(store: store, clock: SystemClock(), mode: mode,
                                      format: options.json ? .json : .table)
        runner = ScriptRunner(interpreter: interpreter, output: .standard,
                              options: .init(keepGoing: options.keepGoing, atomic: options.atomic),
                              renderer: Self.diagnosticRenderer())
    }

    /// Runs scripts; gives back the exit code.
    func run(_ scripts: [ScriptFile]) -> Int32 {
        runner.run(scripts).exitCode
    }

    static func standardInput() throws -> ScriptFile {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return ScriptFile(source: SourceFile(name: "<stdin>", bytes: [UInt8](data)),
                          directory: FileManager.default.currentDirectoryPath)
    }

    /// Diagnostics in colour only on a terminal, and never with NO_COLOR set.
    static func diagnosticRenderer() -> DiagnosticRenderer {
        let colour = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        return DiagnosticRenderer(colour: colour)
    }
}
