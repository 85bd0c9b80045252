import Foundation

/// What a wall-clock time in a zone means: one instant, two (a DST overlap), or none (a DST gap).
public enum WallClockResolution: Sendable, Equatable {
    case exact(Date)
    case overlap(earlier: Date, later: Date)
    case gap
}

extension WallClockResolution {
    /// What the wall time `wall` (seconds since 1970-01-01T00:00 read as if it were UTC) means in
    /// a zone whose offset at an instant `offset` gives: each of `guesses` (the offsets near it)
    /// that maps an instant back onto the wall time is one reading.
    public static func of(wall: Int, guesses: Set<Int>, offset: (Int) -> Int) -> WallClockResolution {
        let candidates = Set(guesses.compactMap { guess in offset(wall - guess) == guess ? wall - guess : nil }).sorted()
        switch candidates.count {
        case 0: return .gap
        case 1: return .exact(Date(unixSeconds: candidates[0]))
        default:
            return .overlap(earlier: Date(unixSeconds: candidates[0]),
                            later: Date(unixSeconds: candidates[candidates.count - 1]))
        }
    }
}
