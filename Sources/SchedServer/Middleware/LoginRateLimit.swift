import Foundation
import Synchronization

/// Counts login attempts per client address over a sliding minute, beside the database's own
/// lockout of the user: a guesser from one address is slowed before the user is locked out.
final class LoginRateLimit: Sendable {
    let attempts: Int
    let window: TimeInterval
    private let seen = Mutex<[String: [Date]]>([:])

    init(attempts: Int = 10, window: TimeInterval = 60) {
        self.attempts = attempts
        self.window = window
    }

    /// Counts an attempt from `address` at `now`; gives the seconds to wait when it is one too many.
    func admit(_ address: String, at now: Date) -> Int? {
        seen.withLock { seen in
            let since = now.addingTimeInterval(-window)
            var recent = (seen[address] ?? []).filter { $0 > since }
            defer {
                seen[address] = recent
                // Addresses whose attempts have all aged out are forgotten, so the table stays small.
                if seen.count > 10_000 { seen = seen.filter { $0.value.contains { $0 > since } } }
            }
            guard recent.count < attempts else {
                return max(1, Int((recent[0].timeIntervalSince(since)).rounded(.up)))
            }
            recent.append(now)
            return nil
        }
    }
}
