import Foundation
import SchedTestSupport
import Testing

@testable import SchedCore

/// RFC 5545's recurrence examples, parsing and its refusals, and the rule in words.
@Suite struct RecurrenceRuleTests {
    // MARK: - RFC 5545 section 3.8.5.3

    /// The examples run at 09:00 in America/New_York; UNTIL's UTC instant is turned into New York time
    /// by hand (EDT is UTC-4 until 26 October 1997, EST is UTC-5 after it).
    static let nineAM = 9 * 3600

    @Test func dailyForTenOccurrences() {
        #expect(Self.expand("FREQ=DAILY;COUNT=10", first: "1997-09-02") == Self.days(1997, 9, 2...11))
    }

    @Test func dailyUntilDecember24() {
        // UNTIL=19971224T000000Z is 23 December 19:00 EST, before 09:00 on the 24th.
        let last = RecurrenceRule.lastDate(until: Self.date("1997-12-23"), untilSecondsOfDay: 19 * 3600,
                                           occurrenceSecondsOfDay: Self.nineAM)
        let dates = Self.expand("FREQ=DAILY;UNTIL=19971224T000000Z", first: "1997-09-02", lastDate: last)
        #expect(dates.count == 113)
        #expect(dates.first == Self.date("1997-09-02") && dates.last == Self.date("1997-12-23"))
    }

