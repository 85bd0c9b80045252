import Foundation
import SchedCore
import SchedSQLite
import SchedTestSupport
import Testing

/// The settings, windows, overrides and sessions a run keeps while it holds the write lock
/// (`StoreCache`): the run's own changes show at once, and another process's changes show
/// from the next statement (outside `--atomic`) or the next run.
@Suite struct TransactionCacheTests {
    /// Monday 13 and Tuesday 14 January 2025; the clock stands at New Year.
    static let monday = "2025-01-13"
    static let tuesday = "2025-01-14"

    @Test func anAtomicRunSeesItsOwnChangesToZoneAndHours() throws {
        let session = try ScriptFixture(.utc)
        session.runner.options.atomic = true
        let status = session.run("""
            book "Ann" at \(Self.monday)T09:00 for 30m
            set timezone "Asia/Tokyo"
            book "Bob" at \(Self.monday)T10:00 for 30m
            unavailable tue
            book "Cy" at \(Self.tuesday)T10:00 for 30m
            """)
        #expect(status == .failed)
        #expect(session.buffer.standardError.contains("gen.sched:5:"), "\(session.buffer.standardError)")
        #expect(session.buffer.standardError.contains("Selected time is not available"))
        #expect(try session.snapshot().appointments.isEmpty, "a failed atomic run must leave nothing")

        #expect(session.run("""
            book "Ann" at \(Self.monday)T09:00 for 30m
            set timezone "Asia/Tokyo"
            book "Bob" at \(Self.monday)T10:00 for 30m
            available \(Self.tuesday) 13:00-14:00
            book "Cy" at \(Self.tuesday)T13:00 for 30m
            """) == .success, "\(session.buffer.standardError)")
        let stored = try session.snapshot()
        #expect(stored.timezone == "Asia/Tokyo")
        let starts = stored.appointments.map { Int($0.start.timeIntervalSince1970) }
        // 09:00 UTC, then 10:00 and 13:00 in Tokyo (UTC+9): the zone change took effect at once.
        #expect(starts == [1_736_758_800, 1_736_730_000, 1_736_827_200], "\(stored.appointments)")
    }

    @Test func anAtomicRunSeesNewHoursForADateItHasAlreadyBookedOn() throws {
        let session = try ScriptFixture(.utc)
        session.runner.options.atomic = true
        let status = session.run("""
            book "Ann" at \(Self.monday)T09:00 for 30m
            available \(Self.monday) 13:00-14:00
            book "Bob" at \(Self.monday)T10:00 for 30m
            expect error invalid "Selected time is not available"
            book "Cy" at \(Self.monday)T13:00 for 30m
            unavailable \(Self.monday)
            book "Dee" at \(Self.monday)T13:30 for 30m
            expect error invalid "Selected time is not available"
            """)
        #expect(status == .success, "\(session.buffer.standardError)")
        #expect(try session.snapshot().appointments.map(\.customerName) == ["Ann", "Cy"])
    }

    @Test func anotherProcessesHoursCountFromTheNextStatement() throws {
        let session = try ScriptFixture(.utc)
        let other = try SQLiteStore(path: session.path, defaultZone: .utc)
        let otherHours = AvailabilityService(store: other, clock: session.clock)
        #expect(session.run("book \"Ann\" at \(Self.monday)T09:00 for 30m") == .success)
        try otherHours.setWeekly(days: [.monday], windows: [])
        #expect(session.run("book \"Bob\" at \(Self.monday)T10:00 for 30m") == .failed)
        #expect(session.buffer.standardError.contains("Selected time is not available"), "\(session.buffer.standardError)")

        // The same holds from one --atomic run to the next.
        session.runner.options.atomic = true
        #expect(session.run("book \"Cy\" at \(Self.tuesday)T10:00 for 30m") == .success)
        try otherHours.setWeekly(days: [.tuesday], windows: [])
        #expect(session.run("book \"Dee\" at \(Self.tuesday)T11:00 for 30m") == .failed)
        #expect(try session.snapshot().appointments.map(\.customerName) == ["Ann", "Cy"])
    }

    @Test func aSessionEndedByAnotherProcessStopsTheNextStatement() throws {
        let session = try ScriptFixture(.utc)
        let other = try SQLiteStore(path: session.path, defaultZone: .utc)
        let otherAuth = AuthService(store: other, clock: session.clock)
        #expect(session.run("book \"Ann\" at \(Self.monday)T09:00 for 30m") == .success)
        try otherAuth.logout(session.interpreter.session)
        #expect(session.run("book \"Bob\" at \(Self.monday)T10:00 for 30m") == .failed)
        #expect(session.buffer.standardError.contains("Authentication required"), "\(session.buffer.standardError)")
    }

    @Test func hoursSetAfterAFailedStatementOfAnAtomicRunApply() throws {
        let session = try ScriptFixture(.utc)
        session.runner.options.atomic = true
        session.runner.options.keepGoing = true
        // The second statement fails after its checks read the windows (its savepoint is rolled
        // back); the fourth must see the windows the third set, not the copy read before.
        let status = session.run("""
            book "Ann" at \(Self.monday)T09:00 for 30m
            book "Bob" at \(Self.monday)T09:00 for 30m
            available mon 13:00-14:00
            book "Cy" at \(Self.monday)T10:00 for 30m
            """)
        #expect(status == .failed)
        let errors = session.buffer.standardError
        #expect(errors.contains("gen.sched:2:") && errors.contains("gen.sched:4:"), "\(errors)")
    }
}
