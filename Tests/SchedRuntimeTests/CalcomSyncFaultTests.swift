import CalComFake
import Foundation
import SchedCore
import SchedRuntime
import Testing

/// Pushes through a Cal.com that fails: whatever the fault, once the dust settles Cal.com has
/// exactly one live booking per booked appointment, nothing twice and nothing lost.
///
/// Not serialized: each case has a fake and a database of its own, and the timeout faults spend
/// their seconds waiting off the shared pool, so the cases wait side by side rather than in
/// turn. The client's 1 s timeout is still far beyond what an answered loopback request takes.
@Suite struct CalcomSyncFaultTests {
    /// Every fault the fake can answer a create with. `timeout` and `applyThenDelay` hold the
    /// reply for 2 s, past the client's 1 s.
    static let faults: [Fault] = [
        .serverError, .bareServerError, .timeout(seconds: 2), .dropConnection, .rateLimited(resetSeconds: 1),
        .applyThenDelay(seconds: 2), .applyThenDrop,
    ]

    private static let createBooking = FaultTarget(method: "POST", path: "/v2/bookings")

    /// Once (the client's own retry copes) and three times (the client gives up and the outbox
    /// tries again).
    @Test(arguments: faults, [1, 3])
    func aCreateThatFailsEndsAsExactlyOneBooking(fault: Fault, times: Int) async throws {
        let fixture = try await CalcomFixture.make(timeout: 1)
        try await fixture.connect()
        fixture.fake.enqueue(fault, for: Self.createBooking, times: times)

        let booked = try await fixture.run("book \"Ann\" at 2030-03-04T10:00 for 30m")
        #expect(booked.succeeded)
        try await settle(fixture)

        try expectInStep(fixture)
        #expect(fixture.liveBookings.count == 1)
        #expect(fixture.fake.bookings.count == 1)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test(arguments: faults)
    func aRescheduleThatFailsEndsOnTheNewTimeOnce(fault: Fault) async throws {
        let fixture = try await CalcomFixture.make(timeout: 1)
        try await fixture.connect()
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        fixture.fake.enqueue(fault, for: FaultTarget(method: "POST", path: "/v2/bookings/*/reschedule"), times: 3)

        let moved = try await fixture.run("reschedule 1 to 2030-03-05T15:00")
        #expect(moved.succeeded)
        try await settle(fixture)

        try expectInStep(fixture)
        #expect(fixture.liveBookings.map(\.start) == [berlin("2030-03-05T15:00")])
        #expect(fixture.fake.bookings.count == 2)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test(arguments: faults)
    func aCancelThatFailsEndsCancelled(fault: Fault) async throws {
        let fixture = try await CalcomFixture.make(timeout: 1)
        try await fixture.connect()
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        fixture.fake.enqueue(fault, for: FaultTarget(method: "POST", path: "/v2/bookings/*/cancel"), times: 3)

        let cancelled = try await fixture.run("cancel 1")
        #expect(cancelled.succeeded)
        try await settle(fixture)

        try expectInStep(fixture)
        #expect(fixture.liveBookings.isEmpty)
        #expect(fixture.fake.bookings.count == 1)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aChangeOfLengthWhoseNewBookingFailsIsCompletedByTheNextPush() async throws {
        let fixture = try await CalcomFixture.make(timeout: 1)
        fixture.fake.addEventType(CalcomSyncTests.flexible)
        try await fixture.expectSuccess(
            "calcom connect key \"\(CalcomFixture.apiKey)\" event-type 2002 url \"\(fixture.baseURL.absoluteString)\"")
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        fixture.fake.enqueue(.serverError, for: Self.createBooking, times: 3)

        let moved = try await fixture.run("reschedule 1 to 2030-03-04T14:00 for 1h")
        #expect(moved.err.contains("warning: Cal.com unreachable"))
        #expect(fixture.liveBookings.isEmpty)
        try await settle(fixture)

        try expectInStep(fixture)
        #expect(fixture.liveBookings.map(\.duration) == [60])
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aRefusedBookingIsNotRetriedAndIsMarkedFailedWithCalcomsMessage() async throws {
        let fixture = try await CalcomFixture.make(timeout: 1)
        try await fixture.connect()
        let taken = fixture.fake.seedBooking(start: berlin("2030-03-04T10:00"))
        fixture.fake.clearRecording()

        let booked = try await fixture.run("book \"Ann\" at 2030-03-04T10:00 for 30m")

        #expect(booked.succeeded)
        #expect(booked.err.contains("warning: Cal.com refused the request (HTTP 400): \(CalComMessage.slotTaken)"))
        #expect(fixture.requests("POST", "/v2/bookings").count == 1)
        let entry = try #require(try fixture.syncStatus().entries.first)
        #expect(entry.state == .failed)
        #expect(entry.attempts == 1)
        #expect(entry.nextAttemptAt == nil)
        #expect(entry.lastError?.contains(CalComMessage.slotTaken) == true)
        let status = try await fixture.expectSuccess("sync status")
        #expect(status.out.contains("Outbox: 0 pending, 1 failed; 0 conflicts"))
        #expect(status.out.contains("failed, 1 attempt: Cal.com refused the request (HTTP 400)"))

        // Later statements leave it alone; only `sync push` sends it again.
        fixture.advance(seconds: 7200)
        try await fixture.expectSuccess("book \"Bob\" at 2030-03-04T11:00 for 30m")
        #expect(fixture.requests("POST", "/v2/bookings").count == 2)
        #expect(try fixture.syncStatus().failed.count == 1)

        fixture.fake.cancelRemotely(uid: taken.uid)
        let pushed = try await fixture.expectSuccess("sync push")
        #expect(pushed.out.contains("Pushed 1 change to Cal.com"))
        try expectInStep(fixture, foreign: [taken.uid])
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func syncPushOfARefusedChangeFailsAndSaysWhatIsStillQueued() async throws {
        let fixture = try await CalcomFixture.make(timeout: 1)
        try await fixture.connect()
        fixture.fake.seedBooking(start: berlin("2030-03-04T10:00"))
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")

        let pushed = try await fixture.run("sync push")

        #expect(pushed.status == .failed)
        #expect(pushed.err.contains("Cal.com refused the request (HTTP 400)"))
        #expect(pushed.err.contains("1 change still queued"))
        #expect(fixture.requests("POST", "/v2/bookings").count == 2)
        #expect(try fixture.syncStatus().failed.count == 1)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aRateLimitLongerThanTheClientWaitsKeepsTheChangeQueuedUntilTheReset() async throws {
        let fixture = try await CalcomFixture.make(timeout: 1)
        try await fixture.connect()
        fixture.fake.enqueue(.rateLimited(resetSeconds: 600), for: Self.createBooking)

        let booked = try await fixture.run("book \"Ann\" at 2030-03-04T10:00 for 30m")

        #expect(booked.err.contains("warning: Cal.com rate limit reached; try again in 600 seconds"))
        #expect(fixture.requests("POST", "/v2/bookings").count == 1)
        let entry = try #require(try fixture.syncStatus().entries.first)
        #expect(entry.state == .pending)
        #expect(entry.nextAttemptAt == CalcomFixture.start.addingTimeInterval(600))
        fixture.advance(seconds: 601)
        try await fixture.expectSuccess("book \"Bob\" at 2030-03-04T11:00 for 30m")
        try expectInStep(fixture)
        #expect(fixture.liveBookings.count == 2)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    // MARK: Helpers

    /// `sync push` until the outbox is empty, at most five times.
    private func settle(_ fixture: CalcomFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for _ in 0..<5 where try !fixture.syncStatus().entries.isEmpty {
            try await fixture.run("sync push")
        }
        #expect(try fixture.syncStatus().entries.isEmpty, "the outbox did not empty", sourceLocation: sourceLocation)
    }
}

/// Cal.com and the database agree: each booked appointment has exactly one live booking, its
/// own, at its start and carrying its id; a cancelled appointment has none; every booking
/// belongs to an appointment but the `foreign` ones made on Cal.com; the outbox is empty.
func expectInStep(_ fixture: CalcomFixture, foreign: Set<String> = [],
                  sourceLocation: SourceLocation = #_sourceLocation) throws {
    let appointments = try fixture.appointments()
    let bookings = fixture.fake.bookings
    let owners = Dictionary(uniqueKeysWithValues: appointments.map { (metadataID($0), $0) })
    for appointment in appointments {
        let own = bookings.filter { $0.metadata["schedAppointmentId"] == metadataID(appointment) }
        let live = own.filter { $0.status == .accepted || $0.status == .pending }
        switch appointment.status {
        case .booked:
            #expect(live.count == 1, "appointment \(appointment.number) has \(live.count) live bookings",
                    sourceLocation: sourceLocation)
            #expect(live.first?.uid == appointment.calcomBookingUID,
                    "appointment \(appointment.number) holds another uid", sourceLocation: sourceLocation)
            #expect(live.first?.start == appointment.start, "appointment \(appointment.number) starts elsewhere",
                    sourceLocation: sourceLocation)
            #expect(live.first?.duration == appointment.durationMinutes, sourceLocation: sourceLocation)
        case .cancelled:
            #expect(live.isEmpty, "cancelled appointment \(appointment.number) has a live booking",
                    sourceLocation: sourceLocation)
        }
    }
    let strays = bookings.filter { !foreign.contains($0.uid) && owners[$0.metadata["schedAppointmentId"] ?? ""] == nil }
    #expect(strays.isEmpty, "bookings without an appointment: \(strays.map(\.uid))", sourceLocation: sourceLocation)
    let status = try fixture.syncStatus()
    #expect(status.entries.isEmpty, "still queued: \(status.entries)", sourceLocation: sourceLocation)
    #expect(status.conflicts.isEmpty, sourceLocation: sourceLocation)
}
