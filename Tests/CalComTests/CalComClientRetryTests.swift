import Foundation
import Testing
@testable import CalCom
import SchedCore

private let meJSON = success(#"{"id": 42, "username": "jane", "email": "jane@example.com", "timeFormat": 24, "#
    + #""defaultScheduleId": 254, "weekStart": "Monday", "timeZone": "Europe/Rome", "organizationId": null}"#)

private func errorJSON(_ message: String, code: String = "BadRequestException") -> String {
    #"{"status": "error", "error": {"code": ""# + code + #"", "message": ""# + message + #""}}"#
}

private func page(_ bookings: [String], hasNextPage: Bool = false) -> String {
    #"{"status": "success", "data": ["# + bookings.joined(separator: ",")
        + #"], "pagination": {"hasNextPage": "# + (hasNextPage ? "true" : "false") + "}}"
}

private let ours = #"{"schedAppointmentId": "7f3a1c2e-0b4d-4e5f-8a9b-0c1d2e3f4a5b"}"#

@Suite struct RetryTests {
    @Test func a5xxIsRetriedWithGrowingBackoff() throws {
        let transport = ScriptedTransport([json(errorJSON("down"), status: 503), json("", status: 502), json(meJSON)])
        let recorder = Recorder()
        let account = try makeClient(transport, recorder: recorder).account()
        #expect(account.username == "jane")
        #expect(recorder.sleeps == [1, 2])
        #expect(recorder.records.map(\.attempt) == [1, 2, 3])
        #expect(recorder.records.map(\.outcome) == [.status(503), .status(502), .status(200)])
    }

    @Test func threeFailuresInARowMakeTheCalendarUnreachable() {
        let transport = ScriptedTransport([json("", status: 500), .failure(.timedOut),
                                           json(#"{"statusCode": 500, "message": "Internal server error"}"#, status: 500)])
        let recorder = Recorder()
        #expect(throws: RemoteCalendarError.unreachable("Cal.com answered 500: Internal server error")) {
            try makeClient(transport, recorder: recorder).account()
        }
        #expect(transport.sent.count == 3)
        #expect(recorder.sleeps == [1, 2])
    }

    @Test func backoffStopsAtTheMaximum() {
        let policy = RetryPolicy(baseDelay: 1, maxDelay: 3, jitter: .none)
        #expect((1...4).map(policy.backoff(after:)) == [1, 2, 3, 3])
        let jittered = RetryPolicy(baseDelay: 1, maxDelay: 3, jitter: .full)
        for _ in 0..<100 {
            #expect((0...2).contains(jittered.backoff(after: 2)))
        }
    }

    @Test func a4xxIsNeverRetried() {
        let transport = ScriptedTransport([json(errorJSON("Booking with uid=x was not found"), status: 404)])
        let recorder = Recorder()
        #expect(throws: RemoteCalendarError.refused(status: 404, message: "Booking with uid=x was not found")) {
            try makeClient(transport, recorder: recorder).reschedule(uid: "x", to: sampleRequest.start, reason: nil)
        }
        #expect(transport.lines == ["POST /v2/bookings/x/reschedule"])
        #expect(recorder.sleeps.isEmpty)
    }

    @Test func aRefusedCreateIsNotSentAgain() {
        let transport = ScriptedTransport([json(errorJSON("User either already has booking at this time or is not available"), status: 400),
                                           json(page([]))])
        let recorder = Recorder()
        #expect(throws: RemoteCalendarError.refused(status: 400, message: "User either already has booking at this time or is not available")) {
            try makeClient(transport, recorder: recorder).createBooking(sampleRequest)
        }
        #expect(transport.lines == ["POST /v2/bookings", "GET /v2/bookings"])
        #expect(recorder.sleeps.isEmpty)
    }

    @Test func aCreateRefusedBecauseItsOwnBookingHoldsTheSlotReturnsThatBooking() throws {
        let transport = ScriptedTransport([json(errorJSON("User either already has booking at this time or is not available"), status: 400),
                                           json(page([bookingJSON(metadata: ours)]))])
        #expect(try makeClient(transport).createBooking(sampleRequest).appointmentID == sampleRequest.appointmentID)
    }

    @Test func a401CarriesCalComsMessage() {
        let transport = ScriptedTransport([json(errorJSON("ApiAuthStrategy - api key - Your api key is not valid",
                                                          code: "UnauthorizedException"), status: 401)])
        #expect(throws: RemoteCalendarError.unauthorized("ApiAuthStrategy - api key - Your api key is not valid")) {
            try makeClient(transport).account()
        }
    }

    @Test func anUnknownBookingIsNil() throws {
        let transport = ScriptedTransport([json(errorJSON("Booking with uid=x was not found", code: "NotFoundException"), status: 404)])
        #expect(try makeClient(transport).booking(uid: "x") == nil)
    }

    @Test func aReplyThatIsNotTheDocumentedShapeIsInvalidAndNotRetried() {
        let transport = ScriptedTransport([json(success(#"{"id": "forty-two"}"#))])
        #expect(throws: RemoteCalendarError.invalidResponse("GET /me: 'data.id' has the wrong type")) {
            try makeClient(transport).account()
        }
        #expect(transport.sent.count == 1)
    }

    @Test func aDroppedConnectionIsRetriedForAGet() throws {
        let transport = ScriptedTransport([.failure(.connectionLost), json(meJSON)])
        let recorder = Recorder()
        _ = try makeClient(transport, recorder: recorder).account()
        #expect(recorder.records.map(\.outcome) == [.failure(.connectionLost), .status(200)])
    }
}

@Suite struct RateLimitTests {
    private let now = Date(timeIntervalSince1970: 1_762_000_000)

    @Test func aShortResetIsWaitedFor() throws {
        let transport = ScriptedTransport([
            json(errorJSON("CustomThrottlerGuard - Too many requests. Please try again later.", code: "ThrottlerException"),
                 status: 429, headers: ["x-ratelimit-limit-default": "120", "x-ratelimit-remaining-default": "0",
                                        "x-ratelimit-reset-default": "5"]),
            json(meJSON),
        ])
        let recorder = Recorder()
        _ = try makeClient(transport, recorder: recorder).account()
        #expect(recorder.sleeps == [5])
    }

    @Test func aLongResetIsReportedAtOnce() {
        let transport = ScriptedTransport([json("", status: 429, headers: ["X-RateLimit-Reset-Default": "60"])])
        let recorder = Recorder()
        #expect(throws: RemoteCalendarError.rateLimited(retryAfter: 60)) {
            try makeClient(transport, recorder: recorder).account()
        }
        #expect(recorder.sleeps.isEmpty)
    }

    @Test func withoutHeadersA429BacksOffAndThenGivesUp() {
        let transport = ScriptedTransport(Array(repeating: json("", status: 429), count: 3))
        let recorder = Recorder()
        #expect(throws: RemoteCalendarError.rateLimited(retryAfter: nil)) {
            try makeClient(transport, recorder: recorder).account()
        }
        #expect(recorder.sleeps == [1, 2])
    }

    @Test func aRateLimitedCreateIsSentAgainWithoutALookup() throws {
        let transport = ScriptedTransport([json("", status: 429, headers: ["Retry-After": "2"]),
                                           json(success(bookingJSON()), status: 201)])
        _ = try makeClient(transport).createBooking(sampleRequest)
        #expect(transport.lines == ["POST /v2/bookings", "POST /v2/bookings"])
    }

    @Test func resetsAreSecondsUnlessTheyLookLikeEpochTimes() {
        #expect(RateLimitWait.seconds("12", now: now) == 12)
        #expect(RateLimitWait.seconds("\(Int(now.timeIntervalSince1970) + 20)", now: now) == 20)
        #expect(RateLimitWait.seconds("\(Int(now.timeIntervalSince1970 * 1000) + 3000)", now: now) == 3)
        #expect(RateLimitWait.seconds("\(Int(now.timeIntervalSince1970) - 20)", now: now) == 0)
        #expect(RateLimitWait.seconds("soon", now: now) == nil)
        #expect(RateLimitWait.seconds("-1", now: now) == nil)
    }

    @Test func theShortestResetOfTheBlockedLimitsCounts() {
        let headers = ["X-RateLimit-Remaining-Default": "0", "X-RateLimit-Reset-Default": "50",
                       "X-RateLimit-Remaining-Burst": "0", "X-RateLimit-Reset-Burst": "2",
                       "X-RateLimit-Remaining-Daily": "900", "X-RateLimit-Reset-Daily": "1"]
        #expect(RateLimitWait.seconds(in: headers, now: now) == 2)
        #expect(RateLimitWait.seconds(in: ["retry-after": "7"], now: now) == 7)
        #expect(RateLimitWait.seconds(in: ["x-ratelimit-reset-default": "4", "Retry-After": "7"], now: now) == 4)
        #expect(RateLimitWait.seconds(in: [:], now: now) == nil)
    }
}

@Suite struct LookupBeforeResendTests {
    @Test func aCreateThatTimedOutButWasMadeIsFoundNotRepeated() throws {
        let transport = ScriptedTransport([.failure(.timedOut), json(page([bookingJSON(metadata: ours)]))])
        let booking = try makeClient(transport).createBooking(sampleRequest)
        #expect(booking.appointmentID == sampleRequest.appointmentID)
        #expect(transport.lines == ["POST /v2/bookings", "GET /v2/bookings"])
        let query = transport.sent[1].url.query ?? ""
        #expect(query.contains("afterStart=2025-11-03T13%3A00%3A00Z"))
        #expect(query.contains("beforeEnd=2025-11-04T15%3A00%3A00Z"))
    }

    @Test func aCreateThatFailedWithA5xxIsSentAgainOnlyAfterTheLookupFindsNothing() throws {
        let someoneElse = bookingJSON(id: 5, uid: "other", metadata: #"{"schedAppointmentId": "00000000-0000-0000-0000-000000000000"}"#)
        let transport = ScriptedTransport([json("", status: 502), json(page([someoneElse])),
                                           json(success(bookingJSON(metadata: ours)), status: 201)])
        let booking = try makeClient(transport).createBooking(sampleRequest)
        #expect(booking.uid == "bK2xPq7ZrT3nYc9wLm4sQe")
        #expect(transport.lines == ["POST /v2/bookings", "GET /v2/bookings", "POST /v2/bookings"])
    }

    @Test func aCreateThatNeverReachedTheServerIsSentAgainWithoutALookup() throws {
        let transport = ScriptedTransport([.failure(.cannotConnect("could not connect to 127.0.0.1")),
                                           json(success(bookingJSON()), status: 201)])
        _ = try makeClient(transport).createBooking(sampleRequest)
        #expect(transport.lines == ["POST /v2/bookings", "POST /v2/bookings"])
    }

    @Test func theLastUnknownOutcomeIsLookedUpToo() {
        let transport = ScriptedTransport([.failure(.timedOut), json(page([])), .failure(.timedOut), json(page([])),
                                           .failure(.timedOut), json(page([]))])
        #expect(throws: RemoteCalendarError.unreachable("Cal.com cannot be reached: the request timed out")) {
            try makeClient(transport).createBooking(sampleRequest)
        }
        #expect(transport.lines == ["POST /v2/bookings", "GET /v2/bookings", "POST /v2/bookings", "GET /v2/bookings",
                                    "POST /v2/bookings", "GET /v2/bookings"])
    }

    @Test func aCreateIsNotSentAgainWhenTheLookupFails() {
        let transport = ScriptedTransport([.failure(.timedOut), json("", status: 503), json("", status: 503), json("", status: 503)])
        #expect(throws: RemoteCalendarError.unreachable("Cal.com answered 503")) {
            try makeClient(transport).createBooking(sampleRequest)
        }
        #expect(transport.lines == ["POST /v2/bookings", "GET /v2/bookings", "GET /v2/bookings", "GET /v2/bookings"])
    }

    @Test func theLookupReadsEveryPage() throws {
        let transport = ScriptedTransport([
            .failure(.connectionLost),
            json(page([bookingJSON(id: 1, uid: "a")], hasNextPage: true)),
            json(page([bookingJSON(id: 2, uid: "b", metadata: ours)])),
        ])
        #expect(try makeClient(transport).createBooking(sampleRequest).uid == "b")
        #expect(transport.sent[2].url.query?.contains("skip=1") == true)
    }

    @Test func aRescheduleThatTookEffectReturnsTheNewBooking() throws {
        let transport = ScriptedTransport([
            .failure(.timedOut),
            json(success(bookingJSON(uid: "old", status: "cancelled", extra: #", "rescheduledToUid": "new""#))),
            json(success(bookingJSON(uid: "new", start: "2025-11-04T15:00:00.000Z", end: "2025-11-04T15:30:00.000Z",
                                     extra: #", "rescheduledFromUid": "old""#))),
        ])
        let booking = try makeClient(transport).reschedule(uid: "old", to: date("2025-11-04T15:00:00Z"), reason: nil)
        #expect(booking.uid == "new")
        #expect(booking.rescheduledFromUID == "old")
        #expect(transport.lines == ["POST /v2/bookings/old/reschedule", "GET /v2/bookings/old", "GET /v2/bookings/new"])
    }

    @Test func aRescheduleThatDidNotTakeEffectIsSentAgain() throws {
        let transport = ScriptedTransport([
            json("", status: 500),
            json(success(bookingJSON(uid: "old"))),
            json(success(bookingJSON(uid: "new")), status: 201),
        ])
        #expect(try makeClient(transport).reschedule(uid: "old", to: date("2025-11-04T15:00:00Z"), reason: "x").uid == "new")
        #expect(transport.lines == ["POST /v2/bookings/old/reschedule", "GET /v2/bookings/old", "POST /v2/bookings/old/reschedule"])
    }

    @Test func cancellingACancelledBookingSucceeds() throws {
        let transport = ScriptedTransport([
            json(errorJSON("Can't cancel booking with uid=abc because it has been cancelled already."), status: 400),
            json(success(bookingJSON(uid: "abc", status: "cancelled", extra: #", "cancellationReason": "earlier""#))),
        ])
        let booking = try makeClient(transport).cancel(uid: "abc", reason: "No longer needed")
        #expect(booking.status == .cancelled)
        #expect(transport.lines == ["POST /v2/bookings/abc/cancel", "GET /v2/bookings/abc"])
    }

    @Test func aCancelRefusedForAnotherReasonStaysRefused() {
        let transport = ScriptedTransport([json(errorJSON("nope"), status: 400), json(success(bookingJSON(uid: "abc")))])
        #expect(throws: RemoteCalendarError.refused(status: 400, message: "nope")) {
            try makeClient(transport).cancel(uid: "abc", reason: "x")
        }
    }

    @Test func aCancelWhoseOutcomeIsUnknownIsCheckedFirst() throws {
        let transport = ScriptedTransport([.failure(.connectionLost), json(success(bookingJSON(uid: "abc", status: "cancelled")))])
        #expect(try makeClient(transport).cancel(uid: "abc", reason: "x").status == .cancelled)
        #expect(transport.lines == ["POST /v2/bookings/abc/cancel", "GET /v2/bookings/abc"])
    }
}

@Suite struct SecretTests {
    @Test func noErrorOrLogRecordContainsTheKey() {
        let echo = "Your api key \(testKey) is not valid; Authorization: Bearer \(testKey)"
        let replies: [ScriptedTransport.Reply] = [
            json(errorJSON(echo), status: 401), json(errorJSON(echo), status: 400),
            json(#"{"statusCode": 500, "message": ""# + echo + #""}"#, status: 500),
            json(errorJSON(echo), status: 500), json(errorJSON(echo), status: 500),
        ]
        let recorder = Recorder()
        let transport = ScriptedTransport(replies)
        let client = makeClient(transport, recorder: recorder)
        var texts: [String] = []
        for _ in 0..<3 {
            do {
                _ = try client.account()
            } catch {
                texts.append(String(describing: error))
            }
        }
        #expect(texts.count == 3)
        texts += recorder.records.map(\.description)
        for text in texts {
            #expect(!text.contains(testKey))
            #expect(!text.contains("0123456789abcdef"))
        }
        #expect(texts[0].contains("cal_live_…9f2c"))
    }

    @Test func logRecordsNameThePathWithoutTheQuery() throws {
        let recorder = Recorder()
        let transport = ScriptedTransport([json(page([bookingJSON()]))])
        _ = try makeClient(transport, recorder: recorder).bookings(from: date("2025-11-03T00:00:00Z"), to: date("2025-11-04T00:00:00Z"))
        let record = try #require(recorder.records.first)
        #expect(record.method == "GET")
        #expect(record.path == "/v2/bookings")
        #expect(record.outcome == .status(200))
        #expect(record.attempt == 1)
        #expect(record.description.hasPrefix("GET /v2/bookings → 200 ("))
    }
}

@Suite struct ListingTests {
    @Test func bookingsAreListedAcrossPagesAndOutsideOnesDropped() throws {
        let transport = ScriptedTransport([
            json(page([bookingJSON(id: 2, uid: "b", start: "2025-11-03T15:00:00.000Z", end: "2025-11-03T15:30:00.000Z")],
                      hasNextPage: true)),
            json(page([bookingJSON(id: 1, uid: "a", status: "cancelled"),
                       bookingJSON(id: 3, uid: "late", start: "2025-11-04T00:00:00.000Z", end: "2025-11-04T00:30:00.000Z")])),
        ])
        let bookings = try makeClient(transport).bookings(from: date("2025-11-03T00:00:00Z"), to: date("2025-11-04T00:00:00Z"))
        #expect(bookings.map(\.uid) == ["a", "b"])
        #expect(transport.sent.map { $0.url.query?.contains("skip=") == true } == [true, true])
        #expect(transport.sent[1].url.query?.contains("skip=1") == true)
    }

    @Test func slotsOutsideTheWindowAreDropped() throws {
        let transport = ScriptedTransport([json(success(#"{"2025-11-03": ["2025-11-03T09:00:00.000+01:00", "#
            + #""2025-11-03T10:00:00.000+01:00"], "2025-11-02": [{"start": "2025-11-02T23:30:00.000+01:00"}]}"#))])
        let slots = try makeClient(transport).slots(eventTypeID: 1, from: date("2025-11-03T00:00:00Z"),
                                                    to: date("2025-11-03T09:00:00Z"), zone: "Europe/Paris", durationMinutes: nil)
        #expect(slots == [date("2025-11-03T08:00:00Z")])
    }

    @Test func anEventTypeIsPickedByID() throws {
        let types = success(#"[{"id": 1, "slug": "15min", "title": "Quick", "lengthInMinutes": 15}, "#
            + #"{"id": 2, "slug": "30min", "title": "Chat", "lengthInMinutes": 30}]"#)
        let transport = ScriptedTransport([json(types), json(types)])
        let client = makeClient(transport)
        #expect(try client.eventType(id: 2, username: "jane")?.slug == "30min")
        #expect(try client.eventType(id: 3, username: "jane") == nil)
        #expect(transport.sent.first?.url.query == "username=jane")
    }
}
