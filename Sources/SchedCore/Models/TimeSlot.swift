import Foundation

/// A stretch of time and whether it can be booked (the seed's TimeSlot).
public struct TimeSlot: Sendable, Hashable, Codable {
    public var start: Date
    public var end: Date
    public var available: Bool

    public init(start: Date, end: Date, available: Bool) {
        self.start = start
        self.end = end
        self.available = available
    }
}
