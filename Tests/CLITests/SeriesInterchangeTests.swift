import Foundation
import SchedTestSupport
import Testing

/// A series exported as one VEVENT with RRULE and EXDATE, plus one with RECURRENCE-ID for each
/// occurrence moved alone, read back by other programs: they must find exactly the occurrences
/// sched lists.
@Suite("Series in calendar files")
struct SeriesInterchangeTests {
    /// The range compared: inside what every series below keeps stored.
    static let from = "2027-01-01"
    static let through = "2028-06-30"

    @Test func recurringIcalEventsReadsBackExactlyTheOccurrencesSchedLists() throws {
        let sandbox = try Interchange.berlinSandbox()
        let booked = try sandbox.run(script: """
            book "Ann" every tue 10:00 for 30m from 2027-03-01 count 20 note "weekly, across DST"
            book "Bo" every day at 02:30 for 15m from 2027-03-26 count 5 skip conflicts
            book "Cy" every month on the last fri at 11:00 for 1h from 2027-01-01
            book "Dee" every 2 weeks on mon, thu at 09:00 for 45m from 2027-02-01 until 2027-12-31
            book "Eve" every year at 2027-02-28T08:00 for 1h
            \(Self.changes)
            reschedule series 10 to 2027-05-12T12:00
            book "One-off" at 2027-03-03T13:00 for 20m
            """)
        try #require(booked.exitCode == 0, "\(booked)")
        let export = try Interchange.statement("export ics \"s.ics\" from \(Self.from) to \(Self.through)", in: sandbox)
        try #require(export.exitCode == 0, "\(export)")

        let ours = try Self.listed(in: sandbox)
        #expect(ours.count > 80)
        // Debian's 2.x and, where the PATH has another python with it, PyPI's 3.x, which differ
        // on an override whose RECURRENCE-ID is also an EXDATE.
        for python in Self.pythons() {
            let theirs = try Self.expand(sandbox.path("s.ics"), in: sandbox, python: python)
            #expect(theirs == ours, "\(python): only theirs: \(theirs.subtracting(ours).sorted())\nonly ours: \(ours.subtracting(theirs).sorted())")
        }
    }

    /// sched's own export imported again: into the same database every series is found by its
    /// UID and skipped; into another, each series keeps its id and its occurrences their times,
    /// those changed on their own included.
    @Test func aSeriesExportedAndImportedAgainIsTheSameSeries() throws {
        let sandbox = try Interchange.berlinSandbox()
        let booked = try sandbox.run(script: """
            book "Ann" every tue 10:00 for 30m from 2027-03-01 count 8
            \(Self.changes)
            """)
        try #require(booked.exitCode == 0, "\(booked)")
        let export = try Interchange.statement("export ics \"s.ics\" from \(Self.from) to \(Self.through)", in: sandbox)
        try #require(export.exitCode == 0, "\(export)")
        let again = try #require(try Interchange.importFile("ics", sandbox.path("s.ics"), into: sandbox))
        #expect(again["imported"] as? Int == 0 && again["refused"] as? Int == 0, "\(again)")

        let other = try Interchange.berlinSandbox()
        let copied = try #require(try Interchange.importFile("ics", sandbox.path("s.ics"), into: other))
        #expect(copied["refused"] as? Int == 0, "\(copied)")
        #expect(try Self.listed(in: other) == (try Self.listed(in: sandbox)))
        // Each occurrence changed on its own is still an occurrence, of the same original start.
        let members = try Self.members(in: sandbox)
        #expect(members.count == 7)
        #expect(try Self.members(in: other) == members)
        let shown = { (box: Sandbox) throws -> String? in
            JSON.object(try Interchange.statement("show series 1", in: box).outputLines.last)?["id"] as? String
        }
        #expect(try shown(other) == (try shown(sandbox)))
    }

