import Foundation

extension FakeState {
    // MARK: Me and event types

    /// `MeOutput`.
    func renderMe() -> JSONValue {
        [
            "id": .number(Double(account.id)), "username": .string(account.username),
            "email": .string(account.email), "timeFormat": .number(Double(account.timeFormat)),
            "defaultScheduleId": .number(Double(account.defaultScheduleId)),
            "weekStart": .string(account.weekStart), "timeZone": .string(account.timeZone), "organizationId": .null,
        ]
    }

    /// `GET /v2/event-types?username=`: the account's event types; an empty list without a username,
    /// as Cal.com answered at the commit the OpenAPI document comes from.
    func listEventTypes(_ query: [String: String]) -> JSONValue {
        guard let username = query["username"], username == account.username else { return [] }
        let matching = eventTypes.filter { eventType in query["eventSlug"].map { $0 == eventType.slug } ?? true }
        return .array(matching.map(render))
    }

    /// `PATCH /v2/event-types/{id}`: the booking-rule fields sched sends; others sent are left as
    /// they are. Numbers must be whole and not negative.
    mutating func updateEventType(_ id: String, _ body: JSONValue?) throws(APIError) -> JSONValue {
        guard let number = Int(id), let index = eventTypes.firstIndex(where: { $0.id == number }) else {
            throw .notFound("Event type with id=\(id) not found")
        }
        guard let body, body.objectMembers != nil else { throw .badRequest(CalComMessage.bodyNotObject) }
        var updated = eventTypes[index]
        func whole(_ name: String) throws(APIError) -> Int? {
            guard let value = body[name] else { return nil }
            guard let number = value.numberValue, number >= 0, number == number.rounded() else {
                throw .badRequest("\(name) must be a number conforming to the specified constraints")
            }
            return Int(number)
        }
        updated.beforeEventBuffer = try whole("beforeEventBuffer") ?? updated.beforeEventBuffer
        updated.afterEventBuffer = try whole("afterEventBuffer") ?? updated.afterEventBuffer
        updated.minimumBookingNotice = try whole("minimumBookingNotice") ?? updated.minimumBookingNotice
        updated.slotInterval = try whole("slotInterval") ?? updated.slotInterval
        if let limits = body["bookingLimitsCount"] { updated.bookingLimitsCount = limits }
        if let window = body["bookingWindow"] { updated.bookingWindow = window }
        eventTypes[index] = updated
        return render(updated)
    }

