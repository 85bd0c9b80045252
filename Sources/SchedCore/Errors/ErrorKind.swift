/// The category of a failure, with the HTTP status the seed design gives it.
public enum ErrorKind: String, Sendable, Codable, CaseIterable {
    case auth, conflict, invalid, validation, notfound, unavailable, `internal`, syntax, expectation

    /// 401 409 400 422 404 503 500; nil for syntax and expectation failures.
    public var status: Int? {
        switch self {
        case .auth: 401
        case .conflict: 409
        case .invalid: 400
        case .validation: 422
        case .notfound: 404
        case .unavailable: 503
        case .internal: 500
        case .syntax, .expectation: nil
        }
    }
}
