import Foundation

/// What a wall-clock time in a zone means: one instant, two (a DST overlap), or none (a DST gap).
public enum WallClockResolution: Sendable, Equatable {
    case exact(Date)
    case overlap(earlier: Date, later: Date)
    case gap
}
