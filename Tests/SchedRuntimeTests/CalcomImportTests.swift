import CalComFake
import Foundation
import SchedCore
import SchedRuntime
import SchedTestSupport
import Testing

/// `import` while Cal.com is connected: the imported appointments go out like bookings do, and
/// an import that is undone leaves nothing queued and sends nothing.
@Suite struct CalcomImportTests {
    /// Two 30-minute events on Monday 4 March 2030 in Berlin, inside the default working hours,
    /// and, when `withBad`, a third that overlaps the first.
    static func calendar(withBad: Bool) -> String {
        var events = [("a@test", "Ann", "20300304T100000"), ("b@test", "Bob", "20300304T110000")]
        if withBad { events.append(("c@test", "Clash", "20300304T101500")) }
        let body = events.map { uid, name, start in
            "BEGIN:VEVENT\r\nUID:\(uid)\r\nSUMMARY:\(name)\r\nDTSTART;TZID=Europe/Berlin:\(start)\r\n"
                + "DURATION:PT30M\r\nEND:VEVENT\r\n"
        }.joined()
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + body + "END:VCALENDAR\r\n"
    }

    static func write(_ text: String) throws -> TemporaryPath {
        let file = TemporaryPath()
        try Data(text.utf8).write(to: URL(fileURLWithPath: file.path))
        return file
    }

    @Test func importedAppointmentsAreBookedOnCalcom() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        let file = try Self.write(Self.calendar(withBad: false))
        let outcome = try await fixture.expectSuccess("import ics \"\(file.path)\"")
        #expect(outcome.out.contains("Imported 2 of 2 events"), "\(outcome.out)")
        let appointments = try fixture.appointments()
        #expect(appointments.map(\.customerName) == ["Ann", "Bob"])
        #expect(appointments.allSatisfy { $0.calcomBookingUID != nil }, "\(appointments)")
        #expect(Set(fixture.liveBookings.map(\.uid)) == Set(appointments.compactMap(\.calcomBookingUID)))
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.fake.schemaViolations.isEmpty)
        await fixture.stop()
    }

    @Test func anUndoneImportQueuesAndSendsNothing() async throws {
        let fixture = try await CalcomFixture.make()
        try await fixture.connect()
        let writesBefore = fixture.writes.count
        let file = try Self.write(Self.calendar(withBad: true))
        let outcome = try await fixture.run("import ics \"\(file.path)\" atomic")
        #expect(!outcome.succeeded)
        #expect(outcome.err.contains("import refused: 1 of 3 entries"), "\(outcome.err)")
        #expect(try fixture.appointments().isEmpty)
        #expect(try fixture.syncStatus().entries.isEmpty)
        #expect(fixture.writes.count == writesBefore)
        // Without atomic the two good events land and go out; the clash does not, and the run
        // fails after the report.
        let partial = try await fixture.run("import ics \"\(file.path)\"")
        #expect(!partial.succeeded)
        #expect(partial.out.contains("Imported 2 of 3 events"), "\(partial.out)")
        #expect(partial.err.contains("import refused 1 of 3 entries"), "\(partial.err)")
        #expect(fixture.liveBookings.count == 2)
        #expect(try fixture.syncStatus().entries.isEmpty)
        await fixture.stop()
    }
}
