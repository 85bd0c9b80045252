/// The error messages the fake answers with, in one place: Cal.com's own texts where they are
/// known (API-NOTES), class-validator's style for field errors.
public enum CalComMessage {
    public static let invalidApiKey = "ApiAuthStrategy - api key - Your api key is not valid"
    public static let noAuthentication =
        "No authentication method provided. Either pass an API key as 'Bearer' header"
        + " or OAuth client credentials as 'x-cal-secret-key' and 'x-cal-client-id' headers"
    public static let tooManyRequests = "CustomThrottlerGuard - Too many requests. Please try again later."
    public static let internalServerError = "Internal server error"
    public static let slotTaken = "User either already has booking at this time or is not available"
    public static let alreadyCancelled = "This booking has already been cancelled."
    public static let bodyNotObject = "Request body must be a JSON object"
    public static let eventTypeNotIdentified =
        "Either eventTypeId or eventTypeSlug + username or eventTypeSlug + teamSlug must be provided"
    public static let lengthNotOffered =
        "Can't specify 'lengthInMinutes' because event type does not have multiple possible lengths."
        + " Please, remove the 'lengthInMinutes' field from the request."
    public static let metadataLimits =
        "Metadata must have at most 50 keys, each key up to 40 characters, and values up to 500 characters."
    public static let startNotUTC =
        "start must be a valid ISO 8601 date string in UTC, ending in Z, e.g. 2025-11-03T14:00:00Z"

    /// Nest's answer when no handler exists for the method, path and version.
    public static func noRoute(method: String, target: String) -> String { "Cannot \(method) \(target)" }

    public static func bookingNotFound(uid: String) -> String { "Booking with uid=\(uid) not found" }

    public static func eventTypeNotFound(id: String) -> String { "Event type with id=\(id) not found" }

    public static func eventTypeNotFound(slug: String, username: String) -> String {
        "Event type with slug=\(slug) belonging to user \(username) not found"
    }

    public static func scheduleNotFound(id: String) -> String { "Schedule with id=\(id) does not exist." }

    public static func lengthNotAmongOptions(_ options: [Int]) -> String {
        "Provided 'lengthInMinutes' is not one of the possible lengths for the event type."
            + " The possible lengths are: \(options.map(String.init).joined(separator: ", "))"
    }

    public static func cannotReschedule(uid: String) -> String {
        "Can't reschedule booking with uid=\(uid) because it has been cancelled or rejected."
    }

    public static func notOneOf(_ field: String, _ values: [String]) -> String {
        "\(field) must be one of the following values: \(values.joined(separator: ", "))"
    }
}
