import Foundation

extension Date {
    /// Whole Unix seconds, rounded down.
    public var unixSeconds: Int {
        Int(timeIntervalSince1970.rounded(.down))
    }

    public init(unixSeconds: Int) {
        self.init(timeIntervalSince1970: TimeInterval(unixSeconds))
    }

    /// This instant rounded down to a whole second.
    public var wholeSeconds: Date {
        Date(unixSeconds: unixSeconds)
    }

    public func adding(minutes: Int) -> Date {
        Date(unixSeconds: unixSeconds + minutes * 60)
    }
}

extension Int {
    /// Division rounding towards negative infinity.
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
