import Foundation

/// How often and how long the client tries a request again: network errors, timeouts and 5xx
/// replies get exponential backoff; 429 replies wait for the reset the headers give.
public struct RetryPolicy: Sendable, Equatable {
    /// How the backoff delay is spread.
    public enum Jitter: Sendable, Equatable {
        /// A random delay between zero and the backoff ("full jitter").
        case full
        /// Exactly the backoff; for tests that want predictable delays.
        case none
    }

    /// Attempts in total, the first one included.
    public var maxAttempts: Int
    /// The backoff before the second attempt; it doubles for each one after.
    public var baseDelay: TimeInterval
    /// The longest backoff between two attempts.
    public var maxDelay: TimeInterval
    public var jitter: Jitter
    /// The longest wait a 429 may ask for; a longer one is reported as `.rateLimited` at once.
    public var maxRateLimitWait: TimeInterval

    public init(maxAttempts: Int = 3, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 8,
                jitter: Jitter = .full, maxRateLimitWait: TimeInterval = 30) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
        self.jitter = jitter
        self.maxRateLimitWait = max(0, maxRateLimitWait)
    }

    /// Three attempts, half a second doubling up to eight, full jitter, up to 30 s for a 429.
    public static let standard = RetryPolicy()

    /// One attempt and no waiting.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The wait after failed attempt number `attempt` (1-based) before the next one.
    public func backoff(after attempt: Int) -> TimeInterval {
        let exponent = Double(min(max(attempt - 1, 0), 30))
        let ceiling = min(maxDelay, baseDelay * pow(2, exponent))
        switch jitter {
        case .none: return ceiling
        case .full: return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
        }
    }
}