    /// calcurse expands RRULE and EXDATE, ignores RDATE and reads a RECURRENCE-ID component as
    /// an appointment of its own: it must still find each moved or changed occurrence once.
    @Test func calcurseReadsBackExactlyTheOccurrencesSchedLists() throws {
        let sandbox = try Interchange.berlinSandbox()
        let booked = try sandbox.run(script: """
            book "Ann" every tue 10:00 for 30m from 2027-03-01 count 20
            book "Bo" every day at 02:30 for 15m from 2027-03-26 count 5 skip conflicts
            book "Cy" every month on the 15th at 11:00 for 1h from 2027-01-01 until 2027-12-31
            book "Dee" every 2 weeks on mon, thu at 09:00 for 45m from 2027-02-01 count 12
            \(Self.changes)
            """)
        try #require(booked.exitCode == 0, "\(booked)")
        let export = try Interchange.statement("export ics \"s.ics\" from \(Self.from) to \(Self.through)", in: sandbox)
        try #require(export.exitCode == 0, "\(export)")

        let calcurse = try Calcurse(sandbox: sandbox)
        let imported = try calcurse.run(["-i", sandbox.path("s.ics").path])
        #expect(imported.status == 0 && imported.standardError.isEmpty, "\(imported)")
        let format = "%(start:%s)\t%(end:%s)\t%m\\n"
        let listed = try calcurse.run(["--input-datefmt", "4", "-Q", "--filter-type", "apt,recur-apt",
                                       "--from", Self.from, "--days", "547",
                                       "--format-apt", format, "--format-recur-apt", format])
        #expect(listed.status == 0, "\(listed)")
        let theirs = Set(listed.standardOutput.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, let start = Int(fields[0]), let end = Int(fields[1]) else { return nil }
            return Self.key(start: start, minutes: (end - start) / 60, name: fields[2])
        })
        let ours = try Self.listed(in: sandbox)
        #expect(ours.count == 20 - 1 + 4 + 12 + 12)
        #expect(theirs == ours, "only theirs: \(theirs.subtracting(ours).sorted())\nonly ours: \(ours.subtracting(theirs).sorted())")
    }

    // MARK: Helpers

    /// Changes to "Ann", a weekly series from Tue 2 Mar 2027 (#1, #2, …): one occurrence moved
    /// before the series starts, one moved to a Thursday, one cancelled and one moved onto its
    /// date and time, one moved and made shorter, one changed where it is, one made longer where
    /// it is.
    static let changes = """
        reschedule 1 to 2027-03-01T14:00
        reschedule 2 to 2027-03-11T16:00
        cancel 4
        reschedule 3 to 2027-03-23T10:00
        reschedule 5 to 2027-03-31T15:00 for 20m
        update 6 note "moved nothing, changed the note"
        reschedule 7 to 2027-04-13T10:00 for 50m
        """

    /// `1804060800 30 Ann`: an occurrence as both sides are compared.
    static func key(start: Int, minutes: Int, name: String) -> String {
        "\(start) \(minutes) \(name)"
    }

    /// What sched lists in the range.
    static func listed(in sandbox: Sandbox) throws -> Set<String> {
        let result = try Interchange.statement("list from \(from) to \(through)", in: sandbox)
        try #require(result.exitCode == 0, "\(result)")
        let list = try #require(JSON.array(result.outputLines.last) as? [[String: Any]], "\(result)")
        return Set(try list.map { appointment in
            let start = try #require((appointment["start_time"] as? String).flatMap(unixSeconds))
            return key(start: start, minutes: appointment["duration_minutes"] as? Int ?? 0,
                       name: appointment["customer_name"] as? String ?? "")
        })
    }

    /// What sched lists in the range that belongs to a series: each with its original start.
    static func members(in sandbox: Sandbox) throws -> Set<String> {
        let result = try Interchange.statement("list from \(from) to \(through)", in: sandbox)
        try #require(result.exitCode == 0, "\(result)")
        let list = try #require(JSON.array(result.outputLines.last) as? [[String: Any]], "\(result)")
        return Set(list.compactMap { appointment in
            guard appointment["series_id"] is String, let original = appointment["occurrence_start"] as? String,
                  let start = appointment["start_time"] as? String else { return nil }
            return "\(start) \(appointment["duration_minutes"] ?? "") from \(original)"
        })
    }

    /// The Unix time of `2027-03-02T10:00:00+01:00`, the form sched's JSON writes.
    static func unixSeconds(_ text: String) -> Int? {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count == 8, text.count == 25 else { return nil }
        var parts = DateComponents()
        (parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second) =
            (digits[0], digits[1], digits[2], digits[3], digits[4], digits[5])
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard let wall = utc.date(from: parts) else { return nil }
        let sign = text.dropFirst(19).first == "-" ? -1 : 1
        return Int(wall.timeIntervalSince1970) - sign * (digits[6] * 3600 + digits[7] * 60)
    }

    /// Debian's python, and another `python3` on the PATH that has `recurring_ical_events`.
    static func pythons() -> [String] {
        let debian = "/usr/bin/python3"
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        guard let found = path.split(separator: ":").map({ "\($0)/python3" })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
              let child = try? Subprocess(found, ["-c", "import recurring_ical_events, sys; print(sys.executable)"],
                                          output: .pipe),
              let said = try? child.standardOutput?.readToEnd(), child.wait().shellStatus == 0,
              case let other = String(decoding: said, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
              !other.isEmpty,
              URL(fileURLWithPath: other).resolvingSymlinksInPath() != URL(fileURLWithPath: debian).resolvingSymlinksInPath()
        else { return [debian] }
        return [debian, other]
    }

    /// The occurrences python's `recurring-ical-events` finds in the file over the range.
    static func expand(_ file: URL, in sandbox: Sandbox, python: String = "/usr/bin/python3") throws -> Set<String> {
        let script = try sandbox.write("expand.py", """
            import datetime, sys, icalendar, recurring_ical_events
            calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
            start = datetime.datetime.fromisoformat(sys.argv[2] + "T00:00:00+00:00")
            end = datetime.datetime.fromisoformat(sys.argv[3] + "T23:59:59+00:00")
            for event in recurring_ical_events.of(calendar).between(start, end):
                begin = event["DTSTART"].dt
                finish = event["DTEND"].dt if "DTEND" in event else begin + event["DURATION"].dt
                print(int(begin.timestamp()), int((finish - begin).total_seconds()) // 60, str(event["SUMMARY"]))
            """)
        let out = sandbox.path("expand.out")
        let err = sandbox.path("expand.err")
        let child = try Subprocess(python, [script.path, file.path, from, through],
                                   environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"],
                                   output: .file(out.path), error: .file(err.path))
        let status = child.wait().shellStatus
        let problem = try String(contentsOf: err, encoding: .utf8)
        try #require(status == 0, "recurring-ical-events failed (apt-get install python3-recurring-ical-events): \(problem)")
        return Set(try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            return key(start: Int(fields[0]) ?? 0, minutes: Int(fields[1]) ?? 0, name: fields.count > 2 ? fields[2] : "")
        })
    }
}
