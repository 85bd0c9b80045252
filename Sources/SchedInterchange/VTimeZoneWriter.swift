import Foundation
import SchedCore

/// A VTIMEZONE for an IANA zone, so that a calendar naming it by TZID says what its wall times
/// mean (RFC 5545 3.6.5): the zone's changes of offset in one year, each repeated yearly on the
/// same weekday of the month, which is how zones with DST state their rules.
enum VTimeZoneWriter {
    static func component(_ zone: HomeZone, from year: Int) -> [String] {
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + zone.identifier]
        let changes = transitions(zone, in: year)
        if changes.isEmpty {
            let offset = zone.offset(at: zone.startOfDay(CivilDate(year: year, month: 1, day: 1)!))
            lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:" + text(offset),
                      "TZOFFSETTO:" + text(offset), "END:STANDARD"]
        }
        for change in changes {
            let kind = change.to > change.from ? "DAYLIGHT" : "STANDARD"
            let (date, seconds) = HomeZone.utc.civil(change.instant.addingTimeInterval(TimeInterval(change.from)))
            let lastDay = CivilDate.daysInMonth(year: date.year, month: date.month)
            let ordinal = date.day + 7 > lastDay ? -1 : (date.day - 1) / 7 + 1
            lines += [
                "BEGIN:" + kind,
                "DTSTART:" + ICalendarWriter.local(date, seconds),
                "TZOFFSETFROM:" + text(change.from),
                "TZOFFSETTO:" + text(change.to),
                "RRULE:FREQ=YEARLY;BYMONTH=\(date.month);BYDAY=\(ordinal)\(date.weekday.rruleCode)",
                "END:" + kind,
            ]
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    /// The changes of offset during `year`: when, and the offsets before and after.
    private static func transitions(_ zone: HomeZone, in year: Int) -> [(instant: Date, from: Int, to: Int)] {
        guard let timeZone = TimeZone(identifier: zone.identifier),
              let start = CivilDate(year: year, month: 1, day: 1), let end = CivilDate(year: year + 1, month: 1, day: 1)
        else { return [] }
        var found: [(Date, Int, Int)] = []
        var cursor = zone.startOfDay(start)
        let limit = zone.startOfDay(end)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next < limit, found.count < 4 {
            found.append((next, zone.offset(at: next.addingTimeInterval(-1)), zone.offset(at: next)))
            cursor = next
        }
        return found
    }

    /// `+0100`, `-0430`.
    private static func text(_ offset: Int) -> String {
        let magnitude = abs(offset)
        return (offset < 0 ? "-" : "+") + String(format: "%02d%02d", magnitude / 3600, magnitude / 60 % 60)
    }
}
