import CalComFake
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The fake Cal.com server, driven with plain blocking URLSession requests.
@Suite struct FakeCalComTests {
    // MARK: Versions and authentication

    @Test func aMissingVersionHeaderIsRoutedNowhere() async throws {
        try await withFake { fake, http in
            let response = try await http.send("GET", "/slots", query: ["eventTypeId": "1001"], version: nil)
            #expect(response.status == 404)
            #expect(response.json?["status"] == "error")
            #expect(response.json?["error"]?["code"] == "NotFoundException")
            #expect(response.json?["error"]?["message"] == "Cannot GET /v2/slots?eventTypeId=1001")
            #expect(response.json?["path"] == "/v2/slots?eventTypeId=1001")
            #expect(response.json?["error"]?["details"]?["statusCode"] == 404)
        }
    }

    @Test func aVersionMeantForAnotherEndpointIsRoutedNowhere() async throws {
        try await withFake { fake, http in
            let response = try await http.send(
                "POST", "/bookings", body: Self.booking("2025-11-03T14:00:00Z"), version: "2024-09-04")
            #expect(response.status == 404)
            #expect(response.json?["error"]?["message"] == "Cannot POST /v2/bookings")
            #expect(fake.bookings.isEmpty)
        }
    }

    @Test func schedulesAcceptBothOfTheirVersions() async throws {
        try await withFake { fake, http in
            let response1 = try await http.send("GET", "/schedules/default", version: "2024-06-11")
            #expect(response1.status == 200)
            let response2 = try await http.send("GET", "/schedules/default", version: "2024-06-14")
            #expect(response2.status == 200)
            let response3 = try await http.send("GET", "/schedules/default", version: "2024-08-13")
            #expect(response3.status == 404)
        }
    }

    @Test func meAnswersWithoutAVersionHeader() async throws {
        try await withFake { fake, http in
            let response = try await http.send("GET", "/me", version: nil)
            #expect(response.status == 200)
            #expect(response.json?["data"]?["username"] == "jane")
            #expect(response.json?["data"]?["defaultScheduleId"] == 254)
            #expect(response.json?["data"]?["organizationId"] == .null)
        }
    }

    @Test func aWrongOrMissingKeyIsUnauthorized() async throws {
        try await withFake { fake, http in
            let wrong = try await http.send("GET", "/me", version: nil, key: "cal_wrong")
            #expect(wrong.status == 401)
            #expect(wrong.json?["error"]?["code"] == "UnauthorizedException")
            #expect(wrong.json?["error"]?["message"] == "ApiAuthStrategy - api key - Your api key is not valid")
            let missing = try await http.send("GET", "/bookings", version: "2024-08-13", withoutKey: true)
            #expect(missing.status == 401)
        }
    }

    // MARK: Bookings

    @Test func aBookingIsCreatedReadRescheduledAndCancelled() async throws {
        try await withFake { fake, http in
            let created = try await http.send("POST", "/bookings", body: Self.booking("2025-11-03T14:00:00Z"))
            #expect(created.status == 201)
            let data = try #require(created.json?["data"])
            #expect(data["start"] == "2025-11-03T14:00:00.000Z")
            #expect(data["end"] == "2025-11-03T14:30:00.000Z")
            #expect(data["duration"] == 30)
            #expect(data["status"] == "accepted")
            #expect(data["eventType"]?["slug"] == "30min")
            #expect(data["metadata"]?["syncId"] == "cli-7f3a")
            #expect(data["attendees"]?[0]?["email"] == "ada@example.com")
            let uid = try #require(data["uid"]?.stringValue)

            let read = try await http.send("GET", "/bookings/\(uid)")
            #expect(read.status == 200)
            #expect(read.json?["data"]?["uid"] == .string(uid))

            let moved = try await http.send(
                "POST", "/bookings/\(uid)/reschedule",
                body: ["start": "2025-11-04T15:00:00Z", "reschedulingReason": "Conflict moved"])
            #expect(moved.status == 201)
            let newUid = try #require(moved.json?["data"]?["uid"]?.stringValue)
            #expect(newUid != uid)
            #expect(moved.json?["data"]?["rescheduledFromUid"] == .string(uid))
            #expect(fake.booking(uid: uid)?.status == .cancelled)
            #expect(fake.booking(uid: uid)?.rescheduledToUid == newUid)

            let cancelled = try await http.send(
                "POST", "/bookings/\(newUid)/cancel", body: ["cancellationReason": "No longer needed"])
            #expect(cancelled.status == 200)
            #expect(cancelled.json?["data"]?["status"] == "cancelled")
            #expect(cancelled.json?["data"]?["cancellationReason"] == "No longer needed")

            let again = try await http.send("POST", "/bookings/\(newUid)/cancel", body: ["cancellationReason": "Twice"])
            #expect(again.status == 400)
            #expect(again.json?["error"]?["code"] == "BadRequestException")
            #expect(fake.schemaViolations.isEmpty)
        }
    }

