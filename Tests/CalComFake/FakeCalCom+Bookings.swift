import Foundation

/// An HTTP error an endpoint answers with.
struct APIError: Error {
    var status: Int
    var message: String

    static func badRequest(_ message: String) -> APIError { APIError(status: 400, message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: 404, message: message) }
}

extension FakeCalCom {
    /// Adds a booking as if it had been made on Cal.com itself (by someone using the booking page).
    @discardableResult
    public func seedBooking(
        start: Date, lengthInMinutes: Int? = nil,
        attendee: Attendee = Attendee(name: "Remote Guest", email: "guest@example.com", timeZone: "Europe/Rome"),
        eventTypeId: Int = EventType.thirtyMinutes.id, status: BookingStatus = .accepted,
        metadata: [String: String] = [:]
    ) -> Booking {
        state.withLock { state in
            let eventType =
                state.eventTypes.first { $0.id == eventTypeId }
                ?? EventType(id: eventTypeId, slug: "event-\(eventTypeId)", title: "Meeting", lengthInMinutes: 30)
            var booking = state.makeBooking(
                eventType: eventType, start: start, minutes: lengthInMinutes ?? eventType.lengthInMinutes,
                attendee: attendee, guests: [], metadata: metadata, location: nil, extraResponses: [])
            booking.status = status
            state.bookings.append(booking)
            return booking
        }
    }

    /// Cancels a booking as if its host or attendee had done it on Cal.com; nil when there is no such booking.
    @discardableResult
    public func cancelRemotely(uid: String, reason: String? = nil) -> Booking? {
        state.withLock { state in
            guard let index = state.bookings.firstIndex(where: { $0.uid == uid }) else { return nil }
            state.bookings[index].status = .cancelled
            state.bookings[index].cancellationReason = reason
            state.bookings[index].updatedAt = state.now
            return state.bookings[index]
        }
    }

    /// Reschedules a booking as if it had been done on Cal.com: returns the new booking, whose
    /// `rescheduledFromUid` is `uid`; nil when there is no such booking.
    @discardableResult
    public func rescheduleRemotely(uid: String, to start: Date, reason: String? = nil) -> Booking? {
        state.withLock { state in
            try? state.reschedule(uid: uid, to: start, reason: reason, by: nil)
        }
    }
}

extension FakeState {
    /// Answers a request for `endpoint`, which has passed routing and authentication.
    mutating func perform(_ endpoint: Endpoint, _ incoming: Incoming) -> Reply {
        do throws(APIError) {
            switch endpoint {
            case .me: return .success(renderMe())
            case .eventTypes: return .success(listEventTypes(incoming.query))
            case .createBooking: return .success(try createBooking(incoming.json), status: 201)
            case .listBookings: return try listBookings(incoming.query)
            case .booking(let uid): return .success(render(try existingBooking(uid)))
            case .reschedule(let uid): return .success(try rescheduleBooking(uid, incoming.json), status: 201)
            case .cancel(let uid): return .success(try cancelBooking(uid, incoming.json))
            case .slots: return .success(try slots(incoming.query))
            case .defaultSchedule: return .success(render(schedule))
            case .updateSchedule(let id): return .success(try updateSchedule(id, incoming.json))
            case .updateEventType(let id): return .success(try updateEventType(id, incoming.json))
            }
        } catch {
            return .error(error.status, error.message, path: incoming.target, now: now)
        }
    }

    // MARK: Create

