import Foundation
import SchedTestSupport
import Testing

/// `export ics`, `import ics` and `import csv` against each other and against calcurse.
///
/// Every sandbox lives in Europe/Berlin with working hours around the clock, and every
/// appointment lies in 2027, so the checks `book` makes (hours, the past, overlaps) only refuse
/// what a test means them to refuse.
@Suite("Calendar interchange")
struct InterchangeTests {
    // MARK: calcurse reads sched

    @Test
    func calcurseImportsTheExportWithTheSameWallTimesNamesAndNotes() throws {
        let sandbox = try Interchange.berlinSandbox()
        try Interchange.bookSample(in: sandbox)
        let booked = try Interchange.appointments(in: sandbox)
        #expect(booked.count == Interchange.sampleCount)

        let export = try Interchange.statement("export ics \"x.ics\"", in: sandbox)
        #expect(export.exitCode == 0, "\(export)")

        let calcurse = try Calcurse(sandbox: sandbox)
        let imported = try calcurse.run(["-i", sandbox.path("x.ics").path])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.standardError.isEmpty, "calcurse warned about our file: \(imported)")
        #expect(imported.standardOutput.contains("\(Interchange.sampleCount) apps / 0 events / 0 todos / 0 skipped"),
                "\(imported)")

        let listed = try calcurse.appointments()
        #expect(listed.count == booked.count, "calcurse: \(listed)\nsched: \(booked)")
        for (theirs, ours) in zip(listed, booked) {
            let name = ours["customer_name"] as? String
            #expect(theirs.summary == name)
            #expect(theirs.start == Interchange.wallTime(ours["start_time"]), "\(name ?? "?")")
            #expect(theirs.end == Interchange.wallTime(ours["end_time"]), "\(name ?? "?")")
            // calcurse turns wall times back into instants: the real length survives DST days.
            #expect(theirs.minutes == ours["duration_minutes"] as? Int, "\(name ?? "?")")
            #expect(theirs.note == ours["note"] as? String, "\(name ?? "?")")
        }
    }

    // MARK: sched reads calcurse

    @Test
    func calcursesExportImportsWithTheSameBerlinWallTimesNamesAndNotes() throws {
        let sandbox = try Interchange.berlinSandbox()
        let calcurse = try Calcurse(sandbox: sandbox)
        // calcurse's own appointment file: wall-clock times in the zone calcurse runs in.
        let noteID = "0123456789abcdef0123456789abcdef01234567"
        try calcurse.write("notes/\(noteID)", "line one\nline two\n")
        try calcurse.write("apts", """
            03/26/2027 @ 10:00 -> 03/26/2027 @ 10:30>\(noteID) |Müller, Jürgen; Dr.
            03/28/2027 @ 01:30 -> 03/28/2027 @ 04:30|Zoë 東京 🎉
            06/15/2027 @ 08:00 -> 06/15/2027 @ 09:30|Summer "quoted"
            10/31/2027 @ 01:30 -> 10/31/2027 @ 03:30|Night; owl
            10/31/2027 @ 10:00 -> 10/31/2027 @ 10:45|Plain, with comma

            """)
        let exported = try calcurse.run(["-xical"])
        #expect(exported.status == 0, "\(exported)")
        #expect(exported.standardOutput.contains("PRODID:-//calcurse//"), "\(exported)")
        let file = try sandbox.write("calcurse.ics", exported.standardOutput)

        let report = try Interchange.importFile("ics", file, into: sandbox)
        #expect(report?["imported"] as? Int == 5, "\(String(describing: report))")
        #expect(report?["refused"] as? Int == 0, "\(String(describing: report))")

        let listed = try Interchange.appointments(in: sandbox)
        let expected: [(name: String, start: String, end: String, minutes: Int, note: String?)] = [
            ("Müller, Jürgen; Dr.", "2027-03-26T10:00", "2027-03-26T10:30", 30, "line one\nline two"),
            ("Zoë 東京 🎉", "2027-03-28T01:30", "2027-03-28T04:30", 120, nil),
            ("Summer \"quoted\"", "2027-06-15T08:00", "2027-06-15T09:30", 90, nil),
            ("Night; owl", "2027-10-31T01:30", "2027-10-31T03:30", 180, nil),
            ("Plain, with comma", "2027-10-31T10:00", "2027-10-31T10:45", 45, nil),
        ]
        #expect(listed.count == expected.count, "\(listed)")
        for (ours, want) in zip(listed, expected) {
            #expect(ours["customer_name"] as? String == want.name)
            #expect(Interchange.wallTime(ours["start_time"]) == want.start, "\(want.name)")
            #expect(Interchange.wallTime(ours["end_time"]) == want.end, "\(want.name)")
            #expect(ours["duration_minutes"] as? Int == want.minutes, "\(want.name)")
            #expect(ours["note"] as? String == want.note, "\(want.name)")
        }
    }

    // MARK: sched reads sched

    @Test func aRoundTripKeepsTheScheduleAndASecondImportSkipsEverything() throws {
        let source = try Interchange.berlinSandbox()
        try Interchange.bookSample(in: source)
        let first = try Interchange.statement("export ics \"a.ics\"", in: source)
        #expect(first.exitCode == 0, "\(first)")
        let original = try Interchange.appointments(in: source)

        let target = try Interchange.berlinSandbox()
        let report = try Interchange.importFile("ics", source.path("a.ics"), into: target)
        #expect(report?["format"] as? String == "ics")
        #expect(report?["imported"] as? Int == Interchange.sampleCount, "\(String(describing: report))")
        #expect(report?["skipped"] as? Int == 0)
        #expect(report?["refused"] as? Int == 0)
        let entries = report?["entries"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["outcome"] as? String } == Array(repeating: "imported", count: Interchange.sampleCount))
        #expect(entries.map { $0["name"] as? String } == original.map { $0["customer_name"] as? String })
        #expect(entries.allSatisfy { $0["number"] is Int && $0["line"] is Int }, "\(entries)")

        let copy = try Interchange.appointments(in: target)
        #expect(Interchange.schedule(copy) == Interchange.schedule(original))

        let second = try Interchange.statement("export ics \"b.ics\"", in: target)
        #expect(second.exitCode == 0, "\(second)")
        let a = try Interchange.eventLines(source.path("a.ics"))
        let b = try Interchange.eventLines(target.path("b.ics"))
        #expect(a == b, "the exports differ")

        let again = try Interchange.importFile("ics", source.path("a.ics"), into: target)
        #expect(again?["imported"] as? Int == 0, "\(String(describing: again))")
        #expect(again?["skipped"] as? Int == Interchange.sampleCount)
        let skipped = again?["entries"] as? [[String: Any]] ?? []
        #expect(skipped.allSatisfy { $0["outcome"] as? String == "skipped" && $0["reason"] is String }, "\(skipped)")
        #expect(try Interchange.appointments(in: target).count == Interchange.sampleCount)
    }

    // MARK: files that are not quite right

    @Test func lfOnlyAndCROnlyLineEndingsImportLikeCRLF() throws {
        let crlf = Interchange.calendar(Interchange.threeEvents)
        for (label, text) in [("lf", crlf.replacingOccurrences(of: "\r\n", with: "\n")),
                              ("cr", crlf.replacingOccurrences(of: "\r\n", with: "\r")),
                              ("crlf", crlf)] {
            let sandbox = try Interchange.berlinSandbox()
            let file = try sandbox.write("\(label).ics", text)
            let report = try Interchange.importFile("ics", file, into: sandbox, atomic: true)
            #expect(report?["imported"] as? Int == 3, "\(label): \(String(describing: report))")
            let listed = try Interchange.appointments(in: sandbox)
            #expect(listed.map { $0["customer_name"] as? String } == ["Ann", "Bob, Jr.", "Čeněk"], "\(label)")
            #expect(listed.map { $0["start_time"] as? String }
                    == ["2027-05-03T10:00:00+02:00", "2027-05-03T11:00:00+02:00", "2027-05-03T12:00:00+02:00"], "\(label)")
            #expect(listed.first?["id"] as? String == Interchange.threeEvents[0].id.uuidString.lowercased(), "\(label)")
        }
    }

    @Test func aFileCutMidEventRefusesThatEventAndAtomicImportsNothing() throws {
        let text = Interchange.calendar(Interchange.threeEvents)
        let cut = try #require(text.range(of: "SUMMARY:Čeněk"))
        let truncated = String(text[..<cut.lowerBound])
        let sandbox = try Interchange.berlinSandbox()
        let file = try sandbox.write("truncated.ics", truncated)

        try Interchange.expectAtomicImportsNothing("ics", file, in: sandbox)

        let plain = try Interchange.statement("import ics \"truncated.ics\"", in: sandbox)
        #expect(!plain.signalled && !plain.timedOut, "\(plain)")
        let count = try Interchange.appointments(in: sandbox).count
        if plain.exitCode == 0 {
            let report = JSON.object(plain.outputLines.last)
            #expect(report?["imported"] as? Int == 2, "\(plain)")
            #expect(report?["refused"] as? Int == 1, "\(plain)")
            let last = (report?["entries"] as? [[String: Any]])?.last
            #expect(last?["outcome"] as? String == "refused")
            #expect((last?["reason"] as? String)?.contains("END:VEVENT") == true, "\(String(describing: last))")
            #expect(count == 2)
        } else {
            #expect(plain.failedCleanly && plain.standardError.contains("truncated.ics"), "\(plain)")
            #expect(count == 0)
        }
    }

    @Test func aCalendarWithoutItsEndFailsNamingTheLine() throws {
        let text = Interchange.calendar(Interchange.threeEvents)
        let open = text.replacingOccurrences(of: "END:VCALENDAR\r\n", with: "")
        let sandbox = try Interchange.berlinSandbox()
        let file = try sandbox.write("open.ics", open)
        let failure = try Interchange.expectAtomicImportsNothing("ics", file, in: sandbox)
        #expect(failure.standardError.contains("line"), "\(failure)")
        #expect(failure.standardError.contains("END:VCALENDAR"), "\(failure)")

        let plain = try Interchange.statement("import ics \"open.ics\"", in: sandbox)
        #expect(!plain.signalled && !plain.timedOut, "\(plain)")
        #expect(plain.exitCode == 0 || plain.standardError.contains("open.ics"), "\(plain)")
    }

    @Test func aFileThatIsNotACalendarFailsNamingTheLine() throws {
        let sandbox = try Interchange.berlinSandbox()
        let file = try sandbox.write("notes.ics", "Dear diary,\nbook Ann on Monday.\n")
        let failure = try Interchange.expectAtomicImportsNothing("ics", file, in: sandbox)
        #expect(failure.standardError.contains("line 1") || failure.standardError.contains(":1"), "\(failure)")

        let plain = try Interchange.statement("import ics \"notes.ics\"", in: sandbox)
        #expect(plain.failedCleanly, "\(plain)")
        #expect(plain.standardError.contains("notes.ics"), "\(plain)")
        #expect(try Interchange.appointments(in: sandbox).isEmpty)
    }

    @Test func aRefusedEventIsReportedAndAtomicMakesTheWholeImportFail() throws {
        var events = Interchange.threeEvents
        // Overlaps Bob: refused as `book` would refuse it.
        events.append(.init(name: "Overlapping", start: "20270503T091500Z", end: "20270503T094500Z"))
        // Cancelled: skipped, not refused.
        events.append(.init(name: "Called off", start: "20270504T090000Z", end: "20270504T093000Z", cancelled: true))
        let sandbox = try Interchange.berlinSandbox()
        let file = try sandbox.write("mixed.ics", Interchange.calendar(events))

        let failure = try Interchange.expectAtomicImportsNothing("ics", file, in: sandbox)
        #expect(failure.standardError.contains("1"), "the error names the count: \(failure)")

        let report = try Interchange.importFile("ics", file, into: sandbox)
        #expect(report?["imported"] as? Int == 3, "\(String(describing: report))")
        #expect(report?["refused"] as? Int == 1)
        #expect(report?["skipped"] as? Int == 1)
        let entries = report?["entries"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["outcome"] as? String } == ["imported", "imported", "imported", "refused", "skipped"])
        #expect(entries[safe: 3]?["name"] as? String == "Overlapping")
        #expect(entries[safe: 3]?["reason"] is String)
        #expect(entries[safe: 3]?["number"] == nil)
        #expect(try Interchange.appointments(in: sandbox).count == 3)
    }

    @Test func aMegabyteDescriptionIsKeptInPartWithAWarningWithoutACrash() throws {
        let note = String(repeating: "x", count: 1 << 20)
        let events = [Interchange.Event(name: "Verbose", start: "20270503T110000Z", end: "20270503T113000Z",
                                        description: note)] + Interchange.threeEvents
        // One unfolded 1 MB line, as a careless writer would produce it.
        let sandbox = try Interchange.berlinSandbox()
        let file = try sandbox.write("long.ics", Interchange.calendar(events, fold: false))

        // A note is at most 2000 characters, as for `book`: the import keeps that much.
        let result = try Interchange.statement("import ics \"\(file.path)\"", in: sandbox)
        #expect(result.exitCode == 0, "\(String(describing: result).prefix(2000))")
        let report = JSON.object(result.outputLines.last)
        #expect(report?["imported"] as? Int == 4, "\(String(describing: report).prefix(2000))")
        let first = (report?["entries"] as? [[String: Any]])?.first
        let warning = "DESCRIPTION is 1048576 characters long; the note keeps the first 2000"
        #expect(first?["warnings"] as? [String] == [warning], "\(String(describing: first).prefix(2000))")
        #expect(result.standardError.contains("\"warning\":{\"message\":\"\(file.path) line "), "\(result)")
        let stored = try Interchange.appointments(in: sandbox)
        #expect(stored.count == 4)
        // By start: Ann's "first visit", Bob and Čeněk without one, then Verbose's cut note.
        #expect(stored.map { ($0["note"] as? String)?.count } == [11, nil, nil, 2000])
    }

    @Test func tenThousandEventsImport() throws {
        let count = 10_000
        let base = try #require(ISO8601DateFormatter().date(from: "2027-01-04T00:00:00Z"))
        let stamp = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().time(includingFractionalSeconds: false)
            .dateTimeSeparator(.standard).timeSeparator(.omitted).dateSeparator(.omitted)
        let events = (0..<count).map { index in
            let start = base.addingTimeInterval(Double(index) * 1800)
            return Interchange.Event(name: "Client \(index)", start: start.formatted(stamp) + "Z",
                                     end: start.addingTimeInterval(1200).formatted(stamp) + "Z")
        }
        let sandbox = try Interchange.berlinSandbox()
        try sandbox.write("many.ics", Interchange.calendar(events))
        let result = try sandbox.run(["--json", "-c", "import ics \"many.ics\" atomic"], timeout: 900)
        #expect(result.exitCode == 0, "\(result)")
        let report = JSON.object(result.outputLines.last)
        #expect(report?["imported"] as? Int == count, "\(result.description.prefix(2000))")
        #expect((report?["entries"] as? [Any])?.count == count)
        let listed = try sandbox.run(["--json", "-c", "list from 2027-01-01 to 2028-12-31"], timeout: 300)
        #expect(JSON.array(listed.outputLines.last)?.count == count, "\(listed.description.prefix(2000))")
    }

    // MARK: CSV

    @Test func csvRowsWithRFC4180QuotingImportAndABadRowIsRefusedByNumber() throws {
        let csv = "customer_name,start_time,duration_minutes,note,email\r\n"
            + "\"Müller, Jürgen\",2027-05-03T10:00,30,\"first line\nsecond line, with comma\",jm@example.com\r\n"
            + "\"Say \"\"hi\"\"\",2027-05-03T11:00,45,,\r\n"
            + "Bad Row,2027-05-03T12:00,abc,,\r\n"
            + "Plain,2027-05-03 13:00,60,plain note,p@example.com\r\n"
        let sandbox = try Interchange.berlinSandbox()
        let file = try sandbox.write("visits.csv", csv)

        let failure = try Interchange.expectAtomicImportsNothing("csv", file, in: sandbox)
        #expect(failure.standardError.contains("1"), "\(failure)")

        let report = try Interchange.importFile("csv", file, into: sandbox)
        #expect(report?["format"] as? String == "csv")
        #expect(report?["imported"] as? Int == 3, "\(String(describing: report))")
        #expect(report?["refused"] as? Int == 1)
        let entries = report?["entries"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["row"] as? Int } == [1, 2, 3, 4], "\(entries)")
        #expect(entries.map { $0["line"] as? Int } == [2, 4, 5, 6], "\(entries)")
        #expect(entries.map { $0["name"] as? String } == ["Müller, Jürgen", "Say \"hi\"", "Bad Row", "Plain"])
        #expect(entries.map { $0["outcome"] as? String } == ["imported", "imported", "refused", "imported"])
        #expect((entries[safe: 2]?["reason"] as? String)?.contains("duration_minutes") == true, "\(entries)")

        let listed = try Interchange.appointments(in: sandbox)
        #expect(listed.map { $0["customer_name"] as? String } == ["Müller, Jürgen", "Say \"hi\"", "Plain"])
        #expect(listed.first?["note"] as? String == "first line\nsecond line, with comma", "\(listed)")
        #expect(listed.first?["email"] as? String == "jm@example.com")
        #expect(listed.map { $0["start_time"] as? String }
                == ["2027-05-03T10:00:00+02:00", "2027-05-03T11:00:00+02:00", "2027-05-03T13:00:00+02:00"])
        #expect(listed.map { $0["duration_minutes"] as? Int } == [30, 45, 60])
    }

    /// RFC 4180's own line break inside a quoted field is CRLF; a note keeps it as one newline,
    /// as `book` and the iCalendar reader do, rather than refusing the row for its CR.
    @Test func csvCRLFInsideAQuotedNoteBecomesANewline() throws {
        let csv = "customer_name,start_time,duration_minutes,note\r\n"
            + "Ann,2027-05-03T10:00,30,\"first line\r\nsecond line\"\r\n"
        let sandbox = try Interchange.berlinSandbox()
        let file = try sandbox.write("crlf.csv", csv)
        let report = try Interchange.importFile("csv", file, into: sandbox)
        #expect(report?["imported"] as? Int == 1, "\(String(describing: report))")
        #expect(try Interchange.appointments(in: sandbox).first?["note"] as? String == "first line\nsecond line")
    }

    // MARK: time zones

    @Test func utcZonedAndFloatingTimesAreReadInTheirZones() throws {
        let text = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sched tests//zones//EN",
            "BEGIN:VEVENT", "UID:utc@example.com", "DTSTAMP:20261126T120000Z",
            "DTSTART:20270503T080000Z", "DTEND:20270503T083000Z", "SUMMARY:Utc", "END:VEVENT",
            "BEGIN:VEVENT", "UID:zoned@example.com", "DTSTAMP:20261126T120000Z",
            "DTSTART;TZID=America/New_York:20270503T050000", "DURATION:PT45M", "SUMMARY:Zoned", "END:VEVENT",
            "BEGIN:VEVENT", "UID:floating@example.com", "DTSTAMP:20261126T120000Z",
            "DTSTART:20270503T130000", "DTEND:20270503T140000", "SUMMARY:Floating", "END:VEVENT",
            "BEGIN:VEVENT", "UID:nowhere@example.com", "DTSTAMP:20261126T120000Z",
            "DTSTART;TZID=Mars/Olympus_Mons:20270503T150000", "DURATION:PT1H", "SUMMARY:Nowhere", "END:VEVENT",
            "END:VCALENDAR",
        ].map { $0 + "\r\n" }.joined()
        let sandbox = try Interchange.berlinSandbox()
        let file = try sandbox.write("zones.ics", text)
        let report = try Interchange.importFile("ics", file, into: sandbox)
        #expect(report?["imported"] as? Int == 3, "\(String(describing: report))")
        let last = (report?["entries"] as? [[String: Any]])?.last
        #expect(last?["outcome"] as? String == "refused")
        #expect((last?["reason"] as? String)?.contains("Mars/Olympus_Mons") == true, "\(String(describing: last))")
        let listed = try Interchange.appointments(in: sandbox)
        #expect(listed.map { $0["customer_name"] as? String } == ["Utc", "Zoned", "Floating"])
        #expect(listed.map { $0["start_time"] as? String }
                == ["2027-05-03T10:00:00+02:00", "2027-05-03T11:00:00+02:00", "2027-05-03T13:00:00+02:00"])
        #expect(listed.map { $0["duration_minutes"] as? Int } == [30, 45, 60])
    }

    /// calcurse writes an all-day item as a DATE and a zero-length appointment with no end:
    /// sched has room for neither, and says so per event.
    @Test
    func calcursesAllDayAndZeroLengthItemsAreRefusedWithReasons() throws {
        let sandbox = try Interchange.berlinSandbox()
        let calcurse = try Calcurse(sandbox: sandbox)
        try calcurse.write("apts", """
            05/04/2027 [1] Holiday
            05/05/2027 @ 10:00 -> 05/05/2027 @ 10:30|Fine
            05/05/2027 @ 12:00 -> 05/05/2027 @ 12:00|Zero

            """)
        let exported = try calcurse.run(["-xical"])
        #expect(exported.status == 0, "\(exported)")
        let file = try sandbox.write("calcurse.ics", exported.standardOutput)
        let report = try Interchange.importFile("ics", file, into: sandbox)
        #expect(report?["imported"] as? Int == 1, "\(String(describing: report))")
        #expect(report?["refused"] as? Int == 2)
        let entries = report?["entries"] as? [[String: Any]] ?? []
        let refused = Dictionary(uniqueKeysWithValues: entries.filter { $0["outcome"] as? String == "refused" }
            .compactMap { entry in (entry["name"] as? String).map { ($0, entry["reason"] as? String ?? "") } })
        #expect(refused["Holiday"]?.contains("all-day") == true, "\(entries)")
        #expect(refused["Zero"]?.isEmpty == false, "\(entries)")
        #expect(try Interchange.appointments(in: sandbox).map { $0["customer_name"] as? String } == ["Fine"])
    }
}