    @Test func anOverlappingBookingIsRefused() async throws {
        try await withFake { fake, http in
            fake.seedBooking(start: try Self.date("2025-11-03T14:15:00Z"))
            let response = try await http.send("POST", "/bookings", body: Self.booking("2025-11-03T14:00:00Z"))
            #expect(response.status == 400)
            #expect(
                response.json?["error"]?["message"]
                    == "User either already has booking at this time or is not available")
            #expect(fake.bookings.count == 1)
        }
    }

    @Test func aStartWithAnOffsetIsRefused() async throws {
        try await withFake { fake, http in
            let response = try await http.send("POST", "/bookings", body: Self.booking("2025-11-03T15:00:00+01:00"))
            #expect(response.status == 400)
            #expect(fake.bookings.isEmpty)
        }
    }

    @Test func aLengthIsOnlyAcceptedWhenTheEventTypeOffersSeveral() async throws {
        try await withFake { fake, http in
            var body = Self.booking("2025-11-03T14:00:00Z")
            body = Self.adding("lengthInMinutes", 60, to: body)
            let response4 = try await http.send("POST", "/bookings", body: body)
            #expect(response4.status == 400)

            fake.addEventType(
                .init(
                    id: 1002, slug: "flexible", title: "Flexible", lengthInMinutes: 30,
                    lengthInMinutesOptions: [15, 30, 60]))
            let flexible = Self.adding("eventTypeId", 1002, to: body)
            let response = try await http.send("POST", "/bookings", body: flexible)
            #expect(response.status == 201)
            #expect(response.json?["data"]?["duration"] == 60)
        }
    }

    @Test func metadataValuesMustBeStrings() async throws {
        try await withFake { fake, http in
            let body = Self.adding("metadata", ["count": 3], to: Self.booking("2025-11-03T14:00:00Z"))
            let response5 = try await http.send("POST", "/bookings", body: body)
            #expect(response5.status == 400)
        }
    }

    @Test func threePagesCoverAllBookings() async throws {
        try await withFake { fake, http in
            for day in 3...7 { fake.seedBooking(start: try Self.date("2025-11-0\(day)T10:00:00Z")) }
            var uids: [String] = []
            for (page, skip) in [(1, 0), (2, 2), (3, 4)] {
                let response = try await http.send(
                    "GET", "/bookings", query: ["take": "2", "skip": String(skip), "sortStart": "asc"])
                let pagination = try #require(response.json?["pagination"])
                #expect(pagination["totalItems"] == 5)
                #expect(pagination["currentPage"] == .number(Double(page)))
                #expect(pagination["totalPages"] == 3)
                #expect(pagination["itemsPerPage"] == 2)
                #expect(pagination["hasNextPage"] == .bool(page < 3))
                #expect(pagination["hasPreviousPage"] == .bool(page > 1))
                #expect(pagination["remainingItems"] == .number(Double(max(0, 5 - skip - 2))))
                uids += (response.json?["data"]?.arrayValue ?? []).compactMap { $0["uid"]?.stringValue }
            }
            #expect(uids == fake.bookings.map(\.uid))
            let response6 = try await http.send("GET", "/bookings", query: ["take": "251"])
            #expect(response6.status == 400)
        }
    }

    @Test func cursorPagingFollowsNextCursor() async throws {
        try await withFake(FakeCalCom.Settings(usesCursorPaging: true)) { fake, http in
            for day in 3...5 { fake.seedBooking(start: try Self.date("2025-11-0\(day)T10:00:00Z")) }
            var query = ["take": "2"]
            var seen = 0
            while true {
                let response = try await http.send("GET", "/bookings", query: query)
                seen += response.json?["data"]?.arrayValue?.count ?? 0
                guard let cursor = response.json?["pagination"]?["nextCursor"]?.stringValue else {
                    #expect(response.json?["pagination"]?["hasMore"] == false)
                    break
                }
                query["cursor"] = cursor
            }
            #expect(seen == 3)
            #expect(fake.schemaViolations.isEmpty)
        }
    }

    @Test func listFiltersByStatusAndAttendee() async throws {
        try await withFake(FakeCalCom.Settings(now: try Self.date("2025-11-01T00:00:00Z"))) { fake, http in
            let kept = fake.seedBooking(start: try Self.date("2025-11-03T10:00:00Z"))
            let gone = fake.seedBooking(start: try Self.date("2025-11-04T10:00:00Z"))
            fake.cancelRemotely(uid: gone.uid)
            let upcoming = try await http.send("GET", "/bookings", query: ["status": "upcoming"])
            #expect(upcoming.json?["data"]?.arrayValue?.compactMap { $0["uid"]?.stringValue } == [kept.uid])
            let byEmail = try await http.send("GET", "/bookings", query: ["attendeeEmail": "nobody@example.com"])
            #expect(byEmail.json?["data"]?.arrayValue?.isEmpty == true)
            // Express reads an unescaped "+" in a query as a space.
            fake.seedBooking(
                start: try Self.date("2025-11-05T10:00:00Z"),
                attendee: .init(name: "Ada", email: "ada+cal@example.com", timeZone: "Europe/London"))
            let plus = try await http.send("GET", "/bookings", query: ["attendeeEmail": "ada+cal@example.com"])
            #expect(fake.requests.last?.query["attendeeEmail"] == "ada cal@example.com")
            #expect(plus.json?["data"]?.arrayValue?.isEmpty == true)
            #expect(fake.schemaViolations.isEmpty)
        }
    }

    // MARK: Slots, schedules, event types

    @Test func slotsAreKeyedByDateInTheRequestedZone() async throws {
        try await withFake { fake, http in
            fake.seedBooking(start: try Self.date("2025-11-03T08:00:00Z"))
            let response = try await http.send(
                "GET", "/slots",
                query: [
                    "eventTypeId": "1001", "start": "2025-11-03", "end": "2025-11-03", "timeZone": "Europe/London",
                ],
                version: "2024-09-04")
            #expect(response.status == 200)
            let day = try #require(response.json?["data"]?["2025-11-03"]?.arrayValue)
            // Rome 09:00–17:00 is London 08:00–16:00; the seeded booking takes 08:00.
            #expect(day.first?["start"] == "2025-11-03T08:30:00.000+00:00")
            #expect(day.last?["start"] == "2025-11-03T15:30:00.000+00:00")
            #expect(day.count == 15)
            #expect(fake.schemaViolations.isEmpty)
        }
    }

    @Test func patchingTheScheduleReplacesOnlyWhatIsSent() async throws {
        try await withFake { fake, http in
            fake.schedule.overrides = [.init(date: "2025-12-24", startTime: "09:00", endTime: "12:00")]
            let response = try await http.send(
                "PATCH", "/schedules/254",
                body: [
                    "timeZone": "Europe/Berlin",
                    "availability": [["days": ["Monday", "Wednesday"], "startTime": "10:00", "endTime": "16:00"]],
                ], version: "2024-06-11")
            #expect(response.status == 200)
            #expect(fake.schedule.timeZone == "Europe/Berlin")
            #expect(
                fake.schedule.availability == [
                    .init(days: ["Monday", "Wednesday"], startTime: "10:00", endTime: "16:00")
                ])
            #expect(fake.schedule.overrides.count == 1)
            #expect(fake.schemaViolations.isEmpty)
        }
    }

    @Test func eventTypesNeedTheUsername() async throws {
        try await withFake { fake, http in
            let listed = try await http.send("GET", "/event-types", query: ["username": "jane"], version: "2024-06-14")
            #expect(listed.json?["data"]?[0]?["id"] == 1001)
            #expect(listed.json?["data"]?[0]?["lengthInMinutes"] == 30)
            let anonymous = try await http.send("GET", "/event-types", version: "2024-06-14")
            #expect(anonymous.json?["data"] == [])
        }
    }

    // MARK: Recording and conformance

    @Test func requestsAreRecordedWithLowerCasedHeaders() async throws {
        try await withFake { fake, http in
            _ = try await http.send("POST", "/bookings", body: Self.booking("2025-11-03T14:00:00Z"))
            let request = try #require(fake.requests.last)
            #expect(request.method == "POST")
            #expect(request.path == "/v2/bookings")
            #expect(request.headers["cal-api-version"] == "2024-08-13")
            #expect(request.headers["authorization"] == "Bearer \(fake.apiKey)")
            #expect(request.json?["attendee"]?["name"] == "Ada Lovelace")
        }
    }

    @Test func nonConformingBodiesAreReportedAsViolations() async throws {
        try await withFake { fake, http in
            _ = try await http.send("POST", "/bookings", body: Self.booking("2025-11-03T14:00:00Z"))
            #expect(fake.schemaViolations.isEmpty)

            _ = try await http.send(
                "POST", "/bookings", body: Self.adding("colour", "blue", to: Self.booking("2025-11-05T14:00:00Z")))
            #expect(fake.schemaViolations.contains { $0.contains("body.colour: property colour should not exist") })

            fake.clearRecording()
            var wrongLanguage = Self.booking("2025-11-06T14:00:00Z")
            wrongLanguage = Self.adding(
                "attendee", ["name": "Ada", "email": "ada@example.com", "timeZone": "Europe/London", "language": "xx"],
                to: wrongLanguage)
            _ = try await http.send("POST", "/bookings", body: wrongLanguage)
            #expect(fake.schemaViolations.contains { $0.contains("body.attendee.language: must be one of") })

            fake.clearRecording()
            let nameless = Self.adding(
                "attendee", ["email": "ada@example.com", "timeZone": "Europe/London"], to: wrongLanguage)
            let refused = try await http.send("POST", "/bookings", body: nameless)
            #expect(refused.status == 400)
            #expect(fake.schemaViolations.contains { $0.contains("body.attendee.name: is required") })

            fake.clearRecording()
            _ = try await http.send("GET", "/bookings", query: ["status": "soon", "limit": "3"])
            #expect(fake.schemaViolations.contains { $0.contains("query.status: must be one of") })
            #expect(fake.schemaViolations.contains { $0.contains("query parameter limit should not exist") })
        }
    }

    // MARK: Faults

    @Test func serverErrorsComeWithAndWithoutTheEnvelope() async throws {
        try await withFake { fake, http in
            fake.enqueue(.serverError, for: FaultTarget(method: "GET", path: "/v2/me"))
            fake.enqueue(.bareServerError)
            let enveloped = try await http.send("GET", "/me", version: nil)
            #expect(enveloped.status == 500)
            #expect(enveloped.json?["status"] == "error")
            let bare = try await http.send("GET", "/me", version: nil)
            #expect(bare.status == 500)
            #expect(bare.json == ["statusCode": 500, "message": "Internal server error"])
            let response7 = try await http.send("GET", "/me", version: nil)
            #expect(response7.status == 200)
        }
    }

    @Test func aDelayedRequestStillSucceeds() async throws {
        try await withFake { fake, http in
            fake.enqueue(.delay(seconds: 0.3))
            let started = Date()
            let response8 = try await http.send("GET", "/me", version: nil)
            #expect(response8.status == 200)
            #expect(Date().timeIntervalSince(started) >= 0.3)
        }
    }

    @Test func aTimeoutLeavesNoBooking() async throws {
        try await withFake { fake, http in
            fake.enqueue(.timeout(seconds: 3), for: FaultTarget(method: "POST", path: "/v2/bookings"))
            let started = Date()
            await #expect(throws: (any Error).self) {
                try await http.send("POST", "/bookings", body: Self.booking("2025-11-03T14:00:00Z"), timeout: 1)
            }
            #expect(Date().timeIntervalSince(started) >= 1)
            #expect(fake.requests.count == 1)
            #expect(fake.bookings.isEmpty)
        }
    }

    @Test func aBookingCanSucceedWhileTheClientTimesOut() async throws {
        try await withFake { fake, http in
            fake.enqueue(.applyThenDelay(seconds: 3), for: FaultTarget(method: "POST", path: "/v2/bookings"))
            let started = Date()
            await #expect(throws: (any Error).self) {
                try await http.send("POST", "/bookings", body: Self.booking("2025-11-03T14:00:00Z"), timeout: 1)
            }
            #expect(Date().timeIntervalSince(started) >= 1)
            #expect(fake.bookings.count == 1)
        }
    }

    @Test func droppedConnectionsApplyOnlyWhenAsked() async throws {
        try await withFake { fake, http in
            fake.enqueue(.dropConnection, for: FaultTarget(method: "POST", path: "/v2/bookings"))
            await #expect(throws: (any Error).self) {
                try await http.send("POST", "/bookings", body: Self.booking("2025-11-03T14:00:00Z"))
            }
            #expect(fake.bookings.isEmpty)

            fake.enqueue(.applyThenDrop, for: FaultTarget(method: "POST", path: "/v2/bookings/*/cancel"))
            let booking = fake.seedBooking(start: try Self.date("2025-11-04T10:00:00Z"))
            await #expect(throws: (any Error).self) {
                try await http.send("POST", "/bookings/\(booking.uid)/cancel", body: ["cancellationReason": "x"])
            }
            #expect(fake.booking(uid: booking.uid)?.status == .cancelled)
        }
    }

    @Test func aRateLimitFaultCarriesCalComsHeaders() async throws {
        try await withFake { fake, http in
            fake.enqueue(.rateLimited(resetSeconds: 42))
            let response = try await http.send("GET", "/me", version: nil)
            #expect(response.status == 429)
            #expect(response.json?["error"]?["code"] == "ThrottlerException")
            #expect(
                response.json?["error"]?["message"]
                    == "CustomThrottlerGuard - Too many requests. Please try again later.")
            #expect(response.headers["x-ratelimit-limit-default"] == "120")
            #expect(response.headers["x-ratelimit-remaining-default"] == "0")
            #expect(response.headers["x-ratelimit-reset-default"] == "42")
        }
    }

    @Test func theRateLimiterCountsEveryRequest() async throws {
        // A window of an hour: on a loaded machine the three requests can be a minute apart.
        try await withFake(FakeCalCom.Settings(rateLimit: .init(limit: 2, windowSeconds: 3600))) { fake, http in
            let first = try await http.send("GET", "/me", version: nil)
            #expect(first.headers["x-ratelimit-remaining-default"] == "1")
            let response9 = try await http.send("GET", "/me", version: nil)
            #expect(response9.headers["x-ratelimit-remaining-default"] == "0")
            let third = try await http.send("GET", "/me", version: nil)
            #expect(third.status == 429)
            #expect(Int(third.headers["x-ratelimit-reset-default"] ?? "") ?? 0 > 0)
        }
    }

    @Test func randomFailuresRepeatForTheSameSeed() async throws {
        var runs: [[Int]] = []
        for _ in 0..<2 {
            try await withFake { fake, http in
                fake.randomFailures(rate: 0.5, seed: 7, kinds: [.serverError, .rateLimited(resetSeconds: 1)])
                var statuses: [Int] = []
                for _ in 0..<12 { statuses.append(try await http.send("GET", "/me", version: nil).status) }
                runs.append(statuses)
            }
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0].contains(200))
        #expect(runs[0].contains { $0 != 200 })
    }
}