    /// `POST /v2/bookings`, `CreateBookingInput_2024_08_13`.
    mutating func createBooking(_ body: JSONValue?) throws(APIError) -> JSONValue {
        guard let body, body.objectMembers != nil else { throw .badRequest(CalComMessage.bodyNotObject) }
        let start = try utcStart(body["start"])
        let attendee = try readAttendee(body["attendee"])
        let eventType = try bookedEventType(body)
        let minutes = try bookedLength(body["lengthInMinutes"], of: eventType)
        let metadata = try readMetadata(body["metadata"])
        let guests = (body["guests"]?.arrayValue ?? []).compactMap(\.stringValue)
        let end = start.addingTimeInterval(Double(minutes * 60))
        try ensureFree(from: start, to: end, ignoring: nil)
        let extra = (body["bookingFieldsResponses"]?.objectMembers ?? [])
        var booking = makeBooking(
            eventType: eventType, start: start, minutes: minutes, attendee: attendee, guests: guests,
            metadata: metadata, location: body["location"], extraResponses: extra)
        if eventType.requiresConfirmation { booking.status = .pending }
        bookings.append(booking)
        return render(booking)
    }

    func utcStart(_ value: JSONValue?) throws(APIError) -> Date {
        guard let text = value?.stringValue else { throw .badRequest("start must be a valid ISO 8601 date string") }
        guard let start = Timestamps.parseUTC(text) else {
            throw .badRequest(CalComMessage.startNotUTC)
        }
        return start
    }

    private func readAttendee(_ value: JSONValue?) throws(APIError) -> FakeCalCom.Attendee {
        guard let value, value.objectMembers != nil else { throw .badRequest("attendee must be an object") }
        guard let name = value["name"]?.stringValue, !name.isEmpty else {
            throw .badRequest("attendee.name must be a string")
        }
        guard let zone = value["timeZone"]?.stringValue, TimeZone(identifier: zone) != nil else {
            throw .badRequest("attendee.timeZone must be a valid IANA time zone")
        }
        let email = value["email"]?.stringValue
        let phone = value["phoneNumber"]?.stringValue
        if let email, !email.contains("@") { throw .badRequest("attendee.email must be an email") }
        if email == nil, phone == nil { throw .badRequest("attendee.email must be an email") }
        return FakeCalCom.Attendee(
            name: name, email: email, timeZone: zone, language: value["language"]?.stringValue ?? "en",
            phoneNumber: phone)
    }

    private func bookedEventType(_ body: JSONValue) throws(APIError) -> FakeCalCom.EventType {
        if let id = body["eventTypeId"]?.intValue {
            guard let eventType = eventTypes.first(where: { $0.id == id }) else {
                throw .notFound(CalComMessage.eventTypeNotFound(id: String(id)))
            }
            return eventType
        }
        if let slug = body["eventTypeSlug"]?.stringValue, let username = body["username"]?.stringValue {
            guard username == account.username, let eventType = eventTypes.first(where: { $0.slug == slug }) else {
                throw .notFound(CalComMessage.eventTypeNotFound(slug: slug, username: username))
            }
            return eventType
        }
        throw .badRequest(CalComMessage.eventTypeNotIdentified)
    }

    private func bookedLength(_ value: JSONValue?, of eventType: FakeCalCom.EventType) throws(APIError) -> Int {
        guard let value else { return eventType.lengthInMinutes }
        guard let minutes = value.intValue, minutes >= 1 else {
            throw .badRequest("lengthInMinutes must be an integer number not less than 1")
        }
        guard !eventType.lengthInMinutesOptions.isEmpty else {
            throw .badRequest(CalComMessage.lengthNotOffered)
        }
        guard eventType.lengthInMinutesOptions.contains(minutes) else {
            throw .badRequest(CalComMessage.lengthNotAmongOptions(eventType.lengthInMinutesOptions))
        }
        return minutes
    }

    private func readMetadata(_ value: JSONValue?) throws(APIError) -> [String: String] {
        guard let value else { return [:] }
        let rule = CalComMessage.metadataLimits
        guard let members = value.objectMembers, members.count <= 50 else { throw .badRequest(rule) }
        var metadata: [String: String] = [:]
        for (key, member) in members {
            guard key.count <= 40, let text = member.stringValue, text.count <= 500 else { throw .badRequest(rule) }
            metadata[key] = text
        }
        return metadata
    }

