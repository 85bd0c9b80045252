import Foundation
import SchedCore
import SchedRuntime
import Testing

/// `import ics` of calendars in the shapes real programs export (`Tests/Calendars`): every timed
/// event lands at its instant with its length, or is reported with its reason.
@Suite struct ProducerCalendarTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Calendars").path

    /// What one event of a file must become, in file order.
    struct Expected: Sendable, CustomStringConvertible {
        var name: String
        var outcome: String
        /// Imported: the start in UTC and the length in minutes.
        var start: String?
        var minutes: Int?
        /// Refused or skipped: why.
        var reason: String?
        var warnings: [String] = []

        static func imported(_ name: String, _ start: String, _ minutes: Int, warnings: [String] = []) -> Expected {
            Expected(name: name, outcome: "imported", start: start, minutes: minutes, warnings: warnings)
        }

        static func refused(_ name: String, _ reason: String) -> Expected {
            Expected(name: name, outcome: "refused", reason: reason)
        }

        static func skipped(_ name: String, _ reason: String) -> Expected {
            Expected(name: name, outcome: "skipped", reason: reason)
        }

        var description: String { "\(name): \(outcome)" }
    }

    static let allDay = "all-day events are not supported"

    static let calendars: [(file: String, events: [Expected])] = [
        ("outlook.ics", [
            // W. Europe Standard Time by Outlook's own rules: 10:30 CET.
            .imported("Quarterly review", "2025-03-04T09:30:00Z", 60),
            // Exchange's display name for New York, two days after the US change: 09:00 EDT.
            .imported("Vendor call", "2025-03-11T13:00:00Z", 45),
            // "Customized Time Zone": one fixed offset, +05:30.
            .imported("Call with the Pune office", "2025-03-12T09:30:00Z", 30),
            // An empty VTIMEZONE defines nothing: Romance Standard Time is Paris, 14:00 CET.
            .imported("Revue de projet", "2025-03-13T13:00:00Z", 60),
            .refused("Company offsite", allDay),
            // A weekly series by Outlook's rules for W. Europe Standard Time: each occurrence is
            // an entry of the report, at 09:00 CET.
            .imported("Weekly 1:1", "2025-03-10T08:00:00Z", 30),
            .imported("Weekly 1:1", "2025-03-17T08:00:00Z", 30),
            .imported("Weekly 1:1", "2025-03-24T08:00:00Z", 30),
        ]),
        ("google.ics", [
            .imported("Design sync", "2025-03-05T08:30:00Z", 30,
                      warnings: ["DESCRIPTION is 2472 characters long; the note keeps the first 2000"]),
            .imported("Lunch with Cy", "2025-04-02T12:00:00Z", 75),
            .imported("(untitled)", "2025-03-06T15:00:00Z", 30,
                      warnings: ["has no SUMMARY and no attendee's name; imported as (untitled)"]),
            .refused("Bea's birthday", allDay),
            .skipped("Dropped review", "cancelled in the file"),
        ]),
        ("thunderbird.ics", [
            .imported("Physio", "2025-03-06T09:30:00Z", 45),
            // The older /mozilla.org/… TZID, with a VTIMEZONE of that name.
            .imported("Team lunch", "2025-03-07T11:30:00Z", 60),
            .refused("Night train check-in",
                     "2025-03-30T02:30 does not exist in Europe/Berlin (the clocks skip forward that night)"),
            .imported("Dentist", "2025-03-31T07:00:00Z", 30),
            // Wednesdays at 19:00 until 26 March; the 12th is an EXDATE written in UTC.
            .imported("Choir rehearsal", "2025-03-05T18:00:00Z", 90),
            .imported("Choir rehearsal", "2025-03-19T18:00:00Z", 90),
            .imported("Choir rehearsal", "2025-03-26T18:00:00Z", 90),
        ]),
        ("nextcloud.ics", [
            .imported("Tax advisor", "2025-03-10T13:00:00Z", 60),
            // 22:00 to 02:00 in Berlin, in hours that run through midnight.
            .imported("Night shift", "2025-03-14T21:00:00Z", 240),
            .refused("Holiday", allDay),
            // Daily at 09:30 across the change to summer time: the same wall time each day.
            .imported("Stand-up", "2025-03-28T08:30:00Z", 15),
            .imported("Stand-up", "2025-03-29T08:30:00Z", 15),
            .imported("Stand-up", "2025-03-30T07:30:00Z", 15),
            .imported("Stand-up", "2025-03-31T07:30:00Z", 15),
        ]),
        ("google-recurring.ics", [
            // Mondays at 10:00 until 6 April; 17 March is an EXDATE, 24 March moved, 31 March cancelled.
            .imported("Weekly planning", "2025-03-03T09:00:00Z", 30),
            .imported("Weekly planning", "2025-03-10T09:00:00Z", 30),
            .imported("Weekly planning", "2025-03-25T13:00:00Z", 30),
            .skipped("Weekly planning", "cancelled in the file"),
            // The last weekday of each month (BYSETPOS=-1), the third after the change to summer time.
            .imported("Month-end close", "2025-01-31T15:00:00Z", 60),
            .imported("Month-end close", "2025-02-28T15:00:00Z", 60),
            .imported("Month-end close", "2025-03-31T14:00:00Z", 60),
            .refused("Hydrate", "RRULE 'FREQ=HOURLY;COUNT=4' cannot be imported: FREQ=HOURLY is not supported"),
            .refused("Bea's birthday", allDay),
        ]),
        ("outlook-recurring.ics", [
            // Exchange's display name for New York: 09:00 EST, then 09:00 EDT after 9 March; the
            // 13th is an EXDATE, and the 20th moved to Friday 21st 11:00.
            .imported("Vendor sync", "2025-03-06T14:00:00Z", 30),
            .imported("Vendor sync", "2025-03-27T13:00:00Z", 30),
            .imported("Vendor sync (moved)", "2025-03-21T15:00:00Z", 30),
            // The first Monday of the month, on either side of the European change.
            .imported("Board pack", "2025-03-03T14:00:00Z", 60),
            .imported("Board pack", "2025-04-07T13:00:00Z", 60),
            .refused("Twice daily check",
                     "RRULE 'FREQ=DAILY;BYHOUR=9,15;COUNT=4' cannot be imported: BYHOUR is not supported"),
        ]),
        ("apple.ics", [
            // 11:00 EST, before the US change of 9 March.
            .imported("Coffee with Cy", "2025-03-06T16:00:00Z", 60),
            .imported("Stand-up with the New York team", "2025-03-12T13:00:00Z", 30),
            // Floating: 09:00 in the home zone, Berlin.
            .imported("Take the pills", "2025-03-18T08:00:00Z", 30),
            .refused("Conference", allDay),
            // The first Tuesday of the month at noon in New York, before and after the US change.
            .imported("Book club", "2025-03-04T17:00:00Z", 60),
            .imported("Book club", "2025-04-01T16:00:00Z", 60),
        ]),
    ]

    @Test(arguments: calendars.map(\.file))
    func everyTimedEventLandsAtItsInstantOrIsReportedWithItsReason(file: String) throws {
        let expected = try #require(Self.calendars.first { $0.file == file }?.events)
        let path = Self.folder + "/" + file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let session = try ScriptFixture(.berlin)
        ImportTests.setUp(session, "available daily 00:00-24:00")

        let report = try ImportTests.report("import ics \"\(path)\"", in: session)
        let entries = ImportTests.entries(report)
        try #require(entries.count == expected.count, "\(file): \(entries.map { $0["name"] ?? "?" })")
        // An occurrence of a series is reported on its event's line, so a line may come again.
        let lines = entries.compactMap { $0["line"] as? Int }
        let eventLines = lines.enumerated().filter { $0.offset == 0 || lines[$0.offset - 1] != $0.element }.map(\.element)
        #expect(eventLines == ImportTests.lineNumbers(of: "BEGIN:VEVENT", in: text), "\(file)")
        let stored = Dictionary(uniqueKeysWithValues: try ImportTests.appointments(session).map { ($0.number, $0) })
        for (entry, event) in zip(entries, expected) {
            #expect(entry["name"] as? String == event.name, "\(file)")
            #expect(entry["outcome"] as? String == event.outcome, "\(file) \(event): \(entry["reason"] ?? "")")
            #expect(entry["reason"] as? String == event.reason, "\(file) \(event)")
            #expect(entry["warnings"] as? [String] ?? [] == event.warnings, "\(file) \(event)")
            guard let start = event.start, let number = entry["number"] as? Int else { continue }
            let appointment = stored[number]
            #expect(appointment?.start == (try Date(start, strategy: .iso8601)), "\(file) \(event)")
            #expect(appointment?.durationMinutes == event.minutes, "\(file) \(event)")
        }
        #expect(report["imported"] as? Int == expected.count { $0.outcome == "imported" }, "\(file)")
    }

    /// The attendee of an Outlook or Google event is kept with the event, and an export names
    /// that attendee as the calendar did.
    @Test func anExportOfAProducersEventsKeepsTheirUIDsAndAttendees() throws {
        let session = try ScriptFixture(.berlin)
        ImportTests.setUp(session, "available daily 00:00-24:00")
        _ = try ImportTests.report("import ics \"\(Self.folder)/google.ics\"", in: session)
        let printed = try #require(try ImportTests.exported(session))
        #expect(printed.contains("\r\nUID:5p1k0a3v9c8m2q7r4t6u0w1x3y@google.com\r\n"), "\(printed)")
        #expect(printed.contains("\r\nATTENDEE;CN=\"Bea Kramer\":mailto:bea.kramer@example.com\r\n"), "\(printed)")
    }
}
