import Foundation
import PropertyBased
import SchedTestSupport

@testable import SchedCore

// The generators of the SchedCore property tests, and the parts of the independent time-zone
// oracle only they need; what SchedRuntimeTests needs too lives in SchedTestSupport.

// MARK: - Oracle

extension Days {
    /// The weekday of a date, from Foundation's calendar.
    static func weekday(_ date: CivilDate) -> Weekday {
        let sundayFirst = calendar.component(.weekday, from: Date(timeIntervalSince1970: Double(number(date)) * 86400))
        return Weekday(rawValue: (sundayFirst + 5) % 7 + 1)!
    }
}

extension ZoneCase {
    /// The dates on which, or next to which, the clocks change.
    static let dstDates: [CivilDate] = [
        "2025-03-08", "2025-03-09", "2025-03-10", "2025-03-29", "2025-03-30", "2025-03-31",
        "2025-10-25", "2025-10-26", "2025-10-27", "2025-11-01", "2025-11-02", "2025-11-03",
    ].map(Days.parse)

    /// The instant a window edge means (DESIGN §4): 24:00 is the next day's start, a gap
    /// moves to its end, an overlap takes the earlier instant.
    func windowEdge(_ date: CivilDate, _ secondsOfDay: Int) -> Date {
        if secondsOfDay >= 86400 { return windowEdge(Days.adding(date, 1), 0) }
        switch reading(date, secondsOfDay) {
        case .exact(let instant), .overlap(let instant, _), .gap(let instant):
            return Date(timeIntervalSince1970: Double(instant))
        }
    }

    /// The start instant of a wall time, moving out of a gap to where it ends.
    func startInstant(_ date: CivilDate, _ secondsOfDay: Int) -> Date {
        bookingInstant(date, secondsOfDay) ?? windowEdge(date, secondsOfDay)
    }

    /// The local date and seconds since local midnight at an instant.
    func civil(_ instant: Date) -> (date: CivilDate, secondsOfDay: Int) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let local = seconds + offset(atUnix: seconds)
        let day = Int((Double(local) / 86400).rounded(.down))
        return (Days.date(day), local - day * 86400)
    }

    /// The first instant of the next local day after the one `instant` falls on.
    func endOfDay(containing instant: Date) -> Date {
        windowEdge(civil(instant).date, 86400)
    }
}

// MARK: - Intervals

/// A half-open interval of instants, `[start, start + minutes)`.
struct Interval: Sendable, Hashable, CustomStringConvertible {
    let start: Date
    let minutes: Int

    var end: Date { start.addingTimeInterval(Double(minutes * 60)) }

    func overlaps(_ other: Interval) -> Bool {
        start < other.end && other.start < end
    }

    func overlaps(_ appointment: Appointment) -> Bool {
        start < appointment.end && appointment.start < end
    }

    var description: String { "[\(start) +\(minutes)m]" }
}

// MARK: - Generators

extension Gens {
    /// A date in 2025 after the default "now", with DST days and their neighbours often.
    static let futureDate = zip(Gen.int(in: 0...9), pick(ZoneCase.dstDates), Gen.int(in: 1...363))
        .map { choice, dst, offset in choice < 4 ? dst : Days.adding(firstDay, offset) }

    /// Any date an override can name: mostly 2025, sometimes leap days, century years and the
    /// ends of the calendar.
    static let overrideDate = zip(Gen.bool(0.2), pick([
        "0001-01-01", "1970-01-01", "2000-02-29", "2024-02-29", "2038-01-19", "2100-02-28", "2100-03-01",
        "2399-12-31", "9999-12-31",
    ].map(Days.parse)), futureDate).map { extreme, special, usual in extreme ? special : usual }

    /// Minutes since midnight, edges often: midnight, the DST hours, the ends of the day.
    static let minuteOfDay = zip(
        Gen.bool(0.5),
        pick([0, 1, 59, 60, 61, 119, 120, 121, 150, 179, 180, 181, 539, 540, 720, 1019, 1020, 1380, 1439]),
        Gen.int(in: 0...1439)
    ).map { edge, special, any in edge ? special : any }

