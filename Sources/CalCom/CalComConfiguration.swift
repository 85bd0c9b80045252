import Foundation

/// Where the client talks to, with which key, and how patiently.
public struct CalComConfiguration: Sendable {
    /// Cal.com's API v2 root; request paths (`/bookings`, `/me` …) are appended to it.
    public static let defaultBaseURL = URL(string: "https://api.cal.com/v2") ?? URL(fileURLWithPath: "/")

    /// The API root, ending in `/v2`.
    public var baseURL: URL
    public var apiKey: String
    /// Seconds one HTTP attempt may take.
    public var timeout: TimeInterval
    public var retry: RetryPolicy

    public init(baseURL: URL = CalComConfiguration.defaultBaseURL, apiKey: String,
                timeout: TimeInterval = 15, retry: RetryPolicy = .standard) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.retry = retry
    }
}

extension CalComConfiguration: CustomStringConvertible {
    /// The configuration with the key masked.
    public var description: String {
        "CalComConfiguration(baseURL: \(baseURL.absoluteString), apiKey: \(APIKey.masked(apiKey)), "
            + "timeout: \(timeout)s, maxAttempts: \(retry.maxAttempts))"
    }
}

extension CalComConfiguration: CustomReflectable {
    /// What `dump` shows: the key masked.
    public var customMirror: Mirror {
        Mirror(self, children: ["baseURL": baseURL, "apiKey": APIKey.masked(apiKey), "timeout": timeout, "retry": retry])
    }
}
