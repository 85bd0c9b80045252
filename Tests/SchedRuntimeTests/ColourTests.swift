import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import SchedTestSupport
import Testing

/// Colour on a terminal, plain through a pipe: with `colour` set, dates and times, table headers
/// and help keywords are wrapped in escape codes and nothing else changes; with it unset (the
/// default) no output holds a single escape byte.
@Suite struct ColourTests {
    static let escape = "\u{1B}"

    /// Working hours, a date override and two bookings of different widths, on 2025-01-01 (Wed).
    static let setup = """
        available mon-fri 09:00-17:00
        available 2025-01-03 10:00-12:00
        book "Ann" at 2025-01-02T10:00 for 30m
        book "Bartholomew" at 2025-01-06T09:00 for 1h30m
        """

    /// One statement of every kind of result human output paints.
    static let statements = [
        #"book "Cy" at 2025-01-02T14:00 for 30m"#,
        "reschedule 1 to 2025-01-02T11:00",
        "show 2",
        "list from 2025-01-02 to 2025-01-06",
        "upcoming",
        "slots on 2025-01-02 for 1h",
        "slots from 2025-01-02 to 2025-01-03 for 2h",
        "availability",
        "availability from 2025-01-02 to 2025-01-04",
        "available sat 10:00-14:00",
        "available 2025-01-10 13:00-15:00",
        "help",
        "help book",
        "print 2025-01-02T10:00",
    ]

