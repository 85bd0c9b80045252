import Foundation
import Glibc
import Testing

/// `export ics PATH` and what is already at PATH: a regular file is replaced whole and keeps its
/// mode, a symbolic link is followed and stays, a FIFO or a device is written to and stays what
/// it is, a directory is an error.
@Suite("Export to a file")
struct ExportFileTests {
    /// A sandbox with one booking, so that every calendar written has an event in it.
    static func sandbox() throws -> Sandbox {
        let sandbox = try Sandbox.loggedIn()
        let booked = try sandbox.run(["-c", "book \"Ann\" at 2099-03-04T10:00 for 30m"])
        try #require(booked.exitCode == 0, "\(booked)")
        return sandbox
    }

    static func export(to path: String, in sandbox: Sandbox, umask: mode_t? = nil) throws -> SchedResult {
        try sandbox.run(["-c", "export ics \"\(path)\""], umask: umask)
    }

    /// What `lstat` says of a path: the file itself, not what a link leads to.
    static func status(_ path: String) throws -> stat {
        var status = stat()
        try #require(lstat(path, &status) == 0, "lstat \(path): \(String(cString: strerror(errno)))")
        return status
    }

    static func kind(_ path: String) throws -> mode_t { try status(path).st_mode & S_IFMT }
    static func mode(_ path: String) throws -> mode_t { try status(path).st_mode & 0o7777 }

    static func isCalendar(_ text: String) -> Bool {
        text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.contains("SUMMARY:Ann\r\n") && text.hasSuffix("END:VCALENDAR\r\n")
    }

    static func contents(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Names in a directory that look like an export's temporary file.
    static func leftovers(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
    }

    @Test(arguments: [0o600, 0o640, 0o444] as [mode_t])
    func aRegularFileIsReplacedWholeAndKeepsItsMode(mode: mode_t) throws {
        let sandbox = try Self.sandbox()
        let file = try sandbox.write("private.ics", "old calendar\n")
        try #require(chmod(file.path, mode) == 0)
        let before = try Self.status(file.path)

        let result = try Self.export(to: file.path, in: sandbox)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput == "Exported 1 appointment to \(file.path)\n", "\(result)")
        #expect(Self.isCalendar(Self.contents(file.path)), "\(Self.contents(file.path))")
        let after = try Self.status(file.path)
        #expect(after.st_mode & S_IFMT == S_IFREG)
        #expect(after.st_mode & 0o7777 == mode, "mode \(String(after.st_mode & 0o7777, radix: 8)), was \(String(mode, radix: 8))")
        // Replaced by a rename, not rewritten in place: a reader never sees half a calendar.
        #expect(after.st_ino != before.st_ino, "the file was rewritten in place")
        #expect(try Self.leftovers(in: sandbox.directory).isEmpty)
    }

    /// A new file is a calendar to share: 0644 less the umask, as before.
    @Test(arguments: [(0o022, 0o644), (0o077, 0o600), (0o000, 0o644)] as [(mode_t, mode_t)])
    func aNewFileGetsTheUsualModeLessTheUmask(umask: mode_t, expected: mode_t) throws {
        let sandbox = try Self.sandbox()
        let file = sandbox.path("new.ics")
        let result = try Self.export(to: file.path, in: sandbox, umask: umask)
        #expect(result.exitCode == 0, "\(result)")
        #expect(Self.isCalendar(Self.contents(file.path)))
        #expect(try Self.mode(file.path) == expected, "umask \(String(umask, radix: 8))")
    }

