import Foundation

/// A lock that one caller may hold across many calls, from any thread, and that others wait
/// for only so long: a store's writers in one process, a run holding it from begin to end.
public final class WriteGate: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var held = false

    public init() {}

    /// Takes the gate, waiting at most `timeout` seconds for its holder to let go; false if it
    /// did not.
    public func acquire(timeout: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while held {
            if !condition.wait(until: deadline) && held { return false }
        }
        held = true
        return true
    }

    public func release() {
        condition.lock()
        held = false
        condition.signal()
        condition.unlock()
    }
}
