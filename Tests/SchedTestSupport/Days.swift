import Foundation
import SchedCore

/// Day numbers and dates worked out with Foundation's Gregorian calendar in UTC, so that
/// expected values do not come from `CivilDate`'s own arithmetic.
public enum Days {
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()

    /// Days since 1970-01-01.
    public static func number(_ date: CivilDate) -> Int {
        let components = DateComponents(year: date.year, month: date.month, day: date.day)
        let midnight = calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
        return Int((midnight.timeIntervalSince1970 / 86400).rounded(.down))
    }

    public static func date(_ number: Int) -> CivilDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(number) * 86400))
        return CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)!
    }

    public static func adding(_ date: CivilDate, _ days: Int) -> CivilDate {
        Self.date(number(date) + days)
    }

    /// `"2025-03-30"` as a date; the literal must be a real date.
    public static func parse(_ text: String) -> CivilDate {
        CivilDate(text)!
    }
}
