import Foundation
import Glibc
import SchedRuntime
import SchedTestSupport
import Testing

@Suite struct FileContentsTests {
    @Test func aFileIsReadWhole() throws {
        let temporary = TemporaryPath()
        let path = temporary.path
        let text = String(repeating: "list today\n", count: 20_000)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try FileContents.read(path: path) == Array(text.utf8))
    }

    @Test func aDeviceThatNeverEndsStopsAtTheLimit() {
        #expect(throws: FileContents.Failure.tooLarge(limit: 1 << 20)) {
            try FileContents.read(path: "/dev/zero", limit: 1 << 20)
        }
    }

    @Test func aFIFOIsReadToItsEnd() throws {
        let temporary = TemporaryPath()
        let path = temporary.path
        #expect(mkfifo(path, 0o600) == 0)
        let writer = Thread {
            let descriptor = open(path, O_WRONLY)
            for _ in 0..<100 { _ = "book \"Ann\" at 2030-01-07T10:00 for 30m\n".withCString { write(descriptor, $0, strlen($0)) } }
            close(descriptor)
        }
        writer.start()
        let bytes = try FileContents.read(path: path)
        #expect(bytes.count == 100 * 39)
    }

    @Test func missingFilesAndDirectoriesAreNamed() {
        #expect(throws: FileContents.Failure.noSuchFile) { try FileContents.read(path: "/nonexistent/file.sched") }
        #expect(throws: FileContents.Failure.isDirectory) { try FileContents.read(path: "/tmp") }
        #expect(FileContents.Failure.tooLarge(limit: 256 * 1024 * 1024).reason == "it is larger than 256 MB")
    }
}
