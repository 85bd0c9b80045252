import Foundation

/// Failed logins in a row, and until when further attempts are refused.
public struct LoginFailures: Sendable, Equatable {
    public var count: Int
    public var lockedUntil: Date?

    public init(count: Int = 0, lockedUntil: Date? = nil) {
        self.count = count
        self.lockedUntil = lockedUntil
    }
}
