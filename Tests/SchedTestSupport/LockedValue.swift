import Foundation

/// A value that threads of a test read and change together.
public final class LockedValue<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T

    public init(_ value: T) { stored = value }

    public var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// Changes the value in place under the lock, so that no other thread's change is lost.
    public func mutate(_ change: (inout T) -> Void) {
        lock.withLock { change(&stored) }
    }
}
