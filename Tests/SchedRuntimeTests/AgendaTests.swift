import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import SchedTestSupport
import Testing

/// `agenda`: each date's bookings and the free gaps inside its working hours.
@Suite struct AgendaTests {
    /// Weekday hours 09:00–17:00 in UTC, three bookings on Tuesday 4 March 2025 (two back to back,
    /// one ending at the window's edge) and one on Wednesday that an override leaves outside hours.
    static func session(format: OutputFormat = .table) throws -> ScriptFixture {
        let session = try ScriptFixture(.utc, format: format)
        session.clock.set(Date(timeIntervalSince1970: 1_740_988_800))  // Mon 2025-03-03 08:00 UTC
        try session.logIn()
        let script = """
            available mon-fri 09:00-17:00
            book "Ann" at 2025-03-04T10:00 for 30m
            book "Bob" at 2025-03-04T10:30 for 30m
            book "Cy" at 2025-03-04T16:30 for 30m
            book "Dee" at 2025-03-05T15:00 for 1h
            available 2025-03-05 09:00-12:00
            """
        #expect(session.run(script) == .success, "\(session.buffer.standardError)")
        return session
    }

    static func output(of text: String, in session: ScriptFixture) -> String {
        let before = session.buffer.standardOutput.count
        #expect(session.run(text) == .success, "\(text): \(session.buffer.standardError)")
        return String(session.buffer.standardOutput.dropFirst(before))
    }

    @Test func aSmallScheduleIsShownExactly() throws {
        let session = try Self.session()
        let expected = """
            Tue 4 Mar 2025 — 3 appointments
              09:00–10:00  free
              10:00–10:30  #1 Ann
              10:30–11:00  #2 Bob
              11:00–16:30  free
              16:30–17:00  #3 Cy
            Wed 5 Mar 2025 — 1 appointment (override)
              09:00–12:00  free
              15:00–16:00  #4 Dee
            Thu 6 Mar 2025 — no appointments
              09:00–17:00  free
            Fri 7 Mar 2025 — no appointments
              09:00–17:00  free
            Sat 8 Mar 2025 — closed

            """
        #expect(Self.output(of: "agenda from 2025-03-04 to 2025-03-08", in: session) == expected)
    }

    @Test func backToBackBookingsLeaveNoGapAndAnEdgeBookingLeavesNoTail() throws {
        let session = try Self.session()
        let text = Self.output(of: "agenda on 2025-03-04", in: session)
        #expect(!text.contains("10:30–10:30"))
        #expect(!text.contains("17:00–17:00"))
        #expect(text.components(separatedBy: "free").count - 1 == 2)
    }

    @Test func theDefaultRangeIsTodayAndTheNextSixDays() throws {
        let session = try Self.session()
        let text = Self.output(of: "agenda", in: session)
        let headers = text.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(headers.count == 7)
        #expect(headers.first?.hasPrefix("Mon 3 Mar 2025") == true)
        #expect(headers.last?.hasPrefix("Sun 9 Mar 2025") == true)
    }

    @Test func jsonGivesDaysWindowsAppointmentsFreeGapsAndCounts() throws {
        let session = try Self.session(format: .json)
        let text = Self.output(of: "agenda from 2025-03-05 to 2025-03-08", in: session)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
        let days = try #require(parsed)
        #expect(days.count == 4)
        #expect(days.map { $0["date"] as? String } == ["2025-03-05", "2025-03-06", "2025-03-07", "2025-03-08"])
        #expect(days.map { $0["count"] as? Int } == [1, 0, 0, 0])
        let wednesday = days[0]
        let windows = wednesday["windows"] as? [[String: String]]
        #expect(windows == [["start_time": "09:00", "end_time": "12:00"]])
        let appointments = wednesday["appointments"] as? [[String: Any]]
        #expect(appointments?.first?["customer_name"] as? String == "Dee")
        #expect(appointments?.first?["number"] as? Int == 4)
        let free = wednesday["free"] as? [[String: String]]
        #expect(free?.count == 1)
        #expect(free?.first?["start_time"]?.hasPrefix("2025-03-05T09:00:00") == true)
        #expect(free?.first?["end_time"]?.hasPrefix("2025-03-05T12:00:00") == true)
        #expect((days[3]["windows"] as? [Any])?.isEmpty == true)
        #expect((days[3]["free"] as? [Any])?.isEmpty == true)
    }

    @Test func aWindowAcrossTheSpringChangeInBerlinIsOneGap() throws {
        let session = try ScriptFixture(.berlin, format: .json)
        session.clock.set(Date(timeIntervalSince1970: 1_743_148_800))  // Fri 2025-03-28 08:00 UTC
        try session.logIn()
        #expect(session.run("available 2025-03-30 01:00-05:00") == .success,
                "\(session.buffer.standardError)")
        let text = Self.output(of: "agenda on 2025-03-30", in: session)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
        let free = try #require(parsed?.first?["free"] as? [[String: String]])
        #expect(free == [["start_time": "2025-03-30T01:00:00+01:00", "end_time": "2025-03-30T05:00:00+02:00"]])
    }

    @Test func theHumanFormShowsTheSpringChangeDayInWallClockTime() throws {
        let session = try ScriptFixture(.berlin)
        session.clock.set(Date(timeIntervalSince1970: 1_743_148_800))  // Fri 2025-03-28 08:00 UTC
        try session.logIn()
        #expect(session.run("available 2025-03-30 01:00-05:00\nbook \"Ann\" at 2025-03-30T03:00 for 30m")
                == .success, "\(session.buffer.standardError)")
        let expected = """
            Sun 30 Mar 2025 — 1 appointment (override)
              01:00–03:00  free
              03:00–03:30  #1 Ann
              03:30–05:00  free

            """
        #expect(Self.output(of: "agenda on 2025-03-30", in: session) == expected)
    }

    @Test func helpAndCompletionKnowAgenda() throws {
        #expect(HelpTable.entries.contains { $0.topic == "agenda" && $0.synopsis == "agenda [RANGE]" })
        let completer = Completer(interpreter: try ScriptFixture(.utc).interpreter)
        #expect(completer.complete("agen").candidates.map(\.replacement) == ["agenda "])
        let ranges = completer.complete("agenda ").candidates.map(\.replacement)
        #expect(ranges.contains("today ") && ranges.contains("next "))
    }
}
