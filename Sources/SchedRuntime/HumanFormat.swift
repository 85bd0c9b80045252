import Foundation
import SchedCore
import SchedLang

/// How dates, times and durations read in human output: `Tue 4 Mar 2025 10:00–10:30 (30m)`.
enum HumanFormat {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Tue 4 Mar 2025`.
    static func day(_ date: CivilDate) -> String {
        "\(date.weekday.shortName) \(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// `10:00`, or `10:00:30` when seconds matter.
    static func clock(_ secondsOfDay: Int) -> String {
        let base = pad(secondsOfDay / 3600) + ":" + pad(secondsOfDay % 3600 / 60)
        return secondsOfDay % 60 == 0 ? base : base + ":" + pad(secondsOfDay % 60)
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    /// A window's end: `24:00` for the end of the day, which `clock` would read as `00:00`.
    static func windowEnd(_ window: TimeWindow) -> String {
        window.end == 86_400 ? "24:00" : clock(window.end)
    }

    /// `Tue 4 Mar 2025 10:00`.
    static func moment(_ instant: Date, zone: HomeZone) -> String {
        let (date, seconds) = zone.civil(instant)
        return day(date) + " " + clock(seconds)
    }

    /// `Tue 4 Mar 2025 10:00–10:30`, naming the end's day when it differs.
    static func span(_ start: Date, _ end: Date, zone: HomeZone) -> String {
        let (startDate, startSeconds) = zone.civil(start)
        let (endDate, endSeconds) = zone.civil(end)
        let endText = endDate == startDate ? clock(endSeconds) : moment(end, zone: zone)
        return day(startDate) + " " + clock(startSeconds) + "–" + endText
    }

    /// `30m`, `1h`, `1h30m`, `-15m`.
    static func duration(_ minutes: Int) -> String {
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

    /// `Ann — Tue 4 Mar 2025 10:00–10:30 (30m)`, the span painted as a time.
    static func summary(_ appointment: Appointment, zone: HomeZone, style: TextStyle = .plain) -> String {
        let when = style.paint(span(appointment.start, appointment.end, zone: zone), .time)
        return "\(appointment.customerName) — \(when) (\(duration(appointment.durationMinutes)))"
    }

    /// `09:00–17:00`.
    static func window(_ window: TimeWindow) -> String {
        clock(window.start) + "–" + windowEnd(window)
    }
}