    @Test func everyOtherDayForever() {
        let dates = Self.expand("FREQ=DAILY;INTERVAL=2", first: "1997-09-02", through: "1997-10-03")
        #expect(dates == Self.days(1997, 9, [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30])
            + Self.days(1997, 10, [2]))
    }

    @Test func everyTenDaysFiveTimes() {
        #expect(Self.expand("FREQ=DAILY;INTERVAL=10;COUNT=5", first: "1997-09-02")
            == Self.days(1997, 9, [2, 12, 22]) + Self.days(1997, 10, [2, 12]))
    }

    @Test func everyDayInJanuaryForThreeYears() {
        // UNTIL=20000131T140000Z is 09:00 EST on 31 January: the last occurrence itself.
        let last = RecurrenceRule.lastDate(until: Self.date("2000-01-31"), untilSecondsOfDay: Self.nineAM,
                                           occurrenceSecondsOfDay: Self.nineAM)
        let januaries = [1998, 1999, 2000].flatMap { Self.days($0, 1, 1...31) }
        let yearly = "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA"
        #expect(Self.expand(yearly, first: "1998-01-01", lastDate: last) == januaries)
        #expect(Self.expand("FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1", first: "1998-01-01", lastDate: last) == januaries)
    }

    @Test func weeklyForTenOccurrences() {
        #expect(Self.expand("FREQ=WEEKLY;COUNT=10", first: "1997-09-02")
            == Self.days(1997, 9, [2, 9, 16, 23, 30]) + Self.days(1997, 10, [7, 14, 21, 28]) + Self.days(1997, 11, [4]))
    }

    @Test func everyOtherWeekForever() {
        let dates = Self.expand("FREQ=WEEKLY;INTERVAL=2;WKST=SU", first: "1997-09-02", through: "1998-02-17")
        #expect(dates == Self.days(1997, 9, [2, 16, 30]) + Self.days(1997, 10, [14, 28]) + Self.days(1997, 11, [11, 25])
            + Self.days(1997, 12, [9, 23]) + Self.days(1998, 1, [6, 20]) + Self.days(1998, 2, [3, 17]))
    }

    @Test func weeklyOnTuesdayAndThursdayForFiveWeeks() {
        let expected = Self.days(1997, 9, [2, 4, 9, 11, 16, 18, 23, 25, 30]) + Self.days(1997, 10, [2])
        // UNTIL=19971007T000000Z is 6 October 20:00 EDT.
        let last = RecurrenceRule.lastDate(until: Self.date("1997-10-06"), untilSecondsOfDay: 20 * 3600,
                                           occurrenceSecondsOfDay: Self.nineAM)
        #expect(Self.expand("FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", first: "1997-09-02", lastDate: last)
            == expected)
        #expect(Self.expand("FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", first: "1997-09-02") == expected)
    }

    @Test func everyOtherWeekOnMondayWednesdayFriday() {
        let last = Self.date("1997-12-23")
        let dates = Self.expand("FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
                                first: "1997-09-01", lastDate: last)
        #expect(dates == Self.days(1997, 9, [1, 3, 5, 15, 17, 19, 29]) + Self.days(1997, 10, [1, 3, 13, 15, 17, 27, 29, 31])
            + Self.days(1997, 11, [10, 12, 14, 24, 26, 28]) + Self.days(1997, 12, [8, 10, 12, 22]))
    }

    @Test func everyOtherWeekOnTuesdayAndThursday() {
        #expect(Self.expand("FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", first: "1997-09-02")
            == Self.days(1997, 9, [2, 4, 16, 18, 30]) + Self.days(1997, 10, [2, 14, 16]))
    }

    @Test func monthlyOnTheFirstFridayForTenOccurrences() {
        #expect(Self.expand("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", first: "1997-09-05")
            == [Self.date("1997-09-05"), Self.date("1997-10-03"), Self.date("1997-11-07"), Self.date("1997-12-05"),
                Self.date("1998-01-02"), Self.date("1998-02-06"), Self.date("1998-03-06"), Self.date("1998-04-03"),
                Self.date("1998-05-01"), Self.date("1998-06-05")])
    }

    @Test func monthlyOnTheFirstFridayUntilDecember24() {
        #expect(Self.expand("FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", first: "1997-09-05",
                            lastDate: Self.date("1997-12-23"))
            == [Self.date("1997-09-05"), Self.date("1997-10-03"), Self.date("1997-11-07"), Self.date("1997-12-05")])
    }

    @Test func everyOtherMonthOnTheFirstAndLastSunday() {
        #expect(Self.expand("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", first: "1997-09-07")
            == Self.days(1997, 9, [7, 28]) + Self.days(1997, 11, [2, 30]) + Self.days(1998, 1, [4, 25])
            + Self.days(1998, 3, [1, 29]) + Self.days(1998, 5, [3, 31]))
    }

    @Test func monthlyOnTheSecondToLastMonday() {
        #expect(Self.expand("FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", first: "1997-09-22")
            == [Self.date("1997-09-22"), Self.date("1997-10-20"), Self.date("1997-11-17"), Self.date("1997-12-22"),
                Self.date("1998-01-19"), Self.date("1998-02-16")])
    }

    @Test func monthlyOnTheThirdToLastDay() {
        #expect(Self.expand("FREQ=MONTHLY;BYMONTHDAY=-3", first: "1997-09-28", through: "1998-02-28")
            == [Self.date("1997-09-28"), Self.date("1997-10-29"), Self.date("1997-11-28"), Self.date("1997-12-29"),
                Self.date("1998-01-29"), Self.date("1998-02-26")])
    }

    @Test func monthlyOnTheSecondAndFifteenth() {
        #expect(Self.expand("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", first: "1997-09-02")
            == [9, 10, 11, 12].flatMap { Self.days(1997, $0, [2, 15]) } + Self.days(1998, 1, [2, 15]))
    }

    @Test func monthlyOnTheFirstAndLastDay() {
        #expect(Self.expand("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", first: "1997-09-30")
            == Self.days(1997, 9, [30]) + Self.days(1997, 10, [1, 31]) + Self.days(1997, 11, [1, 30])
            + Self.days(1997, 12, [1, 31]) + Self.days(1998, 1, [1, 31]) + Self.days(1998, 2, [1]))
    }

    @Test func everyEighteenMonthsOnTheTenthToFifteenth() {
        #expect(Self.expand("FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", first: "1997-09-10")
            == Self.days(1997, 9, 10...15) + Self.days(1999, 3, 10...13))
    }

    @Test func everyTuesdayEveryOtherMonth() {
        #expect(Self.expand("FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", first: "1997-09-02", through: "1998-03-31")
            == Self.days(1997, 9, [2, 9, 16, 23, 30]) + Self.days(1997, 11, [4, 11, 18, 25])
            + Self.days(1998, 1, [6, 13, 20, 27]) + Self.days(1998, 3, [3, 10, 17, 24, 31]))
    }

    @Test func yearlyInJuneAndJuly() {
        #expect(Self.expand("FREQ=YEARLY;COUNT=10;BYMONTH=6,7", first: "1997-06-10")
            == (1997...2001).flatMap { Self.days($0, 6, [10]) + Self.days($0, 7, [10]) })
    }

    @Test func everyOtherYearInJanuaryFebruaryAndMarch() {
        #expect(Self.expand("FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", first: "1997-03-10")
            == [Self.date("1997-03-10")] + [1999, 2001, 2003].flatMap { year in (1...3).flatMap { Self.days(year, $0, [10]) } })
    }

    @Test func everyTwentiethMondayOfTheYear() {
        #expect(Self.expand("FREQ=YEARLY;BYDAY=20MO", first: "1997-05-19", through: "1999-12-31")
            == [Self.date("1997-05-19"), Self.date("1998-05-18"), Self.date("1999-05-17")])
    }

    @Test func everyThursdayInMarch() {
        #expect(Self.expand("FREQ=YEARLY;BYMONTH=3;BYDAY=TH", first: "1997-03-13", through: "1999-12-31")
            == Self.days(1997, 3, [13, 20, 27]) + Self.days(1998, 3, [5, 12, 19, 26]) + Self.days(1999, 3, [4, 11, 18, 25]))
    }

    @Test func everyThursdayInJuneJulyAndAugust() {
        #expect(Self.expand("FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", first: "1997-06-05", through: "1999-12-31")
            == Self.days(1997, 6, [5, 12, 19, 26]) + Self.days(1997, 7, [3, 10, 17, 24, 31]) + Self.days(1997, 8, [7, 14, 21, 28])
            + Self.days(1998, 6, [4, 11, 18, 25]) + Self.days(1998, 7, [2, 9, 16, 23, 30]) + Self.days(1998, 8, [6, 13, 20, 27])
            + Self.days(1999, 6, [3, 10, 17, 24]) + Self.days(1999, 7, [1, 8, 15, 22, 29]) + Self.days(1999, 8, [5, 12, 19, 26]))
    }

    @Test func everyFridayThe13th() {
        // The RFC drops DTSTART with EXDATE; here it stays as the first occurrence.
        #expect(Self.expand("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", first: "1997-09-02", through: "2000-12-31")
            == [Self.date("1997-09-02"), Self.date("1998-02-13"), Self.date("1998-03-13"), Self.date("1998-11-13"),
                Self.date("1999-08-13"), Self.date("2000-10-13")])
    }

    @Test func theFirstSaturdayAfterTheFirstSunday() {
        #expect(Self.expand("FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", first: "1997-09-13", through: "1998-06-30")
            == [Self.date("1997-09-13"), Self.date("1997-10-11"), Self.date("1997-11-08"), Self.date("1997-12-13"),
                Self.date("1998-01-10"), Self.date("1998-02-07"), Self.date("1998-03-07"), Self.date("1998-04-11"),
                Self.date("1998-05-09"), Self.date("1998-06-13")])
    }

    @Test func presidentialElectionDay() {
        #expect(Self.expand("FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
                            first: "1996-11-05", through: "2004-12-31")
            == [Self.date("1996-11-05"), Self.date("2000-11-07"), Self.date("2004-11-02")])
    }

    @Test func theThirdTuesdayWednesdayOrThursday() {
        #expect(Self.expand("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", first: "1997-09-04")
            == [Self.date("1997-09-04"), Self.date("1997-10-07"), Self.date("1997-11-06")])
    }

    @Test func theSecondToLastWeekday() {
        #expect(Self.expand("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", first: "1997-09-29", through: "1998-03-31")
            == [Self.date("1997-09-29"), Self.date("1997-10-30"), Self.date("1997-11-27"), Self.date("1997-12-30"),
                Self.date("1998-01-29"), Self.date("1998-02-26"), Self.date("1998-03-30")])
    }

    @Test func weekStartMatters() {
        #expect(Self.expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", first: "1997-08-05")
            == Self.days(1997, 8, [5, 10, 19, 24]))
        #expect(Self.expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", first: "1997-08-05")
            == Self.days(1997, 8, [5, 17, 19, 31]))
    }

    @Test func februaryThirtiethIsSkipped() {
        #expect(Self.expand("FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", first: "2007-01-15")
            == Self.days(2007, 1, [15, 30]) + Self.days(2007, 2, [15]) + Self.days(2007, 3, [15, 30]))
    }

    // MARK: - Defaults from DTSTART and edges

    @Test func monthlyOnThe31stSkipsShorterMonths() {
        #expect(Self.expand("FREQ=MONTHLY;COUNT=4", first: "2025-01-31")
            == [Self.date("2025-01-31"), Self.date("2025-03-31"), Self.date("2025-05-31"), Self.date("2025-07-31")])
    }

    @Test func yearlyOn29FebruaryOnlyInLeapYears() {
        #expect(Self.expand("FREQ=YEARLY;COUNT=3", first: "2024-02-29")
            == [Self.date("2024-02-29"), Self.date("2028-02-29"), Self.date("2032-02-29")])
    }

    @Test func yearlyWithBYMONTHOnlyKeepsTheDayOfMonth() {
        #expect(Self.expand("FREQ=YEARLY;BYMONTH=1,4;COUNT=4", first: "2025-01-20")
            == [Self.date("2025-01-20"), Self.date("2025-04-20"), Self.date("2026-01-20"), Self.date("2026-04-20")])
    }

    @Test func weeklyWithBYMONTHOnlyCountsWeeksInThoseMonths() {
        #expect(Self.expand("FREQ=WEEKLY;BYMONTH=3;COUNT=6", first: "2025-03-18")
            == Self.days(2025, 3, [18, 25]) + Self.days(2026, 3, [3, 10, 17, 24]))
    }

    @Test func dtstartCountsEvenWhenTheRuleWouldNotGiveIt() {
        // 2025-03-04 is a Tuesday; the rule gives Fridays.
        #expect(Self.expand("FREQ=WEEKLY;BYDAY=FR;COUNT=3", first: "2025-03-04")
            == [Self.date("2025-03-04"), Self.date("2025-03-07"), Self.date("2025-03-14")])
    }

    @Test func aRuleThatGivesNothingEndsAtThrough() {
        #expect(Self.expand("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", first: "2025-01-01", through: "2125-01-01")
            == [Self.date("2025-01-01")])
        #expect(Self.expand("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;COUNT=5", first: "2025-01-01", through: "2030-01-01")
            == [Self.date("2025-01-01")])
    }

    @Test func throughAndLastDateBothStopIt() {
        let rule = Self.rule("FREQ=DAILY")
        let first = Self.date("2025-03-01")
        #expect(rule.dates(first: first, through: Self.date("2025-03-03")) == Self.days(2025, 3, 1...3))
        #expect(rule.dates(first: first, through: Self.date("2025-03-09"), lastDate: Self.date("2025-03-02"))
            == Self.days(2025, 3, 1...2))
        #expect(rule.dates(first: first, through: Self.date("2025-02-28")).isEmpty)
        #expect(rule.dates(first: first, through: Self.date("2025-12-31"), lastDate: Self.date("2025-02-01")).isEmpty)
    }

    @Test func aCountOfOneIsDtstartAlone() {
        #expect(Self.expand("FREQ=DAILY;COUNT=1", first: "2025-03-01") == [Self.date("2025-03-01")])
    }

    @Test func lastDateKeepsTheUntilDateOnlyWhenItsTimeIsNotBeforeTheOccurrence() {
        let until = Self.date("2025-06-30")
        #expect(RecurrenceRule.lastDate(until: until, untilSecondsOfDay: 36000, occurrenceSecondsOfDay: 36000) == until)
        #expect(RecurrenceRule.lastDate(until: until, untilSecondsOfDay: 86399, occurrenceSecondsOfDay: 36000) == until)
        #expect(RecurrenceRule.lastDate(until: until, untilSecondsOfDay: 35999, occurrenceSecondsOfDay: 36000)
            == Self.date("2025-06-29"))
    }

    @Test func twoYearsOfAWeeklyRuleIsQuick() {
        let rule = Self.rule("FREQ=WEEKLY;BYDAY=MO,WE,FR")
        let clock = ContinuousClock()
        var dates: [CivilDate] = []
        let elapsed = clock.measure {
            for _ in 0..<100 { dates = rule.dates(first: Self.date("2025-01-06"), through: Self.date("2026-12-31")) }
        }
        #expect(dates.count == 311)
        // Generous for a debug build on a busy machine: the point is period-by-period work, not day by day.
        #expect(elapsed < .seconds(2), "\(elapsed) for 100 expansions")
    }

    // MARK: - Parsing and text

    @Test func parsesPartsInAnyOrderAndCase() {
        let rule = Self.rule("count=10;byday=mo,+2th;Freq=Monthly;INTERVAL=2")
        #expect(rule == RecurrenceRule(frequency: .monthly, interval: 2, byDay: [.init(.monday), .init(.thursday, ordinal: 2)],
                                       end: .count(10)))
        #expect(rule.text == "FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,2TH;COUNT=10")
    }

    @Test func writesCanonicalText() {
        #expect(RecurrenceRule(frequency: .weekly, byDay: [.init(.tuesday)]).text == "FREQ=WEEKLY;BYDAY=TU")
        #expect(RecurrenceRule(frequency: .weekly, interval: 2, byDay: [.init(.monday), .init(.thursday)], end: .count(10)).text
            == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10")
        let full = RecurrenceRule(frequency: .yearly, interval: 3, byDay: [.init(.friday, ordinal: -1)], byMonthDay: [1, -3],
                                  byMonth: [2, 11], bySetPos: [-1, 2], weekStart: .sunday,
                                  end: .until(.local(Self.date("2025-06-30"), secondsOfDay: 86399)))
        #expect(full.text == "FREQ=YEARLY;INTERVAL=3;BYMONTH=2,11;BYMONTHDAY=1,-3;BYDAY=-1FR;BYSETPOS=-1,2;WKST=SU;UNTIL=20250630T235959")
        #expect(Self.rule(full.text) == full)
    }

    @Test func readsAndWritesTheThreeFormsOfUntil() {
        let instant = Date(timeIntervalSince1970: 1_751_320_799) // 2025-06-30T21:59:59Z
        let forms: [(String, RecurrenceRule.Until)] = [
            ("20250630T215959Z", .instant(instant)),
            ("20250630T235959", .local(Self.date("2025-06-30"), secondsOfDay: 86399)),
            ("20250630", .date(Self.date("2025-06-30"))),
        ]
        for (text, until) in forms {
            let rule = Self.rule("FREQ=DAILY;UNTIL=\(text)")
            #expect(rule.end == .until(until))
            #expect(rule.text == "FREQ=DAILY;UNTIL=\(text)")
        }
    }

    @Test(arguments: [
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR is not supported"),
        ("FREQ=DAILY;BYMINUTE=0", "BYMINUTE is not supported"),
        ("FREQ=DAILY;BYSECOND=0", "BYSECOND is not supported"),
        ("FREQ=YEARLY;BYYEARDAY=100", "BYYEARDAY is not supported"),
        ("FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO is not supported"),
        ("FREQ=HOURLY", "FREQ=HOURLY is not supported"),
        ("FREQ=MINUTELY", "FREQ=MINUTELY is not supported"),
        ("FREQ=SECONDLY", "FREQ=SECONDLY is not supported"),
        ("FREQ=FORTNIGHTLY", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, found 'FORTNIGHTLY'"),
        ("INTERVAL=2", "FREQ is missing"),
        ("", "FREQ is missing"),
        ("FREQ=DAILY;X-FOO=1", "unknown part X-FOO"),
        ("FREQ=DAILY;COUNT=2;COUNT=3", "COUNT is given twice"),
        ("FREQ=DAILY;freq=WEEKLY", "FREQ is given twice"),
        ("FREQ=DAILY;COUNT", "expected NAME=VALUE, found 'COUNT'"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number of at least 1"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL must be a whole number of at least 1"),
        ("FREQ=DAILY;INTERVAL=two", "INTERVAL must be a whole number of at least 1"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number of at least 1"),
        ("FREQ=DAILY;COUNT=1.5", "COUNT must be a whole number of at least 1"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20250630", "COUNT and UNTIL cannot both be given"),
        ("FREQ=DAILY;UNTIL=20250230", "UNTIL must be a date such as 20250630 or a time such as 20250630T215959Z, found '20250230'"),
        ("FREQ=DAILY;UNTIL=20250630T246000Z", "UNTIL must be a date such as 20250630 or a time such as 20250630T215959Z, found '20250630T246000Z'"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH must list months from 1 to 12"),
        ("FREQ=YEARLY;BYMONTH=", "BYMONTH must list months from 1 to 12"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY must list days from 1 to 31 or -31 to -1"),
        ("FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY must list days from 1 to 31 or -31 to -1"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367", "BYSETPOS must list positions from 1 to 366 or -366 to -1"),
        ("FREQ=WEEKLY;BYDAY=MO,XX", "BYDAY must list days such as MO, 2TU or -1FR, found 'XX'"),
        ("FREQ=MONTHLY;BYDAY=1.5MO", "BYDAY must list days such as MO, 2TU or -1FR, found '1.5MO'"),
        ("FREQ=WEEKLY;WKST=XX", "WKST must be a day such as MO or SU, found 'XX'"),
        ("FREQ=WEEKLY;BYDAY=2TU", "BYDAY ordinals such as 2TU need FREQ=MONTHLY or FREQ=YEARLY"),
        ("FREQ=DAILY;BYDAY=-1FR", "BYDAY ordinals such as 2TU need FREQ=MONTHLY or FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYDAY=6TU", "BYDAY=6TU is out of range: an ordinal within a month is 1 to 5 or -5 to -1"),
        ("FREQ=MONTHLY;BYDAY=0TU", "BYDAY=0TU is out of range: an ordinal within a month is 1 to 5 or -5 to -1"),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-6TU", "BYDAY=-6TU is out of range: an ordinal within a month is 1 to 5 or -5 to -1"),
        ("FREQ=YEARLY;BYDAY=54TU", "BYDAY=54TU is out of range: an ordinal within a year is 1 to 53 or -53 to -1"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY cannot be used with FREQ=WEEKLY"),
    ])
    func refusesWithAMessageNamingThePart(text: String, message: String) {
        #expect(RecurrenceRule.parse(text) == .failure(RecurrenceRuleProblem(message)))
    }

    @Test func acceptsTheLargestOrdinals() {
        #expect(Self.rule("FREQ=YEARLY;BYDAY=53MO,-53SU").byDay == [.init(.monday, ordinal: 53), .init(.sunday, ordinal: -53)])
        #expect(Self.rule("FREQ=MONTHLY;BYDAY=5FR;BYSETPOS=-366,366").bySetPos == [-366, 366])
    }

    // MARK: - Words

    @Test(arguments: [
        ("FREQ=DAILY", "2025-03-04", "every day"),
        ("FREQ=DAILY;INTERVAL=3", "2025-03-04", "every 3 days"),
        ("FREQ=WEEKLY", "2025-03-04", "every Tuesday"),
        ("FREQ=WEEKLY;BYDAY=TU", "2025-03-04", "every Tuesday"),
        ("FREQ=WEEKLY;BYDAY=TH,MO", "2025-03-03", "every Monday and Thursday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "2025-03-03", "every 2 weeks on Monday and Thursday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR;WKST=SU", "2025-03-03",
         "every 2 weeks on Monday, Wednesday and Friday, weeks starting on Sunday"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "2025-03-01", "every month on the 1st"),
        ("FREQ=MONTHLY", "2025-03-22", "every month on the 22nd"),
        ("FREQ=MONTHLY;BYMONTHDAY=2,15", "2025-03-02", "every month on the 2nd and the 15th"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "2025-03-31", "every month on the last day"),
        ("FREQ=MONTHLY;BYMONTHDAY=-3", "2025-03-29", "every month on the 3rd to last day"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "2025-03-28", "every month on the last Friday"),
        ("FREQ=MONTHLY;BYDAY=2TU", "2025-03-11", "every month on the 2nd Tuesday"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1SU,-1SU", "1997-09-07", "every 2 months on the 1st Sunday and the last Sunday"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", "2025-03-15", "every 3 months on the 15th"),
        ("FREQ=YEARLY", "2025-03-04", "every year on 4 March"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=4", "2025-01-01", "every year on 4 March"),
        ("FREQ=YEARLY;BYMONTH=3", "2025-03-04", "every year on 4 March"),
        ("FREQ=YEARLY;INTERVAL=4;BYMONTH=5;BYDAY=2SU", "2025-05-11", "every 4 years on the 2nd Sunday of May"),
    ])
    func saysTheRuleInWords(text: String, first: String, words: String) {
        #expect(Self.rule(text).words(first: Self.date(first), untilText: nil) == words)
    }

    @Test(arguments: [
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", "1997-09-29",
         "every month on Mondays, Tuesdays, Wednesdays, Thursdays and Fridays, only the 2nd to last of these in each month"),
        ("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "1997-09-02", "every month on the 13th when it is a Friday"),
        ("FREQ=YEARLY;BYMONTH=6,7", "1997-06-10", "every year in June and July on the 10th"),
        ("FREQ=YEARLY;BYDAY=20MO", "1997-05-19", "every year on the 20th Monday of the year"),
        ("FREQ=YEARLY;BYMONTHDAY=1", "2025-01-01", "every year on the 1st of every month"),
        ("FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8", "1996-11-05",
         "every 4 years in November on the 2nd, the 3rd, the 4th, the 5th, the 6th, the 7th and the 8th when it is a Tuesday"),
        ("FREQ=DAILY;BYMONTH=1", "1998-01-01", "every day, only in January"),
        ("FREQ=DAILY;INTERVAL=2;BYDAY=MO,FR", "2025-03-03", "every 2 days, only on Mondays and Fridays"),
        ("FREQ=WEEKLY;BYMONTH=3,4", "2025-03-04", "every week on Tuesday, only in March and April"),
        ("FREQ=MONTHLY;BYMONTH=1,7;BYMONTHDAY=1", "2025-01-01", "every month on the 1st, only in January and July"),
        ("FREQ=MONTHLY;BYDAY=TU", "2025-03-04", "every month on Tuesdays"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1;WKST=SU", "2025-03-03",
         "every week on Monday, Tuesday, Wednesday, Thursday and Friday, only the 1st and the last of these in each week, weeks starting on Sunday"),
    ])
    func saysOtherRulesFaithfully(text: String, first: String, words: String) {
        #expect(Self.rule(text).words(first: Self.date(first), untilText: nil) == words)
    }

    @Test func addsTheEnd() {
        let first = Self.date("2025-03-04")
        #expect(Self.rule("FREQ=WEEKLY;COUNT=10").words(first: first, untilText: nil) == "every Tuesday, 10 times")
        #expect(Self.rule("FREQ=WEEKLY;COUNT=1").words(first: first, untilText: nil) == "every Tuesday, once")
        #expect(Self.rule("FREQ=WEEKLY;UNTIL=20250630T215959Z").words(first: first, untilText: "Mon 30 Jun 2025")
            == "every Tuesday, until Mon 30 Jun 2025")
        #expect(Self.rule("FREQ=DAILY;UNTIL=20250630").words(first: first, untilText: nil) == "every day, until Mon 30 Jun 2025")
    }

    // MARK: - Dates and rules from text

    static func date(_ text: String) -> CivilDate {
        Days.parse(text)
    }

    static func days(_ year: Int, _ month: Int, _ days: some Sequence<Int>) -> [CivilDate] {
        days.map { Days.parse(String(format: "%04d-%02d-%02d", year, month, $0)) }
    }

    static func rule(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> RecurrenceRule {
        switch RecurrenceRule.parse(text) {
        case .success(let rule): return rule
        case .failure(let problem):
            Issue.record("\(text): \(problem)", sourceLocation: sourceLocation)
            return RecurrenceRule(frequency: .daily, end: .count(1))
        }
    }

    /// The dates of `text` from `first`, through 2100 unless told.
    static func expand(_ text: String, first: String, through: String = "2100-12-31", lastDate: CivilDate? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) -> [CivilDate] {
        rule(text, sourceLocation: sourceLocation).dates(first: date(first), through: date(through), lastDate: lastDate)
    }
}
