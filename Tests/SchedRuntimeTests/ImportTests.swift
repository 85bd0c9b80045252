import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import SchedTestSupport
import Testing

/// `import ics` and `import csv`: each entry booked with `book`'s checks, reported by line,
/// skipped when already here, and all or nothing with `atomic` or inside an `--atomic` run.
@Suite struct ImportTests {
    // MARK: - Fixtures

    /// A scratch directory for one test's calendar and CSV files, removed at the end.
    final class Files {
        let directory = TemporaryPath.directory + "/imp-" + UUID().uuidString.prefix(8)

        init() throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func path(_ name: String) -> String { directory + "/" + name }

        /// Writes `text` as the file `name` and gives back its path.
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
            return path(name)
        }
    }

    /// A calendar of the events, each given as its content lines, with CRLF line ends.
    static func calendar(_ events: [[String]], closed: Bool = true) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//import//EN"]
        for event in events { lines += ["BEGIN:VEVENT"] + event + ["END:VEVENT"] }
        if closed { lines.append("END:VCALENDAR") }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// The 1-based numbers of the lines of `text` that are exactly `line`.
    static func lineNumbers(of line: String, in text: String) -> [Int] {
        text.components(separatedBy: "\r\n").enumerated().filter { $0.element == line }.map { $0.offset + 1 }
    }

    static func utc(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    /// Runs `text` (one `import` statement) and gives back its report as JSON.
    static func report(_ text: String, in session: ScriptFixture,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let statement = try #require(session.parse(text, sourceLocation: sourceLocation), sourceLocation: sourceLocation)
        let value = try session.interpreter.execute(statement)
        guard case .outcome(.imported)? = value, let value else {
            Issue.record("\(text) gave \(String(describing: value)), not an import", sourceLocation: sourceLocation)
            return [:]
        }
        let json = JSONRenderer(zone: session.interpreter.zone).json(value).serialized()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return try #require(object as? [String: Any], sourceLocation: sourceLocation)
    }

    /// The same statement's report as lines for people.
    static func lines(_ text: String, in session: ScriptFixture) throws -> [String] {
        let statement = try #require(session.parse(text))
        guard let value = try session.interpreter.execute(statement), case .outcome(.imported) = value else { return [] }
        let shown = HumanRenderer(zone: session.interpreter.zone).render(value, for: statement.kind)
        return shown.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    static func entries(_ report: [String: Any]) -> [[String: Any]] {
        report["entries"] as? [[String: Any]] ?? []
    }

    static func failure(_ text: String, in session: ScriptFixture) throws -> SchedError? {
        session.failure(of: try #require(session.parse(text)))
    }

    static func appointments(_ session: ScriptFixture) throws -> [Appointment] {
        try session.snapshot().appointments
    }

    /// A fresh session in UTC that has imported a calendar of `events`, and the report's entries.
    static func importing(_ events: [[String]]) throws -> (session: ScriptFixture, entries: [[String: Any]]) {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let path = try files.write("events.ics", calendar(events))
        return (session, entries(try report("import ics \"\(path)\"", in: session)))
    }

    /// What `export ics -` prints.
    static func exported(_ session: ScriptFixture) throws -> String? {
        let before = session.buffer.standardOutput.count
        guard session.run("export ics -") == .success else { return nil }
        return String(session.buffer.standardOutput.dropFirst(before))
    }

    static func setUp(_ session: ScriptFixture, _ script: String) {
        #expect(session.run(script, name: "setup.sched") == .success, "\(session.buffer.standardError)")
    }

    // MARK: - 1. Time zones and lengths

    @Test func utcZonedAndFloatingStartsLandAtTheirInstantsWithTheirLengths() throws {
        let session = try ScriptFixture(.berlin)  // 2025-01-09 is a Thursday; Berlin is UTC+1 in winter
        let files = try Files()
        let path = try files.write("zones.ics", Self.calendar([
            ["UID:utc@test", "SUMMARY:Utc", "DTSTART:20250109T090000Z", "DTEND:20250109T093000Z"],
            ["UID:ny@test", "SUMMARY:York", "DTSTART;TZID=America/New_York:20250109T050000", "DURATION:PT45M"],
            ["UID:float@test", "SUMMARY:Float", "DTSTART:20250109T140000", "DTEND:20250109T153000"],
            ["UID:mixed@test", "SUMMARY:Mixed", "DTSTART;TZID=America/New_York:20250110T030000",
             "DTEND:20250110T100000Z"],
            ["UID:both@test", "SUMMARY:Both", "DTSTART:20250110T150000Z", "DTEND:20250110T151500Z", "DURATION:PT2H"],
            ["UID:long@test", "SUMMARY:Long", "DTSTART:20250113T090000", "DURATION:PT1H15M"],
        ]))
        let report = try Self.report("import ics \"\(path)\"", in: session)
        #expect(report["imported"] as? Int == 6, "\(report)")
        #expect(report["refused"] as? Int == 0)

        let stored = try Self.appointments(session)
        #expect(stored.map(\.customerName) == ["Utc", "York", "Float", "Mixed", "Both", "Long"])
        #expect(stored.map(\.start) == [
            try Self.utc("2025-01-09T09:00:00Z"),  // as written
            try Self.utc("2025-01-09T10:00:00Z"),  // 05:00 in New York (UTC−5)
            try Self.utc("2025-01-09T13:00:00Z"),  // 14:00 in Berlin, the home zone
            try Self.utc("2025-01-10T08:00:00Z"),  // 03:00 in New York
            try Self.utc("2025-01-10T15:00:00Z"),
            try Self.utc("2025-01-13T08:00:00Z"),  // 09:00 in Berlin
        ])
        // DTEND wins over DURATION when both are given.
        #expect(stored.map(\.durationMinutes) == [30, 45, 90, 120, 15, 75])
    }

    @Test func aZonedStartIsReadInItsZoneNotTheHomeZone() throws {
        // The same wall time under two zones lands at two instants five hours apart... unless the
        // import ignored TZID, when both would land at 09:00 Berlin and the second would clash.
        let session = try ScriptFixture(.berlin)
        let files = try Files()
        let path = try files.write("pair.ics", Self.calendar([
            ["UID:a@test", "SUMMARY:Home", "DTSTART;TZID=Europe/Berlin:20250109T090000", "DURATION:PT30M"],
            ["UID:b@test", "SUMMARY:Away", "DTSTART;TZID=America/New_York:20250109T090000", "DURATION:PT30M"],
        ]))
        let report = try Self.report("import ics \"\(path)\"", in: session)
        #expect(report["imported"] as? Int == 2, "\(report)")
        let starts = try Self.appointments(session).map(\.start)
        #expect(starts == [try Self.utc("2025-01-09T08:00:00Z"), try Self.utc("2025-01-09T14:00:00Z")])
    }

    /// Exchange's own VTIMEZONE for New York under its display name: the definition, not the
    /// name, places the events, the clock change of the second Sunday of March included.
    static let exchangeEastern = [
        "BEGIN:VTIMEZONE", "TZID:(UTC-05:00) Eastern Time (US & Canada)",
        "BEGIN:STANDARD", "DTSTART:16010101T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE",
    ]

    @Test func aTZIDTheFileDefinesIsReadByItsDefinition() throws {
        let session = try ScriptFixture(.berlin)
        let files = try Files()
        let tzid = "TZID=\"(UTC-05:00) Eastern Time (US & Canada)\""
        var text = Self.calendar([
            ["UID:before@test", "SUMMARY:Before", "DTSTART;\(tzid):20250307T040000", "DTEND;\(tzid):20250307T043000"],
            ["UID:after@test", "SUMMARY:After", "DTSTART;\(tzid):20250310T100000", "DTEND;\(tzid):20250310T110000"],
            ["UID:gap@test", "SUMMARY:Gap", "DTSTART;\(tzid):20250309T023000", "DURATION:PT30M"],
        ])
        text = text.replacingOccurrences(
            of: "PRODID:-//test//import//EN\r\n",
            with: "PRODID:-//test//import//EN\r\n" + Self.exchangeEastern.map { $0 + "\r\n" }.joined())
        let path = try files.write("exchange.ics", text)
        let report = try Self.report("import ics \"\(path)\"", in: session)
        let entries = Self.entries(report)
        #expect(entries.map { $0["outcome"] as? String } == ["imported", "imported", "refused"], "\(report)")
        #expect(entries.last?["reason"] as? String == "2025-03-09T02:30 does not exist in "
                + "(UTC-05:00) Eastern Time (US & Canada) (the clocks skip forward that night)")
        let stored = try Self.appointments(session)
        // 04:00 EST is 09:00Z; after the change 10:00 EDT is 14:00Z.
        #expect(stored.map(\.start) == [try Self.utc("2025-03-07T09:00:00Z"), try Self.utc("2025-03-10T14:00:00Z")])
        #expect(stored.map(\.durationMinutes) == [30, 60])
    }

    // MARK: - 2. Clock changes

    @Test func aFloatingTimeInTheSpringGapIsRefusedAndOneInTheAutumnOverlapTakesTheEarlierInstant() throws {
        let session = try ScriptFixture(.berlin)
        Self.setUp(session, """
            available 2025-03-30 00:00-06:00
            available 2025-10-26 00:00-06:00
            """)
        let files = try Files()
        let text = Self.calendar([
            ["UID:gap@test", "SUMMARY:Gap", "DTSTART:20250330T023000", "DURATION:PT30M"],
            ["UID:overlap@test", "SUMMARY:Overlap", "DTSTART:20251026T023000", "DURATION:PT30M"],
            ["UID:zoned-gap@test", "SUMMARY:Zoned", "DTSTART;TZID=Europe/Berlin:20250330T021500", "DURATION:PT30M"],
        ])
        let path = try files.write("changes.ics", text)
        let report = try Self.report("import ics \"\(path)\"", in: session)
        let entries = Self.entries(report)
        #expect(entries.map { $0["outcome"] as? String } == ["refused", "imported", "refused"], "\(report)")
        #expect(entries.map { $0["line"] as? Int } == Self.lineNumbers(of: "BEGIN:VEVENT", in: text))
        #expect(entries.first?["reason"] as? String
                == "2025-03-30T02:30 does not exist in Europe/Berlin (the clocks skip forward that night)")
        #expect(entries.last?["reason"] as? String
                == "2025-03-30T02:15 does not exist in Europe/Berlin (the clocks skip forward that night)")

        let stored = try Self.appointments(session)
        #expect(stored.map(\.customerName) == ["Overlap"])
        // 02:30 happens twice that night: first in summer time (UTC+2), then in winter time.
        #expect(stored.first?.start == (try Self.utc("2025-10-26T00:30:00Z")))
        #expect(stored.first?.durationMinutes == 30)
    }

    // MARK: - 3. The per-event report

    /// Weekday hours 09:00–17:00 (the default) in UTC and one booking, Zed, on Thursday 9 January.
    static func mixedSession() throws -> ScriptFixture {
        let session = try ScriptFixture(.utc)
        setUp(session, "book \"Zed\" at 2025-01-09T13:00 for 1h")
        return session
    }

    /// Two good events, then one of each kind that does not land, then a third good one.
    static let mixedEvents: [[String]] = [
        ["UID:ann@test", "SUMMARY:Ann", "DTSTART:20250109T090000Z", "DTEND:20250109T093000Z"],
        ["UID:allday@test", "SUMMARY:Holiday", "DTSTART;VALUE=DATE:20250110", "DTEND;VALUE=DATE:20250111"],
        ["UID:weekly@test", "SUMMARY:Weekly", "DTSTART:20250110T100000Z", "DURATION:PT30M", "RRULE:FREQ=HOURLY"],
        ["UID:late@test", "SUMMARY:Late", "DTSTART:20250109T180000Z", "DURATION:PT30M"],
        ["UID:clash@test", "SUMMARY:Clash", "DTSTART:20250109T133000Z", "DURATION:PT30M"],
        ["UID:off@test", "SUMMARY:Off", "DTSTART:20250110T140000Z", "DURATION:PT30M", "STATUS:CANCELLED"],
        ["UID:bob@test", "DTSTART:20250110T110000Z", "DURATION:PT1H", "DESCRIPTION:first\\nsecond\\, third",
         "ATTENDEE;CN=Bob Stone:mailto:bob@example.com"],
    ]

    @Test func eachEventIsReportedOnItsLineAndOnlyTheGoodOnesLand() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        let text = Self.calendar(Self.mixedEvents)
        let path = try files.write("mixed.ics", text)

        let report = try Self.report("import ics \"\(path)\"", in: session)
        #expect(report["file"] as? String == path)
        #expect(report["format"] as? String == "ics")
        #expect(report["imported"] as? Int == 2)
        #expect(report["skipped"] as? Int == 1)
        #expect(report["refused"] as? Int == 4)
        let entries = Self.entries(report)
        #expect(entries.map { $0["line"] as? Int } == Self.lineNumbers(of: "BEGIN:VEVENT", in: text))
        #expect(entries.map { $0["line"] as? Int } == [4, 10, 16, 23, 29, 35, 42])
        #expect(entries.allSatisfy { $0["row"] == nil })
        #expect(entries.map { $0["name"] as? String }
                == ["Ann", "Holiday", "Weekly", "Late", "Clash", "Off", "Bob Stone"])
        #expect(entries.map { $0["outcome"] as? String }
                == ["imported", "refused", "refused", "refused", "refused", "skipped", "imported"])
        #expect(entries.map { $0["reason"] as? String } == [
            nil, "all-day events are not supported",
            "RRULE 'FREQ=HOURLY' cannot be imported: FREQ=HOURLY is not supported",
            "Selected time is not available", "Time slot is already booked: it overlaps #1 Zed, Thu 9 Jan 2025 13:00–14:00",
            "cancelled in the file", nil,
        ])
        #expect(entries.map { $0["number"] as? Int } == [2, nil, nil, nil, nil, nil, 3])
        let bob = try #require(entries.last?["appointment"] as? [String: Any])
        #expect(bob["customer_name"] as? String == "Bob Stone")

        let stored = try Self.appointments(session)
        #expect(stored.map(\.customerName) == ["Zed", "Ann", "Bob Stone"])
        #expect(stored.map(\.start) == [try Self.utc("2025-01-09T13:00:00Z"), try Self.utc("2025-01-09T09:00:00Z"),
                                        try Self.utc("2025-01-10T11:00:00Z")])
        #expect(stored.last?.note == "first\nsecond, third")
        #expect(stored.last?.email == "bob@example.com")
        #expect(stored.last?.durationMinutes == 60)

        // `list` shows the same: the two imported, and none of the refused or the cancelled.
        let before = session.buffer.standardOutput.count
        #expect(session.run("list") == .success, "\(session.buffer.standardError)")
        let listed = String(session.buffer.standardOutput.dropFirst(before))
        for name in ["Zed", "Ann", "Bob Stone"] { #expect(listed.contains(name), "\(listed)") }
        for name in ["Holiday", "Weekly", "Late", "Clash", "Off"] { #expect(!listed.contains(name), "\(listed)") }
    }

    /// A refused overlap says what it overlaps: an appointment already booked, by number, name
    /// and time in the home zone, or an event imported before it from the same file, by line.
    @Test func aRefusedOverlapNamesWhatItOverlaps() throws {
        let session = try ScriptFixture(.berlin)
        Self.setUp(session, "book \"Zed\" at 2025-01-09T14:00 for 1h")
        let files = try Files()
        let text = Self.calendar([
            ["UID:ann@test", "SUMMARY:Ann", "DTSTART:20250109T090000Z", "DTEND:20250109T093000Z"],
            ["UID:bob@test", "SUMMARY:Bob", "DTSTART:20250109T091500Z", "DTEND:20250109T094500Z"],
            ["UID:cy@test", "SUMMARY:Cy", "DTSTART:20250109T133000Z", "DURATION:PT15M"],
        ])
        let path = try files.write("clash.ics", text)
        let entries = Self.entries(try Self.report("import ics \"\(path)\"", in: session))
        #expect(entries.map { $0["outcome"] as? String } == ["imported", "refused", "refused"])
        #expect(entries.map { $0["reason"] as? String } == [
            nil, "Time slot is already booked: it overlaps \"Ann\" at line 4 of this file",
            "Time slot is already booked: it overlaps #1 Zed, Thu 9 Jan 2025 14:00–15:00",
        ])

        // With atomic nothing lands, and the refusals still name the file's own line.
        let again = try files.write("again.ics", Self.calendar([
            ["UID:dee@test", "SUMMARY:Dee", "DTSTART:20250110T090000Z", "DURATION:PT30M"],
            ["UID:eve@test", "SUMMARY:Eve", "DTSTART:20250110T090000Z", "DURATION:PT30M"],
        ]))
        let error = try #require(try Self.failure("import ics \"\(again)\" atomic", in: session))
        #expect(error.message.hasSuffix("(line 10: \"Eve\": Time slot is already booked: it overlaps \"Dee\" at line 4 of this file)"),
                "\(error.message)")
    }

    @Test func theReportForPeopleEndsWithTheTotals() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        let path = try files.write("mixed.ics", Self.calendar(Self.mixedEvents))
        let lines = try Self.lines("import ics \"\(path)\"", in: session)
        #expect(lines.count == 8, "\(lines)")
        #expect(lines.last == "Imported 2 of 7 events from \(path) (1 skipped, 4 refused)")
        #expect(lines.first?.hasPrefix("line 4") == true && lines.first?.contains("imported") == true, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("line 29") && $0.contains("\"Clash\": Time slot is already booked") },
                "\(lines)")
    }

    // MARK: - Events across midnight

    /// An evening that runs past midnight lands when the working hours run on through midnight
    /// (a window ending 24:00, the next date's starting 00:00), and is refused for crossing
    /// midnight otherwise; `book` keeps its one-window rule.
    @Test func anEventAcrossMidnightLandsOnlyInHoursThatRunThroughIt() throws {
        let session = try ScriptFixture(.utc)
        Self.setUp(session, """
            available 2025-01-10 20:00-24:00
            available 2025-01-11 00:00-02:00
            available 2025-01-17 20:00-24:00
            available 2025-01-18 00:00-02:00
            """)
        let files = try Files()
        let path = try files.write("night.ics", Self.calendar([
            ["UID:night@test", "SUMMARY:Night shift", "DTSTART:20250110T230000Z", "DTEND:20250111T010000Z"],
            ["UID:late@test", "SUMMARY:Late", "DTSTART:20250109T163000Z", "DTEND:20250110T003000Z"],
            ["UID:early@test", "SUMMARY:Early", "DTSTART:20250110T190000Z", "DTEND:20250111T010000Z"],
            ["UID:after@test", "SUMMARY:After", "DTSTART:20250110T233000Z", "DTEND:20250111T013000Z"],
            ["UID:plain@test", "SUMMARY:Plain", "DTSTART:20250109T180000Z", "DURATION:PT30M"],
        ]))
        let report = try Self.report("import ics \"\(path)\"", in: session)
        let entries = Self.entries(report)
        #expect(entries.map { $0["outcome"] as? String } == ["imported", "refused", "refused", "refused", "refused"],
                "\(report)")
        let crosses = "Selected time is not available: the event crosses midnight, and is not inside working hours on both days"
        #expect(entries[1]["reason"] as? String == crosses)
        #expect(entries[2]["reason"] as? String == crosses, "19:00 is before Friday's window")
        #expect((entries[3]["reason"] as? String)?.hasPrefix("Time slot is already booked") == true, "\(entries[3])")
        #expect(entries[4]["reason"] as? String == "Selected time is not available", "a plain refusal stays plain")
        let stored = try Self.appointments(session)
        #expect(stored.map(\.customerName) == ["Night shift"])
        #expect(stored.first?.start == (try Self.utc("2025-01-10T23:00:00Z")))
        #expect(stored.first?.durationMinutes == 120)

        // `book` itself still wants one window of one date, in the same hours a week later.
        let book = try #require(try Self.failure("book \"Again\" at 2025-01-17T23:00 for 2h", in: session))
        #expect(book.message
            == "Selected time is not available (Fri 17 Jan 2025 has hours 20:00-24:00 by an override); try 'slots on 2025-01-17'")
    }

    // MARK: - 4. atomic

    @Test func atomicRefusesTheWholeFileAndChangesNothing() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        let path = try files.write("mixed.ics", Self.calendar(Self.mixedEvents))
        let before = try session.snapshot()

        let error = try #require(try Self.failure("import ics \"\(path)\" atomic", in: session))
        #expect(error.kind == .validation)
        #expect(error.message.hasPrefix("import refused:"), "\(error.message)")
        #expect(error.message.contains("4 of 7 entries"), "\(error.message)")
        #expect(error.message.contains("line 10"), "the first refused entry: \(error.message)")
        #expect(try session.snapshot() == before)

        // No UID was remembered either: the same file without atomic imports its good events.
        let again = try Self.report("import ics \"\(path)\"", in: session)
        #expect(again["imported"] as? Int == 2, "\(again)")
        #expect(Self.entries(again).allSatisfy { ($0["reason"] as? String)?.hasPrefix("already present") != true })
    }

    @Test func atomicImportsAFileWithNothingRefused() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        let good = [Self.mixedEvents[0], Self.mixedEvents[5], Self.mixedEvents[6]]
        let path = try files.write("good.ics", Self.calendar(good))
        let report = try Self.report("import ics \"\(path)\" atomic", in: session)
        #expect(report["imported"] as? Int == 2, "\(report)")
        #expect(report["skipped"] as? Int == 1)
        #expect(try Self.appointments(session).map(\.customerName) == ["Zed", "Ann", "Bob Stone"])
    }

    // MARK: - 5. An --atomic run

    @Test func inAnAtomicRunOneRefusedEventFailsTheRunAndNothingLands() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        let path = try files.write("one-bad.ics", Self.calendar([Self.mixedEvents[0], Self.mixedEvents[3]]))
        let before = try session.snapshot()
        session.runner.options.atomic = true

        let status = session.run("""
            book "Pre" at 2025-01-13T09:00 for 30m
            import ics "\(path)"
            book "Post" at 2025-01-13T10:00 for 30m
            """, name: "run.sched")
        #expect(status == .failed)
        let error = session.buffer.standardError
        #expect(error.contains("run.sched:2:"), "\(error)")
        #expect(error.contains("import refused: 1 of 2 entries"), "\(error)")
        #expect(error.contains("nothing was saved (--atomic)"), "\(error)")
        #expect(try session.snapshot() == before)

        // A good file lands when the whole run succeeds.
        let good = try files.write("good.ics", Self.calendar([Self.mixedEvents[0]]))
        #expect(session.run("import ics \"\(good)\"\nbook \"Post\" at 2025-01-13T10:00 for 30m") == .success,
                "\(session.buffer.standardError)")
        #expect(try Self.appointments(session).map(\.customerName) == ["Zed", "Ann", "Post"])
    }

    @Test func inAnAtomicRunARefusedImportAnsweredByExpectErrorLeavesNothingOfItself() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        // The good event is written before the bad one is refused; the statement's undo takes it back.
        let path = try files.write("one-bad.ics", Self.calendar([Self.mixedEvents[0], Self.mixedEvents[3]]))
        session.runner.options.atomic = true
        let status = session.run("""
            import ics "\(path)" atomic
            expect error validation "import refused"
            book "Post" at 2025-01-13T10:00 for 30m
            """)
        #expect(status == .success, "\(session.buffer.standardError)")
        #expect(try Self.appointments(session).map(\.customerName) == ["Zed", "Post"])
        // Nor was its UID remembered: outside the run the file's good event imports.
        session.runner.options.atomic = false
        let report = try Self.report("import ics \"\(path)\"", in: session)
        #expect(report["imported"] as? Int == 1, "\(report)")
    }

    @Test func inAnAtomicRunALaterFailureUndoesAGoodImport() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        let path = try files.write("good.ics", Self.calendar([Self.mixedEvents[0], Self.mixedEvents[6]]))
        let before = try session.snapshot()
        session.runner.options.atomic = true
        let status = session.run("""
            import ics "\(path)"
            book "Late" at 2025-01-09T20:00 for 30m
            """)
        #expect(status == .failed)
        #expect(try session.snapshot() == before)
        // Nor were the UIDs remembered: outside the run the file imports.
        session.runner.options.atomic = false
        let report = try Self.report("import ics \"\(path)\"", in: session)
        #expect(report["imported"] as? Int == 2, "\(report)")
    }

    // MARK: - 6. Round trips and UIDs

    @Test func anExportImportsIntoAFreshDatabaseWithItsIdsAndFields() throws {
        let source = try ScriptFixture(.berlin)
        Self.setUp(source, """
            book "Ann, Jr." at 2025-01-09T10:00 for 30m note "line one\\nline two; with, commas" email "ann@example.com"
            book "Bea" at 2025-01-09T11:15 for 1h45m
            book "Cy" at 2025-01-10T16:30 for 30m note "x"
            """)
        let files = try Files()
        let path = files.path("export.ics")
        #expect(source.run("export ics \"\(path)\"") == .success, "\(source.buffer.standardError)")
        let exported = try Self.appointments(source)

        let target = try ScriptFixture(.berlin)
        let report = try Self.report("import ics \"\(path)\"", in: target)
        #expect(report["imported"] as? Int == 3, "\(report)")
        let imported = try Self.appointments(target)
        #expect(imported.map(\.id) == exported.map(\.id))
        #expect(imported.map(\.customerName) == exported.map(\.customerName))
        #expect(imported.map(\.note) == exported.map(\.note))
        #expect(imported.map(\.email) == exported.map(\.email))
        #expect(imported.map(\.start) == exported.map(\.start))
        #expect(imported.map(\.durationMinutes) == exported.map(\.durationMinutes))

        let again = try Self.report("import ics \"\(path)\"", in: target)
        #expect(again["imported"] as? Int == 0)
        #expect(again["skipped"] as? Int == 3, "\(again)")
        for entry in Self.entries(again) {
            #expect((entry["reason"] as? String)?.hasPrefix("already present") == true, "\(entry)")
        }
        #expect(try Self.appointments(target) == imported)

        // Back into the database it came from: every appointment is already there by its id.
        let home = try Self.report("import ics \"\(path)\"", in: source)
        #expect(home["skipped"] as? Int == 3, "\(home)")
        let uid = "\(exported[0].id.uuidString.lowercased())@sched"
        #expect((Self.entries(home).first?["reason"] as? String)?.contains(uid) == true, "\(home)")
        #expect(try Self.appointments(source) == exported)
    }

    /// An event imported from another calendar goes back out under its own UID and with its
    /// attendee's own name, so importing the export finds it already present, here and in a
    /// database that imported the export.
    @Test func anImportedEventIsExportedWithItsUIDAndItsAttendee() throws {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let original = try files.write("google.ics", Self.calendar([
            ["UID:7kq3f0c2r1@google.com", "SUMMARY:Physio follow-up", "DTSTART:20250109T100000Z", "DURATION:PT45M",
             "ORGANIZER;CN=Me:mailto:me@example.com",
             "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;CN=Ann Lee;X-NUM-GUESTS=0:mailto:ann@example.com"],
        ]))
        #expect(try Self.report("import ics \"\(original)\"", in: session)["imported"] as? Int == 1)
        let export = files.path("export.ics")
        #expect(session.run("export ics \"\(export)\"") == .success, "\(session.buffer.standardError)")
        let written = try String(contentsOfFile: export, encoding: .utf8)
        #expect(written.contains("\r\nUID:7kq3f0c2r1@google.com\r\n"), "\(written)")
        #expect(written.contains("\r\nSUMMARY:Physio follow-up\r\n"))
        #expect(written.contains("\r\nATTENDEE;CN=\"Ann Lee\":mailto:ann@example.com\r\n"), "\(written)")

        let again = try Self.report("import ics \"\(export)\"", in: session)
        #expect(Self.entries(again).map { $0["reason"] as? String }
                == ["already present: imported before (UID 7kq3f0c2r1@google.com)"], "\(again)")

        // Another database takes the export, then meets the original file: the same event.
        let other = try ScriptFixture(.utc)
        #expect(try Self.report("import ics \"\(export)\"", in: other)["imported"] as? Int == 1)
        let second = try Self.report("import ics \"\(original)\"", in: other)
        #expect(Self.entries(second).map { $0["reason"] as? String }
                == ["already present: imported before (UID 7kq3f0c2r1@google.com)"], "\(second)")
        #expect(try Self.appointments(other).map(\.customerName) == ["Physio follow-up"])
    }

    @Test func aForeignEventIsSkippedTheSecondTimeEvenWhenMoved() throws {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let uid = "UID:8f1e-visit@example.com"
        let path = try files.write("visit.ics", Self.calendar([
            [uid, "SUMMARY:Visit", "DTSTART:20250109T100000Z", "DURATION:PT30M"],
        ]))
        let first = try Self.report("import ics \"\(path)\"", in: session)
        #expect(first["imported"] as? Int == 1, "\(first)")
        let stored = try Self.appointments(session)
        // A UID that is not `<uuid>@sched` does not choose the id.
        #expect(stored.count == 1)

        try files.write("visit.ics", Self.calendar([
            [uid, "SUMMARY:Visit", "DTSTART:20250109T140000Z", "DURATION:PT1H"],
        ]))
        let second = try Self.report("import ics \"\(path)\"", in: session)
        #expect(second["imported"] as? Int == 0)
        #expect(second["skipped"] as? Int == 1, "\(second)")
        let reason = Self.entries(second).first?["reason"] as? String
        #expect(reason == "already present: imported before (UID 8f1e-visit@example.com)")
        #expect(try Self.appointments(session) == stored)
    }

    @Test func anAtSchedUIDThatIsNotAnIdIsImportedUnderANewId() throws {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let path = try files.write("odd.ics", Self.calendar([
            ["UID:not-a-uuid@sched", "SUMMARY:Odd", "DTSTART:20250109T100000Z", "DURATION:PT30M"],
        ]))
        let report = try Self.report("import ics \"\(path)\"", in: session)
        #expect(report["imported"] as? Int == 1, "\(report)")
        let again = try Self.report("import ics \"\(path)\"", in: session)
        #expect(again["skipped"] as? Int == 1, "\(again)")
    }

    // MARK: - 7. CSV

    @Test func csvRowsAreQuotedReportedByRowAndSkippedWhenAlreadyBooked() throws {
        let session = try ScriptFixture(.berlin)
        Self.setUp(session, "book \"Zed\" at 2025-01-09T14:00 for 1h")
        let files = try Files()
        let text = #"""
            start_time, Customer_Name ,duration_minutes,note,email
            2025-01-09T10:00,"Smith, Ann",30,"she said ""hi""",ann@example.com
            2025-01-09 11:00,  Bob  ,45,"line one
            line two",
            2025-01-09T12:00,Cy,abc,,
            2025-01-09T14:00,Zed,60,,
            2025-01-09T15:30+01:00,Dee,15,,
            2025-01-09T15:00Z,Eve,15,,

            """#
        let path = try files.write("rows.csv", text)
        let report = try Self.report("import csv \"\(path)\"", in: session)
        #expect(report["format"] as? String == "csv")
        let entries = Self.entries(report)
        #expect(entries.map { $0["row"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(entries.map { $0["line"] as? Int } == [2, 3, 5, 6, 7, 8])
        #expect(entries.map { $0["outcome"] as? String }
                == ["imported", "imported", "refused", "skipped", "imported", "imported"], "\(report)")
        #expect(entries[2]["reason"] as? String == "duration_minutes: 'abc' is not a whole number")
        #expect(entries[3]["reason"] as? String == "already present: the same appointment is booked")
        #expect(report["imported"] as? Int == 4)
        #expect(report["skipped"] as? Int == 1)
        #expect(report["refused"] as? Int == 1)

        let stored = try Self.appointments(session)
        #expect(stored.map(\.customerName) == ["Zed", "Smith, Ann", "Bob", "Dee", "Eve"])
        #expect(stored.map(\.start) == [
            try Self.utc("2025-01-09T13:00:00Z"), try Self.utc("2025-01-09T09:00:00Z"),
            try Self.utc("2025-01-09T10:00:00Z"), try Self.utc("2025-01-09T14:30:00Z"),
            try Self.utc("2025-01-09T15:00:00Z"),  // Z: as written, not in the home zone
        ])
        #expect(stored.map(\.durationMinutes) == [60, 30, 45, 15, 15])
        #expect(stored[1].note == "she said \"hi\"")
        #expect(stored[1].email == "ann@example.com")
        #expect(stored[2].note == "line one\nline two")
        #expect(stored[2].email == nil)

        let lines = try Self.lines("import csv \"\(path)\"", in: session)
        #expect(lines.last == "Imported 0 of 6 rows from \(path) (5 skipped, 1 refused)", "\(lines)")
        #expect(lines.contains { $0.hasPrefix("row 3 (line 5)") && $0.contains("refused") }, "\(lines)")
    }

    // MARK: - 8. Files that cannot be read as a whole

    @Test func aMissingFileIsNotFound() throws {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let path = files.path("absent.ics")
        let error = try #require(try Self.failure("import ics \"\(path)\"", in: session))
        #expect(error.kind == .notfound)
        #expect(error.message == "cannot read '\(path)': no such file")
        let csv = try #require(try Self.failure("import csv \"\(files.path("absent.csv"))\"", in: session))
        #expect(csv.kind == .notfound)
    }

    @Test func aFileThatIsNotACalendarFailsAtLineOne() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        let path = try files.write("notes.ics", "Dear Ann,\nsee you Thursday.\n")
        let before = try session.snapshot()
        let error = try #require(try Self.failure("import ics \"\(path)\"", in: session))
        #expect(error.kind == .validation)
        #expect(error.message == "'\(path)' line 1: not an iCalendar file: BEGIN:VCALENDAR is missing")
        #expect(try session.snapshot() == before)
    }

    @Test func aCalendarWithoutItsEndFailsAtItsLastLineAndImportsNothing() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        let text = Self.calendar([Self.mixedEvents[0], Self.mixedEvents[6]], closed: false)
        let lastLine = text.components(separatedBy: "\r\n").count - 1
        #expect(lastLine == 16)
        let path = try files.write("cut.ics", text)
        let before = try session.snapshot()
        let error = try #require(try Self.failure("import ics \"\(path)\"", in: session))
        #expect(error.kind == .validation)
        #expect(error.message == "'\(path)' line \(lastLine): the calendar is not closed: END:VCALENDAR is missing")
        #expect(try session.snapshot() == before)
        // The good events were not remembered: the closed file imports them.
        try files.write("cut.ics", text + "END:VCALENDAR\r\n")
        #expect(try Self.report("import ics \"\(path)\"", in: session)["imported"] as? Int == 2)
    }

    @Test func aBadCSVHeaderFailsAtItsLineAndImportsNothing() throws {
        let session = try Self.mixedSession()
        let files = try Files()
        let path = try files.write("bad.csv", "\ncustomer_name,when,duration_minutes\nAnn,2025-01-09T10:00,30\n")
        let before = try session.snapshot()
        let error = try #require(try Self.failure("import csv \"\(path)\"", in: session))
        #expect(error.kind == .validation)
        #expect(error.message == "'\(path)' line 2: unknown column 'when'; "
                + "expected customer_name, start_time, duration_minutes, note, email")
        let missing = try files.write("short.csv", "customer_name,start_time\nAnn,2025-01-09T10:00\n")
        let noColumn = try #require(try Self.failure("import csv \"\(missing)\" atomic", in: session))
        #expect(noColumn.message == "'\(missing)' line 1: the header has no 'duration_minutes' column")
        #expect(try session.snapshot() == before)
    }

    @Test func aFileErrorPointsAtTheFileNameInAScript() throws {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let path = try files.write("notes.ics", "hello\n")
        #expect(session.run("list\nimport ics \"\(path)\"", name: "imp.sched") == .failed)
        let error = session.buffer.standardError
        #expect(error.hasPrefix("imp.sched:2:12: error: "), "\(error)")
    }

    // MARK: - 9. A huge DESCRIPTION

    /// A meeting invitation's DESCRIPTION (a real Zoom invite was refused outright) is kept up
    /// to the note's limit, and the report says what was cut.
    @Test func aDescriptionLongerThanTheNoteLimitIsKeptUpToTheLimitWithAWarning() throws {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let huge = String(repeating: "abcdefghij", count: 104_858)  // a little over 1 MiB
        // Folded as a writer would: 74 characters, then continuation lines of a space and 74 more.
        var folded: [String] = []
        var rest = Substring("DESCRIPTION:" + huge)
        while !rest.isEmpty {
            folded.append((folded.isEmpty ? "" : " ") + rest.prefix(74))
            rest = rest.dropFirst(74)
        }
        let limit = String(repeating: "é", count: 2000)
        let text = Self.calendar([
            ["UID:huge@test", "SUMMARY:Huge", "DTSTART:20250109T100000Z", "DURATION:PT30M"] + folded,
            ["UID:limit@test", "SUMMARY:Limit", "DTSTART:20250109T110000Z", "DURATION:PT30M", "DESCRIPTION:" + limit],
        ])
        let path = try files.write("huge.ics", text)
        let report = try Self.report("import ics \"\(path)\"", in: session)
        let entries = Self.entries(report)
        #expect(entries.map { $0["outcome"] as? String } == ["imported", "imported"], "\(report["refused"] ?? "-")")
        let warning = "DESCRIPTION is 1048580 characters long; the note keeps the first 2000"
        #expect(entries.first?["warnings"] as? [String] == [warning])
        #expect(entries.last?["warnings"] == nil, "a DESCRIPTION that fits is kept without a word")
        #expect(entries.map { $0["line"] as? Int } == Self.lineNumbers(of: "BEGIN:VEVENT", in: text))
        let stored = try Self.appointments(session)
        #expect(stored.map(\.customerName) == ["Huge", "Limit"])
        #expect(stored.first?.note == String(huge.prefix(2000)))
        #expect(stored.last?.note == limit)
    }

    @Test func aWarningIsPrintedAfterTheReportOnStandardError() throws {
        let files = try Files()
        let text = Self.calendar([
            ["UID:zoom@test", "SUMMARY:Zoom", "DTSTART:20250109T100000Z", "DURATION:PT30M",
             "DESCRIPTION:" + String(repeating: "Dial by your location\\n", count: 100)],
        ])
        let path = try files.write("zoom.ics", text)
        let warning = "\(path) line 4: \"Zoom\": DESCRIPTION is 2200 characters long; the note keeps the first 2000"

        let session = try ScriptFixture(.utc)
        #expect(session.run("import ics \"\(path)\"") == .success, "\(session.buffer.standardError)")
        #expect(session.buffer.standardError == "warning: \(warning)\n")
        #expect(session.buffer.standardOutput.hasSuffix("Imported 1 of 1 event from \(path) (0 skipped, 0 refused)\n"))

        let json = try ScriptFixture(.utc, format: .json)
        #expect(json.run("import ics \"\(path)\"") == .success, "\(json.buffer.standardError)")
        let line = try #require(json.buffer.standardError.split(separator: "\n").first)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect((object?["warning"] as? [String: Any])?["message"] as? String == warning, "\(line)")
    }

    // MARK: - More entries that do not land

    @Test func aUIDGivenTwiceInOneFileIsImportedOnce() throws {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let path = try files.write("twice.ics", Self.calendar([
            ["UID:same@test", "SUMMARY:First", "DTSTART:20250109T100000Z", "DURATION:PT30M"],
            ["UID:same@test", "SUMMARY:Second", "DTSTART:20250109T120000Z", "DURATION:PT30M"],
        ]))
        let report = try Self.report("import ics \"\(path)\"", in: session)
        #expect(Self.entries(report).map { $0["outcome"] as? String } == ["imported", "skipped"], "\(report)")
        #expect(Self.entries(report).last?["reason"] as? String == "already present: imported before (UID same@test)")
        #expect(try Self.appointments(session).map(\.customerName) == ["First"])
    }

    @Test func anUnknownZoneAPastStartAndAnEndBeforeTheStartAreRefused() throws {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let path = try files.write("odd.ics", Self.calendar([
            ["UID:w@test", "SUMMARY:Martian", "DTSTART;TZID=Mars/Olympus Mons:20250109T100000", "DURATION:PT30M"],
            ["UID:p@test", "SUMMARY:Past", "DTSTART:20241213T120000Z", "DURATION:PT30M"],
            ["UID:n@test", "SUMMARY:Backwards", "DTSTART:20250109T100000Z", "DTEND:20250109T090000Z"],
            ["UID:s@test", "SUMMARY:Seconds", "DTSTART:20250109T100000Z", "DURATION:PT30M10S"],
        ]))
        let report = try Self.report("import ics \"\(path)\"", in: session)
        #expect(report["refused"] as? Int == 4, "\(report)")
        #expect(Self.entries(report).map { $0["reason"] as? String } == [
            "TZID 'Mars/Olympus Mons' is not a known time zone", "Cannot book appointments in the past",
            "DTEND/DURATION: the event must end after it starts", "DTEND/DURATION: the event must last a whole number of minutes",
        ])
        #expect(try Self.appointments(session).isEmpty)
    }

    /// An event with no name was refused as `customer_name: Field is required`, which names
    /// nothing in the file; it lands as "(untitled)" and the report says why.
    @Test func anUntitledEventIsImportedAsUntitledWithAWarning() throws {
        let (session, entries) = try Self.importing([
            ["UID:u@test", "DTSTART:20250109T100000Z", "DURATION:PT30M", "ORGANIZER;CN=Me:mailto:me@example.com"],
        ])
        #expect(entries.map { $0["outcome"] as? String } == ["imported"], "\(entries)")
        #expect(entries.first?["name"] as? String == "(untitled)")
        #expect(entries.first?["warnings"] as? [String]
                == ["has no SUMMARY and no attendee's name; imported as (untitled)"])
        #expect(try Self.appointments(session).map(\.customerName) == ["(untitled)"])
    }

    @Test func anEventAfterEndCalendarIsRefusedOnItsLine() throws {
        let session = try ScriptFixture(.utc)
        let files = try Files()
        let text = Self.calendar([["UID:in@test", "SUMMARY:In", "DTSTART:20250109T100000Z", "DURATION:PT30M"]])
            + "BEGIN:VEVENT\r\nUID:out@test\r\nSUMMARY:Out\r\nDTSTART:20250109T110000Z\r\nDURATION:PT30M\r\n"
            + "END:VEVENT\r\n"
        let path = try files.write("pasted.ics", text)
        let lines = try Self.lines("import ics \"\(path)\"", in: session)
        #expect(lines.contains {
            $0.hasPrefix("line 11") && $0.contains("refused")
                && $0.hasSuffix("\"Out\": the event is outside BEGIN:VCALENDAR and END:VCALENDAR")
        }, "\(lines)")
        #expect(lines.last == "Imported 1 of 2 events from \(path) (0 skipped, 1 refused)")
        #expect(try Self.appointments(session).map(\.customerName) == ["In"])
    }

    /// Exported with seconds (`…T105959Z`), an event ending a second short of the hour was
    /// refused for not lasting whole minutes; it lasts the hour.
    @Test func anEndWithSecondsIsRoundedToTheMinuteWithAWarning() throws {
        let (session, entries) = try Self.importing([
            ["UID:s@test", "SUMMARY:Seconds", "DTSTART:20250109T100000Z", "DTEND:20250109T105959Z"],
        ])
        #expect(entries.map { $0["outcome"] as? String } == ["imported"], "\(entries)")
        #expect(entries.first?["warnings"] as? [String]
                == ["DTEND: '20250109T105959Z' has seconds; rounded to the nearest minute"])
        let stored = try Self.appointments(session)
        #expect(stored.map(\.start) == [try Self.utc("2025-01-09T10:00:00Z")])
        #expect(stored.map(\.durationMinutes) == [60])
    }

    @Test func anOverlapStartWithAnEndAfterTheChangeLastsTheRealTimeBetween() throws {
        // 02:30 is read as its first occurrence (summer time); 03:00 happens once, in winter time.
        let session = try ScriptFixture(.berlin)
        Self.setUp(session, "available 2025-10-26 00:00-06:00")
        let files = try Files()
        let path = try files.write("overlap.ics", Self.calendar([
            ["UID:o@test", "SUMMARY:Overlap", "DTSTART:20251026T023000", "DTEND:20251026T030000"],
        ]))
        _ = try Self.report("import ics \"\(path)\"", in: session)
        let stored = try Self.appointments(session)
        #expect(stored.map(\.start) == [try Self.utc("2025-10-26T00:30:00Z")])
        #expect(stored.map(\.durationMinutes) == [90])
    }
}