    /// Refuses a time that overlaps an accepted or pending booking, or, when asked, lies outside the schedule.
    func ensureFree(from start: Date, to end: Date, ignoring uid: String?) throws(APIError) {
        let clash = bookings.contains { booking in
            booking.uid != uid && (booking.status == .accepted || booking.status == .pending)
                && booking.start < end && start < booking.end
        }
        let outside = settings.checksAvailability && !isWithinSchedule(from: start, to: end)
        if clash || outside {
            throw .badRequest(CalComMessage.slotTaken)
        }
    }

    mutating func makeBooking(
        eventType: FakeCalCom.EventType, start: Date, minutes: Int, attendee: FakeCalCom.Attendee, guests: [String],
        metadata: [String: String], location: JSONValue?, extraResponses: [(key: String, value: JSONValue)]
    ) -> FakeCalCom.Booking {
        let uid = makeUid()
        var responses: [(key: String, value: JSONValue)] = [("name", .string(attendee.name))]
        if let email = attendee.email { responses.append(("email", .string(email))) }
        if !guests.isEmpty { responses.append(("guests", .array(guests.map(JSONValue.string)))) }
        responses += extraResponses.filter { extra in !responses.contains { $0.key == extra.key } }
        return FakeCalCom.Booking(
            id: makeBookingId(), uid: uid, title: "\(eventType.title) between \(account.name) and \(attendee.name)",
            description: "", status: .accepted, start: start, end: start.addingTimeInterval(Double(minutes * 60)),
            eventTypeId: eventType.id, eventTypeSlug: eventType.slug, location: Self.locationText(location, uid: uid),
            attendees: [attendee], guests: guests, metadata: metadata, bookingFieldsResponses: .object(responses),
            createdAt: now, updatedAt: now)
    }

    /// The free-text `location` Cal.com stores for a requested location (Cal Video when none is given).
    private static func locationText(_ location: JSONValue?, uid: String) -> String {
        switch location?["type"]?.stringValue {
        case "address": location?["address"]?.stringValue ?? ""
        case "link": location?["link"]?.stringValue ?? ""
        case "phone": location?["phone"]?.stringValue ?? ""
        case "attendeeAddress": location?["address"]?.stringValue ?? ""
        case "attendeePhone": location?["phone"]?.stringValue ?? ""
        case "attendeeDefined": location?["location"]?.stringValue ?? ""
        case "integration" where location?["integration"]?.stringValue != "cal-video":
            "integrations:\(location?["integration"]?.stringValue ?? "")"
        default: "https://app.cal.com/video/\(uid)"
        }
    }

    // MARK: Read, reschedule, cancel

    func existingBooking(_ uid: String) throws(APIError) -> FakeCalCom.Booking {
        guard let booking = bookings.first(where: { $0.uid == uid }) else {
            throw .notFound(CalComMessage.bookingNotFound(uid: uid))
        }
        return booking
    }

    /// `POST /v2/bookings/{uid}/reschedule`, `RescheduleBookingInput_2024_08_13`.
    private mutating func rescheduleBooking(_ uid: String, _ body: JSONValue?) throws(APIError) -> JSONValue {
        let start = try utcStart(body?["start"])
        let booking = try reschedule(
            uid: uid, to: start, reason: body?["reschedulingReason"]?.stringValue,
            by: body?["rescheduledBy"]?.stringValue)
        return render(booking)
    }

