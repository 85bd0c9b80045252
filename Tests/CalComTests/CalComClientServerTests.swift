import CalComFake
import Foundation
import Testing
@testable import CalCom
import SchedCore

/// End-to-end tests of the client against the loopback Cal.com fake. The client blocks, so every
/// call goes through `offPool`.
@Suite struct CalComClientServerTests {
    /// A running fake and a client pointed at it, with short, unjittered backoff.
    private struct Harness {
        var fake: FakeCalCom
        var client: CalComClient
        var recorder: Recorder

        /// The one booking-changing request the fake received, with everything recorded about it.
        func only(_ method: String, _ path: String) throws -> RecordedRequest {
            let matching = fake.requests.filter { $0.method == method && $0.path == path }
            #expect(matching.count == 1)
            return try #require(matching.first)
        }
    }

    private func withFake(settings: FakeCalCom.Settings = FakeCalCom.Settings(), timeout: TimeInterval = 5,
                          _ body: (Harness) async throws -> Void) async throws {
        let fake = FakeCalCom(settings: settings)
        let baseURL = try await fake.start()
        let recorder = Recorder()
        let configuration = CalComConfiguration(
            baseURL: baseURL, apiKey: fake.apiKey, timeout: timeout,
            retry: RetryPolicy(baseDelay: 0.05, maxDelay: 0.2, jitter: .none, maxRateLimitWait: 3))
        let client = CalComClient(configuration: configuration, log: { recorder.log($0) })
        do {
            try await body(Harness(fake: fake, client: client, recorder: recorder))
        } catch {
            await fake.stop()
            throw error
        }
        #expect(fake.schemaViolations == [])
        await fake.stop()
    }

    private let monday = date("2030-01-07T10:00:00Z")

    private func request(at start: Date, id: UUID = UUID()) -> RemoteBookingRequest {
        RemoteBookingRequest(appointmentID: id, eventTypeID: FakeCalCom.EventType.thirtyMinutes.id, start: start,
                             lengthInMinutes: nil, attendeeName: "Ada Lovelace", attendeeEmail: "ada@example.com",
                             attendeeTimeZone: "Europe/London")
    }

