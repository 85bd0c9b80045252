import Foundation
import Testing
@testable import CalCom
import SchedCore

/// The JSON object `value` encodes to.
private func object(_ value: some Encodable) throws -> [String: Any] {
    let data = CalComRequest.json(value)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

@Suite struct RequestBodyTests {
    @Test func aBookingIsCreatedInUTCWithTheAppointmentIDInItsMetadata() throws {
        let body = try object(CreateBookingInput_2024_08_13(sampleRequest))
        #expect(Set(body.keys) == ["start", "eventTypeId", "attendee", "metadata"])
        #expect(body["start"] as? String == "2025-11-03T14:00:00Z")
        #expect(body["eventTypeId"] as? Int == 123456)
        #expect(body["attendee"] as? [String: String]
            == ["name": "Ada Lovelace", "email": "ada@example.com", "timeZone": "Europe/London"])
        #expect(body["metadata"] as? [String: String] == ["schedAppointmentId": "7f3a1c2e-0b4d-4e5f-8a9b-0c1d2e3f4a5b"])
    }

    @Test func aLengthIsSentOnlyWhenAsked() throws {
        var request = sampleRequest
        request.lengthInMinutes = 60
        let body = try object(CreateBookingInput_2024_08_13(request))
        #expect(body["lengthInMinutes"] as? Int == 60)
    }

    @Test func aStartWithFractionalSecondsIsSentInWholeSeconds() throws {
        var request = sampleRequest
        request.start = date("2025-11-03T14:00:00Z").addingTimeInterval(0.25)
        #expect(try object(CreateBookingInput_2024_08_13(request))["start"] as? String == "2025-11-03T14:00:00Z")
    }

    @Test func rescheduleAndCancelBodiesUseTheSchemaNames() throws {
        let reschedule = try object(RescheduleBookingInput_2024_08_13(start: "2025-11-04T15:00:00Z",
                                                                      reschedulingReason: "Conflict moved"))
        #expect(reschedule as? [String: String] == ["start": "2025-11-04T15:00:00Z", "reschedulingReason": "Conflict moved"])
        let withoutReason = try object(RescheduleBookingInput_2024_08_13(start: "2025-11-04T15:00:00Z"))
        #expect(Set(withoutReason.keys) == ["start"])
        let cancel = try object(CancelBookingInput_2024_08_13(cancellationReason: "No longer needed"))
        #expect(cancel as? [String: String] == ["cancellationReason": "No longer needed"])
    }

    @Test func aScheduleUpdateReplacesZoneRowsAndOverrides() throws {
        let content = RemoteScheduleContent(
            timeZone: "Europe/Rome",
            weekly: [.init(days: ["Monday", "Wednesday"], startTime: "10:00", endTime: "16:00")],
            overrides: [.init(date: "2025-12-24", startTime: "09:00", endTime: "12:00")])
        let body = try object(UpdateScheduleInput_2024_06_11(content))
        #expect(Set(body.keys) == ["timeZone", "availability", "overrides"])
        #expect(body["timeZone"] as? String == "Europe/Rome")
        let row = try #require((body["availability"] as? [[String: Any]])?.first)
        #expect(row["days"] as? [String] == ["Monday", "Wednesday"])
        #expect(row["startTime"] as? String == "10:00")
        #expect(row["endTime"] as? String == "16:00")
        let override = try #require((body["overrides"] as? [[String: String]])?.first)
        #expect(override == ["date": "2025-12-24", "startTime": "09:00", "endTime": "12:00"])
    }

    @Test func anEmptyScheduleStillSendsEmptyListsSoOldRowsGo() throws {
        let body = try object(UpdateScheduleInput_2024_06_11(RemoteScheduleContent(timeZone: "UTC", weekly: [], overrides: [])))
        #expect((body["availability"] as? [Any])?.isEmpty == true)
        #expect((body["overrides"] as? [Any])?.isEmpty == true)
    }
}

@Suite struct ReplyDecodingTests {
    private func decode<Payload: Decodable>(_ type: Payload.Type, _ text: String) throws -> Payload {
        try CalComDate.decoder().decode(SuccessEnvelope<Payload>.self, from: Data(text.utf8)).data
    }

