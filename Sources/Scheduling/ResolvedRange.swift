import Foundation
import SchedCore

/// A range as both instants [start, end) and the calendar dates it touches.
public struct ResolvedRange: Sendable, Equatable {
    public var start: Date
    public var end: Date
    public var firstDate: CivilDate
    public var lastDate: CivilDate

    /// Whole days, both included.
    public init(from first: CivilDate, through last: CivilDate, zone: HomeZone) {
        self.firstDate = first
        self.lastDate = last
        self.start = zone.startOfDay(first)
        self.end = zone.startOfDay(last.adding(days: 1))
    }

    /// Instants, half-open.
    public init(start: Date, end: Date, zone: HomeZone) {
        self.start = start
        self.end = end
        self.firstDate = zone.civil(start).date
        self.lastDate = zone.civil(end.addingTimeInterval(-1)).date
    }

    public var dayCount: Int { lastDate.daysSinceEpoch - firstDate.daysSinceEpoch + 1 }
}