    @Test func theAccountIsReadWithTheKeyAndNoVersion() async throws {
        try await withFake { harness in
            let client = harness.client
            let account = try await offPool { try client.account() }
            #expect(account == RemoteAccount(id: 42, username: "jane", email: "jane@example.com",
                                             timeZone: "Europe/Rome", defaultScheduleID: 254))
            let sent = try harness.only("GET", "/v2/me")
            #expect(sent.headers["authorization"] == "Bearer \(harness.fake.apiKey)")
            #expect(sent.headers["cal-api-version"] == nil)
            #expect(sent.body.isEmpty)
        }
    }

    @Test func aWrongKeyIsUnauthorized() async throws {
        try await withFake { harness in
            let configuration = CalComConfiguration(baseURL: try #require(harness.fake.baseURL),
                                                    apiKey: "cal_live_wrong-key-for-tests", retry: .never)
            let client = CalComClient(configuration: configuration)
            await #expect {
                try await offPool { try client.account() }
            } throws: { error in
                guard case RemoteCalendarError.unauthorized(let message) = error else { return false }
                return !message.contains("wrong-key-for-tests")
            }
        }
    }

    @Test func theEventTypeIsFoundAmongTheUsersOwn() async throws {
        try await withFake { harness in
            harness.fake.addEventType(FakeCalCom.EventType(id: 2002, slug: "flex", title: "Flexible",
                                                           lengthInMinutes: 30, lengthInMinutesOptions: [15, 30, 60]))
            let client = harness.client
            let found = try await offPool { try client.eventType(id: 2002, username: "jane") }
            #expect(found == RemoteEventType(id: 2002, slug: "flex", title: "Flexible", lengthInMinutes: 30,
                                             lengthOptions: [15, 30, 60]))
            let missing = try await offPool { try client.eventType(id: 9, username: "jane") }
            #expect(missing == nil)
            let sent = try #require(harness.fake.requests.first)
            #expect(sent.path == "/v2/event-types")
            #expect(sent.query == ["username": "jane"])
            #expect(sent.headers["cal-api-version"] == "2024-06-14")
        }
    }

    @Test func aBookingIsCreatedWithTheDocumentedBody() async throws {
        try await withFake { harness in
            let client = harness.client
            let wanted = request(at: monday)
            let booking = try await offPool { try client.createBooking(wanted) }
            #expect(booking.start == monday)
            #expect(booking.end == monday.addingTimeInterval(1800))
            #expect(booking.status == .accepted)
            #expect(booking.appointmentID == wanted.appointmentID)
            #expect(booking.attendeeEmail == "ada@example.com")
            let sent = try harness.only("POST", "/v2/bookings")
            #expect(sent.headers["cal-api-version"] == "2024-08-13")
            #expect(sent.headers["content-type"] == "application/json")
            let body = try #require(try JSONSerialization.jsonObject(with: sent.body) as? [String: Any])
            #expect(body["start"] as? String == "2030-01-07T10:00:00Z")
            #expect(body["eventTypeId"] as? Int == 1001)
            #expect(body["lengthInMinutes"] == nil)
            #expect(body["attendee"] as? [String: String]
                == ["name": "Ada Lovelace", "email": "ada@example.com", "timeZone": "Europe/London"])
            #expect(body["metadata"] as? [String: String]
                == ["schedAppointmentId": wanted.appointmentID.uuidString.lowercased()])
            #expect(harness.fake.bookings.count == 1)
        }
    }

    @Test func aBookingIsMovedAndTheOldOnePointsToTheNewOne() async throws {
        try await withFake { harness in
            let client = harness.client
            let first = try await offPool { try client.createBooking(self.request(at: self.monday)) }
            let later = monday.addingTimeInterval(3600)
            let moved = try await offPool { try client.reschedule(uid: first.uid, to: later, reason: "Conflict moved") }
            #expect(moved.uid != first.uid)
            #expect(moved.start == later)
            #expect(moved.rescheduledFromUID == first.uid)
            let old = try await offPool { try client.booking(uid: first.uid) }
            #expect(old?.status == .cancelled)
            #expect(old?.rescheduledToUID == moved.uid)
            let sent = try harness.only("POST", "/v2/bookings/\(first.uid)/reschedule")
            let body = try #require(try JSONSerialization.jsonObject(with: sent.body) as? [String: String])
            #expect(body == ["start": "2030-01-07T11:00:00Z", "reschedulingReason": "Conflict moved"])
        }
    }

    @Test func aBookingIsCancelledAndCancellingItAgainSucceeds() async throws {
        try await withFake { harness in
            let client = harness.client
            let made = try await offPool { try client.createBooking(self.request(at: self.monday)) }
            let cancelled = try await offPool { try client.cancel(uid: made.uid, reason: "No longer needed") }
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.cancellationReason == "No longer needed")
            let again = try await offPool { try client.cancel(uid: made.uid, reason: "Again") }
            #expect(again.status == .cancelled)
            let sent = harness.fake.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/cancel") }
            #expect(sent.count == 2)
            #expect(sent.first?.json == ["cancellationReason": "No longer needed"])
        }
    }

    @Test func anUnknownUIDIsNil() async throws {
        try await withFake { harness in
            let client = harness.client
            let booking = try await offPool { try client.booking(uid: "nosuchbooking") }
            #expect(booking == nil)
        }
    }

    @Test func everyPageOfBookingsIsRead() async throws {
        for cursor in [false, true] {
            try await withFake(settings: FakeCalCom.Settings(usesCursorPaging: cursor)) { harness in
                for index in 0..<230 {
                    harness.fake.seedBooking(start: monday.addingTimeInterval(Double(index) * 1800))
                }
                harness.fake.seedBooking(start: monday.addingTimeInterval(-86_400))
                let client = harness.client
                let from = monday, to = monday.addingTimeInterval(230 * 1800)
                let bookings = try await offPool { try client.bookings(from: from, to: to) }
                #expect(bookings.count == 230)
                #expect(Set(bookings.map(\.uid)).count == 230)
                let pages = harness.fake.requests.filter { $0.path == "/v2/bookings" }
                #expect(pages.count == 3)
                #expect(pages.allSatisfy { $0.query["take"] == "100" && $0.headers["cal-api-version"] == "2024-08-13" })
                #expect(pages.first?.query["afterStart"] == "2030-01-07T10:00:00Z")
                if cursor {
                    #expect(pages.dropFirst().allSatisfy { $0.query["cursor"] != nil })
                } else {
                    #expect(pages.map { $0.query["skip"] } == ["0", "100", "200"])
                }
            }
        }
    }

    @Test func slotsAreFreeStartsInTheWindow() async throws {
        try await withFake { harness in
            let client = harness.client
            let from = date("2030-01-07T08:00:00Z"), to = date("2030-01-07T10:00:00Z")
            let slots = try await offPool {
                try client.slots(eventTypeID: 1001, from: from, to: to, zone: "Europe/Rome", durationMinutes: nil)
            }
            // 09:00–17:00 in Rome is 08:00–16:00 UTC in January.
            #expect(slots == [0, 1, 2, 3].map { from.addingTimeInterval(Double($0) * 1800) })
            let sent = try harness.only("GET", "/v2/slots")
            #expect(sent.headers["cal-api-version"] == "2024-09-04")
            #expect(sent.query == ["eventTypeId": "1001", "start": "2030-01-07T08:00:00Z",
                                   "end": "2030-01-07T10:00:00Z", "timeZone": "Europe/Rome"])
        }
    }

    @Test func theDefaultScheduleIsReadAndReplaced() async throws {
        try await withFake { harness in
            let client = harness.client
            let current = try await offPool { try client.defaultSchedule() }
            #expect(current.id == 254)
            #expect(current.content.timeZone == "Europe/Rome")
            let content = RemoteScheduleContent(
                timeZone: "Europe/London",
                weekly: [.init(days: ["Monday", "Wednesday"], startTime: "10:00", endTime: "16:00")],
                overrides: [.init(date: "2030-12-24", startTime: "09:00", endTime: "12:00")])
            let replaced = try await offPool { try client.replaceSchedule(id: 254, with: content) }
            #expect(replaced.content == content)
            #expect(harness.fake.schedule.timeZone == "Europe/London")
            let sent = try harness.only("PATCH", "/v2/schedules/254")
            #expect(sent.headers["cal-api-version"] == "2024-06-11")
            #expect(sent.json == [
                "timeZone": "Europe/London",
                "availability": [["days": ["Monday", "Wednesday"], "startTime": "10:00", "endTime": "16:00"]],
                "overrides": [["date": "2030-12-24", "startTime": "09:00", "endTime": "12:00"]],
            ])
        }
    }

    @Test func logRecordsCarryNoQueryAndNoKey() async throws {
        try await withFake { harness in
            let client = harness.client
            _ = try await offPool { try client.bookings(from: self.monday, to: self.monday.addingTimeInterval(3600)) }
            let record = try #require(harness.recorder.records.first)
            #expect(record.path == "/v2/bookings")
            #expect(record.outcome == .status(200))
            #expect(!record.description.contains(harness.fake.apiKey))
        }
    }
}