    @Test func aBookingReplyBecomesARemoteBooking() throws {
        let metadata = #"{"schedAppointmentId": "7f3a1c2e-0b4d-4e5f-8a9b-0c1d2e3f4a5b", "count": 3}"#
        let output = try decode(BookingOutput_2024_08_13.self, success(bookingJSON(metadata: metadata)))
        let booking = try output.remoteBooking()
        #expect(booking == RemoteBooking(
            id: 987654, uid: "bK2xPq7ZrT3nYc9wLm4sQe", status: .accepted, start: date("2025-11-03T14:00:00Z"),
            end: date("2025-11-03T14:30:00Z"), title: "30 Min Meeting between Jane Host and Ada Lovelace",
            attendeeName: "Ada Lovelace", attendeeEmail: "ada@example.com", appointmentID: sampleRequest.appointmentID))
        #expect(output.metadata == ["schedAppointmentId": "7f3a1c2e-0b4d-4e5f-8a9b-0c1d2e3f4a5b"])
    }

    @Test func aMinimalBookingIsReadToo() throws {
        let text = success(#"{"id": 1, "uid": "u1", "status": "cancelled", "start": "2025-11-03T14:00:00Z", "#
            + #""end": "2025-11-03T15:00:00Z", "rescheduledToUid": "u2", "cancellationReason": "moved", "#
            + #""metadata": null, "attendees": "unexpected"}"#)
        let booking = try decode(BookingOutput_2024_08_13.self, text).remoteBooking()
        #expect(booking.status == .cancelled)
        #expect(booking.rescheduledToUID == "u2")
        #expect(booking.cancellationReason == "moved")
        #expect(booking.attendeeName == nil)
        #expect(booking.appointmentID == nil)
        #expect(booking.durationMinutes == 60)
    }

    @Test func anUnknownStatusIsAnInvalidReply() throws {
        let output = try decode(BookingOutput_2024_08_13.self, success(bookingJSON(status: "ACCEPTED")))
        #expect(throws: RemoteCalendarError.self) { try output.remoteBooking() }
    }

    @Test func aBookingReplyMayBeAListOfOccurrences() throws {
        let text = success("[" + bookingJSON(uid: "a") + "," + bookingJSON(uid: "b") + "]")
        #expect(try decode(OneOrMany<BookingOutput_2024_08_13>.self, text).items.map(\.uid) == ["a", "b"])
        #expect(try decode(OneOrMany<BookingOutput_2024_08_13>.self, success(bookingJSON(uid: "c"))).items.map(\.uid) == ["c"])
    }

    @Test func aPageOfBookingsCarriesItsPagination() throws {
        let text = #"{"status": "success", "data": ["# + bookingJSON() + #"], "pagination": {"totalItems": 1, "#
            + #""remainingItems": 0, "returnedItems": 1, "itemsPerPage": 100, "currentPage": 1, "totalPages": 1, "#
            + #""hasNextPage": false, "hasPreviousPage": false}}"#
        let page = try CalComDate.decoder().decode(GetBookingsOutput_2024_08_13.self, from: Data(text.utf8))
        #expect(page.data.count == 1)
        #expect(page.pagination == PaginationMetaDto(returnedItems: 1, hasNextPage: false))
        #expect(CalComClient.page(after: .skip(0), page) == nil)
    }

    @Test func offsetPagingAdvancesByWhatCameBackAndCursorPagingFollowsTheCursor() throws {
        let more = #"{"status": "success", "data": ["# + bookingJSON() + #"], "pagination": {"hasNextPage": true}}"#
        let page = try CalComDate.decoder().decode(GetBookingsOutput_2024_08_13.self, from: Data(more.utf8))
        #expect(CalComClient.page(after: .skip(100), page) == .skip(101))
        let cursor = #"{"status": "success", "data": [], "pagination": {"nextCursor": "c2", "hasMore": true}}"#
        let cursorPage = try CalComDate.decoder().decode(GetBookingsOutput_2024_08_13.self, from: Data(cursor.utf8))
        #expect(CalComClient.page(after: .skip(0), cursorPage) == .cursor("c2"))
        let last = #"{"status": "success", "data": [], "pagination": {"nextCursor": "c3", "hasMore": false}}"#
        let lastPage = try CalComDate.decoder().decode(GetBookingsOutput_2024_08_13.self, from: Data(last.utf8))
        #expect(CalComClient.page(after: .cursor("c2"), lastPage) == nil)
    }

    @Test func slotsAreReadAsObjectsOrStringsWithOffsets() throws {
        let text = success(#"{"2025-11-04": [{"start": "2025-11-04T09:00:00.000+01:00"}], "#
            + #""2025-11-03": [{"start": "2025-11-03T09:00:00.000+00:00", "end": "2025-11-03T09:30:00.000+00:00"}, "#
            + #""2025-11-03T09:30:00.000Z"]}"#)
        let slots = try decode(SlotsOutput_2024_09_04.self, text)
        #expect(slots.starts == [date("2025-11-03T09:00:00Z"), date("2025-11-03T09:30:00Z"), date("2025-11-04T08:00:00Z")])
        #expect(try decode(SlotsOutput_2024_09_04.self, success("{}")).starts.isEmpty)
    }

    @Test func theAccountAndEventTypesAreRead() throws {
        let me = success(#"{"id": 42, "username": "jane", "email": "jane@example.com", "timeFormat": 24, "#
            + #""defaultScheduleId": 254, "weekStart": "Monday", "timeZone": "Europe/Rome", "organizationId": null}"#)
        #expect(try decode(MeOutput.self, me).account
            == RemoteAccount(id: 42, username: "jane", email: "jane@example.com", timeZone: "Europe/Rome", defaultScheduleID: 254))
        let types = success(#"[{"id": 123456, "slug": "30min", "title": "30 Min Meeting", "description": "", "#
            + #""lengthInMinutes": 30, "lengthInMinutesOptions": [15, 30, 60], "hidden": false, "scheduleId": null, "#
            + #""ownerId": 42, "locations": [{"type": "integration", "integration": "cal-video"}]}]"#)
        #expect(try decode([EventTypeOutput_2024_06_14].self, types).map(\.eventType)
            == [RemoteEventType(id: 123456, slug: "30min", title: "30 Min Meeting", lengthInMinutes: 30, lengthOptions: [15, 30, 60])])
    }

    @Test func aScheduleIsRead() throws {
        let text = success(#"{"id": 254, "ownerId": 478, "name": "Working hours", "timeZone": "Europe/Rome", "#
            + #""availability": [{"days": ["Monday", "Tuesday"], "startTime": "09:00", "endTime": "17:00"}], "#
            + #""isDefault": true, "overrides": [{"date": "2025-12-24", "startTime": "09:00", "endTime": "12:00"}]}"#)
        #expect(try decode(ScheduleOutput_2024_06_11.self, text).schedule == RemoteSchedule(
            id: 254, name: "Working hours", content: RemoteScheduleContent(
                timeZone: "Europe/Rome",
                weekly: [.init(days: ["Monday", "Tuesday"], startTime: "09:00", endTime: "17:00")],
                overrides: [.init(date: "2025-12-24", startTime: "09:00", endTime: "12:00")])))
    }

    @Test func errorMessagesAreFoundInEitherShape() {
        let envelope = #"{"status": "error", "timestamp": "2025-07-31T12:42:07.061Z", "path": "/v2/slots", "#
            + #""error": {"code": "BadRequestException", "message": "property username should not exist", "#
            + #""details": {"message": "x", "error": "Bad Request", "statusCode": 400}}}"#
        #expect(ErrorOutput.message(in: Data(envelope.utf8)) == "property username should not exist")
        let bare = #"{"statusCode": 500, "message": "Internal server error"}"#
        #expect(ErrorOutput.message(in: Data(bare.utf8)) == "Internal server error")
        let list = #"{"statusCode": 400, "message": ["start must be a date", "attendee is required"]}"#
        #expect(ErrorOutput.message(in: Data(list.utf8)) == "start must be a date; attendee is required")
        let codeOnly = #"{"status": "error", "error": {"code": "ThrottlerException"}}"#
        #expect(ErrorOutput.message(in: Data(codeOnly.utf8)) == "ThrottlerException")
        #expect(ErrorOutput.message(in: Data("<html>Bad Gateway</html>".utf8)) == nil)
        #expect(ErrorOutput.message(in: Data()) == nil)
    }

    @Test func datesAreReadWithOrWithoutFractionsAndOffsets() {
        #expect(CalComDate.date("2025-11-03T14:00:00.000Z") == CalComDate.date("2025-11-03T14:00:00Z"))
        #expect(CalComDate.date("2025-11-03T09:00:00.000+01:00") == CalComDate.date("2025-11-03T08:00:00Z"))
        #expect(CalComDate.date("2025-11-03") == nil)
        #expect(CalComDate.string(date("2025-11-03T09:00:00.000+01:00")) == "2025-11-03T08:00:00Z")
    }
}
