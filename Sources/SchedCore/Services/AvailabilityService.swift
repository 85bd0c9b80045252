import Foundation

/// Keeps the working hours (weekly windows and date overrides) and answers what is free when
/// (the seed's AvailabilityService).
public struct AvailabilityService: Sendable {
    let store: any StoreAccess
    let clock: any Clock

    public init(store: any StoreAccess, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// Replaces the windows of `days`; no windows makes those days unavailable.
    public func setWeekly(days: Set<Weekday>, windows: [TimeWindow]) throws {
        let valid = try WindowRules.validated(windows)
        try store.write { tx in try tx.replaceWeeklyWindows(days: days, with: valid) }
    }

    /// Replaces the windows of one date; no windows closes it all day.
    public func setOverride(date: CivilDate, windows: [TimeWindow]) throws {
        let valid = try WindowRules.validated(windows)
        try store.write { tx in try tx.replaceDateOverride(DateOverride(date: date, windows: valid)) }
    }

    /// The weekly windows, by day then start.
    public func weeklySchedule() throws -> [WeeklyWindow] {
        try store.read { tx in try tx.weeklyWindows() }
            .sorted { ($0.day, $0.window) < ($1.day, $1.window) }
    }

    /// The date overrides in `from...through` (nil bounds are open), by date.
    public func overrides(from: CivilDate?, through: CivilDate?) throws -> [DateOverride] {
        try store.read { tx in try tx.dateOverrides(from: from, through: through) }
    }

    /// The windows that apply on `date`, and whether an override supplies them.
    public func windows(on date: CivilDate) throws -> (windows: [TimeWindow], isOverride: Bool) {
        try store.read { tx in try tx.schedule(from: date, through: date).windows(on: date) }
    }
}
