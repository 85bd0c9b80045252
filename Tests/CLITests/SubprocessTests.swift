#if os(Linux)
import Foundation
import Glibc
import SchedTestSupport
import Testing

/// The child processes the tests start: what they inherit, how they end, and the time limit.
@Suite struct SubprocessTests {
    /// A descriptor the test process holds without close-on-exec (as Foundation's pipes are)
    /// does not reach the child: it sees its three standard streams and nothing else.
    @Test func theChildHasOnlyItsStandardStreams() throws {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        // A copy far above anything the child opens itself.
        let high = fcntl(ends[0], F_DUPFD, 900)
        try #require(high >= 900)
        defer { (ends + [high]).forEach { _ = close($0) } }
        let child = try Subprocess("/bin/sh", ["-c", "ls /proc/$$/fd"], output: .pipe)
        let listed = String(decoding: child.standardOutput!.readToEndRetrying(), as: UTF8.self)
        #expect(child.wait() == Subprocess.Termination(status: 0, signalled: false))
        let descriptors = Set(listed.split(separator: "\n").compactMap { Int32($0) })
        // The shell may hold one of its own (a script file, a saved stream) above 2.
        #expect(descriptors.isSuperset(of: [0, 1, 2]), "\(listed)")
        #expect(!descriptors.contains(high), "the child inherited descriptor \(high): \(listed)")
    }

    @Test func inputGoesInAndBothOutputsComeBack() throws {
        let child = try Subprocess("/bin/sh", ["-c", "read line; echo \"out $line\"; echo \"err $line\" >&2; exit 3"],
                                   input: .pipe, output: .pipe, error: .pipe)
        try child.standardInput!.write(contentsOf: Data("hello\n".utf8))
        try child.standardInput!.close()
        #expect(String(decoding: child.standardOutput!.readToEndRetrying(), as: UTF8.self) == "out hello\n")
        #expect(String(decoding: child.standardError!.readToEndRetrying(), as: UTF8.self) == "err hello\n")
        #expect(child.wait() == Subprocess.Termination(status: 3, signalled: false))
    }

    @Test func theEnvironmentAndDirectoryAreTheOnesGiven() throws {
        let directory = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
        let child = try Subprocess("/bin/sh", ["-c", "echo \"$ONLY:$(pwd)\""], environment: ["ONLY": "this"],
                                   directory: directory, output: .pipe)
        let printed = String(decoding: child.standardOutput!.readToEndRetrying(), as: UTF8.self)
        #expect(printed == "this:\(directory)\n")
        child.wait()
    }

    @Test func outputToAFileReplacesItsContents() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sched-subprocess-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("older and longer contents\n".utf8).write(to: file)
        let child = try Subprocess("/bin/echo", ["new"], output: .file(file.path))
        #expect(child.wait() == Subprocess.Termination(status: 0, signalled: false))
        #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
    }

    /// A child still running at its deadline is reported as such and can be killed and reaped.
    @Test func aChildPastItsDeadlineIsKilled() throws {
        let child = try Subprocess("/bin/sleep", ["30"])
        let started = Date()
        #expect(child.wait(until: started.addingTimeInterval(0.2)) == nil)
        child.send(SIGKILL)
        #expect(child.wait() == Subprocess.Termination(status: SIGKILL, signalled: true))
        #expect(Date().timeIntervalSince(started) < 10)
        // Once reaped, signalling is a no-op rather than a shot at a recycled process id.
        child.send(SIGKILL)
        #expect(child.wait() == Subprocess.Termination(status: SIGKILL, signalled: true))
    }

    @Test func aMissingProgramIsAnError() {
        #expect(throws: SubprocessError.self) {
            _ = try Subprocess("/nonexistent/program", [])
        }
    }
}
#endif
