import Foundation
import SchedCore

/// A time zone as a calendar file defines it in a VTIMEZONE (RFC 5545 3.6.5): observances
/// (STANDARD, DAYLIGHT), each of which sets the offset from UTC at its onsets.
///
/// Outlook and Exchange name such zones as they like (`(UTC-05:00) Eastern Time (US & Canada)`),
/// so the definition, not the name, says what a wall time in them means.
public struct DefinedZone: Sendable, Equatable {
    /// The TZID the file gives the zone.
    public let tzid: String
    let observances: [Observance]

    init(tzid: String, observances: [Observance]) {
        self.tzid = tzid
        self.observances = observances
    }

    /// The instants at which the wall clock of this zone shows `secondsOfDay` on `date`: none
    /// in the hour the clocks skip, two in the hour they repeat, as `HomeZone.resolve` gives.
    public func resolve(_ date: CivilDate, secondsOfDay: Int) -> WallClockResolution {
        .of(wall: date.daysSinceEpoch * 86_400 + secondsOfDay,
            guesses: Set(observances.flatMap { [$0.offsetFrom, $0.offsetTo] }), offset: offset(atUnix:))
    }

    /// Seconds east of UTC at the instant: the offset the latest onset at or before it set.
    /// Before the first onset, the offset that onset changes from.
    public func offset(at instant: Date) -> Int {
        offset(atUnix: instant.unixSeconds)
    }

    func offset(atUnix instant: Int) -> Int {
        var latest: (onset: Int, offset: Int)?
        var first: (onset: Int, offset: Int)?
        for observance in observances {
            if let onset = observance.lastOnset(atOrBefore: instant), onset > latest?.onset ?? Int.min {
                latest = (onset, observance.offsetTo)
            }
            let start = observance.onset(observance.start)
            if start < first?.onset ?? Int.max { first = (start, observance.offsetFrom) }
        }
        return latest?.offset ?? first?.offset ?? 0
    }
}

extension DefinedZone {
    /// A wall-clock time as seconds since 1970-01-01T00:00 read as if it were UTC.
    typealias Wall = Int

    /// One STANDARD or DAYLIGHT: from each onset on, the zone is `offsetTo` east of UTC.
    struct Observance: Sendable, Equatable {
        /// DTSTART: the first onset, in the wall time before it (at `offsetFrom`).
        var start: Wall
        var offsetFrom: Int
        var offsetTo: Int
        /// RRULE: the later onsets.
        var rule: YearlyRule?
        /// RDATE: more onsets, in the wall time before each.
        var dates: [Wall] = []

        func onset(_ wall: Wall) -> Int { wall - offsetFrom }

        /// The last onset at or before `instant`, or nil when none is.
        func lastOnset(atOrBefore instant: Int) -> Int? {
            var best: Int?
            for wall in [start] + dates where onset(wall) <= instant {
                best = max(best ?? Int.min, onset(wall))
            }
            if let rule, let wall = rule.lastOccurrence(from: start, atOrBefore: instant + offsetFrom) {
                best = max(best ?? Int.min, onset(wall))
            }
            return best
        }
    }

    /// A weekday in a month: `2SU` the second Sunday, `-1SU` the last, `SU` every Sunday.
    struct MonthWeekday: Sendable, Equatable {
        var ordinal: Int
        var weekday: Weekday
    }

    /// A yearly RRULE by month and day, the kind VTIMEZONE needs:
    /// `FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`, `BYMONTH=10;BYDAY=1SU`, `BYMONTH=4;BYMONTHDAY=1`, or
    /// `BYMONTH=3;BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU` (the Sunday among those days).
    struct YearlyRule: Sendable, Equatable {
        /// The months it falls in; empty when the rule names none (then DTSTART's month).
        var months: [Int] = []
        var weekdays: [MonthWeekday] = []
        /// Days of the month, negative from its end.
        var monthDays: [Int] = []
        var interval = 1
        /// UNTIL as the last wall time an occurrence may have (a UTC UNTIL is moved into the
        /// observance's wall time when it is read).
        var until: Wall?
        var count: Int?

