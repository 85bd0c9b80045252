import Foundation

/// A time zone with conversions between wall-clock times and instants, to whole seconds.
public struct HomeZone: Sendable, Hashable {
    /// The identifier as given, e.g. `"Europe/Berlin"` or `"UTC"`.
    public let identifier: String
    private let timeZone: TimeZone

    /// Nil for zones the system does not know.
    public init?(identifier: String) {
        guard let timeZone = HomeZone.known.timeZone(identifier) else { return nil }
        self.identifier = identifier
        self.timeZone = timeZone
    }

    /// Zones looked up before: every statement asks for the home zone by name, and Foundation
    /// builds a new `TimeZone` from tzdata each time.
    private static let known = KnownZones()

    private final class KnownZones: @unchecked Sendable {
        private let lock = NSLock()
        private var zones: [String: TimeZone] = [:]

        func timeZone(_ identifier: String) -> TimeZone? {
            if let zone = lock.withLock({ zones[identifier] }) { return zone }
            guard let zone = TimeZone(identifier: identifier) else { return nil }
            lock.withLock { zones[identifier] = zone }
            return zone
        }
    }

    private init(identifier: String, timeZone: TimeZone) {
        self.identifier = identifier
        self.timeZone = timeZone
    }

    public static let utc = HomeZone(identifier: "UTC", timeZone: .gmt)

    /// Seconds east of UTC at the instant.
    public func offset(at instant: Date) -> Int {
        timeZone.secondsFromGMT(for: instant)
    }

    /// The local date and the seconds since local midnight at the instant.
    public func civil(_ instant: Date) -> (date: CivilDate, secondsOfDay: Int) {
        let local = instant.unixSeconds + offset(at: instant)
        let days = local.floorDivided(by: 86400)
        return (CivilDate(daysSinceEpoch: days), local - days * 86400)
    }

    public static func == (lhs: HomeZone, rhs: HomeZone) -> Bool {
        lhs.identifier == rhs.identifier
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
    }
}
