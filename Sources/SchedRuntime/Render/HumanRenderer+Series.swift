import Foundation
import SchedCore
import Scheduling

/// Series in human output.
extension HumanRenderer {
    /// `Booked series: Ann — every Tuesday at 10:00 (30m)`, what it booked, and what it skipped.
    /// `done` says what happened to the occurrences: `booked`, `moved`.
    func seriesChange(_ verb: String, _ done: String, _ view: SeriesView) -> String {
        let series = view.details.series
        var text = "\(verb): \(series.customerName) — \(style.paint(SeriesWording.words(series), .time))"
            + " (\(HumanFormat.duration(series.durationMinutes)))\n"
        if let booked = view.booked {
            let first = view.details.next.first.map { " from #\($0.number) \(HumanFormat.moment($0.start, zone: zone))" } ?? ""
            text += "  \(booked) occurrence\(booked == 1 ? "" : "s") \(done)\(first)\n"
        }
        for skipped in view.skipped {
            text += "  skipped \(SeriesWording.occurrence(skipped, of: series)): " + skipped.reason + "\n"
        }
        return text
    }

    /// `show series`: the rule in words and in RFC 5545, the next occurrences, the exceptions.
    func seriesDetails(_ view: SeriesView) -> String {
        let series = view.details.series
        var rows: [[String]] = [
            ["customer", series.customerName],
            ["rule", style.paint(SeriesWording.words(series), .time)],
            ["rrule", series.rule.text],
            ["duration", HumanFormat.duration(series.durationMinutes)],
            ["zone", series.zone.identifier],
            ["first", HumanFormat.day(series.firstDate)],
            ["stored", SeriesWording.stored(series)],
            ["status", series.status.rawValue],
            ["upcoming", String(view.details.upcomingCount)],
        ]
        if let note = series.note { rows.append(["note", note]) }
        if let email = series.email { rows.append(["email", email]) }
        for (index, next) in view.details.next.enumerated() {
            rows.append([index == 0 ? "next" : "", "#\(next.number) " + style.paint(
                HumanFormat.span(next.start, next.end, zone: zone), .time)])
        }
        for (index, exception) in view.details.exceptions.enumerated() {
            let what = exception.status == .cancelled ? "cancelled"
                : "moved to " + HumanFormat.span(exception.start, exception.end, zone: zone)
            let original = exception.occurrence.map { HumanFormat.moment($0.originalStart, zone: zone) } ?? ""
            rows.append([index == 0 ? "exceptions" : "", "#\(exception.number) \(original): \(what)"])
        }
        for (index, skipped) in view.details.skipped.enumerated() {
            rows.append([index == 0 ? "skipped" : "", SeriesWording.occurrence(skipped, of: series) + ": " + skipped.reason])
        }
        rows.append(["id", series.id.lowercasedText])
        return "Series\(view.details.next.first.map { " of #\($0.number)" } ?? "")\n"
            + TextTable.render(rows, indent: "  ", style: style)
    }

    /// `list series`: one line a series, with its next occurrence.
    func seriesTable(_ views: [SeriesView]) -> String {
        var rows = [["Next", "Customer", "Rule", "Duration", "Upcoming"]]
        for view in views {
            let series = view.details.series
            let next = view.details.next.first.map { "#\($0.number) " + HumanFormat.moment($0.start, zone: zone) } ?? "-"
            rows.append([next, series.customerName, SeriesWording.words(series),
                         HumanFormat.duration(series.durationMinutes), String(view.details.upcomingCount)])
        }
        return TextTable.render(rows, style: style, header: true)
            + "\(views.count) series\n"
    }
}