/// The client against the fake's injected faults.
@Suite struct CalComClientFaultTests {
    private let monday = date("2030-01-07T10:00:00Z")

    private func withFake(timeout: TimeInterval = 5, _ body: (FakeCalCom, CalComClient) async throws -> Void) async throws {
        let fake = FakeCalCom()
        let baseURL = try await fake.start()
        let configuration = CalComConfiguration(
            baseURL: baseURL, apiKey: fake.apiKey, timeout: timeout,
            retry: RetryPolicy(baseDelay: 0.05, maxDelay: 0.2, jitter: .none, maxRateLimitWait: 3))
        do {
            try await body(fake, CalComClient(configuration: configuration))
        } catch {
            await fake.stop()
            throw error
        }
        #expect(fake.schemaViolations == [])
        await fake.stop()
    }

    private func request(at start: Date) -> RemoteBookingRequest {
        RemoteBookingRequest(appointmentID: UUID(), eventTypeID: 1001, start: start, lengthInMinutes: nil,
                             attendeeName: "Ada Lovelace", attendeeEmail: "ada@example.com", attendeeTimeZone: "Europe/London")
    }

    @Test func aCreateWhoseReplyWasLostIsNotMadeTwice() async throws {
        try await withFake { fake, client in
            fake.enqueue(.applyThenDrop, for: FaultTarget(method: "POST", path: "/v2/bookings"))
            let wanted = request(at: monday)
            let booking = try await offPool { try client.createBooking(wanted) }
            #expect(booking.appointmentID == wanted.appointmentID)
            #expect(fake.bookings.count == 1)
            #expect(fake.requests.filter { $0.method == "POST" }.count == 1)
        }
    }