    @Test func aSymbolicLinkIsFollowedAndStays() throws {
        let sandbox = try Self.sandbox()
        let shared = sandbox.path("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let target = try sandbox.write("shared/calendar.ics", "old calendar\n")
        try #require(chmod(target.path, 0o600) == 0)
        let link = sandbox.path("link.ics")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "shared/calendar.ics")

        let result = try Self.export(to: link.path, in: sandbox)
        #expect(result.exitCode == 0, "\(result)")
        #expect(try Self.kind(link.path) == S_IFLNK, "the link was replaced")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "shared/calendar.ics")
        #expect(Self.isCalendar(Self.contents(target.path)), "\(Self.contents(target.path))")
        #expect(try Self.mode(target.path) == 0o600)
        #expect(try Self.leftovers(in: sandbox.directory).isEmpty)
        #expect(try Self.leftovers(in: shared).isEmpty)

        // A link to a file not there yet gets the file made where it points.
        let dangling = sandbox.path("dangling.ics")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: shared.path + "/new.ics")
        let created = try Self.export(to: dangling.path, in: sandbox)
        #expect(created.exitCode == 0, "\(created)")
        #expect(try Self.kind(dangling.path) == S_IFLNK, "the link was replaced")
        #expect(Self.isCalendar(Self.contents(shared.path + "/new.ics")))
    }

    @Test func aFIFOIsWrittenToAndStaysAFIFO() throws {
        let sandbox = try Self.sandbox()
        let fifo = sandbox.path("calendar.fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        // Opened before sched starts, so sched's open finds a reader and does not wait.
        let reader = try FIFOReader(fifo)

        let result = try Self.export(to: fifo, in: sandbox)
        #expect(result.exitCode == 0, "\(result)")
        let received = String(decoding: reader.wait(), as: UTF8.self)
        #expect(Self.isCalendar(received), "the reader got: \(received)")
        #expect(try Self.kind(fifo) == S_IFIFO, "the FIFO was replaced")
        #expect(try Self.leftovers(in: sandbox.directory).isEmpty)
    }

    @Test func standardOutputNamedAsAFileGetsTheCalendar() throws {
        let sandbox = try Self.sandbox()
        let result = try Self.export(to: "/dev/stdout", in: sandbox)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput.hasPrefix("BEGIN:VCALENDAR\r\n"), "\(result)")
        #expect(result.standardOutput.hasSuffix("END:VCALENDAR\r\nExported 1 appointment to /dev/stdout\n"), "\(result)")
        #expect(try Self.kind("/dev/stdout") == S_IFLNK)
    }

    @Test func aFullDeviceIsAnErrorAndStaysADevice() throws {
        let sandbox = try Self.sandbox()
        let before = try Self.status("/dev/full")
        try #require(before.st_mode & S_IFMT == S_IFCHR)

        let result = try Self.export(to: "/dev/full", in: sandbox)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError.contains("error: cannot write '/dev/full': No space left on device [invalid]"), "\(result)")
        let after = try Self.status("/dev/full")
        #expect(after.st_mode & S_IFMT == S_IFCHR, "/dev/full is no longer a device")
        #expect(after.st_rdev == before.st_rdev && after.st_ino == before.st_ino, "/dev/full was replaced")
    }

    @Test func aDirectoryIsAnErrorAndGetsNothing() throws {
        let sandbox = try Self.sandbox()
        let directory = sandbox.path("out")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        let result = try Self.export(to: "out", in: sandbox)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError.contains("error: cannot write 'out': it is a directory [invalid]"), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        #expect(try Self.leftovers(in: sandbox.directory).isEmpty)
    }
}

/// Reads a FIFO on a thread of its own until the writer closes it, or gives up after a while
/// (a FIFO replaced by a regular file never gets a writer).
private final class FIFOReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ path: String, timeout: TimeInterval = 30) throws {
        // Without O_NONBLOCK the open would wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        try #require(descriptor >= 0, "cannot open \(path): \(String(cString: strerror(errno)))")
        let deadline = Date().addingTimeInterval(timeout)
        Thread.detachNewThread { [self] in
            defer {
                close(descriptor)
                done.signal()
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                // Until a writer has come and gone, poll reports nothing, and read would say 0.
                var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&request, 1, 100) > 0 else { continue }
                let count = read(descriptor, &buffer, buffer.count)
                if count > 0 {
                    data.append(contentsOf: buffer[..<count])
                } else if count == 0 || errno != EAGAIN && errno != EINTR {
                    return
                }
            }
        }
    }

    func wait() -> Data {
        done.wait()
        done.signal()
        return data
    }
}
