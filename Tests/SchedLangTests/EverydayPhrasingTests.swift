import Foundation
import Testing
@testable import SchedLang

/// Times, dates, durations and ranges as people write them, beside the ISO forms.
@Suite struct EverydayPhrasingTests {
    @Test func timesOnTheTwelveHourClockAndByName() throws {
        #expect(try ast(#"book "Ann" at tomorrow 10am"#) == #"book(customer: "Ann", at: tomorrow 10:00)"#)
        #expect(try ast(#"book "Ann" at tomorrow 4:30PM"#) == #"book(customer: "Ann", at: tomorrow 16:30)"#)
        #expect(try ast(#"book "Ann" at tomorrow 12am"#) == #"book(customer: "Ann", at: tomorrow 00:00)"#)
        #expect(try ast(#"book "Ann" at tomorrow 12pm"#) == #"book(customer: "Ann", at: tomorrow 12:00)"#)
        #expect(try ast(#"book "Ann" at tomorrow noon"#) == #"book(customer: "Ann", at: tomorrow 12:00)"#)
        #expect(try ast(#"book "Ann" at tomorrow midnight"#) == #"book(customer: "Ann", at: tomorrow 00:00)"#)
        #expect(try ast("print 4:30:10pm") == "print(time 16:30:10)")
    }

    @Test func aBookingsDateOrTimeNeedsNoAt() throws {
        #expect(try ast(#"book "Ann" tomorrow 4:30pm"#) == #"book(customer: "Ann", at: tomorrow 16:30)"#)
        #expect(try ast(#"book "Ann" 2025-03-04T10:00 for 30m"#) == #"book(customer: "Ann", at: 2025-03-04T10:00, for: 30m)"#)
        #expect(try ast(#"book "Ann" 10am for 90 min"#) == #"book(customer: "Ann", at: time 10:00, for: 90m)"#)
        #expect(try ast(#"book "Ann" for 30m fri 2pm"#) == #"book(customer: "Ann", at: weekday(5) 14:00, for: 30m)"#)
        #expect(try ast("update 12 at 4pm") == "update(ref: 12, at: time 16:00)")
    }

