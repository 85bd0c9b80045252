import Foundation

/// Sends one HTTP request and waits for the reply. The client is synchronous, so is this.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse
}

/// A request as it goes on the wire.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// Header fields in the order they are sent; look one up with `header(_:)`.
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// How long the whole exchange may take, connecting included.
    public var timeout: TimeInterval

    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil,
                timeout: TimeInterval) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of the header field `name`, whatever its case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A reply as it came off the wire.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header fields; look them up with `header(_:)`, which ignores case.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the header field `name`, whatever its case.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Why no reply came back. The messages name no URL, header or body.
public enum TransportError: Error, Sendable, Equatable {
    /// No reply within the request's timeout.
    case timedOut
    /// The connection dropped after the request may have reached the server.
    case connectionLost
    /// The server could not be reached (no route, refused connection, unknown host), so the
    /// request never arrived.
    case cannotConnect(String)
    /// Anything else; whether the request arrived is not known.
    case failed(String)

    public var message: String {
        switch self {
        case .timedOut: "the request timed out"
        case .connectionLost: "the connection was lost"
        case .cannotConnect(let reason), .failed(let reason): reason
        }
    }

    /// Whether the request may have reached the server and taken effect.
    public var outcomeIsUnknown: Bool {
        switch self {
        case .timedOut, .connectionLost, .failed: true
        case .cannotConnect: false
        }
    }
}
