import CalComFake
import Foundation
import SchedCore
import SchedRuntime
import Testing

/// A series on Cal.com: each occurrence is a booking of its own, made, moved and cancelled
/// through the outbox, and faults on some occurrences leave the others and the end result whole.
@Suite struct CalcomSeriesSyncTests {
    /// Ten Mondays from 4 March 2030 at 10:00 Berlin; the third (18 March, UTC+1) and the seventh
    /// (15 April, after the change to UTC+2) are the ones the fake fails.
    static let series = "book \"Ann\" every mon 10:00 for 30m count 10"
    static let third = "2030-03-18T09:00"
    static let seventh = "2030-04-15T08:00"

    static let faults: [Fault] = [.serverError, .dropConnection, .applyThenDrop, .timeout(seconds: 2)]

    @Test(arguments: faults)
    func aSeriesOfTenWhoseThirdAndSeventhCreatesFailEndsAsTenBookings(fault: Fault) async throws {
        let fixture = try await CalcomFixture.make(timeout: 1)
        try await fixture.connect()
        for start in [Self.third, Self.seventh] {
            fixture.fake.enqueue(fault, for: FaultTarget(method: "POST", path: "/v2/bookings", bodyContains: start),
                                 times: 3)
        }

        try await fixture.expectSuccess(Self.series)
        try await settle(fixture)

        #expect(fixture.fake.pendingFaultCount == Self.unmet(fault), "a fault never met its occurrence")
        try expectInStep(fixture)
        #expect(fixture.liveBookings.count == 10)
        #expect(Set(fixture.liveBookings.map(\.start)).count == 10)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test(arguments: faults)
    func movingAndCancellingASeriesReachesEveryOccurrenceDespiteFaults(fault: Fault) async throws {
        let fixture = try await CalcomFixture.make(timeout: 1)
        try await fixture.connect()
        try await fixture.expectSuccess(Self.series)
        try await settle(fixture)

        // Tuesday 11:00 instead: the third and seventh moves fail first.
        for start in ["2030-03-19T10:00", "2030-04-16T09:00"] {
            fixture.fake.enqueue(fault, for: FaultTarget(method: "POST", path: "/v2/bookings/*/reschedule",
                                                         bodyContains: start), times: 3)
        }
        try await fixture.expectSuccess("reschedule series 1 to 2030-03-05T11:00")
        try await settle(fixture)
        #expect(fixture.fake.pendingFaultCount == Self.unmet(fault), "a fault never met its occurrence")
        try expectInStep(fixture)
        #expect(fixture.liveBookings.count == 10)
        #expect(fixture.liveBookings.allSatisfy { berlinWeekday($0.start) == 2 })

        // One occurrence alone, then the rest of the series.
        try await fixture.expectSuccess("cancel 5")
        fixture.fake.enqueue(fault, for: FaultTarget(method: "POST", path: "/v2/bookings/*/cancel"), times: 3)
        try await fixture.expectSuccess("cancel series 1")
        try await settle(fixture)
        try expectInStep(fixture)
        #expect(fixture.liveBookings.isEmpty)

        // Pull finds nothing of its own to import or to flag.
        try await fixture.expectSuccess("sync pull")
        try expectInStep(fixture)
        #expect(try fixture.appointments().count == 10)
        await fixture.stop()
    }

    /// The faults of six (three on each of two occurrences) left waiting once the outbox is empty:
    /// after a change that was applied but not answered, the client finds it made and asks no more.
    static func unmet(_ fault: Fault) -> Int {
        fault == .applyThenDrop ? 4 : 0
    }

    /// `sync push` until the outbox is empty, at most five times.
    private func settle(_ fixture: CalcomFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for _ in 0..<5 where try !fixture.syncStatus().entries.isEmpty {
            try await fixture.run("sync push")
        }
        #expect(try fixture.syncStatus().entries.isEmpty, "the outbox did not empty", sourceLocation: sourceLocation)
    }

    /// The ISO weekday in Berlin of an instant in March or April 2030.
    private func berlinWeekday(_ instant: Date) -> Int {
        HomeZone(identifier: "Europe/Berlin")!.civil(instant).date.weekday.rawValue
    }
}
