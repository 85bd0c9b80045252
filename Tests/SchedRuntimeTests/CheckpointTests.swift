import Foundation
import SchedCore
import SchedTestSupport
import Testing

/// A committed `--atomic` run and an `import` move their changes from SQLite's write-ahead log
/// into the database file at once, rather than when the process ends: the file alone then holds
/// them, and a long prompt does not keep a long log.
@Suite struct CheckpointTests {
    /// Monday 13 January 2025; the clock stands at New Year.
    static let monday = "2025-01-13"

    /// The size of the database's write-ahead log.
    static func logSize(_ session: ScriptFixture) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: session.path + "-wal")[.size] as? NSNumber)?.intValue ?? -1
    }

    @Test func aCommittedAtomicRunEmptiesTheLog() throws {
        let session = try ScriptFixture(.utc)
        session.runner.options.atomic = true
        #expect(try Self.logSize(session) > 0, "the fixture's user and login are in the log")
        let status = session.run("""
            book "Ann" at \(Self.monday)T09:00 for 30m
            book "Bob" at \(Self.monday)T10:00 for 30m
            """)
        #expect(status == .success, "\(session.buffer.standardError)")
        #expect(try Self.logSize(session) == 0)
        #expect(try session.snapshot().appointments.map(\.customerName) == ["Ann", "Bob"])
    }

    @Test func anImportEmptiesTheLog() throws {
        let session = try ScriptFixture(.utc)
        let file = TemporaryPath()
        try Data("""
            customer_name,start_time,duration_minutes
            Ann,\(Self.monday) 09:00,30
            Bob,\(Self.monday) 10:00,30

            """.utf8).write(to: URL(fileURLWithPath: file.path))
        #expect(try Self.logSize(session) > 0, "the fixture's user and login are in the log")
        #expect(session.run("import csv \"\(file.path)\"") == .success, "\(session.buffer.standardError)")
        #expect(try Self.logSize(session) == 0)
        #expect(try session.snapshot().appointments.map(\.customerName) == ["Ann", "Bob"])
    }

    @Test func aSingleStatementLeavesItsChangeInTheLogUntilTheProcessEnds() throws {
        let session = try ScriptFixture(.utc)
        #expect(session.run("book \"Ann\" at \(Self.monday)T09:00 for 30m") == .success, "\(session.buffer.standardError)")
        #expect(try Self.logSize(session) > 0, "a checkpoint after every statement would sync the disk each time")
    }
}
