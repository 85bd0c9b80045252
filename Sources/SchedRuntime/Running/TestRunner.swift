import Foundation
import SchedCore
import SchedLang
import Scheduling

/// `sched test`: runs each scenario file on its own fresh database with a virtual clock.
public struct TestRunner {
    /// Where the virtual clock of a scenario starts: 2025-01-01T00:00:00Z, until `set clock` moves it.
    public static let clockStart = Date(timeIntervalSince1970: 1_735_689_600)
    /// PBKDF2 rounds for the users scenarios create. Their databases are deleted after each run,
    /// so the hash guards nothing, and the default cost would make a suite of scenarios slow.
    public static let hashIterations = 1_000

    public let output: OutputSink
    public var renderer: DiagnosticRenderer
    /// Print what each scenario's statements print, before its PASS or FAIL line.
    public var verbose: Bool
    /// `CALCOM_API_KEY` and `CALCOM_API_URL` for scenarios that connect to Cal.com (or to a
    /// local stand-in for it).
    public var calcomEnvironment = CalcomEnvironment()

    /// Opens a fresh, empty store for each scenario, in UTC, gone once the scenario ends.
    public var makeStore: @Sendable () throws -> any Store

    public init(output: OutputSink, renderer: DiagnosticRenderer = DiagnosticRenderer(), verbose: Bool = false,
                makeStore: @escaping @Sendable () throws -> any Store) {
        self.makeStore = makeStore
        self.output = output
        self.renderer = renderer
        self.verbose = verbose
    }

    public struct Summary: Sendable, Equatable {
        public var passed = 0
        public var failed = 0
    }

    /// The `.sched` files a list of paths names, directories searched recursively, in order.
    public static func scenarioFiles(in paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SchedError.fileUnreadable(path, reason: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".sched") }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            files.append(contentsOf: found)
        }
        return files
    }

    /// Runs every file, printing a line for each and the final `N passed, N failed`.
    public func run(files: [String]) -> Summary {
        var summary = Summary()
        for path in files {
            let (passed, printed, report) = runOne(path)
            if verbose { output.out(printed) }
            if passed {
                summary.passed += 1
                output.out("PASS \(path)\n")
            } else {
                summary.failed += 1
                output.out("FAIL \(path)\n")
                output.out(report.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n"))
            }
        }
        output.out("\(summary.passed) passed, \(summary.failed) failed\n")
        return summary
    }

    /// Runs one scenario; gives back whether it passed, what it printed and what it reported.
    func runOne(_ path: String) -> (passed: Bool, printed: String, report: String) {
        let buffer = OutputBuffer()
        let store: any Store
        let script: ScriptFile
        do {
            store = try makeStore()
            script = try ScriptFile.load(path: path)
        } catch {
            ErrorWriter(renderer: renderer, output: buffer.sink).error(error)
            return (false, "", buffer.standardError)
        }
        let scheduler = Scheduler(store: store, clock: ManualClock(Self.clockStart), hashIterations: Self.hashIterations)
        scheduler.calcom.environment = calcomEnvironment
        let interpreter = Interpreter(scheduler: scheduler, mode: .test)
        let runner = ScriptRunner(interpreter: interpreter, output: buffer.sink, renderer: renderer)
        let status = runner.run([script])
        return (status == .success, buffer.standardOutput, buffer.standardError)
    }
}
