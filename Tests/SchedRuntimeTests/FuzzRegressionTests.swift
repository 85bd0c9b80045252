import Foundation
import SchedTestSupport
import SchedLang
import Testing

/// Every input in `Tests/FuzzRegressions/` runs the way the fuzz target runs it, and finishes.
///
/// Each file goes to the `SchedFuzz` executable (`Benchmarks/Fuzz`) that `swift build` builds
/// next to the tests: the same harness as under libFuzzer (fresh database, pinned clock, private
/// working directory, no network), in its own process, so a crash fails one test instead of the
/// run, and a hang is stopped after `timeLimit`.
@Suite struct FuzzRegressionTests {
    /// libFuzzer's `-timeout=5`, with room for a loaded machine and a debug build.
    static let timeLimit: TimeInterval = 30

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Tests/FuzzRegressions")

    /// The inputs: every file in the folder but its README.
    static let inputs: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0 != "README.md" && !$0.hasPrefix(".") }
        .sorted()

    @Test func theFolderHasInputs() {
        #expect(!Self.inputs.isEmpty, "no inputs in \(Self.folder.path)")
    }

    @Test(arguments: inputs)
    func inputLexesAndParses(_ name: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        _ = Parser.parse(SourceFile(name: name, bytes: [UInt8](data)))
        _ = Parser.parse(SourceFile(name: name, text: String(decoding: data, as: UTF8.self)))
    }

    @Test(arguments: inputs)
    func inputRunsToTheEnd(_ name: String) throws {
        let binary = try #require(FuzzBinary.locate(root: Self.root),
                                  "cannot find the built SchedFuzz executable; run swift build, or set SCHED_FUZZ_BINARY")
        // Its output goes to a file, so a long report cannot fill a pipe and stall it.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("sched-fuzz-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let child = try Subprocess(binary.path, [Self.folder.appendingPathComponent(name).path],
                                   output: .file(log.path), error: .file(log.path))
        guard let ended = child.wait(until: Date().addingTimeInterval(Self.timeLimit)) else {
            child.send(SIGKILL)
            child.wait()
            Issue.record("\(name) still running after \(Int(Self.timeLimit))s")
            return
        }
        let printed = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(!ended.signalled && ended.status == 0,
                "\(name): SchedFuzz ended with \(ended.signalled ? "signal" : "status") \(ended.status)\n\(printed)")
    }
}

/// Finds the `SchedFuzz` executable built next to the tests (the products directory), whatever
/// `--scratch-path` says, else the newest `<package>/.build*/debug/SchedFuzz`.
enum FuzzBinary {
    static func locate(root: URL) -> URL? {
        let manager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["SCHED_FUZZ_BINARY"], manager.isExecutableFile(atPath: explicit) {
            return URL(fileURLWithPath: explicit)
        }
        var directories: [URL] = []
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in directories {
            var current = directory
            for _ in 0..<5 {
                let binary = current.appendingPathComponent("SchedFuzz")
                if manager.isExecutableFile(atPath: binary.path) { return binary }
                current = current.deletingLastPathComponent()
            }
        }
        let builds = (try? manager.contentsOfDirectory(atPath: root.path)) ?? []
        return builds.filter { $0.hasPrefix(".build") }
            .map { root.appendingPathComponent($0).appendingPathComponent("debug/SchedFuzz") }
            .filter { manager.isExecutableFile(atPath: $0.path) }
            .max { modified($0) < modified($1) }
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }
}
