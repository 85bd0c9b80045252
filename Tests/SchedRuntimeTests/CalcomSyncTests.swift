import CalComFake
import Foundation
import SchedCore
import SchedRuntime
import Testing

/// Sync with Cal.com through the real parts: statements run as script text on a SQLite file,
/// the real client, and the loopback fake standing in for Cal.com.
@Suite struct CalcomSyncTests {
    // MARK: Connecting

    @Test func connectingChecksTheKeyWithMeAndTheEventTypeAmongTheUsersOwn() async throws {
        let fixture = try await CalcomFixture.make()
        let outcome = try await fixture.connect()

        let me = fixture.requests("GET", "/v2/me")
        #expect(me.count == 1)
        #expect(me.first?.headers["authorization"] == "Bearer \(CalcomFixture.apiKey)")
        #expect(me.first?.headers["cal-api-version"] == nil)
        let eventTypes = fixture.requests("GET", "/v2/event-types")
        #expect(eventTypes.count == 1)
        #expect(eventTypes.first?.query["username"] == "jane")
        #expect(eventTypes.first?.headers["cal-api-version"] == "2024-06-14")
        #expect(eventTypes.first?.headers["authorization"] == "Bearer \(CalcomFixture.apiKey)")

        #expect(outcome.out.contains("Connected to Cal.com as jane (jane@example.com), key \(CalcomFixture.maskedKey)"))
        #expect(outcome.out.contains("Event type 1001: 30 Min Meeting"))
        let connection = try #require(try fixture.syncStatus().connection)
        #expect(connection.eventType.id == 1001)
        #expect(connection.account.username == "jane")
        #expect(connection.apiKey == CalcomFixture.apiKey)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aWrongKeyIsRefusedAndNothingIsSaved() async throws {
        let fixture = try await CalcomFixture.make()
        let wrongKey = "cal_live_wrong-made-up-key-7a1b"
        let outcome = try await fixture.run(
            "calcom connect key \"\(wrongKey)\" event-type 1001 url \"\(fixture.baseURL.absoluteString)\"")

        #expect(outcome.status == .failed)
        #expect(outcome.err.contains("error: Cal.com refused the API key"))
        #expect(outcome.err.contains("[auth]"))
        #expect(!fixture.everything.contains(wrongKey))
        #expect(try fixture.syncStatus().connection == nil)
        #expect(fixture.requests("GET", "/v2/event-types").isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func anUnknownEventTypeIsNotFoundAndNothingIsSaved() async throws {
        let fixture = try await CalcomFixture.make()
        let outcome = try await fixture.run(
            "calcom connect key \"\(CalcomFixture.apiKey)\" event-type 999 url \"\(fixture.baseURL.absoluteString)\"")

        #expect(outcome.status == .failed)
        #expect(outcome.err.contains("error: Event type 999 not found on Cal.com for jane [notfound]"))
        #expect(try fixture.syncStatus().connection == nil)
        let status = try await fixture.run("calcom status")
        #expect(status.out.contains("Cal.com: not connected"))
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func theKeyIsShownOnlyMaskedInOutputJSONErrorsAndTheRequestLog() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        let status = try await fixture.expectSuccess("calcom status")
        #expect(status.out.contains("Key:"))
        #expect(status.out.contains(CalcomFixture.maskedKey))
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        fixture.fake.enqueue(.serverError, for: FaultTarget(method: "POST", path: "/v2/bookings"), times: 3)
        let failing = try await fixture.run("book \"Bob\" at 2030-03-04T11:00 for 30m")
        #expect(failing.err.contains("warning:"))
        let json = try await fixture.expectSuccess("set output json\ncalcom status\nsync status")
        let reply = try #require(jsonLines(json.out).first)
        #expect(reply["key"] as? String == CalcomFixture.maskedKey)
        #expect(reply["connected"] as? Bool == true)

        #expect(!fixture.requestLog.standardOutput.isEmpty)
        #expect(fixture.requestLog.standardOutput.contains("calcom: POST /v2/bookings → 201"))
        #expect(!fixture.everything.contains(CalcomFixture.apiKey))
        #expect(!fixture.everything.contains(String(CalcomFixture.apiKey.dropFirst(9))))
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func connectingQueuesTheBookedAppointmentsFromNowOnAndPushesThem() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.expectSuccess("""
            book "Ann" at 2030-03-04T10:00 for 30m email "ann@example.com"
            book "Bob" at 2030-03-05T11:00 for 30m
            book "Cid" at 2030-03-06T12:00 for 30m
            cancel 3
            """)
        #expect(fixture.fake.requests.isEmpty)

        let outcome = try await fixture.connect()

        #expect(outcome.out.contains("2 appointments queued for Cal.com"))
        let creates = fixture.requests("POST", "/v2/bookings")
        #expect(creates.count == 2)
        let ann = try #require(try fixture.appointment(1))
        let bob = try #require(try fixture.appointment(2))
        #expect(fixture.liveBookings.map { $0.metadata["schedAppointmentId"] } == [metadataID(ann), metadataID(bob)])
        #expect(fixture.liveBookings.map(\.start) == [ann.start, bob.start])
        #expect(ann.calcomBookingUID == fixture.liveBookings.first?.uid)
        #expect(bob.calcomBookingUID == fixture.liveBookings.last?.uid)
        #expect(try fixture.appointment(3)?.calcomBookingUID == nil)
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    // MARK: Pushing

    @Test func aBookingIsOnePostWithTheStartInUTCTheAttendeeAndTheAppointmentID() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        fixture.fake.clearRecording()

        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m email \"ann@example.com\"")

