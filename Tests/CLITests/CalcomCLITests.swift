import CalComFake
import Foundation
import Testing

/// The built `sched` against the loopback stand-in for Cal.com: the scenario scripts of
/// `Tests/CalcomScenarios`, `--verbose` request logs, the key kept out of every output, a run
/// while Cal.com is down, and the prompt.
///
/// The stand-in serves on Swift's cooperative pool, so every blocking wait here (a child
/// process, a terminal) goes through `offPool`.
@Suite("Cal.com on the command line")
struct CalcomCLITests {
    static let root = SchedBinary.packageRoot
    static let key = "cal_test_fake_key"
    static let maskedKey = "cal_…_key"
    static let wrongKey = "cal_test_wrong_key_5150"
    static let connect = "calcom connect key \"\(key)\" event-type 1001"
    static let connected = "Connected to Cal.com as jane (jane@example.com), key \(maskedKey)"

    /// A moment in UTC, written `2025-03-05T10:00`.
    static func utc(_ text: String) throws -> Date {
        let style = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
            .dateTimeSeparator(.standard).time(includingFractionalSeconds: false)
        return try style.parse(text + ":00Z")
    }

    /// Runs `sched test --verbose Tests/CalcomScenarios/NAME` from the package root, with
    /// `CALCOM_API_URL` naming the stand-in and `environment` on top.
    static func scenario(_ name: String, _ fake: FakeCalCom, environment: [String: String] = [:]) async throws
        -> SchedResult {
        let url = try await fake.start()
        let sandbox = try Sandbox()
        let file = "Tests/CalcomScenarios/\(name)"
        let variables = ["CALCOM_API_URL": url.absoluteString].merging(environment) { _, new in new }
        let result = try await offPool {
            try sandbox.run(["test", "--verbose", file], directory: root, environment: variables)
        }
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.outputLines.contains("PASS \(file)"), "\(result)")
        #expect(result.outputLines.last == "1 passed, 0 failed", "\(result)")
        #expect(!(result.standardOutput + result.standardError).contains(key), "the key was shown:\n\(result)")
        #expect(fake.schemaViolations.isEmpty, "\(fake.schemaViolations)")
        return result
    }

    /// A sandbox with its user and kept session; `sched init` runs off the pool.
    static func loggedIn() async throws -> Sandbox {
        try await offPool { try Sandbox.loggedIn() }
    }

    /// Runs `sched ARGUMENTS` in `sandbox` with the stand-in at `url`, off the pool.
    static func run(_ sandbox: Sandbox, _ arguments: [String], url: URL,
                    environment: [String: String] = [:]) async throws -> SchedResult {
        let variables = ["CALCOM_API_URL": url.absoluteString].merging(environment) { _, new in new }
        return try await offPool { try sandbox.run(arguments, environment: variables) }
    }

    /// The requests as `METHOD /path`, uids replaced by `{uid}`.
    static func shapes(_ requests: [RecordedRequest], of uids: [String]) -> [String] {
        requests.map { request in
            uids.reduce("\(request.method) \(request.path)") { $0.replacingOccurrences(of: $1, with: "{uid}") }
        }
    }

    /// The `--verbose` lines: `calcom: METHOD /path → STATUS (N ms)`.
    static func logLines(_ result: SchedResult) -> [String] {
        result.standardError.split(separator: "\n").map(String.init).filter { $0.hasPrefix("calcom: ") }
    }

    // MARK: the scenario scripts

    @Test func pushScenarioSendsEachChangeOnceAndLeavesNothingQueued() async throws {
        let fake = FakeCalCom()
        defer { Task { await fake.stop() } }
        let result = try await Self.scenario("push.sched", fake)

        // What landed on Cal.com: Early and Ann's moved booking live, Ann's first and Bob's cancelled.
        let bookings = fake.bookings
        try #require(bookings.count == 4, "\(bookings)")
        let (early, annFirst, bob, annMoved) = (bookings[0], bookings[1], bookings[2], bookings[3])
        #expect(early.attendees.map(\.name) == ["Early"] && early.attendees.first?.email == "early@example.com")
        #expect(early.start == (try Self.utc("2025-03-04T09:00")) && early.status == .accepted)
        #expect(early.metadata.values.contains { UUID(uuidString: $0) != nil }, "no appointment id: \(early.metadata)")
        #expect(annFirst.status == .cancelled && annFirst.rescheduledToUid == annMoved.uid)
        #expect(annMoved.start == (try Self.utc("2025-03-04T11:00")) && annMoved.status == .accepted)
        #expect(annMoved.attendees.first?.name == "Ann", "a change of name alone is not sent")
        #expect(bob.attendees.first?.email == "jane@example.com", "no email: the account's own")
        #expect(bob.status == .cancelled && bob.cancellationReason == "Cancelled in sched")
        #expect(bookings.allSatisfy { $0.eventTypeId == 1001 && $0.attendees.first?.timeZone == "UTC" })

        // Exactly these requests, in this order: no second create, nothing for the name change.
        let uids = bookings.map(\.uid)
        #expect(Self.shapes(fake.requests, of: uids) == [
            "GET /v2/me", "GET /v2/event-types",
            "POST /v2/bookings",                   // Early, queued by the connect
            "POST /v2/bookings",                   // Ann
            "POST /v2/bookings",                   // Bob
            "POST /v2/bookings/{uid}/reschedule",  // Ann moved
            "POST /v2/bookings/{uid}/cancel",      // Bob cancelled
            "GET /v2/slots",
        ])
        #expect(fake.requests[5].path == "/v2/bookings/\(annFirst.uid)/reschedule")
        #expect(fake.requests[6].path == "/v2/bookings/\(bob.uid)/cancel")
        #expect(fake.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.key)" })

        // What the statements printed.
        let lines = result.outputLines
        #expect(lines.contains(Self.connected), "\(result)")
        #expect(lines.contains("1 appointment queued for Cal.com"), "\(result)")
        #expect(lines.contains("Pushed 0 changes to Cal.com"), "\(result)")
        #expect(lines.filter { $0 == "Outbox: 0 pending, 0 failed; 0 conflicts" }.count == 2, "\(result)")
        #expect(lines.contains("  Key:        \(Self.maskedKey)"), "\(result)")
        // Cal.com's slots on Tuesday: its schedule is 09:00–17:00 in Rome (08:00–16:00 here, in
        // UTC), less Early's 09:00 and Ann's 11:00.
        #expect(lines.contains("Tue 4 Mar 2025  08:00 08:30 09:30 10:00 10:30 11:30 12:00 12:30 13:00 13:30 14:00 "
            + "14:30 15:00 15:30"), "\(result)")
        #expect(lines.contains("14 free slots of 30m"), "\(result)")
        #expect(lines.contains("Disconnected from Cal.com (jane)"), "\(result)")
        #expect(result.standardError.isEmpty, "no warning expected: \(result)")
    }

    @Test func pullScenarioImportsFollowsAndSkipsTheSeededBookings() async throws {
        let fake = FakeCalCom()
        defer { Task { await fake.stop() } }
        func guest(_ name: String, _ email: String = "guest@example.com") -> FakeCalCom.Attendee {
            FakeCalCom.Attendee(name: name, email: email, timeZone: "Europe/Rome")
        }
        fake.seedBooking(start: try Self.utc("2025-03-05T10:00"), attendee: guest("Remote Guest"))
        let moving = fake.seedBooking(start: try Self.utc("2025-03-06T10:00"), attendee: guest("Moved Guest", "moved@example.com"))
        try #require(fake.rescheduleRemotely(uid: moving.uid, to: try Self.utc("2025-03-06T14:00")) != nil)
        let gone = fake.seedBooking(start: try Self.utc("2025-03-07T10:00"), attendee: guest("Gone Guest", "gone@example.com"))
        try #require(fake.cancelRemotely(uid: gone.uid) != nil)
        fake.seedBooking(start: try Self.utc("2025-03-08T10:00"), attendee: guest("Weekend Guest", "weekend@example.com"))
        let seeded = fake.bookings

        let result = try await Self.scenario("pull.sched", fake)
        let lines = result.outputLines
        #expect(lines.contains("Pulled 5 bookings from Cal.com: 3 imported, 0 moved, 0 cancelled, 0 conflicts"), "\(result)")
        // The bare `sync`: nothing to push, and the pull of the next 90 days finds nothing new.
        #expect(lines.contains("Pushed 0 changes to Cal.com"), "\(result)")
        #expect(lines.contains("Pulled 5 bookings from Cal.com: 0 imported, 0 moved, 0 cancelled, 0 conflicts"), "\(result)")
        // A pull writes nothing to Cal.com.
        #expect(fake.bookings == seeded)
        #expect(!fake.requests.contains { $0.method != "GET" }, "\(Self.shapes(fake.requests, of: []))")
    }

    @Test func conflictsScenarioRecordsAndListsTheOverlap() async throws {
        let fake = FakeCalCom()
        defer { Task { await fake.stop() } }
        let remote = fake.seedBooking(
            start: try Self.utc("2025-03-05T10:15"),
            attendee: FakeCalCom.Attendee(name: "Remote Guest", email: "guest@example.com", timeZone: "Europe/Rome"))

        let result = try await Self.scenario("conflicts.sched", fake)
        let lines = result.outputLines
        #expect(lines.filter { $0 == "Pulled 1 booking from Cal.com: 0 imported, 0 moved, 0 cancelled, 1 conflict" }.count == 2,
                "\(result)")
        #expect(lines.contains("Pulled 1 booking from Cal.com: 1 imported, 0 moved, 0 cancelled, 0 conflicts"), "\(result)")
        // `sync status` lists the refused create and the conflict, once each, after both pulls.
        let conflictLine = "  Remote Guest  Wed 5 Mar 2025 10:15–10:45  overlaps appointment 1 (Cal.com booking \(remote.uid))"
        #expect(lines.filter { $0 == "Outbox: 0 pending, 1 failed; 1 conflict" }.count == 2, "\(result)")
        #expect(lines.filter { $0 == "Conflicts: 1" }.count == 2, "\(result)")
        #expect(lines.filter { $0 == conflictLine }.count == 2, "\(result)")
        #expect(lines.contains { $0.hasPrefix("  create    appointment 1  ") && $0.contains("failed") }, "\(result)")
        #expect(lines.last { $0.hasPrefix("Outbox: ") } == "Outbox: 0 pending, 0 failed; 0 conflicts", "\(result)")
        #expect(lines.last { $0.hasPrefix("Conflicts: ") } == "Conflicts: 0", "\(result)")
        // Cal.com still has only its own booking: the refused creates made none.
        #expect(fake.bookings.map(\.uid) == [remote.uid])
        #expect(fake.requests.filter { $0.method == "POST" }.allSatisfy { $0.path == "/v2/bookings" })
    }

    @Test func availabilityScenarioReplacesTheDefaultSchedule() async throws {
        let fake = FakeCalCom()
        defer { Task { await fake.stop() } }
        let result = try await Self.scenario("availability.sched", fake)
        let schedule = fake.schedule
        #expect(schedule.timeZone == "Europe/Berlin")
        let weekly = schedule.availability.flatMap { row in row.days.map { "\($0) \(row.startTime)-\(row.endTime)" } }
        #expect(Set(weekly) == [
            "Monday 09:00-17:00", "Tuesday 09:00-17:00", "Wednesday 09:00-17:00", "Thursday 09:00-17:00",
            "Friday 09:00-13:00", "Saturday 20:00-23:59",
        ], "\(schedule.availability)")
        let overrides = schedule.overrides.map { "\($0.date) \($0.startTime)-\($0.endTime)" }
        #expect(overrides.sorted() == ["2025-03-12 10:00-12:00", "2025-03-12 14:00-16:00", "2025-03-14 00:00-00:00"],
                "\(schedule.overrides)")
        let patches = fake.requests.filter { $0.method == "PATCH" && $0.path == "/v2/schedules/254" }
        #expect(patches.count == 2, "\(Self.shapes(fake.requests, of: []))")
        #expect(patches.count == 2 && patches[0].body == patches[1].body, "sending twice sends the same schedule")
        // The rules go onto the event type each time too.
        let rules = fake.requests.filter { $0.method == "PATCH" && $0.path == "/v2/event-types/1001" }
        #expect(rules.count == 2 && rules[0].body == rules[1].body, "\(Self.shapes(fake.requests, of: []))")
        #expect(result.outputLines.filter { $0.hasPrefix("Working hours sent to Cal.com schedule 254") }.count == 2,
                "\(result)")
    }

    @Test func errorsScenarioAnswersEveryRefusal() async throws {
        let fake = FakeCalCom()
        defer { Task { await fake.stop() } }
        _ = try await Self.scenario("errors.sched", fake)
        // The bad key, the bad event type and the final connect reached Cal.com; the malformed
        // key, the missing or zero event type and the bad addresses did not.
        let shapes = Self.shapes(fake.requests, of: [])
        #expect(shapes.prefix(5) == ["GET /v2/me", "GET /v2/me", "GET /v2/event-types", "GET /v2/me", "GET /v2/event-types"],
                "\(shapes)")
        #expect(fake.requests.first?.headers["authorization"] == "Bearer cal_test_wrong")
        #expect(fake.bookings.isEmpty)
    }

    @Test func connectEnvScenarioTakesTheKeyFromTheEnvironment() async throws {
        let fake = FakeCalCom()
        defer { Task { await fake.stop() } }
        let result = try await Self.scenario("connect-env.sched", fake, environment: ["CALCOM_API_KEY": Self.key])
        let lines = result.outputLines
        #expect(lines.contains("CALCOM_API_KEY is set; connect with: calcom connect event-type N"), "\(result)")
        #expect(lines.contains(Self.connected), "\(result)")
        #expect(lines.contains("  Key:        \(Self.maskedKey) (from CALCOM_API_KEY)"), "\(result)")
        #expect(fake.bookings.count == 1 && fake.bookings.first?.attendees.first?.name == "Ann")
        #expect(fake.requests.last?.headers["authorization"] == "Bearer cal_test_wrong", "the written key wins")
    }

    // MARK: (a) --verbose

    /// The libraries the dynamic loader reports opening, from `LD_DEBUG=files` lines such as
    /// `  4242:\tfile=libcurl.so.4 [0];  dynamically loaded by /…/sched [0]`.
    static func loadedLibraries(_ result: SchedResult) -> [String] {
        result.standardError.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "file=") else { return nil }
            return String(line[start.upperBound...].prefix { $0 != " " })
        }
    }

    @Test func theNetworkLibrariesLoadOnlyWhenCalComIsCalled() async throws {
        let fake = FakeCalCom()
        let url = try await fake.start()
        defer { Task { await fake.stop() } }
        let sandbox = try await Self.loggedIn()
        let local = try await Self.run(sandbox, ["-c", "list today"], url: url, environment: ["LD_DEBUG": "files"])
        #expect(local.exitCode == 0, "\(local)")
        let atStart = Self.loadedLibraries(local)
        #expect(atStart.contains { $0.hasPrefix("libsqlite3") }, "LD_DEBUG gave no list: \(local.standardError)")
        #expect(!atStart.contains { $0.contains("curl") || $0.contains("FoundationNetworking") }, "\(atStart)")

        let remote = try await Self.run(sandbox, ["-c", Self.connect], url: url, environment: ["LD_DEBUG": "files"])
        #expect(remote.exitCode == 0, "\(remote)")
        #expect(Self.loadedLibraries(remote).contains { $0.hasPrefix("libcurl") }, "\(Self.loadedLibraries(remote))")
        #expect(!remote.standardError.contains(Self.key))
    }

    @Test func verboseLogsOneLinePerRequestAndNeverTheKey() async throws {
        let fake = FakeCalCom()
        let url = try await fake.start()
        defer { Task { await fake.stop() } }
        let sandbox = try await Self.loggedIn()
        let pattern = /calcom: (GET|POST|PATCH) (\/v2\/[^ ?]*) → (\d{3}) \(\d+ ms\)/

        for json in [false, true] {
            fake.clearRecording()
            let day = json ? "2099-03-05" : "2099-03-04"
            let script = "\(Self.connect); book \"Ann\" at \(day)T10:00 for 30m; sync pull on \(day)"
            let arguments = (json ? ["--json"] : []) + ["--verbose", "-c", script]
            let result = try await Self.run(sandbox, arguments, url: url)
            #expect(result.exitCode == 0, "\(result)")
            let logged = Self.logLines(result)
            let requests = fake.requests
            #expect(logged.count == requests.count, "one line per request: \(logged) for \(Self.shapes(requests, of: []))")
            for (line, request) in zip(logged, requests) {
                let match = try #require(line.wholeMatch(of: pattern), "not a request line: \(line)")
                #expect(String(match.1) == request.method && String(match.2) == request.path, "\(line) for \(request.path)")
            }
            let statuses = logged.compactMap { $0.wholeMatch(of: pattern).map { String($0.3) } }
            #expect(statuses.count == logged.count)
            #expect(Self.shapes(requests, of: []) == [
                "GET /v2/me", "GET /v2/event-types", "POST /v2/bookings", "GET /v2/bookings",
            ])
            #expect(statuses == ["200", "200", "201", "200"], "\(logged)")
            // Standard error holds the request lines and nothing else; neither stream the key.
            let other = result.standardError.split(separator: "\n").filter { !$0.hasPrefix("calcom: ") }
            #expect(other.isEmpty, "\(result)")
            #expect(!result.standardOutput.contains(Self.key) && !result.standardError.contains(Self.key), "\(result)")
            #expect(!result.standardError.contains("Bearer") && !result.standardError.contains("?"), "\(result)")
        }
    }

    @Test func verboseLogsTheRefusedKeyRequestWithoutTheKey() async throws {
        let fake = FakeCalCom()
        let url = try await fake.start()
        defer { Task { await fake.stop() } }
        let sandbox = try await Self.loggedIn()
        let result = try await Self.run(
            sandbox, ["--verbose", "-c", "calcom connect key \"\(Self.wrongKey)\" event-type 1001"], url: url)
        #expect(result.exitCode == 1, "\(result)")
        #expect(Self.logLines(result).count == 1 && Self.logLines(result).first?.hasPrefix("calcom: GET /v2/me → 401 (") == true,
                "\(result)")
        #expect(!(result.standardOutput + result.standardError).contains(Self.wrongKey), "\(result)")
    }

    // MARK: (b) calcom status --json

    @Test func statusInJSONShowsOnlyTheMaskedKey() async throws {
        let fake = FakeCalCom()
        let url = try await fake.start()
        defer { Task { await fake.stop() } }
        let sandbox = try await Self.loggedIn()
        // A batch run logged in with --user connects.
        let connect = try await Self.run(sandbox, ["--user", Sandbox.user, "-c", Self.connect], url: url,
                                         environment: ["SCHED_PASSWORD": Sandbox.password])
        #expect(connect.exitCode == 0, "\(connect)")
        #expect(connect.outputLines == [Self.connected, "Event type 1001: 30 Min Meeting (30m)"], "\(connect)")

        let status = try await Self.run(sandbox, ["--json", "-c", "calcom status"], url: url)
        #expect(status.exitCode == 0, "\(status)")
        #expect(status.outputLines.count == 1, "\(status)")
        let object = try #require(JSON.object(status.outputLines.first), "\(status)")
        #expect(object["connected"] as? Bool == true)
        #expect(object["key"] as? String == Self.maskedKey, "\(object)")
        #expect(object["key_source"] as? String == "database", "\(object)")
        #expect(object["username"] as? String == "jane" && object["event_type_id"] as? Int == 1001, "\(object)")
        #expect(object["url"] as? String == url.absoluteString, "\(object)")
        #expect(!status.standardOutput.contains(Self.key) && !status.standardError.contains(Self.key), "\(status)")

        // With the key in the environment, only its masked form too.
        let fromEnvironment = try await Self.run(sandbox, ["--json", "-c", "calcom status"], url: url,
                                                 environment: ["CALCOM_API_KEY": Self.wrongKey])
        let environmentObject = try #require(JSON.object(fromEnvironment.outputLines.first), "\(fromEnvironment)")
        #expect(environmentObject["key"] as? String == "cal_…5150", "\(environmentObject)")
        #expect(environmentObject["key_source"] as? String == "environment", "\(environmentObject)")
        #expect(!fromEnvironment.standardOutput.contains(Self.wrongKey), "\(fromEnvironment)")
        #expect(fake.requests.count == 2, "status asks Cal.com nothing: \(Self.shapes(fake.requests, of: []))")
    }

    // MARK: (c) a refused key

    @Test func theErrorOfARefusedKeyNeverContainsTheKey() async throws {
        let fake = FakeCalCom()
        let url = try await fake.start()
        defer { Task { await fake.stop() } }
        let sandbox = try await Self.loggedIn()
        let written = "calcom connect key \"\(Self.wrongKey)\" event-type 1001"
        for arguments in [["-c", written], ["--json", "-c", written],
                          ["-c", "calcom connect event-type 1001"], ["--json", "-c", "calcom connect event-type 1001"]] {
            let result = try await Self.run(sandbox, arguments, url: url, environment: ["CALCOM_API_KEY": Self.wrongKey])
            #expect(result.exitCode == 1, "\(arguments): \(result)")
            if arguments.first == "--json" {
                #expect(result.standardError.hasPrefix(#"{"error":{"message":"Cal.com refused the API key: "#), "\(arguments): \(result)")
                #expect(result.standardError.contains(#""kind":"auth""#), "\(arguments): \(result)")
            } else {
                #expect(result.standardError.contains("error: Cal.com refused the API key: "), "\(arguments): \(result)")
                #expect(result.standardError.contains("[auth]"), "\(arguments): \(result)")
            }
            let everything = result.standardOutput + result.standardError
            #expect(!everything.contains(Self.wrongKey) && !everything.contains("wrong_key"), "\(arguments): \(result)")
        }
        // The refused key was presented, and nothing was saved.
        #expect(fake.requests.count == 4 && fake.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.wrongKey)" })
        let status = try await Self.run(sandbox, ["-c", "calcom status"], url: url)
        #expect(status.outputLines.first == "Cal.com: not connected", "\(status)")
    }

    // MARK: (d) Cal.com down

    @Test func aBookingWhileCalcomIsDownIsKeptAndSentLater() async throws {
        let fake = FakeCalCom()
        let firstURL = try await fake.start()
        let sandbox = try await Self.loggedIn()
        let connect = try await Self.run(sandbox, ["-c", Self.connect], url: firstURL)
        try #require(connect.exitCode == 0, "\(connect)")

        await fake.stop()
        let booked = try await Self.run(sandbox, ["-c", "book \"Ann\" at 2099-03-04T10:00 for 30m"], url: firstURL)
        #expect(booked.exitCode == 0, "\(booked)")
        #expect(booked.standardOutput == "Booked 1: Ann — Wed 4 Mar 2099 10:00–10:30 (30m)\n", "\(booked)")
        let warnings = booked.standardError.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(warnings.count == 1 && warnings.first?.hasPrefix("warning: Cal.com unreachable") == true, "\(booked)")
        #expect(booked.standardError.hasSuffix("queued for Cal.com (see sync status)\n"), "\(booked)")
        #expect(!booked.standardError.contains(Self.key), "\(booked)")

        let queued = try await Self.run(sandbox, ["--json", "-c", "sync status"], url: firstURL)
        let entries = try #require(JSON.object(queued.outputLines.first)?["entries"] as? [[String: Any]], "\(queued)")
        #expect(entries.count == 1 && entries.first?["change"] as? String == "create"
                && entries.first?["state"] as? String == "pending", "\(entries)")

        // Cal.com is back, on a new port (as a rule another one): CALCOM_API_URL overrides the
        // saved address.
        let secondURL = try await fake.start()
        defer { Task { await fake.stop() } }
        let pushed = try await Self.run(sandbox, ["-c", "sync push"], url: secondURL)
        #expect(pushed.exitCode == 0, "\(pushed)")
        #expect(pushed.standardOutput == "Pushed 1 change to Cal.com\n", "\(pushed)")
        #expect(pushed.standardError.isEmpty, "\(pushed)")
        let bookings = fake.bookings
        #expect(bookings.count == 1 && bookings.first?.attendees.first?.name == "Ann", "\(bookings)")
        #expect(bookings.first?.start == (try Self.utc("2099-03-04T10:00")))
        #expect(fake.schemaViolations.isEmpty, "\(fake.schemaViolations)")

        let after = try await Self.run(sandbox, ["--json", "-c", "sync status; show 1"], url: secondURL)
        #expect((JSON.object(after.outputLines.first)?["entries"] as? [Any])?.isEmpty == true, "\(after)")
        #expect(JSON.object(after.outputLines.last)?["calcom_booking_uid"] as? String == bookings.first?.uid, "\(after)")
    }

    // MARK: (e) the prompt

    #if os(Linux)
    @Test func connectingAtThePromptKeepsTheKeyOutOfHistoryAndOutput() async throws {
        let fake = FakeCalCom()
        let url = try await fake.start()
        defer { Task { await fake.stop() } }
        let sandbox = try await Self.loggedIn()
        let prompt = ReplTests.prompt
        let connect = Self.connect
        let refused = "calcom connect key \"\(Self.wrongKey)\" event-type 1001"
        let (answers, history) = try await offPool { () throws -> ([String], String?) in
            let terminal = try ReplTests.start(sandbox, environment: ["CALCOM_API_URL": url.absoluteString])
            defer { terminal.close() }
            var answers: [String] = []
            for line in [refused, connect, "calcom status", "whoami"] {
                try terminal.typeLine(line)
                let shown = try terminal.waitForPrompt(prompt)
                // What sched printed: the screen after the echo of the typed line.
                let echo = try #require(shown.range(of: line + "\n", options: .backwards), "no echo of \(line): \(shown)")
                answers.append(String(shown[echo.upperBound...]))
            }
            try ReplTests.leave(terminal)
            return (answers, ReplTests.history(sandbox))
        }
        #expect(answers[0].contains("error: Cal.com refused the API key: "), "\(answers[0])")
        #expect(answers[0].contains("calcom connect key "), "the line is shown, its key masked: \(answers[0])")
        #expect(answers[1].contains(Self.connected), "\(answers[1])")
        #expect(answers[2].contains("  Key:        \(Self.maskedKey)"), "\(answers[2])")
        #expect(answers[3].contains("admin"), "\(answers[3])")
        for answer in answers {
            #expect(!answer.contains(Self.key) && !answer.contains(Self.wrongKey), "\(answer)")
        }
        let kept = try #require(history, "no history file")
        #expect(!kept.contains(Self.key) && !kept.contains(Self.wrongKey), "\(kept)")
        #expect(kept == "calcom status\nwhoami\n", "\(kept)")
    }
    #endif
}
