import Foundation
import SchedCore
@testable import SchedInterchange
import Testing

/// `DefinedZone`: a VTIMEZONE's STANDARD and DAYLIGHT observances, turned into instants the
/// way `HomeZone` turns a system zone's wall times into instants.
@Suite struct DefinedZoneTests {
    /// The zone a VTIMEZONE of `body` (its lines between BEGIN and END) defines, read the way
    /// `import ics` reads it: through an event whose DTSTART names it.
    static func zone(_ tzid: String, _ body: [String]) throws -> DefinedZone {
        let text = (["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VTIMEZONE", "TZID:\(tzid)"] + body
            + ["END:VTIMEZONE", "BEGIN:VEVENT", "DTSTART;TZID=\"\(tzid)\":20250304T100000", "DURATION:PT30M",
               "END:VEVENT", "END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
        let entries = try ICalendarReader.entries(text)
        guard case .wall(_, _, .defined(let zone))? = entries.first?.start else {
            Issue.record("no defined zone: \(entries)")
            throw ImportFileError(line: 0, message: "no zone")
        }
        return zone
    }

    /// What Exchange writes for New York: both onsets dated 1601-01-01, the rules doing the work.
    static let exchangeEastern =
        observance("STANDARD", "16010101T020000", "-0400", "-0500", "FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11")
        + observance("DAYLIGHT", "16010101T020000", "-0500", "-0400", "FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3")

    /// What Thunderbird writes for Berlin: offsets with seconds, rules by the last Sunday.
    static let thunderbirdBerlin = [
        "X-TZINFO:Europe/Berlin[2024b]",
        "BEGIN:DAYLIGHT", "TZOFFSETTO:+020000", "TZOFFSETFROM:+010000", "TZNAME:CEST",
        "DTSTART:19810329T020000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETTO:+010000", "TZOFFSETFROM:+020000", "TZNAME:CET",
        "DTSTART:19961027T030000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
    ]

    /// A STANDARD or DAYLIGHT: its first onset, the offsets before and after, and its RRULE.
    static func observance(_ kind: String, _ start: String, _ from: String, _ to: String, _ rule: String) -> [String] {
        ["BEGIN:\(kind)", "DTSTART:\(start)", "TZOFFSETFROM:\(from)", "TZOFFSETTO:\(to)", "RRULE:\(rule)", "END:\(kind)"]
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day) ?? CivilDate(daysSinceEpoch: 0)
    }

    static func utc(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    /// The wall clock from `first` through `last` resolves as the system zone resolves it: the
    /// same instants, the same gaps, the same overlaps. Every half hour of each day on which the
    /// system zone's offset changes, and noon of the others.
    static func expectSameAsSystem(_ zone: DefinedZone, _ identifier: String, from first: CivilDate,
                                   through last: CivilDate, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let system = try #require(HomeZone(identifier: identifier))
        var differences: [String] = []
        var changes = 0
        for day in first.daysSinceEpoch...last.daysSinceEpoch {
            let date = CivilDate(daysSinceEpoch: day)
            let changing = system.offset(at: Date(unixSeconds: day * 86_400 - 86_400))
                != system.offset(at: Date(unixSeconds: day * 86_400 + 2 * 86_400))
            if changing { changes += 1 }
            for seconds in changing ? Array(stride(from: 0, to: 86_400, by: 1800)) : [43_200] {
                let ours = zone.resolve(date, secondsOfDay: seconds)
                let theirs = system.resolve(date, secondsOfDay: seconds)
                if ours != theirs { differences.append("\(date) \(seconds / 60) min: \(ours) ≠ \(theirs)") }
            }
        }
        #expect(differences.count == 0, "\(differences.prefix(5))", sourceLocation: sourceLocation)
        #expect(changes > 0 || identifier == "Asia/Kolkata", "no change of offset was compared", sourceLocation: sourceLocation)
    }

    // MARK: - Rules by month and weekday

    @Test func theSpringGapAndTheAutumnOverlapAreThoseOfTheRules() throws {
        let zone = try Self.zone("Eastern", Self.exchangeEastern)
        // 9 March 2025 is the second Sunday of March: 02:00 becomes 03:00.
        #expect(zone.resolve(Self.date(2025, 3, 9), secondsOfDay: 9000) == .gap)
        #expect(zone.resolve(Self.date(2025, 3, 9), secondsOfDay: 7200) == .gap)
        #expect(zone.resolve(Self.date(2025, 3, 9), secondsOfDay: 10_800) == .exact(try Self.utc("2025-03-09T07:00:00Z")))
        // 2 November 2025 is the first Sunday of November: 01:30 happens twice.
        #expect(zone.resolve(Self.date(2025, 11, 2), secondsOfDay: 5400)
                == .overlap(earlier: try Self.utc("2025-11-02T05:30:00Z"), later: try Self.utc("2025-11-02T06:30:00Z")))
        #expect(zone.resolve(Self.date(2025, 3, 4), secondsOfDay: 36_000) == .exact(try Self.utc("2025-03-04T15:00:00Z")))
        #expect(zone.offset(at: try Self.utc("2025-07-01T12:00:00Z")) == -4 * 3600)
    }

    @Test func thunderbirdsBerlinResolvesAsBerlinDoes() throws {
        let zone = try Self.zone("Europe/Berlin", Self.thunderbirdBerlin)
        try Self.expectSameAsSystem(zone, "Europe/Berlin", from: Self.date(2025, 3, 1), through: Self.date(2025, 11, 1))
    }

    /// New York as three producers define it: Exchange with onsets dated 1601; with its history,
    /// the rules before 2007 ended by UNTIL and the later ones starting at their DTSTART; and
    /// with each Sunday named by the days it falls between.
    static let newYorks: [(name: String, observances: [String], from: CivilDate, through: CivilDate)] = [
        ("(UTC-05:00) Eastern Time (US & Canada)", exchangeEastern, date(2024, 12, 25), date(2026, 1, 5)),
        ("US/Eastern",
         observance("DAYLIGHT", "19870405T020000", "-0500", "-0400", "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z")
            + observance("STANDARD", "19671029T020000", "-0400", "-0500",
                         "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z")
            + observance("DAYLIGHT", "20070311T020000", "-0500", "-0400", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU")
            + observance("STANDARD", "20071104T020000", "-0400", "-0500", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
         date(2005, 1, 1), date(2008, 12, 31)),
        ("Eastern by days",
         observance("DAYLIGHT", "20070311T020000", "-0500", "-0400",
                    "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU")
            + observance("STANDARD", "20071104T020000", "-0400", "-0500",
                         "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=SU"),
         date(2025, 1, 1), date(2026, 12, 31)),
    ]

    @Test(arguments: newYorks.map(\.name))
    func aDefinitionOfNewYorkResolvesAsNewYorkDoes(name: String) throws {
        let definition = try #require(Self.newYorks.first { $0.name == name })
        let zone = try Self.zone(name, definition.observances)
        #expect(zone.tzid == name)
        try Self.expectSameAsSystem(zone, "America/New_York", from: definition.from, through: definition.through)
    }

    @Test func aRuleWithCountStopsAfterThatManyOnsets() throws {
        // Summer time in 2025 and 2026 only; from the autumn of 2026 the zone stays at +01:00.
        let zone = try Self.zone("Two summers",
            Self.observance("DAYLIGHT", "20250330T020000", "+0100", "+0200", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=2")
            + Self.observance("STANDARD", "20251026T030000", "+0200", "+0100", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;COUNT=2"))
        #expect(zone.offset(at: try Self.utc("2026-07-01T12:00:00Z")) == 7200)
        #expect(zone.offset(at: try Self.utc("2027-07-01T12:00:00Z")) == 3600)
        #expect(zone.offset(at: try Self.utc("2025-01-15T12:00:00Z")) == 3600, "before the first onset: its TZOFFSETFROM")
    }

    // MARK: - Dates and fixed offsets

    @Test func onsetsGivenAsRDatesAreRead() throws {
        let zone = try Self.zone("Berlin 2025", [
            "BEGIN:STANDARD", "DTSTART:20241027T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
            "RDATE:20251026T030000,20261025T030000", "END:STANDARD",
            "BEGIN:DAYLIGHT", "DTSTART:20250330T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
            "RDATE;VALUE=DATE-TIME:20260329T020000,20270328T020000", "END:DAYLIGHT",
        ])
        try Self.expectSameAsSystem(zone, "Europe/Berlin", from: Self.date(2024, 11, 1), through: Self.date(2027, 3, 1))
    }

    @Test func aSingleObservanceIsAFixedOffset() throws {
        let zone = try Self.zone("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", [
            "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "END:STANDARD",
        ])
        #expect(zone.resolve(Self.date(2025, 3, 4), secondsOfDay: 36_000) == .exact(try Self.utc("2025-03-04T04:30:00Z")))
        try Self.expectSameAsSystem(zone, "Asia/Kolkata", from: Self.date(2025, 1, 1), through: Self.date(2025, 12, 31))
    }
}
