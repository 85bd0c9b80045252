import Foundation

/// A request as the handlers see it: already read, parsed and recorded.
struct Incoming: Sendable {
    var method: String
    var path: String
    /// The path and query as sent, which Cal.com echoes in error envelopes.
    var target: String
    var query: [String: String]
    var headers: [String: String]
    var body: Data
    var json: JSONValue?

    /// A request from its method, its target as sent (`/v2/bookings?status=upcoming`), its header
    /// fields in order and its body.
    init(method: String, target: String, headers: [(name: String, value: String)], body: Data) {
        var fields: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            fields[key] = fields[key].map { "\($0), \(value)" } ?? value
        }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.method = method.uppercased()
        self.path = parts.first.map(String.init) ?? ""
        self.target = target
        self.query = parts.count > 1 ? FakeCalCom.queryItems(String(parts[1])) : [:]
        self.headers = fields
        self.body = body
        self.json = body.isEmpty ? nil : JSONValue(parsing: body)
    }
}

/// A response before it becomes HTTP.
struct Reply: Sendable {
    var status: Int
    var body: JSONValue
    var headers: [String: String] = [:]

    static func success(_ data: JSONValue, status: Int = 200) -> Reply {
        Reply(status: status, body: ["status": "success", "data": data])
    }

    /// Cal.com's error envelope for an `HttpException`, with Nest's response as `details`.
    static func error(_ status: Int, _ message: String, path: String, now: Date) -> Reply {
        let (code, reason) = exceptionNames[status] ?? ("HttpException", "Error")
        return Reply(
            status: status,
            body: [
                "status": "error",
                "timestamp": .string(Timestamps.format(now)),
                "path": .string(path),
                "error": [
                    "code": .string(code),
                    "message": .string(message),
                    "details": [
                        "message": .string(message), "error": .string(reason), "statusCode": .number(Double(status)),
                    ],
                ],
            ])
    }

    private static let exceptionNames: [Int: (String, String)] = [
        400: ("BadRequestException", "Bad Request"),
        401: ("UnauthorizedException", "Unauthorized"),
        403: ("ForbiddenException", "Forbidden"),
        404: ("NotFoundException", "Not Found"),
        409: ("ConflictException", "Conflict"),
        429: ("ThrottlerException", "Too Many Requests"),
        500: ("InternalServerErrorException", "Internal Server Error"),
    ]
}

/// An endpoint of the fake, recognised from method and path.
enum Endpoint: Equatable {
    case me, eventTypes, createBooking, listBookings, slots, defaultSchedule
    case booking(uid: String)
    case reschedule(uid: String)
    case cancel(uid: String)
    case updateSchedule(id: String)
    case updateEventType(id: String)

    init?(method: String, path: String) {
        let segments = path.split(separator: "/").map(String.init)
        guard segments.count >= 2, segments[0] == "v2" else { return nil }
        let rest = Array(segments.dropFirst())
        let found: Endpoint? =
            switch (method, rest.count) {
            case ("GET", 1):
                ["me": .me, "event-types": .eventTypes, "bookings": .listBookings, "slots": .slots][rest[0]]
            case ("POST", 1): rest[0] == "bookings" ? .createBooking : nil
            case ("GET", 2) where rest[0] == "bookings": .booking(uid: rest[1])
            case ("GET", 2) where rest == ["schedules", "default"]: .defaultSchedule
            case ("PATCH", 2) where rest[0] == "schedules": .updateSchedule(id: rest[1])
            case ("PATCH", 2) where rest[0] == "event-types": .updateEventType(id: rest[1])
            case ("POST", 3) where rest[0] == "bookings" && rest[2] == "reschedule": .reschedule(uid: rest[1])
            case ("POST", 3) where rest[0] == "bookings" && rest[2] == "cancel": .cancel(uid: rest[1])
            default: nil
            }
        guard let found else { return nil }
        self = found
    }

    /// The `cal-api-version` values that reach this endpoint's handler; nil means any value or none.
    var versions: Set<String>? {
        switch self {
        case .me: nil
        case .eventTypes, .updateEventType: ["2024-06-14"]
        case .createBooking, .listBookings, .booking, .reschedule, .cancel: ["2024-08-13"]
        case .slots: ["2024-09-04"]
        case .defaultSchedule, .updateSchedule: ["2024-06-11", "2024-06-14"]
        }
    }
}

/// What the server does with a request once the fake has handled it.
enum Answer: Sendable {
    /// Writes the reply.
    case reply(Reply)
    /// Closes the connection without writing a byte.
    case close
    /// Waits `seconds` without blocking the server, then does what `then` returns.
    case wait(seconds: Double, then: @Sendable () -> Answer)
}

