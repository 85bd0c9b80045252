/// A half-open wall-clock window inside a day, in seconds since midnight (86400 means 24:00).
public struct TimeWindow: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// 0..<86400.
    public let start: Int
    /// start < end <= 86400.
    public let end: Int

    /// No validation here; `AvailabilityService` validates.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// `"09:00-17:00"`; an end of 86400 prints as `"24:00"`.
    public var description: String {
        "\(Digits.clock(start))-\(Digits.clock(end))"
    }

    public static func < (lhs: TimeWindow, rhs: TimeWindow) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}