    @Test func aCreateThatTimedOutAfterTakingEffectIsNotMadeTwice() async throws {
        try await withFake(timeout: 1) { fake, client in
            fake.enqueue(.applyThenDelay(seconds: 3), for: FaultTarget(method: "POST", path: "/v2/bookings"))
            let wanted = request(at: monday)
            let booking = try await offPool { try client.createBooking(wanted) }
            #expect(booking.appointmentID == wanted.appointmentID)
            #expect(fake.bookings.count == 1)
        }
    }

    @Test func aCreateThatNeverTookEffectIsSentAgain() async throws {
        try await withFake { fake, client in
            fake.enqueue(.dropConnection, for: FaultTarget(method: "POST", path: "/v2/bookings"))
            fake.enqueue(.serverError, for: FaultTarget(method: "POST", path: "/v2/bookings"))
            let booking = try await offPool { try client.createBooking(self.request(at: self.monday)) }
            #expect(fake.bookings.map(\.uid) == [booking.uid])
            #expect(fake.requests.map { "\($0.method) \($0.path)" } == [
                "POST /v2/bookings", "GET /v2/bookings", "POST /v2/bookings", "GET /v2/bookings", "POST /v2/bookings",
            ])
        }
    }

    @Test func aRescheduleWhoseReplyWasLostReturnsTheNewBooking() async throws {
        // A connection dropped after a reused request may only show as a timeout.
        try await withFake(timeout: 1) { fake, client in
            let made = try await offPool { try client.createBooking(self.request(at: self.monday)) }
            fake.enqueue(.applyThenDrop, for: FaultTarget(method: "POST", path: "/v2/bookings/*/reschedule"))
            let later = monday.addingTimeInterval(7200)
            let moved = try await offPool { try client.reschedule(uid: made.uid, to: later, reason: nil) }
            #expect(moved.start == later)
            #expect(moved.rescheduledFromUID == made.uid)
            #expect(fake.bookings.count == 2)
        }
    }

    @Test func aCancelWhoseReplyWasLostIsDone() async throws {
        // A connection dropped after a reused request may only show as a timeout.
        try await withFake(timeout: 1) { fake, client in
            let made = try await offPool { try client.createBooking(self.request(at: self.monday)) }
            fake.enqueue(.applyThenDrop, for: FaultTarget(method: "POST", path: "/v2/bookings/*/cancel"))
            let cancelled = try await offPool { try client.cancel(uid: made.uid, reason: "x") }
            #expect(cancelled.status == .cancelled)
        }
    }

    @Test func aShortRateLimitIsWaitedOut() async throws {
        try await withFake { fake, client in
            fake.enqueue(.rateLimited(resetSeconds: 1), for: FaultTarget(method: "GET", path: "/v2/me"))
            let started = ContinuousClock.now
            _ = try await offPool { try client.account() }
            #expect(ContinuousClock.now - started >= .seconds(1))
        }
    }

    @Test func aLongRateLimitIsReported() async throws {
        try await withFake { fake, client in
            fake.enqueue(.rateLimited(resetSeconds: 60))
            await #expect(throws: RemoteCalendarError.rateLimited(retryAfter: 60)) {
                try await offPool { try client.account() }
            }
        }
    }

    @Test func serverErrorsInEveryAttemptMakeTheCalendarUnreachable() async throws {
        try await withFake { fake, client in
            fake.enqueue(.bareServerError, times: 3)
            await #expect(throws: RemoteCalendarError.unreachable("Cal.com answered 500: Internal server error")) {
                try await offPool { try client.defaultSchedule() }
            }
            #expect(fake.requests.count == 3)
        }
    }

    @Test func aTimeoutIsRetried() async throws {
        try await withFake(timeout: 1) { fake, client in
            fake.enqueue(.timeout(seconds: 3), for: FaultTarget(method: "GET", path: "/v2/me"))
            let account = try await offPool { try client.account() }
            #expect(account.username == "jane")
            #expect(fake.requests.count == 2)
        }
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let fake = FakeCalCom()
        let baseURL = try await fake.start()
        await fake.stop()
        let client = CalComClient(configuration: CalComConfiguration(baseURL: baseURL, apiKey: "cal_live_x",
                                                                     retry: RetryPolicy(baseDelay: 0.01, jitter: .none)))
        await #expect {
            try await offPool { try client.account() }
        } throws: { error in
            guard case RemoteCalendarError.unreachable(let message) = error else { return false }
            return message.contains("127.0.0.1")
        }
    }
}