    /// Makes a new booking at `start` from booking `uid`, which becomes cancelled and points at it.
    mutating func reschedule(uid: String, to start: Date, reason: String?, by email: String?) throws(APIError)
        -> FakeCalCom.Booking
    {
        let old = try existingBooking(uid)
        guard old.status != .cancelled, old.status != .rejected else {
            throw .badRequest(CalComMessage.cannotReschedule(uid: uid))
        }
        let end = start.addingTimeInterval(Double(old.duration * 60))
        try ensureFree(from: start, to: end, ignoring: uid)
        var new = old
        new.id = makeBookingId()
        new.uid = makeUid()
        new.start = start
        new.end = end
        new.createdAt = now
        new.updatedAt = now
        new.reschedulingReason = reason
        new.rescheduledByEmail = email
        new.rescheduledFromUid = uid
        new.rescheduledToUid = nil
        if new.location.hasPrefix("https://app.cal.com/video/") {
            new.location = "https://app.cal.com/video/\(new.uid)"
        }
        if let index = bookings.firstIndex(where: { $0.uid == uid }) {
            bookings[index].status = .cancelled
            bookings[index].rescheduledToUid = new.uid
            bookings[index].updatedAt = now
        }
        bookings.append(new)
        return new
    }

    /// `POST /v2/bookings/{uid}/cancel`, `CancelBookingInput_2024_08_13`.
    private mutating func cancelBooking(_ uid: String, _ body: JSONValue?) throws(APIError) -> JSONValue {
        let booking = try existingBooking(uid)
        guard booking.status != .cancelled, booking.status != .rejected else {
            throw .badRequest(CalComMessage.alreadyCancelled)
        }
        guard let index = bookings.firstIndex(where: { $0.uid == uid }) else {
            throw .notFound(CalComMessage.bookingNotFound(uid: uid))
        }
        bookings[index].status = .cancelled
        bookings[index].cancellationReason = body?["cancellationReason"]?.stringValue
        bookings[index].cancelledByEmail = account.email
        bookings[index].updatedAt = now
        return render(bookings[index])
    }

    // MARK: Output

    /// `BookingOutput_2024_08_13`.
    func render(_ booking: FakeCalCom.Booking) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .number(Double(booking.id))), ("uid", .string(booking.uid)), ("title", .string(booking.title)),
            ("description", .string(booking.description)),
            (
                "hosts",
                [
                    [
                        "id": .number(Double(account.id)), "name": .string(account.name),
                        "email": .string(account.email),
                        "username": .string(account.username), "timeZone": .string(account.timeZone),
                    ]
                ]
            ),
            ("status", .string(booking.status.rawValue)),
        ]
        let optionals: [(String, String?)] = [
            ("cancellationReason", booking.cancellationReason), ("cancelledByEmail", booking.cancelledByEmail),
            ("reschedulingReason", booking.reschedulingReason), ("rescheduledByEmail", booking.rescheduledByEmail),
            ("rescheduledFromUid", booking.rescheduledFromUid), ("rescheduledToUid", booking.rescheduledToUid),
        ]
        members += optionals.compactMap { key, value in value.map { (key, JSONValue.string($0)) } }
        members += [
            ("start", .string(Timestamps.format(booking.start))), ("end", .string(Timestamps.format(booking.end))),
            ("duration", .number(Double(booking.duration))), ("eventTypeId", .number(Double(booking.eventTypeId))),
            ("eventType", ["id": .number(Double(booking.eventTypeId)), "slug": .string(booking.eventTypeSlug)]),
            ("location", .string(booking.location)), ("absentHost", false),
            ("createdAt", .string(Timestamps.format(booking.createdAt))),
            ("updatedAt", .string(Timestamps.format(booking.updatedAt))),
            ("metadata", .object(booking.metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("attendees", .array(booking.attendees.map(render))),
        ]
        if !booking.guests.isEmpty { members.append(("guests", .array(booking.guests.map(JSONValue.string)))) }
        members.append(("bookingFieldsResponses", booking.bookingFieldsResponses))
        return .object(members)
    }

    private func render(_ attendee: FakeCalCom.Attendee) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("name", .string(attendee.name))]
        if let email = attendee.email { members.append(("email", .string(email))) }
        members += [
            ("timeZone", .string(attendee.timeZone)), ("language", .string(attendee.language)),
            ("absent", .bool(attendee.absent)),
        ]
        if let phone = attendee.phoneNumber { members.append(("phoneNumber", .string(phone))) }
        return .object(members)
    }
}
