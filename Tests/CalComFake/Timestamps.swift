import Foundation

/// Reading and writing the date formats Cal.com uses.
enum Timestamps {
    /// `2025-11-03T14:00:00.000Z`, as Cal.com writes every UTC instant.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// An ISO 8601 date-time with `Z` or an offset, with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        guard text.count >= 20, text.contains("T") else { return nil }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: text.contains(".")))
    }

    /// A date-time written in UTC, ending in `Z`, as Cal.com requires for booking starts.
    static func parseUTC(_ text: String) -> Date? {
        guard text.hasSuffix("Z") else { return nil }
        return parse(text)
    }

    /// A date-time, or a date alone (`YYYY-MM-DD`) read as midnight in `zone`.
    static func parseDateOrDateTime(_ text: String, in zone: TimeZone) -> (date: Date, isDateOnly: Bool)? {
        if let date = parse(text) { return (date, false) }
        guard let day = Day(text) else { return nil }
        return (day.start(in: zone), true)
    }

    /// `2025-11-03T09:00:00.000+01:00` in `zone`; Luxon writes `Z` instead of `+00:00` only for the UTC zone itself.
    static func format(_ date: Date, in zone: TimeZone) -> String {
        let identifier = zone.identifier.lowercased()
        if identifier == "utc" || identifier == "gmt" { return format(date) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let millis = Int((Double(parts.nanosecond ?? 0) / 1_000_000).rounded(.down))
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d%@%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, millis, sign, minutes / 60, minutes % 60)
    }
}

/// A calendar date, `YYYY-MM-DD`.
struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date of `date` in `zone`.
    init(of date: Date, in zone: TimeZone) {
        let parts = Self.calendar(zone).dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }

    var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The instant this date starts in `zone`.
    func start(in zone: TimeZone) -> Date {
        at(minutes: 0, in: zone)
    }

    /// The instant `minutes` after midnight on this date in `zone`, counted on the wall clock.
    func at(minutes: Int, in zone: TimeZone) -> Date {
        let components = DateComponents(year: year, month: month, day: day, hour: minutes / 60, minute: minutes % 60)
        return Self.calendar(zone).date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// English weekday name, as schedules write it.
    var weekdayName: String {
        let names = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let weekday = Self.calendar(.gmt).component(.weekday, from: at(minutes: 12 * 60, in: .gmt))
        return names[(weekday - 1) % 7]
    }

    var next: Day {
        let noon = at(minutes: 12 * 60, in: .gmt).addingTimeInterval(86_400)
        return Day(of: noon, in: .gmt)
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}

/// Minutes after midnight for `HH:MM`, or nil.
func minutesOfDay(_ text: String) -> Int? {
    let parts = text.split(separator: ":")
    guard text.count == 5, parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
        (0...24).contains(hours), (0..<60).contains(minutes), hours * 60 + minutes <= 24 * 60
    else { return nil }
    return hours * 60 + minutes
}
