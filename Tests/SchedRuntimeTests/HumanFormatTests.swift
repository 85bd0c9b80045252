import Foundation
import SchedCore
import Testing
@testable import SchedRuntime

/// Dates and times as human output writes them, byte by byte (`TextWriter`), against the same
/// formats spelt with interpolation.
@Suite struct HumanFormatTests {
    private static func at(_ text: String) throws -> Date {
        try #require(try? Date(text, strategy: .iso8601))
    }

    @Test func spansOnOneDayAndAcrossMidnight() throws {
        let zone = HomeZone.utc
        #expect(HumanFormat.span(try Self.at("2025-03-04T10:00:00Z"), try Self.at("2025-03-04T10:30:00Z"), zone: zone)
                == "Tue 4 Mar 2025 10:00–10:30")
        #expect(HumanFormat.span(try Self.at("2025-12-31T23:30:00Z"), try Self.at("2026-01-01T00:15:00Z"), zone: zone)
                == "Wed 31 Dec 2025 23:30–Thu 1 Jan 2026 00:15")
        #expect(HumanFormat.span(try Self.at("2025-03-04T09:05:30Z"), try Self.at("2025-03-04T09:06:00Z"), zone: zone)
                == "Tue 4 Mar 2025 09:05:30–09:06")
        // From days, not parsed: Foundation's parser reads dates before 1582 as Julian.
        let early = try #require(CivilDate(year: 999, month: 6, day: 1)).daysSinceEpoch * 86_400 + 45 * 60
        #expect(HumanFormat.moment(Date(timeIntervalSince1970: TimeInterval(early)), zone: zone) == "Sat 1 Jun 999 00:45")
    }

    @Test func clocksAndWindowEnds() {
        #expect(HumanFormat.clock(0) == "00:00")
        #expect(HumanFormat.clock(86_399) == "23:59:59")
        #expect(HumanFormat.clock(86_400) == "24:00")
        #expect(HumanFormat.windowEnd(TimeWindow(start: 0, end: 86_400)) == "24:00")
        #expect(HumanFormat.window(TimeWindow(start: 9 * 3600, end: 17 * 3600 + 30 * 60)) == "09:00–17:30")
    }

    /// Every weekday and month, years from before 1 to past 9999, and clock times with and
    /// without seconds, against the interpolated spelling.
    @Test func daysAndClocksReadAsInterpolationWouldSpellThem() {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var days = Array(stride(from: -800_000, through: 3_000_000, by: 997))
        days += [-719_528, -719_162, 0, 2_932_896, 2_932_897]
        for daysSinceEpoch in days {
            let date = CivilDate(daysSinceEpoch: daysSinceEpoch)
            let expected = "\(date.weekday.shortName) \(date.day) \(months[date.month - 1]) \(date.year)"
            #expect(HumanFormat.day(date) == expected)
        }
        for seconds in stride(from: 0, through: 86_400, by: 7) {
            let hours = seconds / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
            func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
            let expected = "\(pad(hours)):\(pad(minutes))" + (rest == 0 ? "" : ":\(pad(rest))")
            #expect(HumanFormat.clock(seconds) == expected)
        }
    }

    @Test func weekdaysHaveThreeLetterNames() {
        #expect(Weekday.allCases.map(\.shortName) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    }
}
