import Foundation
import SchedCore

/// From `at` (Unix seconds) on, the zone is `offset` seconds east of UTC.
public struct Transition: Sendable, Hashable {
    public let at: Int
    public let offset: Int
}

/// A home zone under test with its UTC offsets from late 2024 to early 2026 copied from the tz
/// database, so expected instants are not computed by `HomeZone` itself.
public struct ZoneCase: Sendable, Hashable, CustomStringConvertible {
    public let identifier: String
    public let initialOffset: Int
    public let transitions: [Transition]

    public var description: String { identifier }

    public static let berlin = ZoneCase(identifier: "Europe/Berlin", initialOffset: 3600, transitions: [
        Transition(at: 1_743_296_400, offset: 7200),  // 2025-03-30 02:00 CET → 03:00 CEST (gap)
        Transition(at: 1_761_440_400, offset: 3600),  // 2025-10-26 03:00 CEST → 02:00 CET (overlap)
    ])
    public static let newYork = ZoneCase(identifier: "America/New_York", initialOffset: -18000, transitions: [
        Transition(at: 1_741_503_600, offset: -14400),  // 2025-03-09 02:00 EST → 03:00 EDT (gap)
        Transition(at: 1_762_063_200, offset: -18000),  // 2025-11-02 02:00 EDT → 01:00 EST (overlap)
    ])
    public static let utc = ZoneCase(identifier: "UTC", initialOffset: 0, transitions: [])

    public static let all = [berlin, newYork, utc]

    public var zone: HomeZone { HomeZone(identifier: identifier) ?? .utc }

    public func offset(atUnix seconds: Int) -> Int {
        transitions.last { $0.at <= seconds }?.offset ?? initialOffset
    }

    /// What a wall-clock reading means in this zone.
    public enum Reading: Equatable {
        case exact(Int)
        case overlap(earlier: Int, later: Int)
        /// No instant shows it; the gap ends at the given instant.
        case gap(endsAt: Int)
    }

    public func reading(_ date: CivilDate, _ secondsOfDay: Int) -> Reading {
        let wall = Days.number(date) * 86400 + secondsOfDay
        let offsets = [initialOffset] + transitions.map(\.offset)
        let starts = [Int.min] + transitions.map(\.at)
        let ends = transitions.map(\.at) + [Int.max]
        var candidates: [Int] = []
        for index in offsets.indices {
            let instant = wall - offsets[index]
            if instant >= starts[index] && instant < ends[index] { candidates.append(instant) }
        }
        candidates.sort()
        if candidates.count == 1 { return .exact(candidates[0]) }
        if let first = candidates.first, let last = candidates.last { return .overlap(earlier: first, later: last) }
        for (index, transition) in transitions.enumerated()
        where transition.at + offsets[index] <= wall && wall < transition.at + transition.offset {
            return .gap(endsAt: transition.at)
        }
        return .gap(endsAt: wall)
    }

    /// The instant a booking written as this wall time means: the earlier one in an overlap,
    /// nil in a gap.
    public func bookingInstant(_ date: CivilDate, _ secondsOfDay: Int) -> Date? {
        switch reading(date, secondsOfDay) {
        case .exact(let instant), .overlap(let instant, _): return Date(timeIntervalSince1970: Double(instant))
        case .gap: return nil
        }
    }
}