extension FakeCalCom {
    /// Handles one HTTP request: records and checks it, applies any fault, answers it.
    func handle(_ incoming: Incoming) -> Answer {
        let violations = validator.violations(of: incoming, allowingCursor: settings.usesCursorPaging)
        let fault = state.withLock { state in
            state.requests.append(
                RecordedRequest(
                    method: incoming.method, path: incoming.path, query: incoming.query,
                    headers: incoming.headers, body: incoming.body, json: incoming.json))
            state.violations += violations
            return state.faults.take(method: incoming.method, path: incoming.path, body: incoming.body)
        }
        guard let fault else { return .reply(limited(incoming)) }
        return apply(fault, to: incoming)
    }

    private func apply(_ fault: Fault, to incoming: Incoming) -> Answer {
        let now = state.withLock { $0.now }
        switch fault {
        case .serverError:
            return .reply(.error(500, CalComMessage.internalServerError, path: incoming.target, now: now))
        case .bareServerError:
            let body: JSONValue = ["statusCode": 500, "message": .string(CalComMessage.internalServerError)]
            return .reply(Reply(status: 500, body: body))
        case .delay(let seconds):
            return .wait(seconds: seconds) { .reply(self.limited(incoming)) }
        case .timeout(let seconds):
            return .wait(seconds: seconds) { .close }
        case .applyThenDelay(let seconds):
            let reply = limited(incoming)
            return .wait(seconds: seconds) { .reply(reply) }
        case .dropConnection:
            return .close
        case .applyThenDrop:
            _ = limited(incoming)
            return .close
        case .rateLimited(let resetSeconds):
            var reply = Reply.error(429, CalComMessage.tooManyRequests, path: incoming.target, now: now)
            let limit = settings.rateLimit?.limit ?? 120
            reply.headers = Self.rateLimitHeaders(limit: limit, remaining: 0, reset: resetSeconds)
            return .reply(reply)
        }
    }

    /// Applies the rate limiter, if any, then answers; limiter headers go on every reply.
    private func limited(_ incoming: Incoming) -> Reply {
        let verdict: (limit: Int, remaining: Int, reset: Int)? = state.withLock { state in
            guard let rateLimit = state.settings.rateLimit else { return nil }
            let wallClock = Date()
            if let window = state.rateWindow,
                wallClock.timeIntervalSince(window.start) < Double(rateLimit.windowSeconds)
            {
                state.rateWindow = (window.start, window.count + 1)
            } else {
                state.rateWindow = (wallClock, 1)
            }
            guard let window = state.rateWindow else { return nil }
            let elapsed = wallClock.timeIntervalSince(window.start)
            let reset = max(1, Int((Double(rateLimit.windowSeconds) - elapsed).rounded(.up)))
            return (rateLimit.limit, rateLimit.limit - window.count, reset)
        }
        guard let verdict else { return route(incoming) }
        var reply: Reply
        if verdict.remaining < 0 {
            let now = state.withLock { $0.now }
            reply = .error(429, CalComMessage.tooManyRequests, path: incoming.target, now: now)
        } else {
            reply = route(incoming)
        }
        reply.headers.merge(
            Self.rateLimitHeaders(limit: verdict.limit, remaining: max(verdict.remaining, 0), reset: verdict.reset)
        ) { _, limiter in limiter }
        return reply
    }

    /// Nest's order: the route (with its version) must exist, then the API key must be valid.
    private func route(_ incoming: Incoming) -> Reply {
        let now = state.withLock { $0.now }
        guard let endpoint = Endpoint(method: incoming.method, path: incoming.path),
            endpoint.versions.map({ $0.contains(incoming.headers["cal-api-version"] ?? "") }) ?? true
        else {
            return .error(
                404, CalComMessage.noRoute(method: incoming.method, target: incoming.target), path: incoming.target,
                now: now)
        }
        guard let authorization = incoming.headers["authorization"] else {
            return .error(401, CalComMessage.noAuthentication, path: incoming.target, now: now)
        }
        guard authorization == "Bearer \(settings.apiKey)" else {
            return .error(401, CalComMessage.invalidApiKey, path: incoming.target, now: now)
        }
        return state.withLock { $0.perform(endpoint, incoming) }
    }

    static func rateLimitHeaders(limit: Int, remaining: Int, reset: Int) -> [String: String] {
        [
            "X-RateLimit-Limit-Default": String(limit),
            "X-RateLimit-Remaining-Default": String(remaining),
            "X-RateLimit-Reset-Default": String(reset),
        ]
    }

    /// Reads a query string as Express does: `+` is a space, then percent-escapes are decoded,
    /// and a repeated name keeps its last value.
    static func queryItems(_ query: String) -> [String: String] {
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            items[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return items
    }
}
