import Foundation

extension StoreTransaction {
    /// The home zone stored under `timezone`; UTC if it is missing or no longer known.
    public func homeZone() throws -> HomeZone {
        try setting(SettingKey.timezone).flatMap(HomeZone.init(identifier:)) ?? .utc
    }

    /// The length of a booking that gives none (`set default duration`).
    public func defaultDurationMinutes() throws -> Int {
        try setting(SettingKey.defaultDuration).flatMap { Int($0) } ?? AppointmentRules.defaultDurationMinutes
    }

    /// The working hours for the dates `from...through`.
    func schedule(from: CivilDate, through: CivilDate) throws -> Schedule {
        let overrides = try dateOverrides(from: from, through: through)
        return Schedule(
            zone: try homeZone(),
            weekly: try weeklyWindows(),
            overrides: Dictionary(overrides.map { ($0.date, $0.windows) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The working hours of one date as instants (`Schedule.spans(on:)`), which every booking
    /// is checked against; kept in the store's cache when it has one.
    public func windowSpans(on date: CivilDate) throws -> [Span] {
        let make = { try schedule(from: date, through: date).spans(on: date) }
        guard let cache else { return try make() }
        return try StoreCache.value(&cache.windowSpans, date, make)
    }
}

extension StoreTransaction {
    /// Puts the working hours of `dates` into the cache from one read of the overrides, for a
    /// caller about to check a booking on each (the occurrences of a series).
    public func prefetchWindowSpans(_ dates: [CivilDate]) throws {
        guard let cache, let first = dates.first, let last = dates.last, first < last else { return }
        let schedule = try schedule(from: first, through: last)
        for date in dates where cache.windowSpans[date] == nil {
            cache.windowSpans[date] = schedule.spans(on: date)
        }
    }
}

/// Keys of the settings table.
public enum SettingKey {
    public static let timezone = "timezone"
    /// Minutes, as decimal text.
    public static let defaultDuration = "default_duration"
    /// The UTC date on which every series was last stored far enough ahead.
    public static let seriesExtendedOn = "series_extended_on"
}
