import Foundation

extension StoreTransaction {
    /// The home zone stored under `timezone`; UTC if it is missing or no longer known.
    func homeZone() throws -> HomeZone {
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
}

/// Keys of the settings table.
enum SettingKey {
    static let timezone = "timezone"
}
