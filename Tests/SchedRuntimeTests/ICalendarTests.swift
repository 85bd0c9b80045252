import Foundation
import SchedCore
import SchedInterchange
import SchedLang
import SchedRuntime
import Scheduling
import SchedTestSupport
import Testing

/// `export ics` and the iCalendar text it writes (RFC 5545).
@Suite struct ICalendarTests {
    // MARK: - The writer

    /// A confirmed appointment with text that needs escaping, and a cancelled one; the times
    /// are Berlin wall-clock times on either side of the spring change, written in UTC.
    static let schedule = [
        Appointment(
            id: UUID(uuidString: "00000000-0000-4000-8000-000000000001") ?? UUID(), number: 1,
            customerName: "Zoë Müller; Dr., 東京",
            start: Date(timeIntervalSince1970: 1_741_075_200),  // 2025-03-04 09:00 CET
            durationMinutes: 45, note: "first visit\nbring X-rays, forms; ID\\card", email: "zoe@example.com",
            sequence: 2,
            createdAt: defaultNow, updatedAt: Date(timeIntervalSince1970: 1_735_821_015)),
        Appointment(
            id: UUID(uuidString: "00000000-0000-4000-8000-000000000002") ?? UUID(), number: 2,
            customerName: "Bob",
            start: Date(timeIntervalSince1970: 1_743_494_400),  // 2025-04-01 10:00 CEST
            durationMinutes: 30, status: .cancelled, sequence: 1,
            createdAt: defaultNow, updatedAt: Date(timeIntervalSince1970: 1_735_862_400)),
    ]

