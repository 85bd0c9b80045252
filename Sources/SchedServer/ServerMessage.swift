import SchedCore

/// Every text `sched serve` writes that is not one of the domain's errors: the refusals of
/// HTTP input and what the server says about itself.
enum ServerMessage {
    // MARK: request bodies (400, 413, 415)

    static let malformedJSON = "the body is not valid JSON"
    static let bodyNotObject = "the body must be a JSON object"
    static let bodyNotArray = "the body must be a JSON array"
    static func unknownField(_ name: String) -> String { "unknown field '\(clip(name))'" }
    static let bodyTooLarge = "the body is larger than 64 KB"
    static let notJSON = "the body must be JSON (Content-Type: application/json)"

    // MARK: field formats (422, after the field's name)

    static let mustBeString = "must be a string"
    static let mustBeInteger = "must be an integer"
    static let mustBeArray = "must be a list"
    static let mustBeObject = "must be an object"
    static let mustBeDateTime = "must be a date-time such as 2026-12-08T10:00:00+01:00"
    static let mustBeDate = "must be a date such as 2026-12-08"
    static let mustBeDateOrDateTime = "must be a date such as 2026-12-08 or a date-time such as 2026-12-08T10:00:00+01:00"
    static let mustBeClockTime = "must be a time such as 09:00"
    static let endBeforeStart = "must not be before start"
    static func rangeTooLong(days: Int) -> String { "must be within \(days) days of start" }

    // MARK: the rest

    static func noRoute(_ method: String, _ path: String) -> String { "No such endpoint: \(method) \(clip(path))" }
    static func methodNotAllowed(_ method: String, _ path: String) -> String {
        "\(method) is not allowed on \(clip(path))"
    }
    static let internalError = "Internal server error"
    static let stopping = "The server is stopping; try again shortly"
    static func loginRateLimited(seconds: Int) -> String {
        "Too many login attempts from this address; try again in \(seconds) seconds"
    }
    static let portRange = "--port must be between 0 and 65535."

    static func tokenTTL(_ text: String) -> String {
        "--token-ttl needs a duration such as 90s, 30m or 2h (at most 90 days), not '\(clip(text))'"
    }

    static func cannotServe(host: String, port: Int, _ error: any Error) -> String {
        "cannot serve on \(host):\(port): \(error)"
    }

    static func listening(_ url: String) -> String { "sched serve: listening on \(url)" }
    static func webFilesMissing(_ path: String) -> String { "the web app's files are missing (looked in \(path))" }

    /// Client text quoted back is cut short: an error must not echo a 64 KB body.
    private static func clip(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}
