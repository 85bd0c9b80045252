import Foundation
import Testing

/// The human output of every example, pinned: `sched test --verbose examples/X.sched` must print
/// exactly `Tests/Golden/X.out`, appointment ids aside (they are random UUIDs).
///
/// After a deliberate change of output, rewrite the files with
/// `SCHED_UPDATE_GOLDEN=1 swift test --filter ExampleOutputTests` and read the diff.
@Suite("Example output")
struct ExampleOutputTests {
    static let root = SchedBinary.packageRoot

    static func examples() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path)) ?? []
        return names.filter { $0.hasSuffix(".sched") }.sorted()
    }

    /// UUIDs replaced by `<id>`, so random ids do not make the output differ from run to run.
    static func maskingIDs(_ text: String) -> String {
        text.replacingOccurrences(
            of: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            with: "<id>", options: .regularExpression)
    }

    @Test(arguments: examples())
    func examplePrintsItsGoldenOutput(_ example: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["test", "--verbose", "examples/\(example)"], directory: Self.root)
        #expect(result.exitCode == 0, "\(result)")
        let actual = Self.maskingIDs(result.standardOutput)
        let golden = Self.root.appendingPathComponent("Tests/Golden")
            .appendingPathComponent(example.replacingOccurrences(of: ".sched", with: ".out"))
        if ProcessInfo.processInfo.environment["SCHED_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected, "output of \(example) differs from \(golden.path)")
    }

    @Test func everyExampleHasAGoldenFile() throws {
        let goldens = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Tests/Golden").path)
            .filter { $0.hasSuffix(".out") }
        #expect(Set(goldens) == Set(Self.examples().map { $0.replacingOccurrences(of: ".sched", with: ".out") }))
    }
}
