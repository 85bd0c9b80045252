import Foundation

/// A clock that stands still until it is set, for tests and `set clock`.
public final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ now: Date) {
        current = now.wholeSeconds
    }

    public var now: Date {
        lock.withLock { current }
    }

    /// Moves the clock to `date`, truncated to whole seconds.
    public func set(_ date: Date) {
        lock.withLock { current = date.wholeSeconds }
    }
}
