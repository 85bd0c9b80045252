import Foundation

/// One Cal.com operation as an HTTP request: method, path below the API root, query, the
/// `cal-api-version` the endpoint is served under, and a JSON body.
struct CalComRequest: Sendable, Equatable {
    enum Method: String, Sendable {
        case get = "GET", post = "POST", patch = "PATCH"
    }

    /// The `cal-api-version` each family of endpoints needs; the wrong one reaches a legacy
    /// controller with other shapes, or a 404.
    enum APIVersion: String, Sendable {
        case bookings = "2024-08-13"
        case slots = "2024-09-04"
        case schedules = "2024-06-11"
        case eventTypes = "2024-06-14"
    }

    var method: Method
    /// Below the API root, which already ends in `/v2`: `/bookings/abc/cancel`.
    var path: String
    var query: [URLQueryItem] = []
    var version: APIVersion?
    var body: Data?

    /// The request as it goes on the wire, with the key in the Authorization header.
    func httpRequest(_ configuration: CalComConfiguration) -> HTTPRequest? {
        var text = configuration.baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\(Self.escaped($0.name))=\(Self.escaped($0.value ?? ""))" }
                .joined(separator: "&")
        }
        guard let url = URL(string: text) else { return nil }
        var request = HTTPRequest(method: method.rawValue, url: url, timeout: configuration.timeout)
        request.headers.append(("Authorization", "Bearer \(configuration.apiKey)"))
        request.headers.append(("Accept", "application/json"))
        if let version {
            request.headers.append(("cal-api-version", version.rawValue))
        }
        if let body {
            request.headers.append(("Content-Type", "application/json"))
            request.body = body
        }
        return request
    }

    /// `text` percent-encoded for a path segment or a query component: only unreserved
    /// characters stay as they are, so `+`, `&`, `/` and `=` cannot change the meaning.
    static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `value` as a JSON body, keys sorted.
    static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            preconditionFailure("request bodies hold only strings, numbers and arrays of them: \(error)")
        }
    }
}
