import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import SchedTestSupport
import Testing

/// `agenda`, `calendar week` and `calendar month` over one fixed week in Berlin that holds the
/// spring-forward night, drawn at 80 and 120 columns with colour off and on, against the files
/// in `Tests/Golden/views`. `SCHED_UPDATE_GOLDEN=1` rewrites the files from the output.
@Suite struct ViewGoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let views = ["agenda": "agenda this week", "week": "calendar week", "month": "calendar month"]

    /// Thursday 27 March 2025, 10:40 CET; the clocks go forward on Sunday the 30th.
    static let now = Date(timeIntervalSince1970: 1_743_068_400)

    static func session() throws -> ScriptFixture {
        let session = try ScriptFixture(.berlin)
        session.clock.set(Date(timeIntervalSince1970: 1_742_774_400))  // Mon 24 Mar 2025 01:00 CET
        try session.logIn()
        let script = """
            available mon-fri 09:00-12:00, 13:00-17:00
            available sat 10:00-13:00
            available 2025-03-30 01:00-05:00
            book "Maximilian Mustermann-Schmidt" at 2025-03-24T09:00 for 2h
            book "Zoë Ångström" at 2025-03-25T11:30 for 30m note "first visit"
            book "Kai" at 2025-03-26T14:00 for 15m
            book "Lea" at 2025-03-26T14:15 for 15m
            book "Ann" at 2025-03-27T11:00 for 30m
            book "Bob" at 2025-03-27T13:00 for 1h
            book "Late" at 2025-03-28T16:00 for 1h
            available 2025-03-28 09:00-12:00
            book "Sam" at 2025-03-29T12:30 for 30m
            book "Night" at 2025-03-30T01:30 for 90m
            book "Next month" at 2025-04-01T09:00 for 30m
            """
        #expect(session.run(script) == .success, "\(session.buffer.standardError)")
        session.clock.set(now)
        try session.logIn()
        return session
    }

    static func render(_ text: String, in session: ScriptFixture, width: Int, colour: Bool) throws -> String {
        let statement = try #require(session.parse(text))
        let value = try #require(try session.interpreter.execute(statement))
        return HumanRenderer(zone: try #require(HomeZone(identifier: "Europe/Berlin")), colour: colour, width: width)
            .render(value, for: statement.kind)
    }

    static let cases: [(view: String, width: Int, colour: Bool)] =
        views.keys.sorted().flatMap { view in [80, 120].flatMap { width in [false, true].map { (view, width, $0) } } }

    @Test(arguments: cases.indices)
    func viewMatchesItsGoldenFile(_ index: Int) throws {
        let (view, width, colour) = Self.cases[index]
        let session = try Self.session()
        let actual = try Self.render(try #require(Self.views[view]), in: session, width: width, colour: colour)
        let golden = Self.root.appendingPathComponent("Tests/Golden/views/\(view)-\(width)\(colour ? "-colour" : "").txt")
        if ProcessInfo.processInfo.environment["SCHED_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected, "\(view) at \(width) columns\(colour ? ", colour" : "") differs from \(golden.path)")
        // No line is wider than the terminal, and colour changes nothing but the codes.
        for line in actual.split(separator: "\n") {
            #expect(TextStyle.removingCodes(String(line)).count <= width, "\(view) at \(width): \(line)")
        }
        if colour {
            let plain = try Self.render(try #require(Self.views[view]), in: session, width: width, colour: false)
            // A painted booking keeps its bar to the column's edge; otherwise the text is the same.
            let unpainted = TextStyle.removingCodes(actual).split(separator: "\n", omittingEmptySubsequences: false)
                .map { String($0.reversed().drop { $0 == " " }.reversed()) }
            #expect(unpainted == plain.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
            #expect(actual != plain)
        }
    }

    @Test func narrowTerminalsStillGetWholeLines() throws {
        let session = try Self.session()
        for width in [20, 40, 60] {
            for text in ["calendar week", "calendar month"] {
                let output = try Self.render(text, in: session, width: width, colour: false)
                #expect(!output.isEmpty)
                for line in output.split(separator: "\n") where !line.hasPrefix("Mon 24 –") && !line.hasPrefix("March") {
                    #expect(line.count <= max(width, 6 + 7 * 3), "\(text) at \(width): \(line)")
                }
            }
        }
    }

    /// `--json` gives the days' data (windows, appointments, free gaps), not the drawing.
    @Test func calendarJSONIsTheDaysData() throws {
        let session = try Self.session()
        let statement = try #require(session.parse("calendar week"))
        let value = try #require(try session.interpreter.execute(statement))
        let json = JSONRenderer(zone: try #require(HomeZone(identifier: "Europe/Berlin"))).json(value).serialized()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["view"] as? String == "week")
        #expect(object["from"] as? String == "2025-03-24" && object["through"] as? String == "2025-03-30")
        #expect(object["today"] as? String == "2025-03-27")
        let days = try #require(object["days"] as? [[String: Any]])
        #expect(days.map { $0["date"] as? String } == (24...30).map { "2025-03-\($0)" })
        #expect(days.map { ($0["appointments"] as? [Any])?.count } == [1, 1, 2, 2, 1, 1, 1])
        let sunday = days[6]
        #expect((sunday["windows"] as? [[String: String]])?.first == ["start_time": "01:00", "end_time": "05:00"])
        // 01:00–05:00 on the night the clocks jump holds three real hours; Night takes 90 minutes.
        let free = try #require(sunday["free"] as? [[String: String]])
        #expect(free == [["start_time": "2025-03-30T01:00:00+01:00", "end_time": "2025-03-30T01:30:00+01:00"],
                         ["start_time": "2025-03-30T04:00:00+02:00", "end_time": "2025-03-30T05:00:00+02:00"]])
        #expect(!json.contains("│") && !json.contains("·"))
        let month = try #require(session.parse("calendar month 2025-04-15"))
        let monthJSON = JSONRenderer(zone: try #require(HomeZone(identifier: "Europe/Berlin")))
            .json(try #require(try session.interpreter.execute(month))).serialized()
        #expect(monthJSON.contains("\"from\":\"2025-04-01\"") && monthJSON.contains("\"through\":\"2025-04-30\""), "\(monthJSON.prefix(200))")
    }
}

/// Week grids at their edges: the week the clocks go back (wall times from 02:00 to 03:00
/// happen twice) and a booking that runs into the week from the Sunday before.
@Suite struct WeekEdgeTests {
    @Test func aBookingFromTheWeekBeforeFillsTheFirstMorning() throws {
        let session = try ViewGoldenTests.session()
        // Only a pull from Cal.com can bring in a booking across midnight; store it directly.
        let start = Date(timeIntervalSince1970: 1_742_767_200)  // Sun 23 Mar 2025 23:00 CET
        _ = try session.store.write { tx in
            try tx.insert(NewAppointment(customerName: "Overnight", start: start, durationMinutes: 120), id: UUID(), now: start)
        }
        let grid = try ViewGoldenTests.render("calendar week", in: session, width: 80, colour: false)
        let monday = { (row: String) in
            grid.split(separator: "\n").first { $0.hasPrefix(row) }.map { String($0.dropFirst(6).prefix(2)) }
        }
        #expect(monday("00:00") == " │", "\(grid)")
        #expect(monday("00:30") == " │", "\(grid)")
        #expect(!grid.contains("Overnight"), "\(grid)")
        let statement = try #require(session.parse("calendar week"))
        let json = JSONRenderer(zone: try #require(HomeZone(identifier: "Europe/Berlin")))
            .json(try #require(try session.interpreter.execute(statement))).serialized()
        #expect(json.contains("\"running_in\":[{") && json.contains("Overnight"), "\(json.suffix(400))")
    }

    @Test func aBookingInTheRepeatedHourShowsInItsRows() throws {
        let session = try ScriptFixture(.berlin)
        session.clock.set(Date(timeIntervalSince1970: 1_760_918_400))  // Mon 20 Oct 2025 02:00 CEST
        try session.logIn()
        let script = """
            available daily 00:00-24:00
            book "First pass" at 2025-10-26T02:00+02:00 for 30m
            book "Repeated" at 2025-10-26T02:30+02:00 for 60m
            book "Second pass" at 2025-10-26T02:30+01:00 for 60m
            """
        #expect(session.run(script) == .success, "\(session.buffer.standardError)")
        let grid = try ViewGoldenTests.render("calendar week 2025-10-26", in: session, width: 80, colour: false)
        let rows = grid.split(separator: "\n").map(String.init)
        let sunday = { (row: String) -> String in
            rows.first { $0.hasPrefix(row) }.map { String($0.dropFirst(6 + 6 * 10)) } ?? "(no \(row) row)"
        }
        // Repeated runs from 02:30 CEST to 02:30 CET, the same wall time: it still fills its
        // rows, and Second pass starts at the second 02:30.
        #expect(sunday("02:00").hasPrefix(" First pa"), "\(grid)")
        #expect(sunday("02:30").hasPrefix(" Repea… +1"), "\(grid)")
        #expect(sunday("03:00").hasPrefix(" │"), "\(grid)")
        #expect(sunday("03:30").hasPrefix(" ·"), "\(grid)")
    }
}