        #expect(fixture.fake.requests.count == 1)
        let post = try #require(fixture.requests("POST", "/v2/bookings").first)
        #expect(post.headers["cal-api-version"] == "2024-08-13")
        #expect(post.headers["authorization"] == "Bearer \(CalcomFixture.apiKey)")
        let body = try #require(post.json)
        #expect(body["start"]?.stringValue == "2030-03-04T09:00:00Z")
        #expect(body["eventTypeId"]?.intValue == 1001)
        #expect(body["lengthInMinutes"] == nil)
        #expect(body["attendee"]?["name"]?.stringValue == "Ann")
        #expect(body["attendee"]?["email"]?.stringValue == "ann@example.com")
        #expect(body["attendee"]?["timeZone"]?.stringValue == "Europe/Berlin")
        let ann = try #require(try fixture.appointment(1))
        #expect(body["metadata"]?["schedAppointmentId"]?.stringValue == metadataID(ann))

        let booking = try #require(fixture.fake.bookings.first)
        #expect(fixture.fake.bookings.count == 1)
        #expect(ann.calcomBookingUID == booking.uid)
        #expect(booking.start == berlin("2030-03-04T10:00"))
        let shown = try await fixture.expectSuccess("show 1\nlet a = show 1\nprint $a.calcom")
        #expect(shown.out.contains("cal.com"))
        #expect(shown.out.contains(booking.uid))
        #expect(shown.out.split(separator: "\n").last.map(String.init) == booking.uid)
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aBookingWithoutAnEmailUsesTheAccountsEmail() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()

        try await fixture.expectSuccess("book \"Bob\" at 2030-03-04T11:00 for 30m")

        let post = try #require(fixture.requests("POST", "/v2/bookings").first)
        #expect(post.json?["attendee"]?["email"]?.stringValue == "jane@example.com")
        #expect(fixture.fake.bookings.first?.attendees.first?.email == "jane@example.com")
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aRescheduleMovesTheBookingAndStoresTheNewUID() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        let oldUID = try #require(try fixture.appointment(1)?.calcomBookingUID)
        fixture.fake.clearRecording()

        let moved = try await fixture.expectSuccess("let a = reschedule 1 to 2030-03-05T14:30\nprint $a.calcom")