    /// Durations from 1 minute to 24 hours, the bounds often.
    static let duration = zip(
        Gen.int(in: 0...9),
        pick([1, 1, 2, 15, 30, 45, 59, 60, 61, 90, 120, 480, 1439, 1440, 1440]),
        Gen.int(in: 1...240),
        Gen.int(in: 1...1440)
    ).map { choice, special, short, any in choice < 4 ? special : (choice < 8 ? short : any) }

    /// Where one booking sits: a date, a start (minutes since midnight) and a duration; a
    /// quarter of them in the small hours of a day the clocks change (see `SlotSeed.placed`).
    static let slot = zip(futureDate, minuteOfDay, duration, Gen.int(in: 0...7))
        .map { date, minute, duration, transition in
            SlotSeed(date: date, minute: duration >= 1439 && transition % 2 == 0 ? 0 : minute, duration: duration,
                     transition: transition < 2 ? transition : nil)
        }

    /// A booking placed freely, or right after the previous one (often back to back).
    static let chainLink = zip(slot, Gen.bool(0.45), pick([0, 0, 0, 1, 15, 60, 600])).map(ChainSeed.init)

    // MARK: Names and fields

    /// Pieces that make names awkward: quotes, backslashes, emoji, CJK, combining marks, SQL.
    static let nameFragments: [String] = [
        "Ann", "Bob", "O'Brien", "\"Doc\"", "C:\\Users\\ann", "back\\\\slash", "\\\"", "Zoë", "Zoe\u{308}",
        "José", "Ñandú", "李小龍", "山田太郎", "김민준", "Ελένη", "Дмитрий", "محمد", "שרה", "😀", "👩‍👩‍👧",
        "🇩🇪", "👍🏽", "a\u{301}\u{302}", "ﬁ", "Σ", "x", "—", "&<>", "#1", ";", "%s", "{}", "NULL",
        "' OR 1=1 --", "Robert'); DROP TABLE appointments;--", "\u{301}", "e\u{301}", "Å", "ß",
    ]

    /// Names at the bounds: 1 character and 200 characters (counted as Unicode scalars).
    static let boundaryNames: [String] = [
        "A", "é", "中", "😀", "'", "\"", "\\", "\u{301}", "#", ";",
        String(repeating: "a", count: 200), String(repeating: "中", count: 200),
        String(repeating: "e\u{301}", count: 100), String(repeating: "😀", count: 200),
        "\"" + String(repeating: "x", count: 198) + "\\", String(repeating: "\\\"", count: 100),
    ]

    /// A valid customer name: 1–200 scalars, no control characters, no surrounding whitespace.
    static let customerName = zip(
        Gen.int(in: 0...9),
        pick(boundaryNames),
        pick(nameFragments).array(of: 1...5),
        Gen.letterOrNumber.string(of: 1...200)
    ).map { choice, boundary, fragments, plain -> String in
        switch choice {
        case 0, 1: return boundary
        case 2, 3, 4, 5: return clipName(fragments.joined(separator: " "))
        case 6: return clipName(fragments.joined() + plain)
        default: return plain
        }
    }

    static let note = pick([
        nil, "", "first visit", "line one\nline two\twith a tab", "😀 emoji and 中文 and e\u{301}",
        "quote \" and backslash \\", String(repeating: "n", count: 2000), String(repeating: "中", count: 2000),
    ] as [String?])

    static let email = pick([
        nil, "", "ann@example.com", "o'brien@example.co.uk", "x@y.z", "李@例子.中国", "  ann@example.com  ",
        "a.b+tag@sub.example.org",
    ] as [String?])

    // MARK: Working hours

    /// A day's windows: up to four, sorted, often touching, sometimes ending at 24:00.
    static let windows = zip(
        Gen.int(in: 0...4),
        zip(
            zip(Gen.bool(0.5), pick([0, 0, 1, 15, 60, 120, 150]), Gen.int(in: 0...300)).map { $0 ? $1 : $2 },
            zip(Gen.bool(0.4), pick([1, 30, 60, 90, 180, 480, 1440]), Gen.int(in: 1...600)).map { $0 ? $1 : $2 }
        ).array(of: 4),
        Gen.bool(0.35)
    ).map { count, pieces, toMidnight in makeWindows(count: count, pieces: pieces, toMidnight: toMidnight) }

