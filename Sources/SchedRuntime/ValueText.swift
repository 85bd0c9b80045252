import Foundation
import SchedCore

/// Values as short text, for `print` and for expectation messages.
enum ValueText {
    static func short(_ value: Value, zone: HomeZone) -> String {
        switch value {
        case .appointment(let appointment): "\(appointment.number): " + HumanFormat.summary(appointment, zone: zone)
        case .list(let items): "[" + items.map { short($0, zone: zone) }.joined(separator: ", ") + "]"
        case .slot(let slot): HumanFormat.span(slot.start, slot.end, zone: zone)
        case .day(let day): HumanFormat.day(day.date) + " " + windows(day.windows)
        case .weekly(let availability): "\(availability.weekly.count) weekly windows, \(availability.overrides.count) overrides"
        case .date(let date): date.description
        case .dateTime(let instant): zone.iso8601(instant)
        case .time(let seconds): HumanFormat.clock(seconds)
        case .duration(let minutes): HumanFormat.duration(minutes)
        case .string(let text): "\"" + text + "\""
        case .number(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        case .message(let text): text
        }
    }

    static func windows(_ windows: [TimeWindow]) -> String {
        windows.isEmpty ? "closed" : windows.map(HumanFormat.window).joined(separator: ", ")
    }
}
