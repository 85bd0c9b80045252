import Foundation
import Testing

/// `sched test` over the examples, the scenario corpus, and the scenarios that must fail.
@Suite("Scenario suites")
struct ScenarioSuiteTests {
    static let root = SchedBinary.packageRoot

    /// The `.sched` files under a folder of the package, searched recursively as `sched test` does.
    static func schedFiles(under folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        let all = FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String] ?? []
        return all.filter { $0.hasSuffix(".sched") }.sorted().map { "\(folder)/\($0)" }
    }

    @Test func everyExamplePassesUnderSchedTest() throws {
        let files = Self.schedFiles(under: "examples")
        #expect(files.count >= 6)
        let sandbox = try Sandbox()
        let result = try sandbox.run(["test", "examples"], directory: Self.root)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.outputLines.last == "\(files.count) passed, 0 failed", "\(result)")
        for file in files {
            #expect(result.outputLines.contains("PASS \(file)"), "no PASS line for \(file)\n\(result)")
        }
    }

    @Test func everyScenarioPasses() throws {
        let files = Self.schedFiles(under: "Tests/Scenarios")
        #expect(files.count >= 15)
        let sandbox = try Sandbox()
        let result = try sandbox.run(["test", "Tests/Scenarios"], directory: Self.root)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.outputLines.last == "\(files.count) passed, 0 failed", "\(result)")
        for file in files {
            #expect(result.outputLines.contains("PASS \(file)"), "no PASS line for \(file)\n\(result)")
        }
        // Test mode never touches the user's database.
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path))
    }

    /// What a file under Tests/ScenarioFailures says about how it fails, from its header:
    /// `# FAILS AT: LINE:COLUMN` and `# FAILS WITH: MESSAGE`.
    struct PinnedFailure: CustomStringConvertible {
        let file: String
        let position: String
        let message: String
        var description: String { file }
    }

    static func pinnedFailures() throws -> [PinnedFailure] {
        try schedFiles(under: "Tests/ScenarioFailures").map { file in
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            func header(_ name: String) -> String? {
                text.split(separator: "\n").first { $0.hasPrefix("# \(name): ") }
                    .map { String($0.dropFirst("# \(name): ".count)) }
            }
            return PinnedFailure(file: file, position: header("FAILS AT") ?? "?", message: header("FAILS WITH") ?? "?")
        }
    }

    @Test func everyScenarioFailureFailsWithItsPinnedMessage() throws {
        let failures = try Self.pinnedFailures()
        #expect(failures.count >= 4)
        for failure in failures {
            #expect(failure.position != "?" && failure.message != "?", "\(failure.file) lacks its FAILS AT/FAILS WITH header")
        }
        let sandbox = try Sandbox()
        let result = try sandbox.run(["test", "Tests/ScenarioFailures"], directory: Self.root)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.outputLines.last == "0 passed, \(failures.count) failed", "\(result)")
        let reports = Self.reports(in: result.standardOutput)
        for failure in failures {
            let report = reports["FAIL \(failure.file)"]
            #expect(report != nil, "no FAIL line for \(failure.file)\n\(result)")
            let expected = "\(failure.file):\(failure.position): error: "
            #expect(report?.contains(expected) == true, "\(failure.file): expected '\(expected)' in\n\(report ?? "")")
            #expect(report?.contains(failure.message) == true, "\(failure.file): expected '\(failure.message)' in\n\(report ?? "")")
        }
    }

    @Test func eachScenarioFailureAloneExitsOne() throws {
        let sandbox = try Sandbox()
        for failure in try Self.pinnedFailures() {
            let result = try sandbox.run(["test", failure.file], directory: Self.root)
            #expect(result.exitCode == 1, "\(failure.file): \(result)")
            #expect(result.outputLines.last == "0 passed, 1 failed", "\(failure.file): \(result)")
        }
    }

    @Test func aFailingFileDoesNotHideThePassingOnes() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(
            ["test", "Tests/Scenarios/cancel.sched", "Tests/ScenarioFailures/unexpected-error.sched", "examples/06-test-scenario.sched"],
            directory: Self.root)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.outputLines.contains("PASS Tests/Scenarios/cancel.sched"), "\(result)")
        #expect(result.outputLines.contains("FAIL Tests/ScenarioFailures/unexpected-error.sched"), "\(result)")
        #expect(result.outputLines.contains("PASS examples/06-test-scenario.sched"), "\(result)")
        #expect(result.outputLines.last == "2 passed, 1 failed", "\(result)")
    }

    /// The lines of `sched test` output grouped under their `PASS`/`FAIL` line.
    static func reports(in output: String) -> [String: String] {
        var reports: [String: String] = [:]
        var current: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("PASS ") || line.hasPrefix("FAIL ") {
                current = String(line)
                reports[String(line)] = ""
            } else if let current, line.hasPrefix("    ") {
                reports[current, default: ""] += line.dropFirst(4) + "\n"
            }
        }
        return reports
    }
}