// MARK: - Helpers

extension FakeCalComTests {
    /// Runs `body` against a started fake, then stops it.
    func withFake(
        _ settings: FakeCalCom.Settings = FakeCalCom.Settings(),
        _ body: (FakeCalCom, BlockingHTTP) async throws -> Void
    ) async throws {
        let fake = FakeCalCom(settings: settings)
        let baseURL = try await fake.start()
        do {
            try await body(fake, BlockingHTTP(baseURL: baseURL, key: fake.apiKey))
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    static func booking(_ start: String) -> JSONValue {
        [
            "start": .string(start), "eventTypeId": 1001,
            "attendee": [
                "name": "Ada Lovelace", "email": "ada@example.com", "timeZone": "Europe/London", "language": "en",
            ],
            "metadata": ["syncId": "cli-7f3a"],
        ]
    }

    static func adding(_ key: String, _ value: JSONValue, to body: JSONValue) -> JSONValue {
        .object((body.objectMembers ?? []).filter { $0.key != key } + [(key, value)])
    }

    static func date(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }
}

/// A synchronous URLSession client, as sched's own is, always called through `offPool`.
struct BlockingHTTP: Sendable {
    struct Response: Sendable {
        var status: Int
        /// Header values keyed by lower-cased name.
        var headers: [String: String]
        var json: JSONValue?
    }

    struct NoResponse: Error {
        var reason: String
    }

    var baseURL: URL
    var key: String

    /// Sends a request with the version header the endpoint needs unless told otherwise.
    /// URLSession on Linux counts `timeout` in whole seconds; below one it gives up at once.
    func send(
        _ method: String, _ path: String, query: [String: String] = [:], body: JSONValue? = nil,
        version: String? = "2024-08-13", key: String? = nil, withoutKey: Bool = false, timeout: TimeInterval = 10
    ) async throws -> Response {
        var components = URLComponents(
            url: baseURL.appendingPathComponent(String(path.dropFirst())), resolvingAgainstBaseURL: false)
        if !query.isEmpty {
            components?.queryItems = query.sorted { $0.key < $1.key }.map {
                URLQueryItem(name: $0.key, value: $0.value)
            }
        }
        guard let url = components?.url else { throw NoResponse(reason: "bad URL") }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        if let version { request.setValue(version, forHTTPHeaderField: "cal-api-version") }
        if !withoutKey { request.setValue("Bearer \(key ?? self.key)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body.encoded
        }
        let prepared = request
        return try await offPool { try Self.block(on: prepared, timeout: timeout) }
    }

    private static func block(on request: URLRequest, timeout: TimeInterval) throws -> Response {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let outcome = Mutex<Result<Response, NoResponse>>(.failure(NoResponse(reason: "no response")))
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            outcome.withLock { $0 = Self.outcome(data, response as? HTTPURLResponse, error) }
            done.signal()
        }.resume()
        done.wait()
        return try outcome.withLock { $0 }.get()
    }

    private static func outcome(_ data: Data?, _ response: HTTPURLResponse?, _ error: (any Error)?)
        -> Result<Response, NoResponse>
    {
        guard let response, error == nil else {
            return .failure(NoResponse(reason: error?.localizedDescription ?? "no response"))
        }
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return .success(
            Response(status: response.statusCode, headers: headers, json: data.flatMap(JSONValue.init(parsing:))))
    }
}
