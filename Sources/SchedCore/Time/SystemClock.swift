import Foundation

/// The machine's clock, truncated to whole seconds.
public struct SystemClock: Clock {
    public init() {}

    public var now: Date {
        Date().wholeSeconds
    }
}