// MARK: - Helpers

/// Sandboxes, statements and files for the interchange tests.
enum Interchange {
    /// A logged-in sandbox at home in Europe/Berlin, open around the clock every day.
    static func berlinSandbox() throws -> Sandbox {
        let sandbox = try Sandbox.loggedIn()
        let setUp = try sandbox.run(script: """
            set timezone "Europe/Berlin"
            available daily 00:00-24:00
            """)
        try #require(setUp.exitCode == 0, "\(setUp)")
        return sandbox
    }

    static let sampleCount = 5

    /// Five bookings: commas, semicolons, quotes, multi-byte names, a note with a newline, and
    /// both DST changes of 2027 in Berlin (28 March 02:00 → 03:00, 31 October 03:00 → 02:00).
    static func bookSample(in sandbox: Sandbox) throws {
        let result = try sandbox.run(script: #"""
            book "Müller, Jürgen; Dr." at 2027-03-26T10:00 for 30m note "line one\nline two" email "jm@example.com"
            book "Zoë 東京 🎉" at 2027-03-28T01:30 for 2h
            book "Summer \"quoted\"" at 2027-06-15T08:00 for 90m note "tab\there" email "s@example.org"
            book "Night; owl" at 2027-10-31T01:30 for 3h note "comma, semi; back\\slash"
            book "Plain" at 2027-10-31T10:00 for 45m
            """#)
        try #require(result.exitCode == 0, "\(result)")
    }

    /// Runs one statement with `--json`.
    static func statement(_ text: String, in sandbox: Sandbox, timeout: TimeInterval = 120) throws -> SchedResult {
        try sandbox.run(["--json", "-c", text], timeout: timeout)
    }

    /// Imports a file and gives back its report; a failed run is recorded and gives nil.
    static func importFile(_ format: String, _ file: URL, into sandbox: Sandbox, atomic: Bool = false) throws -> [String: Any]? {
        let result = try statement("import \(format) \"\(file.path)\"\(atomic ? " atomic" : "")", in: sandbox)
        let report = JSON.object(result.outputLines.last)
        // A run whose import refused entries fails after its report.
        let refused = report?["refused"] as? Int ?? 0
        #expect(result.exitCode == (refused > 0 ? 1 : 0), "\(result)")
        if refused > 0 {
            #expect(result.standardError.contains("\"message\":\"import refused \(refused) of "), "\(result)")
        }
        #expect(report != nil, "no JSON report: \(result)")
        if let report {
            #expect(report["file"] is String && report["entries"] is [Any], "\(result)")
        }
        return report
    }

    /// `import FORMAT "FILE" atomic` fails, naming the file, and changes nothing.
    @discardableResult
    static func expectAtomicImportsNothing(_ format: String, _ file: URL, in sandbox: Sandbox,
                                           sourceLocation: SourceLocation = #_sourceLocation) throws -> SchedResult {
        let before = try sandbox.snapshot()
        let result = try statement("import \(format) \"\(file.lastPathComponent)\" atomic", in: sandbox)
        #expect(result.failedCleanly, "atomic import should fail: \(result)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains(file.lastPathComponent), "the error names the file: \(result)",
                sourceLocation: sourceLocation)
        #expect(try sandbox.snapshot() == before, "atomic import changed the database", sourceLocation: sourceLocation)
        return result
    }

    /// Every booked appointment, in order.
    static func appointments(in sandbox: Sandbox) throws -> [[String: Any]] {
        let result = try statement("list from 2000-01-01 to 2200-12-31", in: sandbox)
        try #require(result.exitCode == 0, "\(result)")
        return try #require(JSON.array(result.outputLines.last) as? [[String: Any]], "\(result)")
    }

    /// The fields an import must keep, one string per appointment.
    static func schedule(_ appointments: [[String: Any]]) -> [String] {
        appointments.map { appointment in
            ["id", "customer_name", "start_time", "end_time", "duration_minutes", "note", "email", "status"]
                .map { "\($0)=\(appointment[$0].map { "\($0)" } ?? "nil")" }
                .joined(separator: " | ")
        }
    }

    /// `2027-03-26T10:00` from `2027-03-26T10:00:00+01:00`: the wall time in the home zone.
    static func wallTime(_ value: Any?) -> String? {
        (value as? String).map { String($0.prefix(16)) }
    }

    /// An export's lines, less the stamps that say when the file or the row was written.
    static func eventLines(_ file: URL) throws -> [String] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return text.components(separatedBy: "\r\n").filter {
            !$0.hasPrefix("DTSTAMP:") && !$0.hasPrefix("CREATED:") && !$0.hasPrefix("LAST-MODIFIED:")
        }
    }

    /// One VEVENT to write: UTC times as `20270503T080000Z`.
    struct Event {
        var id = UUID()
        var name: String
        var start: String
        var end: String
        var description: String?
        var cancelled = false
    }

    /// Ann, Bob and Čeněk on Monday 3 May 2027, 10:00, 11:00 and 12:00 in Berlin (UTC+2).
    static let threeEvents: [Event] = [
        Event(name: "Ann", start: "20270503T080000Z", end: "20270503T083000Z", description: "first visit"),
        Event(name: "Bob, Jr.", start: "20270503T090000Z", end: "20270503T100000Z"),
        Event(name: "Čeněk", start: "20270503T100000Z", end: "20270503T104500Z"),
    ]

    /// An RFC 5545 calendar with CRLF line ends, folded at 75 octets unless `fold` is false.
    static func calendar(_ events: [Event], fold: Bool = true) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sched tests//interchange//EN"]
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(event.id.uuidString.lowercased())@sched",
                "DTSTAMP:20261126T120000Z",
                "DTSTART:\(event.start)",
                "DTEND:\(event.end)",
                "SUMMARY:\(escape(event.name))",
            ]
            if let description = event.description { lines.append("DESCRIPTION:\(escape(description))") }
            if event.cancelled { lines.append("STATUS:CANCELLED") }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map { fold ? folded($0) : $0 }.map { $0 + "\r\n" }.joined()
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Breaks a content line into lines of at most 75 octets, never inside a character.
    static func folded(_ line: String) -> String {
        var result = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            if octets + size > 75 {
                result += "\r\n "
                octets = 1
            }
            result.append(character)
            octets += size
        }
        return result
    }
}

/// calcurse run without a terminal, on a data directory inside a sandbox, in Europe/Berlin.
struct Calcurse {
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/calcurse" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    let sandbox: Sandbox
    let dataDirectory: URL

    init(sandbox: Sandbox) throws {
        self.sandbox = sandbox
        dataDirectory = sandbox.path("calcurse")
        try FileManager.default.createDirectory(at: dataDirectory.appendingPathComponent("notes"),
                                                withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: dataDirectory.appendingPathComponent(name))
    }

    struct Output: CustomStringConvertible {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var description: String { "calcurse exit \(status)\n--- stdout\n\(standardOutput)\n--- stderr\n\(standardError)" }
    }

    /// Runs `calcurse -D DIR ARGUMENTS`; its output goes to files, so no pipe can fill up.
    func run(_ arguments: [String]) throws -> Output {
        let executable = try #require(Self.executable, "calcurse is not installed (apt-get install calcurse)")
        let id = UUID().uuidString
        let out = sandbox.path("calcurse-\(id).out")
        let err = sandbox.path("calcurse-\(id).err")
        let child = try Subprocess(
            executable, ["-D", dataDirectory.path] + arguments,
            environment: [
                "PATH": "/usr/bin:/bin", "HOME": sandbox.directory.path, "TZ": "Europe/Berlin",
                "LANG": "C.UTF-8", "TERM": "dumb",
            ],
            output: .file(out.path), error: .file(err.path))
        let ended = child.wait()
        return Output(status: ended.shellStatus,
                      standardOutput: try String(contentsOf: out, encoding: .utf8),
                      standardError: try String(contentsOf: err, encoding: .utf8))
    }

    struct Appointment: CustomStringConvertible {
        var start: String
        var end: String
        var minutes: Int
        var summary: String
        var note: String?
        var description: String { "\(start)–\(end) (\(minutes)m) \(summary) note=\(note ?? "nil")" }
    }

    /// Every appointment of 2027–2028 as calcurse lists it, with its note read from the notes folder.
    func appointments() throws -> [Appointment] {
        let format = "%(start:%Y-%m-%dT%H:%M)\t%(end:%Y-%m-%dT%H:%M)\t%(start:%s)\t%(end:%s)\t%n\t%m\\n"
        let result = try run(["--input-datefmt", "4", "-Q", "--filter-type", "apt",
                              "--from", "2027-01-01", "--days", "730", "--format-apt", format])
        #expect(result.status == 0 && result.standardError.isEmpty, "\(result)")
        return result.standardOutput.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, let from = Int(fields[2]), let to = Int(fields[3]) else { return nil }
            let note = fields[4] == "(null)" || fields[4].isEmpty ? nil
                : (try? String(contentsOf: dataDirectory.appendingPathComponent("notes/\(fields[4])"), encoding: .utf8))
                    .map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }
            return Appointment(start: fields[0], end: fields[1], minutes: (to - from) / 60, summary: fields[5], note: note)
        }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
