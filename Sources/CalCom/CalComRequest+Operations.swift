import Foundation

/// The operations sched uses, one request description each.
extension CalComRequest {
    /// Which page of `GET /v2/bookings` to read: by offset, or by the cursor the previous page
    /// gave on servers that page that way.
    enum Page: Sendable, Equatable {
        case skip(Int)
        case cursor(String)
    }

    /// Bookings per page of `GET /v2/bookings`.
    static let pageSize = 100

    /// `GET /v2/me`; served under every version, so none is sent.
    static let me = CalComRequest(method: .get, path: "/me")

    /// `GET /v2/event-types?username=…`; without a username older servers answer `[]`.
    static func eventTypes(username: String) -> CalComRequest {
        CalComRequest(method: .get, path: "/event-types", query: [URLQueryItem(name: "username", value: username)],
                      version: .eventTypes)
    }

    /// `POST /v2/bookings`.
    static func createBooking(_ input: CreateBookingInput_2024_08_13) -> CalComRequest {
        CalComRequest(method: .post, path: "/bookings", version: .bookings, body: json(input))
    }

    /// `GET /v2/bookings/{uid}`.
    static func booking(uid: String) -> CalComRequest {
        CalComRequest(method: .get, path: "/bookings/\(escaped(uid))", version: .bookings)
    }

    /// `GET /v2/bookings?afterStart=…&beforeEnd=…&take=100` and the page to read.
    static func bookings(afterStart: Date, beforeEnd: Date, page: Page) -> CalComRequest {
        var query = [
            URLQueryItem(name: "afterStart", value: CalComDate.string(afterStart)),
            URLQueryItem(name: "beforeEnd", value: CalComDate.string(beforeEnd)),
            URLQueryItem(name: "take", value: String(pageSize)),
        ]
        switch page {
        case .skip(let skip): query.append(URLQueryItem(name: "skip", value: String(skip)))
        case .cursor(let cursor): query.append(URLQueryItem(name: "cursor", value: cursor))
        }
        return CalComRequest(method: .get, path: "/bookings", query: query, version: .bookings)
    }

    /// `POST /v2/bookings/{uid}/reschedule`.
    static func reschedule(uid: String, _ input: RescheduleBookingInput_2024_08_13) -> CalComRequest {
        CalComRequest(method: .post, path: "/bookings/\(escaped(uid))/reschedule", version: .bookings,
                      body: json(input))
    }

    /// `POST /v2/bookings/{uid}/cancel`.
    static func cancel(uid: String, _ input: CancelBookingInput_2024_08_13) -> CalComRequest {
        CalComRequest(method: .post, path: "/bookings/\(escaped(uid))/cancel", version: .bookings,
                      body: json(input))
    }

    /// `GET /v2/slots?eventTypeId=…&start=…&end=…&timeZone=…[&duration=…]`.
    static func slots(eventTypeID: Int, start: Date, end: Date, timeZone: String, duration: Int?) -> CalComRequest {
        var query = [
            URLQueryItem(name: "eventTypeId", value: String(eventTypeID)),
            URLQueryItem(name: "start", value: CalComDate.string(start)),
            URLQueryItem(name: "end", value: CalComDate.string(end)),
            URLQueryItem(name: "timeZone", value: timeZone),
        ]
        if let duration {
            query.append(URLQueryItem(name: "duration", value: String(duration)))
        }
        return CalComRequest(method: .get, path: "/slots", query: query, version: .slots)
    }

    /// `PATCH /v2/event-types/{id}`.
    static func updateEventType(id: Int, _ input: UpdateEventTypeRulesInput_2024_06_14) -> CalComRequest {
        CalComRequest(method: .patch, path: "/event-types/\(id)", version: .eventTypes, body: json(input))
    }

    /// `GET /v2/schedules/default`.
    static let defaultSchedule = CalComRequest(method: .get, path: "/schedules/default", version: .schedules)

    /// `PATCH /v2/schedules/{id}`.
    static func updateSchedule(id: Int, _ input: UpdateScheduleInput_2024_06_11) -> CalComRequest {
        CalComRequest(method: .patch, path: "/schedules/\(id)", version: .schedules, body: json(input))
    }
}