    @Test func aSmallScheduleIsWrittenExactly() {
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//sched//sched 9.9.9//EN",
            "CALSCALE:GREGORIAN",
            "BEGIN:VEVENT",
            "UID:00000000-0000-4000-8000-000000000001@sched",
            "DTSTAMP:20250102T123015Z",
            "DTSTART:20250304T080000Z",
            "DTEND:20250304T084500Z",
            "SUMMARY:Zoë Müller\\; Dr.\\, 東京",
            "DESCRIPTION:first visit\\nbring X-rays\\, forms\\; ID\\\\card",
            "SEQUENCE:2",
            "STATUS:CONFIRMED",
            "CREATED:20250101T000000Z",
            "LAST-MODIFIED:20250102T123015Z",
            "ATTENDEE;CN=\"Zoë Müller; Dr., 東京\":mailto:zoe@example.com",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:00000000-0000-4000-8000-000000000002@sched",
            "DTSTAMP:20250103T000000Z",
            "DTSTART:20250401T080000Z",
            "DTEND:20250401T083000Z",
            "SUMMARY:Bob",
            "SEQUENCE:1",
            "STATUS:CANCELLED",
            "CREATED:20250101T000000Z",
            "LAST-MODIFIED:20250103T000000Z",
            "END:VEVENT",
            "END:VCALENDAR",
        ].map { $0 + "\r\n" }.joined()
        #expect(ICalendarWriter(productVersion: "9.9.9").calendar(Self.schedule) == expected)
    }

    @Test func theProductIdNamesTheVersion() {
        let text = ICalendarWriter(productVersion: SchedVersion.current).calendar([])
        #expect(text == "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sched//sched \(SchedVersion.current)//EN\r\n"
            + "CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n")
    }

    @Test func textEscapesEveryLineBreakOnce() {
        var appointment = Self.schedule[1]
        appointment.note = "a\r\nb\rc\nd\u{7}e\tf"
        let text = ICalendarWriter(productVersion: SchedVersion.current).calendar([appointment])
        #expect(text.contains("\r\nDESCRIPTION:a\\nb\\nc\\nde\tf\r\n"))
    }

    @Test func aQuoteInTheAttendeeNameIsEncoded() {
        var appointment = Self.schedule[0]
        appointment.customerName = "Ann \"Jo\" ^ Smith"
        let text = ICalendarWriter(productVersion: SchedVersion.current).calendar([appointment])
        #expect(text.contains("\r\nATTENDEE;CN=\"Ann ^'Jo^' ^^ Smith\":mailto:zoe@example.com\r\n"))
    }

    /// An appointment imported from a calendar goes out under the UID it came with, and its
    /// attendee under the attendee's own name, not the event's SUMMARY.
    @Test func anImportedAppointmentKeepsItsUIDAndItsAttendeesName() {
        var appointment = Self.schedule[0]
        appointment.customerName = "Physio follow-up"
        let writer = ICalendarWriter(productVersion: "9.9.9")
        let imported = ImportedEvent(uid: "7kq3,x@google.com", attendeeEmail: "zoe@example.com", attendeeName: "Zoë Müller")
        let text = writer.calendar([appointment], imported: [appointment.id: imported])
        #expect(text.contains("\r\nUID:7kq3\\,x@google.com\r\n"), "\(text)")
        #expect(text.contains("\r\nATTENDEE;CN=\"Zoë Müller\":mailto:zoe@example.com\r\n"), "\(text)")

        // The attendee had no CN: none is made up from the SUMMARY.
        let nameless = ImportedEvent(uid: "u@x", attendeeEmail: "zoe@example.com")
        #expect(writer.calendar([appointment], imported: [appointment.id: nameless])
            .contains("\r\nATTENDEE:mailto:zoe@example.com\r\n"))
        // The email was changed since: the attendee is the customer again.
        var changed = appointment
        changed.email = "other@example.com"
        #expect(writer.calendar([changed], imported: [appointment.id: imported])
            .contains("\r\nATTENDEE;CN=\"Physio follow-up\":mailto:other@example.com\r\n"))
        // Not imported: the customer is the attendee, as before.
        #expect(writer.calendar([appointment]).contains("\r\nATTENDEE;CN=\"Physio follow-up\":mailto:zoe@example.com\r\n"))
    }

    @Test func longLinesFoldAt75OctetsWithoutSplittingCharacters() {
        var appointment = Self.schedule[0]
        let note = String(repeating: "é東😀a, ", count: 40) + "end"
        appointment.note = note
        appointment.customerName = String(repeating: "x", count: 66) + "東"
        let text = ICalendarWriter(productVersion: SchedVersion.current).calendar([appointment])
        #expect(text.hasSuffix("\r\n"))
        let physical = text.components(separatedBy: "\r\n").dropLast()
        for line in physical {
            #expect(line.utf8.count <= 75, "\(line.utf8.count) octets: \(line)")
        }
        #expect(physical.contains { $0.hasPrefix(" ") }, "nothing was folded")
        // The bytes are valid UTF-8 throughout: no character was cut.
        #expect(String(validating: Array(text.utf8), as: UTF8.self) == text)
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("\r\nDESCRIPTION:" + String(repeating: "é東😀a\\, ", count: 40) + "end\r\n"))
        // "SUMMARY:" and 66 x make 74 octets; the next character takes three more, so it folds.
        #expect(text.contains("\r\nSUMMARY:" + String(repeating: "x", count: 66) + "\r\n 東\r\n"))
    }

    @Test func aLineOfExactly75OctetsIsNotFolded() {
        var appointment = Self.schedule[1]
        appointment.customerName = String(repeating: "y", count: 75 - "SUMMARY:".count)
        let exact = ICalendarWriter(productVersion: SchedVersion.current).calendar([appointment])
        #expect(exact.contains("\r\nSUMMARY:" + appointment.customerName + "\r\n"))
        appointment.customerName += "z"
        let longer = ICalendarWriter(productVersion: SchedVersion.current).calendar([appointment])
        #expect(longer.contains("\r\nSUMMARY:" + String(repeating: "y", count: 67) + "\r\n z\r\n"))
    }

    // MARK: - The statement

    private static func session(_ format: OutputFormat = .table) throws -> ScriptFixture {
        let session = try ScriptFixture(.berlin, format: format)
        let status = session.run("""
            book "Ann, Jr." at 2025-01-02T10:00 for 30m note "line one\\nline two" email "ann@example.com"
            book "Bea" at 2025-01-03T11:00 for 1h
            """, name: "setup.sched")
        #expect(status == .success, "\(session.buffer.standardError)")
        return session
    }

    /// What `text` printed on standard output.
    private static func output(of text: String, in session: ScriptFixture) -> String {
        let before = session.buffer.standardOutput.count
        #expect(session.run(text) == .success, "\(text): \(session.buffer.standardError)")
        return String(session.buffer.standardOutput.dropFirst(before))
    }

    private static func lines(_ calendar: String, starting prefix: String) -> [String] {
        calendar.components(separatedBy: "\r\n").filter { $0.hasPrefix(prefix) }
    }

    @Test func exportToStandardOutputPrintsTheCalendarExactly() throws {
        let session = try Self.session()
        let printed = Self.output(of: "export ics -", in: session)
        let stored = try session.interpreter.store.read { tx in
            try tx.appointments(startingFrom: defaultNow, before: nil, includingCancelled: false)
        }
        #expect(stored.count == 2)
        #expect(printed == ICalendarWriter(productVersion: SchedVersion.current).calendar(stored))
        #expect(printed.hasSuffix("END:VCALENDAR\r\n"))
        // Berlin is an hour ahead of UTC in winter.
        #expect(Self.lines(printed, starting: "DTSTART") == ["DTSTART:20250102T090000Z", "DTSTART:20250103T100000Z"])
        #expect(Self.lines(printed, starting: "SUMMARY") == ["SUMMARY:Ann\\, Jr.", "SUMMARY:Bea"])
        #expect(Self.lines(printed, starting: "DESCRIPTION") == ["DESCRIPTION:line one\\nline two"])
        #expect(Self.lines(printed, starting: "ATTENDEE") == ["ATTENDEE;CN=\"Ann, Jr.\":mailto:ann@example.com"])
    }

    @Test func uidsStayTheSameAcrossExports() throws {
        let session = try Self.session()
        let first = Self.lines(Self.output(of: "export ics -", in: session), starting: "UID:")
        #expect(session.run("update 1 note \"changed\"\nbook \"Cy\" at 2025-01-06T09:00 for 30m") == .success)
        let second = Self.lines(Self.output(of: "export ics -", in: session), starting: "UID:")
        let ids = try [1, 2].map { number in
            try session.interpreter.store.read { tx in try tx.appointment(.number(number)) }?.id
        }
        #expect(first == ids.map { "UID:\($0?.uuidString.lowercased() ?? "?")@sched" })
        #expect(second.count == 3 && Array(second.prefix(2)) == first)
    }

    @Test func sequenceRisesWithEachChange() throws {
        let session = try Self.session()
        let before = Self.lines(Self.output(of: "export ics - on 2025-01-02", in: session), starting: "SEQUENCE")
        #expect(session.run("reschedule 1 to 2025-01-02T14:00") == .success, "\(session.buffer.standardError)")
        let after = Self.output(of: "export ics - on 2025-01-02", in: session)
        #expect(before == ["SEQUENCE:0"])
        #expect(Self.lines(after, starting: "SEQUENCE") == ["SEQUENCE:1"])
        #expect(Self.lines(after, starting: "DTSTART") == ["DTSTART:20250102T130000Z"])
    }

    @Test func cancelledAppointmentsGoOutOnlyWhenAsked() throws {
        let session = try Self.session()
        #expect(session.run("cancel 2") == .success)
        let plain = Self.output(of: "export ics - this week", in: session)
        #expect(Self.lines(plain, starting: "STATUS") == ["STATUS:CONFIRMED"])
        let all = Self.output(of: "export ics - this week cancelled", in: session)
        #expect(Self.lines(all, starting: "STATUS") == ["STATUS:CONFIRMED", "STATUS:CANCELLED"])
        #expect(Self.lines(all, starting: "SEQUENCE") == ["SEQUENCE:0", "SEQUENCE:1"])
        let noRange = Self.output(of: "export ics - cancelled", in: session)
        #expect(noRange == all)
    }

    @Test func theRangeChoosesTheAppointments() throws {
        let session = try Self.session()
        let friday = Self.output(of: "export ics - on 2025-01-03", in: session)
        #expect(Self.lines(friday, starting: "SUMMARY") == ["SUMMARY:Bea"])
        let nextWeek = Self.output(of: "export ics - next week", in: session)
        #expect(Self.lines(nextWeek, starting: "BEGIN:VEVENT").isEmpty)
    }

    @Test func exportToAFileWritesItAndReportsTheCount() throws {
        let session = try Self.session()
        let directory = TemporaryPath.directory + "/sched-ics-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/visits.ics"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)

        let printed = Self.output(of: "export ics \"\(path)\"", in: session)
        #expect(printed == "Exported 2 appointments to \(path)\n")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == Self.output(of: "export ics -", in: session))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["visits.ics"])

        let one = Self.output(of: "export ics \"\(path)\" on 2025-01-03", in: session)
        #expect(one == "Exported 1 appointment to \(path)\n")
        #expect(Self.lines(try String(contentsOfFile: path, encoding: .utf8), starting: "SUMMARY") == ["SUMMARY:Bea"])
    }

    @Test func jsonOutputReportsTheFileAndGivesTheCalendarAsAString() throws {
        let session = try Self.session(.json)
        let directory = TemporaryPath.directory + "/sched-ics-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/visits.ics"
        let report = Self.output(of: "export ics \"\(path)\"", in: session)
        #expect(report == "{\"exported\":2,\"file\":\"\(path)\"}\n")
        let printed = Self.output(of: "export ics -", in: session)
        let decoded = try JSONDecoder().decode(String.self, from: Data(printed.utf8))
        #expect(decoded == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test func anUnwritableFileIsAnErrorAtTheFileName() throws {
        let session = try Self.session()
        let path = TemporaryPath.directory + "/sched-missing-\(UUID().uuidString)/visits.ics"
        #expect(session.run("export ics \"\(path)\"", name: "export.sched") == .failed)
        let error = session.buffer.standardError
        #expect(error.hasPrefix("export.sched:1:12: error: "), "\(error)")
        #expect(error.contains("cannot write '"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func exportNeedsASession() throws {
        let session = try ScriptFixture(.berlin, loggedIn: false)
        #expect(session.run("export ics -") == .failed)
        #expect(session.buffer.standardError.contains("Authentication required"))
        #expect(session.buffer.standardOutput.isEmpty)
    }

    // MARK: - Parsing

    private static func parseError(_ text: String) -> (column: Int, message: String)? {
        let result = Parser.parse(SourceFile(name: "x.sched", text: text))
        return result.diagnostics.first.map { ($0.range.start.column, $0.message) }
    }

    @Test func theStatementParses() throws {
        let result = Parser.parse(SourceFile(name: "x.sched", text: """
            export ics "a.ics"
            EXPORT ICS - this week cancelled
            export ics $file from 2025-03-01 to 2025-03-31
            """))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let kinds = result.statements.map(\.kind)
        #expect(kinds.count == 3)
        guard kinds.count == 3, case .exportCalendar(let first) = kinds[0], case .exportCalendar(let second) = kinds[1],
              case .exportCalendar(let third) = kinds[2] else { return }
        guard case .file = first.target, case .standardOutput = second.target, case .file = third.target else {
            Issue.record("wrong targets")
            return
        }
        #expect(first.dates == nil && !first.includesCancelled)
        #expect(second.dates?.kind == .thisWeek && second.includesCancelled)
        #expect(third.dates != nil && !third.includesCancelled)
        #expect(kinds.allSatisfy {
            Interpreter.policy(of: $0) == UseCasePolicy.sessionRead && $0.keyword == "export"
        })
    }

    @Test func parseErrorsPointAtTheRightColumn() {
        #expect(Self.parseError("export xml \"a\"")?.column == 8)
        #expect(Self.parseError("export xml \"a\"")?.message == "expected 'ics' or 'csv' after 'export', found 'xml'")
        #expect(Self.parseError("export csv - cancelled")?.column == 14)
        #expect(Self.parseError("export csv - cancelled")?.message
            == "unknown clause 'cancelled' in 'export csv'")
        #expect(Self.parseError("export ics 12")?.column == 12)
        #expect(Self.parseError("export ics 12")?.message
            == "expected a file name such as \"visits.ics\" or '-' for standard output after 'export ics', found '12'")
        #expect(Self.parseError("export ics - soon")?.column == 14)
        #expect(Self.parseError("export ics - soon")?.message == "unknown clause 'soon' in 'export ics'")
        #expect(Self.parseError("export ics - cancelld")?.message
            == "unknown clause 'cancelld' in 'export ics'; did you mean 'cancelled'?")
        #expect(Self.parseError("export ics \"a\" this")?.column == 20)
        #expect(Self.parseError("export ics - cancelled today")?.column == 24)
        #expect(Self.parseError("export ics - 2025-03-01")?.column == 14)
        #expect(Self.parseError("exprt ics -")?.message == "unknown statement 'exprt'; did you mean 'export'?")
    }
}
