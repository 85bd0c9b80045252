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

    /// The booking rules in force.
    public func bookingLimits() throws -> BookingLimits {
        func number(_ key: String) throws -> Int? { try setting(key).flatMap { Int($0) } }
        var limits = BookingLimits()
        limits.bufferBefore = try number(SettingKey.bufferBefore) ?? 0
        limits.bufferAfter = try number(SettingKey.bufferAfter) ?? 0
        limits.minimumNotice = try number(SettingKey.minimumNotice) ?? 0
        limits.slotInterval = try number(SettingKey.slotInterval)
        limits.perDay = try number(SettingKey.limitPerDay)
        limits.perWeek = try number(SettingKey.limitPerWeek)
        limits.windowDays = try number(SettingKey.bookingWindow)
        return limits
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
    /// The booking rules (`BookingLimits`), each a decimal number, or empty when off.
    public static let bufferBefore = "buffer_before"
    public static let bufferAfter = "buffer_after"
    public static let minimumNotice = "minimum_notice"
    public static let slotInterval = "slot_interval"
    public static let limitPerDay = "limit_per_day"
    public static let limitPerWeek = "limit_per_week"
    public static let bookingWindow = "booking_window"
}