        #expect(fixture.writes.count == 1)
        let post = try #require(fixture.requests("POST", "/v2/bookings/\(oldUID)/reschedule").first)
        #expect(post.headers["cal-api-version"] == "2024-08-13")
        #expect(post.json?["start"]?.stringValue == "2030-03-05T13:30:00Z")
        let old = try #require(fixture.fake.booking(uid: oldUID))
        #expect(old.status == .cancelled)
        let newUID = try #require(old.rescheduledToUid)
        #expect(newUID != oldUID)
        #expect(try fixture.appointment(1)?.calcomBookingUID == newUID)
        #expect(moved.out.split(separator: "\n").last.map(String.init) == newUID)
        let booking = try #require(fixture.fake.booking(uid: newUID))
        #expect(booking.status == .accepted)
        #expect(booking.start == berlin("2030-03-05T14:30"))
        #expect(booking.rescheduledFromUid == oldUID)
        #expect(fixture.liveBookings.count == 1)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aCancelSendsTheReasonAndCancelsTheCurrentBooking() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("""
            book "Ann" at 2030-03-04T10:00 for 30m
            reschedule 1 to 2030-03-04T15:00
            """)
        let uid = try #require(try fixture.appointment(1)?.calcomBookingUID)
        fixture.fake.clearRecording()

        try await fixture.expectSuccess("cancel 1")

        #expect(fixture.writes.count == 1)
        let post = try #require(fixture.requests("POST", "/v2/bookings/\(uid)/cancel").first)
        #expect(post.headers["cal-api-version"] == "2024-08-13")
        let reason = try #require(post.json?["cancellationReason"]?.stringValue)
        #expect(!reason.isEmpty)
        #expect(fixture.fake.booking(uid: uid)?.status == .cancelled)
        #expect(fixture.fake.booking(uid: uid)?.cancellationReason == reason)
        #expect(fixture.liveBookings.isEmpty)
        #expect(try fixture.appointment(1)?.status == .cancelled)
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aChangeOfNoteNameOrEmailAloneSendsNothing() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        fixture.fake.clearRecording()

        try await fixture.expectSuccess("""
            update 1 note "bring the forms"
            update 1 name "Ann Lee" email "ann@example.com"
            """)

        #expect(fixture.fake.requests.isEmpty)
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(try fixture.appointment(1)?.note == "bring the forms")
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func anUpdateOfTheTimeIsSentAsAReschedule() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        let oldUID = try #require(try fixture.appointment(1)?.calcomBookingUID)
        fixture.fake.clearRecording()

        try await fixture.expectSuccess("update 1 at 2030-03-04T16:00")

        #expect(fixture.writes.map(\.path) == ["/v2/bookings/\(oldUID)/reschedule"])
        let newUID = try #require(fixture.fake.booking(uid: oldUID)?.rescheduledToUid)
        #expect(try fixture.appointment(1)?.calcomBookingUID == newUID)
        #expect(fixture.fake.booking(uid: newUID)?.start == berlin("2030-03-04T16:00"))
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aChangeOfLengthOnAnEventTypeWithSeveralLengthsIsACancelAndANewBooking() async throws {
        let fixture = try await CalcomFixture.make()
        fixture.fake.addEventType(Self.flexible)
        try await fixture.expectSuccess(
            "calcom connect key \"\(CalcomFixture.apiKey)\" event-type 2002 url \"\(fixture.baseURL.absoluteString)\"")
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        #expect(fixture.requests("POST", "/v2/bookings").first?.json?["lengthInMinutes"]?.intValue == 30)
        let oldUID = try #require(try fixture.appointment(1)?.calcomBookingUID)
        fixture.fake.clearRecording()

        try await fixture.expectSuccess("reschedule 1 to 2030-03-04T14:00 for 1h")

        #expect(fixture.writes.map(\.path) == ["/v2/bookings/\(oldUID)/cancel", "/v2/bookings"])
        #expect(fixture.requests("POST", "/v2/bookings").first?.json?["lengthInMinutes"]?.intValue == 60)
        let live = try #require(fixture.liveBookings.first)
        #expect(fixture.liveBookings.count == 1)
        #expect(live.duration == 60)
        #expect(live.start == berlin("2030-03-04T14:00"))
        #expect(try fixture.appointment(1)?.calcomBookingUID == live.uid)
        try expectInStep(fixture)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    /// An event type offering 15, 30 and 60 minutes.
    static let flexible = FakeCalCom.EventType(
        id: 2002, slug: "flexible", title: "Flexible Meeting", lengthInMinutes: 30, lengthInMinutesOptions: [15, 30, 60])

    @Test func anAtomicRunSendsItsChangesOnlyOnceItHasCommitted() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        fixture.runner.options.atomic = true
        fixture.fake.clearRecording()

        let failed = try await fixture.run("""
            book "Ann" at 2030-03-04T10:00 for 30m
            book "Bob" at 2030-03-04T10:15 for 30m
            """)
        #expect(failed.status == .failed)
        #expect(fixture.fake.requests.isEmpty)
        #expect(try fixture.appointments().isEmpty)
        #expect(try fixture.syncStatus().entries.isEmpty)

        try await fixture.expectSuccess("""
            book "Ann" at 2030-03-04T10:00 for 30m
            book "Bob" at 2030-03-04T11:00 for 30m
            """)
        #expect(fixture.requests("POST", "/v2/bookings").count == 2)
        try expectInStep(fixture)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    // MARK: The outbox

    @Test func aBookingMadeWhileCalcomIsDownIsKeptQueuedAndSentLater() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        await fixture.fake.stop()

        let booked = try await fixture.run("book \"Ann\" at 2030-03-04T10:00 for 30m")

        #expect(booked.succeeded)
        #expect(booked.out.contains("Booked 1: Ann"))
        let warnings = booked.err.split(separator: "\n")
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("warning: Cal.com unreachable") == true)
        #expect(warnings.first?.hasSuffix("1 change queued for Cal.com (see sync status)") == true)
        let entry = try #require(try fixture.syncStatus().entries.first)
        #expect(entry.change == .create)
        #expect(entry.state == .pending)
        #expect(entry.attempts == 1)
        #expect(entry.lastError?.hasPrefix("Cal.com unreachable") == true)
        let status = try await fixture.expectSuccess("sync status")
        #expect(status.out.contains("Outbox: 1 pending, 0 failed; 0 conflicts"))
        #expect(status.out.contains("create    appointment 1"))
        #expect(status.out.contains("pending, 1 attempt, next "))
        #expect(status.out.contains("Cal.com unreachable"))

        // Back on another port: CALCOM_API_URL points there.
        let restarted = try await fixture.fake.start()
        fixture.interpreter.scheduler.calcom.environment.baseURL = restarted.absoluteString

        // Before the next attempt is due, a statement does not try again.
        let early = try await fixture.run("book \"Bob\" at 2030-03-04T11:00 for 30m")
        #expect(early.succeeded)
        #expect(early.err.contains("warning: Cal.com sync is waiting after an error"))
        #expect(fixture.fake.bookings.isEmpty)

        fixture.advance(seconds: 60)
        let later = try await fixture.run("book \"Cid\" at 2030-03-04T12:00 for 30m")
        #expect(later.succeeded)
        #expect(later.err.isEmpty)
        let appointments = try fixture.appointments()
        #expect(fixture.liveBookings.map { $0.metadata["schedAppointmentId"] } == appointments.map(metadataID))
        #expect(appointments.map(\.calcomBookingUID) == fixture.liveBookings.map(\.uid))
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aBookingBoundToAVariableWarnsOnceWhenThePushFails() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        await fixture.fake.stop()

        let booked = try await fixture.run("let a = book \"Ann\" at 2030-03-04T10:00 for 30m")

        #expect(booked.succeeded)
        let warnings = booked.err.split(separator: "\n")
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.hasPrefix("warning: Cal.com unreachable") == true)
        #expect(try fixture.syncStatus().entries.count == 1)
        await fixture.stop()
    }

    @Test func syncPushSendsQueuedChangesAtOnce() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        fixture.fake.enqueue(.serverError, for: FaultTarget(method: "POST", path: "/v2/bookings"), times: 3)
        let booked = try await fixture.run("book \"Ann\" at 2030-03-04T10:00 for 30m")
        #expect(booked.succeeded)
        #expect(booked.err.contains("warning: Cal.com unreachable: Cal.com answered 500"))
        #expect(fixture.fake.bookings.isEmpty)

        let pushed = try await fixture.expectSuccess("sync push")

        #expect(pushed.out.contains("Pushed 1 change to Cal.com"))
        let ann = try #require(try fixture.appointment(1))
        #expect(fixture.liveBookings.map(\.uid) == [ann.calcomBookingUID])
        #expect(fixture.liveBookings.first?.metadata["schedAppointmentId"] == metadataID(ann))
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func changesQueuedWhileDownAreSentInTheOrderTheyWereMade() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        fixture.fake.randomFailures(rate: 1, seed: 7, kinds: [.serverError])

        try await fixture.expectSuccess("""
            book "Ann" at 2030-03-04T10:00 for 30m
            reschedule 1 to 2030-03-04T13:00
            reschedule 1 to 2030-03-04T15:00
            """)
        #expect(fixture.fake.bookings.isEmpty)
        #expect(try fixture.syncStatus().entries.map(\.change) == [.create, .reschedule, .reschedule])
        fixture.fake.stopRandomFailures()
        fixture.fake.clearRecording()

        try await fixture.expectSuccess("sync push")

        let bookings = fixture.fake.bookings
        #expect(bookings.count == 3)
        let uids = bookings.map(\.uid)
        #expect(fixture.writes.map(\.path) == [
            "/v2/bookings", "/v2/bookings/\(uids[0])/reschedule", "/v2/bookings/\(uids[1])/reschedule",
        ])
        #expect(bookings.map(\.start) == [berlin("2030-03-04T10:00"), berlin("2030-03-04T13:00"),
                                          berlin("2030-03-04T15:00")])
        #expect(bookings.map(\.status) == [.cancelled, .cancelled, .accepted])
        #expect(bookings.dropLast().map(\.rescheduledToUid) == uids.dropFirst().map { $0 })
        #expect(try fixture.appointment(1)?.calcomBookingUID == uids.last)
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func anAppointmentCancelledWhileItsBookingWasFailingIsNeverBooked() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        fixture.fake.randomFailures(rate: 1, seed: 7, kinds: [.serverError])

        try await fixture.expectSuccess("""
            book "Ann" at 2030-03-04T10:00 for 30m
            reschedule 1 to 2030-03-04T13:00
            cancel 1
            """)
        #expect(try fixture.syncStatus().entries.map(\.change) == [.create, .reschedule, .cancel])
        fixture.fake.stopRandomFailures()
        fixture.fake.clearRecording()

        try await fixture.expectSuccess("sync push")

        // The create may have reached Cal.com before, so it is looked up; nothing is sent.
        #expect(fixture.writes.isEmpty)
        #expect(!fixture.requests("GET", "/v2/bookings").isEmpty)
        #expect(fixture.fake.bookings.isEmpty)
        #expect(try fixture.appointment(1)?.calcomBookingUID == nil)
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aBookingCancelledBeforeItWasEverSentSendsNothing() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        await fixture.fake.stop()
        try await fixture.expectSuccess("""
            book "Ann" at 2030-03-04T10:00 for 30m
            cancel 1
            """)
        let restarted = try await fixture.fake.start()
        fixture.interpreter.scheduler.calcom.environment.baseURL = restarted.absoluteString

        try await fixture.expectSuccess("sync push")

        #expect(fixture.liveBookings.isEmpty)
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    // MARK: Pulling

    @Test func pullImportsEveryPageAndASecondPullChangesNothing() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        let seeded = (0..<130).map { index in
            fixture.fake.seedBooking(
                start: berlin("2030-03-04T08:00").addingTimeInterval(Double(index) * 3600),
                attendee: .init(name: "Guest \(index)", email: "guest\(index)@example.com", timeZone: "Europe/Rome"))
        }
        fixture.fake.clearRecording()

        let first = try await fixture.expectSuccess("sync pull")

        #expect(first.out.contains("Pulled 130 bookings from Cal.com: 130 imported, 0 moved, 0 cancelled, 0 conflicts"))
        let pages = fixture.requests("GET", "/v2/bookings")
        #expect(pages.count >= 2)
        #expect(pages.map { $0.query["skip"] } == ["0", "100"])
        #expect(pages.allSatisfy { $0.query["take"] == "100" })
        let imported = try fixture.appointments()
        #expect(imported.count == 130)
        #expect(imported.map(\.calcomBookingUID) == seeded.map(\.uid))
        #expect(imported.map(\.start) == seeded.map(\.start))
        #expect(imported.first?.customerName == "Guest 0")
        #expect(imported.first?.email == "guest0@example.com")
        let before = try fixture.appointments()

        let second = try await fixture.expectSuccess("set output json\nsync pull")

        let report = try #require(jsonLines(second.out).first)
        #expect(report["read"] as? Int == 130)
        #expect(report["imported"] as? Int == 0)
        #expect(report["moved"] as? Int == 0)
        #expect(report["cancelled"] as? Int == 0)
        #expect(try fixture.appointments() == before)
        #expect(fixture.writes.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func pullReadsEveryPageByCursorWhenTheServerGivesOne() async throws {
        let fixture = try await CalcomFixture.make(settings: FakeCalCom.Settings(usesCursorPaging: true))
        try await fixture.connect()
        for index in 0..<230 {
            fixture.fake.seedBooking(start: berlin("2030-03-04T08:00").addingTimeInterval(Double(index) * 3600))
        }
        fixture.fake.clearRecording()

        let pulled = try await fixture.expectSuccess("sync pull")

        #expect(pulled.out.contains("230 imported"))
        #expect(try fixture.appointments().count == 230)
        let pages = fixture.requests("GET", "/v2/bookings")
        #expect(pages.count == 3)
        #expect(pages.first?.query["cursor"] == nil)
        #expect(pages.dropFirst().allSatisfy { $0.query["cursor"] != nil })
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aRemoteBookingOverlappingALocalOneIsAConflictNotAnImport() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        let remote = fixture.fake.seedBooking(
            start: berlin("2030-03-04T10:15"),
            attendee: .init(name: "Walk In", email: "walkin@example.com", timeZone: "Europe/Rome"))

        let pulled = try await fixture.expectSuccess("sync pull")

        #expect(pulled.out.contains("0 imported, 0 moved, 0 cancelled, 1 conflict"))
        #expect(try fixture.appointments().count == 1)
        let status = try await fixture.expectSuccess("sync status")
        #expect(status.out.contains("Conflicts: 1"))
        #expect(status.out.contains("Walk In"))
        #expect(status.out.contains("overlaps appointment 1 (Cal.com booking \(remote.uid))"))
        let json = try await fixture.expectSuccess("set output json\nsync status")
        let conflicts = try #require(jsonLines(json.out).first?["conflicts"] as? [[String: Any]])
        #expect(conflicts.count == 1)
        #expect(conflicts.first?["calcom_booking_uid"] as? String == remote.uid)
        #expect(conflicts.first?["appointment_number"] as? Int == 1)
        #expect(conflicts.first?["reason"] as? String == "overlaps appointment 1")

        // Pulling again keeps one conflict, not two.
        try await fixture.expectSuccess("sync pull")
        #expect(try fixture.syncStatus().conflicts.count == 1)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aRescheduleMadeOnCalcomMovesTheAppointment() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 30m")
        let uid = try #require(try fixture.appointment(1)?.calcomBookingUID)
        let first = try #require(fixture.fake.rescheduleRemotely(uid: uid, to: berlin("2030-03-05T09:00")))
        let second = try #require(fixture.fake.rescheduleRemotely(uid: first.uid, to: berlin("2030-03-06T16:00")))

        let pulled = try await fixture.expectSuccess("sync pull")

        #expect(pulled.out.contains("0 imported, 1 moved, 0 cancelled, 0 conflicts"))
        let ann = try #require(try fixture.appointment(1))
        #expect(ann.start == berlin("2030-03-06T16:00"))
        #expect(ann.calcomBookingUID == second.uid)
        #expect(ann.status == .booked)
        #expect(try fixture.appointments().count == 1)
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aCancellationMadeOnCalcomCancelsTheAppointment() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("""
            book "Ann" at 2030-03-04T10:00 for 30m
            book "Bob" at 2030-03-04T11:00 for 30m
            """)
        let uid = try #require(try fixture.appointment(1)?.calcomBookingUID)
        fixture.fake.cancelRemotely(uid: uid, reason: "Cannot make it")
        fixture.fake.clearRecording()

        let pulled = try await fixture.expectSuccess("sync pull")

        #expect(pulled.out.contains("0 imported, 0 moved, 1 cancelled, 0 conflicts"))
        #expect(try fixture.appointment(1)?.status == .cancelled)
        #expect(try fixture.appointment(2)?.status == .booked)
        #expect(fixture.writes.isEmpty)
        #expect(try fixture.syncStatus().entries.isEmpty)
        let again = try await fixture.expectSuccess("sync pull")
        #expect(again.out.contains("0 imported, 0 moved, 0 cancelled, 0 conflicts"))
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func pullKeepsTheLengthOfAnAppointmentOnAnEventTypeWithOneLength() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("book \"Ann\" at 2030-03-04T10:00 for 45m")
        #expect(fixture.liveBookings.first?.duration == 30)
        let before = try fixture.appointments()

        let pulled = try await fixture.expectSuccess("sync pull")

        #expect(pulled.out.contains("0 imported, 0 moved, 0 cancelled, 0 conflicts"))
        #expect(try fixture.appointments() == before)
        #expect(try fixture.appointment(1)?.durationMinutes == 45)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func aBookingImportedFromCalcomAndMovedHereIsRescheduledThere() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        let remote = fixture.fake.seedBooking(start: berlin("2030-03-04T10:00"))
        try await fixture.expectSuccess("sync pull")
        #expect(try fixture.appointment(1)?.calcomBookingUID == remote.uid)
        fixture.fake.clearRecording()

        try await fixture.expectSuccess("reschedule 1 to 2030-03-05T11:00")

        #expect(fixture.writes.map(\.path) == ["/v2/bookings/\(remote.uid)/reschedule"])
        let newUID = try #require(fixture.fake.booking(uid: remote.uid)?.rescheduledToUid)
        #expect(try fixture.appointment(1)?.calcomBookingUID == newUID)
        #expect(fixture.fake.booking(uid: newUID)?.start == berlin("2030-03-05T11:00"))
        #expect(fixture.liveBookings.count == 1)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    // MARK: Availability

    @Test func workingHoursAndOverridesReplaceTheDefaultSchedule() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("""
            available mon-fri 09:00-12:00, 13:00-17:00
            unavailable 2030-12-25
            available 2030-12-24 09:00-12:00
            """)
        fixture.fake.clearRecording()

        let outcome = try await fixture.expectSuccess("sync availability")

        #expect(fixture.fake.requests.map { "\($0.method) \($0.path)" }
            == ["GET /v2/schedules/default", "PATCH /v2/schedules/254", "PATCH /v2/event-types/1001"])
        let patch = try #require(fixture.requests("PATCH", "/v2/schedules/254").first)
        #expect(patch.headers["cal-api-version"] == "2024-06-11")
        let body = try #require(patch.json)
        #expect(body["timeZone"]?.stringValue == "Europe/Berlin")
        let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
        let rows = try #require(body["availability"]?.arrayValue)
        #expect(rows.map { $0["days"]?.arrayValue?.compactMap(\.stringValue) } == [weekdays, weekdays])
        #expect(rows.map { $0["startTime"]?.stringValue } == ["09:00", "13:00"])
        #expect(rows.map { $0["endTime"]?.stringValue } == ["12:00", "17:00"])
        let overrides = try #require(body["overrides"]?.arrayValue)
        #expect(overrides.map { $0["date"]?.stringValue } == ["2030-12-24", "2030-12-25"])
        #expect(overrides.map { $0["startTime"]?.stringValue } == ["09:00", "00:00"])
        #expect(overrides.map { $0["endTime"]?.stringValue } == ["12:00", "00:00"])

        let schedule = fixture.fake.schedule
        #expect(schedule.timeZone == "Europe/Berlin")
        #expect(schedule.availability == [
            .init(days: weekdays, startTime: "09:00", endTime: "12:00"),
            .init(days: weekdays, startTime: "13:00", endTime: "17:00"),
        ])
        #expect(schedule.overrides == [
            .init(date: "2030-12-24", startTime: "09:00", endTime: "12:00"),
            .init(date: "2030-12-25", startTime: "00:00", endTime: "00:00"),
        ])
        #expect(outcome.out.contains("Working hours sent to Cal.com schedule 254"))
        #expect(outcome.out.contains("2 weekly rows, 2 overrides"))
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func theBookingRulesGoToTheEventTypeAndWhatDiffersIsSaid() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        try await fixture.expectSuccess("""
            set buffer before 10m
            set buffer after 5m
            set minimum notice 2h
            set limit 6 per day
            set booking window 60 days
            """)
        fixture.fake.clearRecording()

        let outcome = try await fixture.expectSuccess("sync availability")

        let patch = try #require(fixture.requests("PATCH", "/v2/event-types/1001").first)
        #expect(patch.headers["cal-api-version"] == "2024-06-14")
        let body = try #require(patch.json)
        #expect(body["beforeEventBuffer"]?.numberValue == 10)
        #expect(body["afterEventBuffer"]?.numberValue == 5)
        #expect(body["minimumBookingNotice"]?.numberValue == 120)
        #expect(body["slotInterval"]?.numberValue == 30, "no interval set: the event type's length")
        #expect(body["bookingLimitsCount"]?["day"]?.numberValue == 6)
        #expect(body["bookingLimitsCount"]?["week"] == nil)
        #expect(body["bookingWindow"]?["type"]?.stringValue == "calendarDays")
        #expect(body["bookingWindow"]?["value"]?.numberValue == 60)
        #expect(body["bookingWindow"]?["rolling"]?.boolValue == true)
        let eventType = try #require(fixture.fake.eventTypes.first { $0.id == 1001 })
        #expect(eventType.beforeEventBuffer == 10 && eventType.afterEventBuffer == 5 && eventType.minimumBookingNotice == 120)
        #expect(outcome.out.contains("Booking rules sent to event type 1001: buffers 10m before, 5m after; notice 2h;"
            + " slot interval 30m; per day 6, per week no limit; window 60 days"), "\(outcome.out)")
        #expect(outcome.out.contains("note: Cal.com counts the limits per event type"), "\(outcome.out)")
        #expect(fixture.fake.schemaViolations.isEmpty, "\(fixture.fake.schemaViolations)")

        // Turned off, a limit and the window go as disabled, which resets them there.
        try await fixture.expectSuccess("set limit none per day\nset booking window none")
        fixture.fake.clearRecording()
        try await fixture.expectSuccess("sync availability")
        let off = try #require(fixture.requests("PATCH", "/v2/event-types/1001").first?.json)
        #expect(off["bookingLimitsCount"]?["disabled"]?.boolValue == true)
        #expect(off["bookingWindow"]?["disabled"]?.boolValue == true)
        #expect(fixture.fake.schemaViolations.isEmpty, "\(fixture.fake.schemaViolations)")
        await fixture.stop()
    }
}

/// Each line of JSON output parsed as an object.
func jsonLines(_ text: String) -> [[String: Any]] {
    text.split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
}