    @Test func relativeAndMonthDates() throws {
        #expect(try ast(#"book "Ann" next mon 9am"#) == #"book(customer: "Ann", at: next weekday(1) 09:00)"#)
        #expect(try ast(#"book "Ann" in 3 days 9am"#) == #"book(customer: "Ann", at: in 3 days 09:00)"#)
        #expect(try ast(#"book "Ann" in 2 weeks 9am"#) == #"book(customer: "Ann", at: in 14 days 09:00)"#)
        #expect(try ast(#"book "Ann" in 1 day 9am"#) == #"book(customer: "Ann", at: in 1 days 09:00)"#)
        #expect(try ast(#"book "Ann" dec 24 10:00"#) == #"book(customer: "Ann", at: month 12 day 24 10:00)"#)
        #expect(try ast(#"book "Ann" 24 December 10:00"#) == #"book(customer: "Ann", at: month 12 day 24 10:00)"#)
        #expect(try ast("list on feb 29") == "list(on month 2 day 29)")
        #expect(try ast("print 24 dec") == "print(month 12 day 24)")
        #expect(try ast("list from dec 24 to dec 31") == "list(days month 12 day 24 ... month 12 day 31)")
        #expect(try ast("list from next mon 9am to next mon 5pm")
            == "list(instants next weekday(1) 09:00 ..< next weekday(1) 17:00)")
    }

    @Test func durationsInWords() throws {
        #expect(try ast(#"book "Ann" for 1 hour"#) == #"book(customer: "Ann", for: 60m)"#)
        #expect(try ast(#"book "Ann" for 90 min"#) == #"book(customer: "Ann", for: 90m)"#)
        #expect(try ast(#"book "Ann" for 1h30"#) == #"book(customer: "Ann", for: 90m)"#)
        #expect(try ast(#"book "Ann" for 2 hours 15 minutes"#) == #"book(customer: "Ann", for: 135m)"#)
        #expect(try ast(#"book "Ann" for 1 hr 5 mins"#) == #"book(customer: "Ann", for: 65m)"#)
        #expect(try ast("print 45 minutes") == "print(45m)")
        #expect(try ast("slots today for 1 hour every 15 min") == "slots(today, for: 60m, every: 15m)")
    }

    @Test func rangesByDayWeekendAndCount() throws {
        #expect(try ast("list next mon") == "list(on next weekday(1))")
        #expect(try ast("slots next monday for 30m") == "slots(on next weekday(1), for: 30m)")
        #expect(try ast("list this weekend") == "list(this weekend)")
        #expect(try ast("list next weekend") == "list(next weekend)")
        #expect(try ast("agenda next 3 days") == "agenda(next 3 days)")
        #expect(try ast("agenda next 1 day") == "agenda(next 1 days)")
        #expect(try ast("list on dec 24") == "list(on month 12 day 24)")
    }

    @Test func refusalsNameAFormThatWorks() {
        #expect(rendered("list on 24/12") == lines(
            "test.sched:1:9: error: ambiguous date '24/12'; write it as 2025-12-24, 'dec 24' or '24 dec' [syntax]",
            "  1 | list on 24/12",
            "    |         ^~~~~"))
        #expect(rendered(#"book "Ann" at 13pm"#) == lines(
            "test.sched:1:15: error: invalid time '13pm': with am or pm, hours run from 1 to 12 [syntax]",
            #"  1 | book "Ann" at 13pm"#,
            "    |               ^~~~"))
        #expect(rendered(#"book "Ann" at 0am"#) == lines(
            "test.sched:1:15: error: invalid time '0am': with am or pm, hours run from 1 to 12 [syntax]",
            #"  1 | book "Ann" at 0am"#,
            "    |               ^~~"))
        #expect(rendered("list on feb 30") == lines(
            "test.sched:1:9: error: invalid date 'feb 30': February has days 1 to 29 [syntax]",
            "  1 | list on feb 30",
            "    |         ^~~~~~"))
        #expect(rendered("agenda next 0 days") == lines(
            "test.sched:1:13: error: expected a number of days of at least 1 [syntax]",
            "  1 | agenda next 0 days",
            "    |             ^"))
        #expect(rendered("list next") == lines(
            "test.sched:1:10: error: expected 'week', 'month', 'weekend', a weekday or a number of days after 'next', found the end of the input [syntax]",
            "  1 | list next",
            "    |          ^"))
        #expect(rendered("list this mon") == lines(
            "test.sched:1:11: error: expected 'week', 'month' or 'weekend' after 'this', found 'mon' [syntax]",
            "  1 | list this mon",
            "    |           ^~~"))
        #expect(rendered(#"book "Ann" in 3 fortnights"#) == lines(
            "test.sched:1:17: error: expected 'days' or 'weeks' after 'in 3', found 'fortnights' [syntax]",
            #"  1 | book "Ann" in 3 fortnights"#,
            "    |                 ^~~~~~~~~~"))
        #expect(rendered(#"book "Ann" at next mon for 30m"#) == lines(
            "test.sched:1:24: error: expected a time such as 10:00 or 10am after 'next mon', found 'for' [syntax]",
            #"  1 | book "Ann" at next mon for 30m"#,
            "    |                        ^~~"))
        #expect(rendered(#"book "Ann" tomorrow 10am at 11am"#) == lines(
            "test.sched:1:26: error: 'at' given twice [syntax]",
            #"  1 | book "Ann" tomorrow 10am at 11am"#,
            "    |                          ^~"))
        #expect(rendered(#"book "Ann" for 30"#) == lines(
            "test.sched:1:16: error: expected a duration such as 30m, 1h30 or '90 min' after 'for', found '30' [syntax]",
            #"  1 | book "Ann" for 30"#,
            "    |                ^~"))
        #expect(rendered("list next 3 weeks") == lines(
            "test.sched:1:13: error: expected 'days' after 'next 3', found 'weeks' [syntax]",
            "  1 | list next 3 weeks",
            "    |             ^~~~~"))
        #expect(rendered("list on") == lines(
            "test.sched:1:8: error: expected a date such as 2025-03-04, 'tomorrow', 'next mon' or 'dec 24' after 'on', found the end of the input [syntax]",
            "  1 | list on",
            "    |        ^"))
    }

    @Test func theOldFormsStillRead() throws {
        #expect(try ast(#"book "Ann" at 2025-03-04 10:00 for 1h30m"#) == #"book(customer: "Ann", at: 2025-03-04T10:00, for: 90m)"#)
        #expect(try ast(#"book "Ann" every tue 10:00 for 30m"#).contains("every"))
        #expect(try ast("list next week") == "list(next week)")
        #expect(try ast("list this month") == "list(this month)")
        #expect(try ast("available mon 09:00-12:00") == "available(days: 1, windows: 09:00-12:00)")
    }
}

extension EverydayPhrasingTests {
    @Test func theDefaultDurationIsASetting() throws {
        #expect(try ast("set default duration 45m") == "set default duration(45m)")
        #expect(try ast("set default duration 1 hour") == "set default duration(60m)")
        #expect(rendered("set default 45m") == lines(
            "test.sched:1:13: error: expected 'duration' after 'set default', found '45m' [syntax]",
            "  1 | set default 45m",
            "    |             ^~~"))
        #expect(rendered("set defualt duration 45m") == lines(
            "test.sched:1:5: error: expected 'timezone', 'default duration', 'output', 'clock' or a booking rule (did you mean 'default'?) after 'set', found 'defualt' [syntax]",
            "  1 | set defualt duration 45m",
            "    |     ^~~~~~~"))
    }
}
