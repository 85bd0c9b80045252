import Foundation

/// One HTTP attempt, for `--verbose`: no headers, no bodies, no query string.
public struct RequestRecord: Sendable, Equatable {
    /// What came back: a status code, or why nothing did.
    public enum Outcome: Sendable, Equatable {
        case status(Int)
        case failure(TransportError)
    }

    public var method: String
    /// The URL path, `/v2/bookings/abc123`.
    public var path: String
    public var outcome: Outcome
    public var duration: Duration
    /// 1 for the first attempt of a request, 2 for its first retry …
    public var attempt: Int

    public init(method: String, path: String, outcome: Outcome, duration: Duration, attempt: Int) {
        self.method = method
        self.path = path
        self.outcome = outcome
        self.duration = duration
        self.attempt = attempt
    }
}

extension RequestRecord: CustomStringConvertible {
    /// `POST /v2/bookings → 201 (84 ms)`, with `attempt 2` added for a retry.
    public var description: String {
        let result = switch outcome {
        case .status(let code): String(code)
        case .failure(let error): error.message
        }
        let milliseconds = Int((duration / .milliseconds(1)).rounded())
        let retry = attempt > 1 ? ", attempt \(attempt)" : ""
        return "\(method) \(path) → \(result) (\(milliseconds) ms\(retry))"
    }
}
