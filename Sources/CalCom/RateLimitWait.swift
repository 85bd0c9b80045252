import Foundation

/// How long a 429 reply asks the client to wait, read from its headers.
enum RateLimitWait {
    /// Seconds to wait, from `X-RateLimit-Reset-<Name>` (any name, any case) or else
    /// `Retry-After`; nil when neither is there. Cal.com sends the reset in seconds from now;
    /// a value above 10^9 is read as an epoch time (above 10^12, in milliseconds). With several
    /// named limits the request passes again once one of the blocked ones resets, so the
    /// shortest reset among the limits with nothing remaining counts.
    static func seconds(in headers: [String: String], now: Date) -> TimeInterval? {
        var resets: [String: TimeInterval] = [:]
        var remaining: [String: Int] = [:]
        for (name, value) in headers {
            let lowered = name.lowercased()
            if let limit = suffix(of: lowered, after: "x-ratelimit-reset"), let seconds = seconds(value, now: now) {
                resets[limit] = seconds
            } else if let limit = suffix(of: lowered, after: "x-ratelimit-remaining"),
                      let count = Int(value.trimmingCharacters(in: .whitespaces)) {
                remaining[limit] = count
            }
        }
        if !resets.isEmpty {
            let blocked = resets.filter { remaining[$0.key] == 0 }
            return (blocked.isEmpty ? resets : blocked).values.min()
        }
        let retryAfter = headers.first { $0.key.lowercased() == "retry-after" }?.value
        return retryAfter.flatMap { seconds($0, now: now) }
    }

    /// A header value as seconds from `now`.
    static func seconds(_ value: String, now: Date) -> TimeInterval? {
        guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite, number >= 0 else {
            return nil
        }
        if number > 1e12 {
            return max(0, number / 1000 - now.timeIntervalSince1970)
        }
        if number > 1e9 {
            return max(0, number - now.timeIntervalSince1970)
        }
        return number
    }

    /// `-default` for `x-ratelimit-reset-default`; `""` for the bare header name.
    private static func suffix(of name: String, after prefix: String) -> String? {
        guard name.hasPrefix(prefix) else { return nil }
        return String(name.dropFirst(prefix.count))
    }
}