    /// Lays windows end to end from midnight: each piece is (gap before, length) in minutes.
    static func makeWindows(count: Int, pieces: [(Int, Int)], toMidnight: Bool) -> [TimeWindow] {
        var result: [TimeWindow] = []
        var cursor = 0
        for (gap, length) in pieces.prefix(count) {
            let start = cursor + gap
            let end = start + length
            guard end <= 1440 else { break }
            result.append(TimeWindow(start: start * 60, end: end * 60))
            cursor = end
        }
        if toMidnight {
            if let last = result.last, last.end < 86400 {
                result[result.count - 1] = TimeWindow(start: last.start, end: 86400)
            } else if result.isEmpty {
                result = [TimeWindow(start: 0, end: 86400)]
            }
        }
        return result
    }

    /// A non-empty set of weekdays.
    static let days = Gen.int(in: 1...127).map { mask in
        Set(Weekday.allCases.filter { mask & (1 << ($0.rawValue - 1)) != 0 })
    }
}

// MARK: - Seeds

/// Where a booking goes, before it is fitted into its day.
struct SlotSeed: Sendable, Hashable, CustomStringConvertible {
    let date: CivilDate
    let minute: Int
    let duration: Int
    /// When set, the booking moves to 01:00–02:59 on the date of the zone's first (0) or second
    /// (1) clock change, where the wall clock skips or repeats an hour.
    var transition: Int? = nil

    var description: String {
        "\(date) +\(minute)min for \(duration)m" + (transition.map { " at clock change \($0)" } ?? "")
    }

    /// The seed with its date and time moved to the clock change it asks for, if the zone has one.
    func placed(in zone: ZoneCase) -> SlotSeed {
        guard let transition, zone.transitions.indices.contains(transition) else {
            return SlotSeed(date: date, minute: minute, duration: duration)
        }
        let instant = Date(timeIntervalSince1970: Double(zone.transitions[transition].at))
        return SlotSeed(date: zone.civil(instant).date, minute: 60 + minute % 120, duration: duration)
    }

    /// The interval in `zone`: the start (moved out of a DST gap), the duration cut so that the
    /// booking ends by the end of its local day.
    func interval(in zone: ZoneCase) -> Interval {
        let slot = placed(in: zone)
        let start = zone.startInstant(slot.date, slot.minute * 60)
        return Interval(start: start, minutes: fitted(start, slot.duration, in: zone))
    }
}

/// A booking placed freely or after the previous booking of a chain.
struct ChainSeed: Sendable, Hashable, CustomStringConvertible {
    let slot: SlotSeed
    let followsPrevious: Bool
    let gapMinutes: Int

    var description: String { followsPrevious ? "after previous +\(gapMinutes)m for \(slot.duration)m" : "\(slot)" }
}

/// The duration cut so that `[start, start + minutes)` ends by the end of its local day.
func fitted(_ start: Date, _ minutes: Int, in zone: ZoneCase) -> Int {
    let room = Int(zone.endOfDay(containing: start).timeIntervalSince(start)) / 60
    return max(1, min(minutes, room))
}

/// Lays out a chain of bookings and keeps those that overlap none kept before.
func plan(_ chain: [ChainSeed], in zone: ZoneCase) -> [Interval] {
    var kept: [Interval] = []
    var previous: Interval?
    for link in chain {
        var interval = link.slot.interval(in: zone)
        if link.followsPrevious, let previous {
            let start = previous.end.addingTimeInterval(Double(link.gapMinutes * 60))
            interval = Interval(start: start, minutes: fitted(start, link.slot.duration, in: zone))
        }
        previous = interval
        if !kept.contains(where: { $0.overlaps(interval) }) { kept.append(interval) }
    }
    return kept
}