    /// What a statement prints after the setup, with colour on or off.
    static func output(of statement: String, colour: Bool, format: OutputFormat = .table,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let session = try ScriptFixture(.utc, format: format)
        #expect(session.run(setup) == .success, "\(session.buffer.standardError)", sourceLocation: sourceLocation)
        session.runner.colour = colour
        let before = session.buffer.standardOutput
        #expect(session.run(statement) == .success, "\(statement): \(session.buffer.standardError)",
                sourceLocation: sourceLocation)
        return String(session.buffer.standardOutput.dropFirst(before.count))
    }

    static func time(_ text: String) -> String { "\u{1B}[33m\(text)\u{1B}[0m" }
    static func keyword(_ text: String) -> String { "\u{1B}[36m\(text)\u{1B}[0m" }
    static func heading(_ text: String) -> String { "\u{1B}[1m\(text)\u{1B}[0m" }

    // MARK: - Colour off

    @Test(arguments: statements)
    func plainOutputHasNoEscapeByte(_ statement: String) throws {
        let text = try Self.output(of: statement, colour: false)
        #expect(!text.isEmpty)
        #expect(!text.contains(Self.escape), "\(statement): \(text)")
    }

    @Test func colourIsOffUnlessAsked() throws {
        let session = try ScriptFixture(.utc)
        #expect(!session.runner.colour)
        #expect(!HumanRenderer(zone: .utc).colour)
    }

    @Test func plainErrorsHaveNoEscapeByte() throws {
        let session = try ScriptFixture(.utc)
        #expect(session.run("cancel 99\nlst") == .syntaxError)
        #expect(session.run("cancel 99") == .failed)
        #expect(session.buffer.standardError.contains("error: Appointment 99 not found"))
        #expect(!session.buffer.standardError.contains(Self.escape))
    }

    // MARK: - Colour on

    @Test(arguments: statements)
    func colourAddsCodesAndChangesNothingElse(_ statement: String) throws {
        let coloured = try Self.output(of: statement, colour: true)
        let plain = try Self.output(of: statement, colour: false)
        #expect(coloured.contains(Self.escape), "\(statement) should be painted: \(coloured)")
        #expect(Self.maskingIDs(TextStyle.removingCodes(coloured)) == Self.maskingIDs(plain))
    }

    /// Appointment ids replaced by `<id>`: each run books with new random UUIDs.
    static func maskingIDs(_ text: String) -> String {
        text.replacingOccurrences(of: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                                  with: "<id>", options: .regularExpression)
    }

    @Test func confirmationPaintsTheTimeOnly() throws {
        #expect(try Self.output(of: #"book "Cy" at 2025-01-02T14:00 for 30m"#, colour: true)
            == "Booked 3: Cy — \(Self.time("Thu 2 Jan 2025 14:00–14:30")) (30m)\n")
        #expect(try Self.output(of: "cancel 2", colour: true)
            == "Cancelled 2: Bartholomew — \(Self.time("Mon 6 Jan 2025 09:00–10:30")) (1h30m)\n")
    }

    @Test func tablePaintsHeadersAndTimesAndKeepsColumnsAligned() throws {
        let coloured = try Self.output(of: "list from 2025-01-02 to 2025-01-06", colour: true)
        let lines = coloured.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(coloured)")
        guard lines.count == 4 else { return }
        let pad = { (count: Int) in String(repeating: " ", count: count) }
        #expect(lines[0] == Self.heading("#") + "  " + Self.heading("Date") + pad(10) + "  " + Self.heading("Time") + pad(7)
            + "  " + Self.heading("Duration") + "  " + Self.heading("Customer"))
        #expect(lines[1] == "1  \(Self.time("Thu 2 Jan 2025"))  \(Self.time("10:00–10:30"))  30m       Ann")
        #expect(lines[2] == "2  \(Self.time("Mon 6 Jan 2025"))  \(Self.time("09:00–10:30"))  1h30m     Bartholomew")
        #expect(lines[3] == "2 appointments")
    }

    @Test func slotsPaintTheDayAndEachStart() throws {
        let coloured = try Self.output(of: "slots on 2025-01-02 for 1h", colour: true)
        let starts = ["09:00", "10:30", "11:30", "12:30", "13:30", "14:30", "15:30"].map(Self.time)
        #expect(coloured == Self.time("Thu 2 Jan 2025") + "  " + starts.joined(separator: " ") + "\n7 free slots of 1h\n")
    }

    @Test func availabilityPaintsWindowsAndDatesButNotWords() throws {
        let weekly = try Self.output(of: "availability", colour: true)
        #expect(weekly.contains("Mon  \(Self.time("09:00–17:00"))\n"))
        #expect(weekly.contains("Sat  closed\n"))
        #expect(weekly.contains(Self.heading("Overrides:") + "\n"))
        #expect(weekly.contains(Self.time("Fri 3 Jan 2025") + "  " + Self.time("10:00–12:00") + "\n"))

        let days = try Self.output(of: "availability from 2025-01-02 to 2025-01-04", colour: true)
        #expect(days.contains(Self.time("10:00–10:30") + " booked, "), "\(days)")
        #expect(days.contains(Self.time("10:00–12:00") + "  (override)\n"), "\(days)")
        #expect(days.contains(Self.time("Sat 4 Jan 2025") + "  closed\n"), "\(days)")

        #expect(try Self.output(of: "available sat 10:00-14:00", colour: true)
            == "Working hours Sat: \(Self.time("10:00–14:00"))\n")
        #expect(try Self.output(of: "available 2025-01-10 13:00-15:00", colour: true)
            == "Working hours on \(Self.time("Fri 10 Jan 2025")): \(Self.time("13:00–15:00"))\n")
    }

    @Test func helpPaintsTopicsAndSynopsisKeywords() throws {
        let overview = try Self.output(of: "help", colour: true)
        #expect(overview.hasPrefix(Self.heading("Statements and topics (help TOPIC for more):") + "\n"))
        for entry in HelpTable.entries {
            #expect(overview.contains("\n  " + Self.keyword(entry.topic) + " "), "\(entry.topic)")
        }
        let book = try Self.output(of: "help book", colour: true)
        let synopsis = ["book", " \"NAME\" [", "at", "] DATETIME [", "for", " DURATION] [", "note", " \"TEXT\"] [", "email",
                        " \"ADDRESS\"]"]
        let expected = synopsis.enumerated().map { $0.offset.isMultiple(of: 2) ? Self.keyword($0.element) : $0.element }
        #expect(book.hasPrefix(expected.joined() + "\n  book an appointment inside working hours\n"), "\(book)")
    }

    @Test func messagesAndStringsAreNotPainted() throws {
        let whoami = try Self.output(of: "whoami", colour: true)
        #expect(whoami.contains(ScriptFixture.username))
        #expect(!whoami.contains(Self.escape))
        #expect(try Self.output(of: #"print "10:00""#, colour: true) == "10:00\n")
    }

    @Test func jsonIsNeverPainted() throws {
        for statement in Self.statements {
            let text = try Self.output(of: statement, colour: true, format: .json)
            #expect(!text.contains(Self.escape), "\(statement): \(text)")
        }
    }

    @Test func errorsArePaintedByTheDiagnosticRenderer() throws {
        let session = try ScriptFixture(.utc)
        session.runner.renderer = DiagnosticRenderer(colour: true)
        #expect(session.run("cancel 99") == .failed)
        #expect(session.buffer.standardError.hasPrefix("gen.sched:1:1: \u{1B}[1;31merror:\u{1B}[0m Appointment 99 not found"),
                "\(session.buffer.standardError)")
        #expect(session.buffer.standardError.contains("| \u{1B}[1;32m^~~~~~\u{1B}[0m\n"))
    }
}