        /// The latest occurrence (as a wall time) at or before `latest` (a wall time), given
        /// DTSTART `start`; occurrences before `start` do not count.
        func lastOccurrence(from start: Wall, atOrBefore latest: Wall) -> Wall? {
            if count != nil { return lastCounted(from: start, atOrBefore: latest) }
            // The calendar repeats every 400 years: a rule with no occurrence in that many has
            // none at all.
            var year = Self.year(latest) + 1
            let earliest = max(Self.year(start), year - 400 * interval)
            while year >= earliest {
                for wall in occurrences(in: year, start: start).reversed() where wall <= latest {
                    return wall
                }
                year -= 1
            }
            return nil
        }

        /// With COUNT, occurrences are counted from DTSTART, which RFC 5545 counts as the
        /// first even when the rule does not give it.
        private func lastCounted(from start: Wall, atOrBefore latest: Wall) -> Wall? {
            let startYear = Self.year(start)
            var left = count ?? 0
            if !occurrences(in: startYear, start: start).contains(start) { left -= 1 }
            var best: Wall?
            var year = startYear
            while left > 0, year <= Self.year(latest) + 1 {
                for wall in occurrences(in: year, start: start) where left > 0 {
                    left -= 1
                    guard wall <= latest else { return best }
                    best = wall
                }
                year += 1
            }
            return best
        }

        /// The occurrences in `year`, ascending, at DTSTART's time of day, within UNTIL and
        /// not before DTSTART.
        func occurrences(in year: Int, start: Wall) -> [Wall] {
            let startYear = Self.year(start)
            guard year >= startYear, (year - startYear) % interval == 0 else { return [] }
            let startDate = CivilDate(daysSinceEpoch: Self.floorDivide(start, 86_400))
            let timeOfDay = start - startDate.daysSinceEpoch * 86_400
            var walls: [Wall] = []
            for month in months.isEmpty ? [startDate.month] : months.sorted() {
                for day in days(in: year, month: month, startDay: startDate.day) {
                    guard let date = CivilDate(year: year, month: month, day: day) else { continue }
                    let wall = date.daysSinceEpoch * 86_400 + timeOfDay
                    if wall >= start, wall <= until ?? Int.max { walls.append(wall) }
                }
            }
            return walls
        }

        /// The days of a month the rule picks, ascending.
        private func days(in year: Int, month: Int, startDay: Int) -> [Int] {
            guard (1...9999).contains(year) else { return [] }
            let length = CivilDate.daysInMonth(year: year, month: month)
            var chosen = Set(monthDays.map { $0 > 0 ? $0 : length + 1 + $0 }.filter { (1...length).contains($0) })
            if !weekdays.isEmpty {
                guard let first = CivilDate(year: year, month: month, day: 1) else { return [] }
                var matching: Set<Int> = []
                for spec in weekdays {
                    // The first day of the month that falls on the weekday, then every seventh.
                    let firstDay = 1 + (spec.weekday.rawValue - first.weekday.rawValue + 7) % 7
                    let all = Array(stride(from: firstDay, through: length, by: 7))
                    if spec.ordinal > 0, spec.ordinal <= all.count { matching.insert(all[spec.ordinal - 1]) }
                    if spec.ordinal < 0, -spec.ordinal <= all.count { matching.insert(all[all.count + spec.ordinal]) }
                    if spec.ordinal == 0 { matching.formUnion(all) }
                }
                chosen = monthDays.isEmpty ? matching : chosen.intersection(matching)
            } else if monthDays.isEmpty {
                chosen = startDay <= length ? [startDay] : []
            }
            return chosen.sorted()
        }

        static func year(_ wall: Wall) -> Int {
            CivilDate(daysSinceEpoch: floorDivide(wall, 86_400)).year
        }

        static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
            let quotient = value / divisor
            return value % divisor != 0 && value < 0 ? quotient - 1 : quotient
        }
    }
}
