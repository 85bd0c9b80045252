import Foundation
import SchedCore
import SchedLang
import Scheduling

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
        case .help(let page): HelpTable.text(page)
        case .outcome(let outcome): OutcomeReport(zone: zone).report(outcome).lines.joined(separator: "; ")
        case .agenda(let days): "\(days.count) days, \(days.map(\.appointments.count).reduce(0, +)) appointments"
        case .calendar(let grid): "\(grid.days.count) days, \(grid.days.map(\.appointments.count).reduce(0, +)) appointments"
        case .series(let view): "\(view.details.series.customerName) — \(SeriesWording.words(view.details.series))"
        case .change(let entry): "change \(entry.id): \(OutcomeReport.text(entry))"
        }
    }

    /// `09:00–12:00, 13:00–17:00`, each window painted as a time; `closed` when there are none.
    static func windows(_ windows: [TimeWindow], style: TextStyle = .plain) -> String {
        windows.isEmpty ? "closed" : windows.map { style.paint(HumanFormat.window($0), .time) }.joined(separator: ", ")
    }
}
