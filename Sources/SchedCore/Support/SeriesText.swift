import Foundation

/// How occurrences and appointments are named inside messages from the core, in the form human
/// output uses: `Tue 4 Mar 2025 10:00`.
public enum SeriesText {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Tue 4 Mar 2025`.
    public static func day(_ date: CivilDate) -> String {
        "\(date.weekday.shortName) \(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// `Tue 4 Mar 2025 10:00`.
    public static func occurrence(_ date: CivilDate, secondsOfDay: Int) -> String {
        "\(day(date)) \(Digits.clock(secondsOfDay))"
    }

    /// `30m`, `1h`, `1h30m`, `-15m`.
    public static func duration(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "-" : ""
        let magnitude = abs(minutes)
        let hours = magnitude / 60
        let rest = magnitude % 60
        switch (hours, rest) {
        case (0, _): return "\(sign)\(rest)m"
        case (_, 0): return "\(sign)\(hours)h"
        default: return "\(sign)\(hours)h\(rest)m"
        }
    }

    /// `#12 Ann, Tue 4 Mar 2025 10:00–10:30`.
    public static func appointment(_ appointment: Appointment, zone: HomeZone) -> String {
        let start = zone.civil(appointment.start)
        let end = zone.civil(appointment.end)
        let endText = end.date == start.date
            ? Digits.clock(end.secondsOfDay) : occurrence(end.date, secondsOfDay: end.secondsOfDay)
        return "#\(appointment.number) \(appointment.customerName), "
            + "\(occurrence(start.date, secondsOfDay: start.secondsOfDay))–\(endText)"
    }
}