    /// The main fields of `EventTypeOutput_2024_06_14`.
    private func render(_ eventType: FakeCalCom.EventType) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .number(Double(eventType.id))), ("lengthInMinutes", .number(Double(eventType.lengthInMinutes))),
        ]
        if !eventType.lengthInMinutesOptions.isEmpty {
            members.append(
                ("lengthInMinutesOptions", .array(eventType.lengthInMinutesOptions.map { .number(Double($0)) })))
        }
        let descriptive: [(key: String, value: JSONValue)] = [
            ("title", .string(eventType.title)), ("slug", .string(eventType.slug)), ("description", .string("")),
            (
                "locations",
                .array([.object([("type", .string("integration")), ("integration", .string("cal-video"))])])
            ),
            ("bookingFields", .array([])), ("disableGuests", .bool(false)),
        ]
        let timing: [(key: String, value: JSONValue)] = [
            ("slotInterval", .null), ("minimumBookingNotice", .number(120)), ("beforeEventBuffer", .number(0)),
            ("afterEventBuffer", .number(0)), ("recurrence", .null), ("metadata", .object([])),
        ]
        let booking: [(key: String, value: JSONValue)] = [
            ("price", .number(0)), ("currency", .string("usd")), ("lockTimeZoneToggleOnBookingPage", .bool(false)),
            ("seatsPerTimeSlot", .null), ("forwardParamsSuccessRedirect", .null), ("successRedirectUrl", .null),
            ("isInstantEvent", .bool(false)), ("scheduleId", .null), ("hidden", .bool(eventType.hidden)),
            ("bookingRequiresAuthentication", .bool(false)),
        ]
        let owner: JSONValue = .object([
            ("id", .number(Double(account.id))), ("name", .string(account.name)),
            ("username", .string(account.username)),
        ])
        members += descriptive + timing + booking
        members += [("ownerId", .number(Double(account.id))), ("users", .array([owner]))]
        if eventType.requiresConfirmation { members.append(("confirmationPolicy", ["type": "always"])) }
        return .object(members)
    }

    // MARK: Schedules

    /// `ScheduleOutput_2024_06_11`.
    func render(_ schedule: FakeCalCom.Schedule) -> JSONValue {
        [
            "id": .number(Double(schedule.id)), "ownerId": .number(Double(schedule.ownerId)),
            "name": .string(schedule.name), "timeZone": .string(schedule.timeZone),
            "availability": .array(
                schedule.availability.map { row in
                    [
                        "days": .array(row.days.map(JSONValue.string)), "startTime": .string(row.startTime),
                        "endTime": .string(row.endTime),
                    ]
                }),
            "isDefault": .bool(schedule.isDefault),
            "overrides": .array(
                schedule.overrides.map { row in
                    ["date": .string(row.date), "startTime": .string(row.startTime), "endTime": .string(row.endTime)]
                }),
        ]
    }

    /// `PATCH /v2/schedules/{id}`: sent `availability` replaces every weekly row, sent `overrides`
    /// replaces every override, fields left out stay as they were.
    mutating func updateSchedule(_ id: String, _ body: JSONValue?) throws(APIError) -> JSONValue {
        guard Int(id) == schedule.id else { throw .notFound(CalComMessage.scheduleNotFound(id: id)) }
        guard let body, body.objectMembers != nil else { throw .badRequest(CalComMessage.bodyNotObject) }
        var updated = schedule
        if let name = body["name"] {
            guard let text = name.stringValue else { throw .badRequest("name must be a string") }
            updated.name = text
        }
        if let zone = body["timeZone"] {
            guard let text = zone.stringValue, TimeZone(identifier: text) != nil else {
                throw .badRequest("timeZone must be a valid IANA time zone")
            }
            updated.timeZone = text
        }
        if let isDefault = body["isDefault"] {
            guard let flag = isDefault.boolValue else { throw .badRequest("isDefault must be a boolean value") }
            updated.isDefault = flag
        }
        if let rows = body["availability"] {
            guard let rows = rows.arrayValue else { throw .badRequest("availability must be an array") }
            updated.availability = try rows.map(Self.availabilityRow)
        }
        if let rows = body["overrides"] {
            guard let rows = rows.arrayValue else { throw .badRequest("overrides must be an array") }
            updated.overrides = try rows.map(Self.overrideRow)
        }
        schedule = updated
        return render(schedule)
    }

    private static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    private static func availabilityRow(_ row: JSONValue) throws(APIError) -> FakeCalCom.Schedule.Availability {
        guard let days = row["days"]?.arrayValue?.compactMap(\.stringValue), days.allSatisfy(weekdays.contains) else {
            throw .badRequest("availability.days must be an array of weekday names, e.g. Monday")
        }
        let (start, end) = try hours(row, in: "availability")
        return .init(days: days, startTime: start, endTime: end)
    }

    private static func overrideRow(_ row: JSONValue) throws(APIError) -> FakeCalCom.Schedule.Override {
        guard let date = row["date"]?.stringValue, Day(date) != nil else {
            throw .badRequest("overrides.date must be a date in the format YYYY-MM-DD")
        }
        let (start, end) = try hours(row, in: "overrides")
        return .init(date: date, startTime: start, endTime: end)
    }

    private static func hours(_ row: JSONValue, in field: String) throws(APIError) -> (String, String) {
        guard let start = row["startTime"]?.stringValue, minutesOfDay(start) != nil,
            let end = row["endTime"]?.stringValue, minutesOfDay(end) != nil
        else {
            throw .badRequest("\(field).startTime and \(field).endTime must be times in the format HH:MM")
        }
        return (start, end)
    }

    // MARK: Slots

    /// `GET /v2/slots`: free starts of the event type within [start, end], keyed by date in `timeZone`.
    func slots(_ query: [String: String]) throws(APIError) -> JSONValue {
        let zoneName = query["timeZone"] ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else {
            throw .badRequest("timeZone must be a valid IANA time zone")
        }
        guard let start = query["start"].flatMap({ Timestamps.parseDateOrDateTime($0, in: zone) }) else {
            throw .badRequest("start must be a valid ISO 8601 date string")
        }
        guard let end = query["end"].flatMap({ Timestamps.parseDateOrDateTime($0, in: zone) }) else {
            throw .badRequest("end must be a valid ISO 8601 date string")
        }
        let rangeEnd = end.isDateOnly ? end.date.addingTimeInterval(86_399) : end.date
        let eventType = try slotEventType(query)
        let minutes = query["duration"].flatMap(Int.init).flatMap {
            eventType.lengthInMinutesOptions.contains($0) ? $0 : nil
        }
        let length = Double((minutes ?? eventType.lengthInMinutes) * 60)
        let ignoredUid = query["bookingUidToReschedule"]
        let earliest = settings.now
        var starts: [Date] = []
        for window in windows(from: start.date, to: rangeEnd) {
            var slot = window.start
            while slot.addingTimeInterval(length) <= window.end {
                let slotEnd = slot.addingTimeInterval(length)
                let busy = bookings.contains { booking in
                    booking.uid != ignoredUid && (booking.status == .accepted || booking.status == .pending)
                        && booking.start < slotEnd && slot < booking.end
                }
                if slot >= start.date, slot <= rangeEnd, !busy, earliest.map({ slot >= $0 }) ?? true {
                    starts.append(slot)
                }
                slot = slotEnd
            }
        }
        var byDay: [(key: String, value: JSONValue)] = []
        for slot in Set(starts).sorted() {
            let key = Day(of: slot, in: zone).description
            var item: [(key: String, value: JSONValue)] = [("start", .string(Timestamps.format(slot, in: zone)))]
            if query["format"] == "range" {
                item.append(("end", .string(Timestamps.format(slot.addingTimeInterval(length), in: zone))))
            }
            if let last = byDay.indices.last, byDay[last].key == key, case .array(let items) = byDay[last].value {
                byDay[last].value = .array(items + [.object(item)])
            } else {
                byDay.append((key, [.object(item)]))
            }
        }
        return .object(byDay)
    }

    private func slotEventType(_ query: [String: String]) throws(APIError) -> FakeCalCom.EventType {
        if let text = query["eventTypeId"] {
            guard let id = Int(text), let eventType = eventTypes.first(where: { $0.id == id }) else {
                throw .notFound(CalComMessage.eventTypeNotFound(id: text))
            }
            return eventType
        }
        if let slug = query["eventTypeSlug"], query["username"] == account.username,
            let eventType = eventTypes.first(where: { $0.slug == slug })
        {
            return eventType
        }
        throw .badRequest(CalComMessage.eventTypeNotIdentified)
    }

    /// The schedule's open intervals overlapping [from, to]: each date's overrides if it has any,
    /// else the weekly rows for its weekday.
    func windows(from: Date, to: Date) -> [(start: Date, end: Date)] {
        guard let zone = TimeZone(identifier: schedule.timeZone) else { return [] }
        var day = Day(of: from.addingTimeInterval(-86_400), in: zone)
        let lastDay = Day(of: to, in: zone)
        var result: [(start: Date, end: Date)] = []
        while day <= lastDay {
            let overrides = schedule.overrides.filter { $0.date == day.description }
            let rows: [(String, String)] =
                overrides.isEmpty
                ? schedule.availability.filter { $0.days.contains(day.weekdayName) }.map { ($0.startTime, $0.endTime) }
                : overrides.map { ($0.startTime, $0.endTime) }
            for (startTime, endTime) in rows {
                guard let open = minutesOfDay(startTime), let close = minutesOfDay(endTime), open < close else {
                    continue
                }
                let start = day.at(minutes: open, in: zone)
                let end = close == 24 * 60 ? day.next.start(in: zone) : day.at(minutes: close, in: zone)
                if start < to, end > from { result.append((start, end)) }
            }
            day = day.next
        }
        return result.sorted { $0.start < $1.start }
    }

    /// Whether [start, end] lies inside one open interval of the schedule.
    func isWithinSchedule(from start: Date, to end: Date) -> Bool {
        windows(from: start, to: end).contains { $0.start <= start && end <= $0.end }
    }
}
