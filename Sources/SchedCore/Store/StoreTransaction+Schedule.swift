import Foundation

extension StoreTransaction {
    /// The home zone stored under `timezone`; UTC if it is missing or no longer known.
    public func homeZone() throws -> HomeZone {
        try setting(SettingKey.timezone).flatMap(HomeZone.init(identifier:)) ?? .utc
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

/// Keys of the settings table.
public enum SettingKey {
    public static let timezone = "timezone"
    /// The UTC date on which every series was last stored far enough ahead.
    public static let seriesExtendedOn = "series_extended_on"
}
