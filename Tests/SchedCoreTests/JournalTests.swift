import Foundation
import SchedTestSupport
import Testing

@testable import SchedCore

/// Undo and redo against what the journal does not hold: a booking made outside it (as a pull
/// from Cal.com makes one), and the Cal.com bookings of the appointments they touch.
@Suite struct JournalTests {
    /// Tuesday 2025-01-07 10:00 UTC, inside the default hours.
    static let tuesday = Date(timeIntervalSince1970: 1_736_244_000)

    /// The fixture's appointments, each change recorded under `statement`.
    private func journaled(_ fixture: StoreFixture, _ statement: String) -> AppointmentService {
        AppointmentService(store: Journaled(fixture.store, statement: { statement }, clock: fixture.clock), clock: fixture.clock)
    }

    private func journal(_ fixture: StoreFixture) -> JournalService {
        JournalService(store: fixture.store, clock: fixture.clock)
    }

    private func connect(_ fixture: StoreFixture) throws {
        try fixture.store.write { tx in
            try tx.setCalcomConnection(CalcomConnection(
                apiKey: "cal_test_journal", baseURL: "http://127.0.0.1:9/v2",
                eventType: RemoteEventType(id: 7, slug: "30min", title: "30 Min", lengthInMinutes: 30),
                account: RemoteAccount(id: 1, username: "jane", email: "jane@example.com", timeZone: "UTC",
                                       defaultScheduleID: 3),
                connectedAt: fixture.clock.now))
        }
    }

    /// What a push leaves: the booking on Cal.com under `uid`, nothing queued.
    private func pushed(_ fixture: StoreFixture, _ appointment: Appointment, uid: String) throws {
        try fixture.store.write { tx in
            for entry in try tx.syncEntries() { try tx.deleteSyncEntry(id: entry.id) }
            var pushed = appointment
            pushed.calcomBookingUID = uid
            try tx.update(pushed)
        }
    }

    @Test(arguments: Backend.allCases)
    func anUndoThatWouldOverlapABookingMadeSinceIsRefusedNamingIt(_ backend: Backend) throws {
        let fixture = try StoreFixture(.utc, backend: backend)
        let ann = try journaled(fixture, "book Ann").book(NewAppointment(customerName: "Ann", start: Self.tuesday, durationMinutes: 30))
        _ = try journaled(fixture, "cancel 1").cancel(.id(ann.id))
        // Outside the journal, as a pull from Cal.com books.
        let bob = try fixture.appointments.book(NewAppointment(
            customerName: "Bob", start: Self.tuesday.addingTimeInterval(900), durationMinutes: 30))
        let before = try fixture.snapshot()
        #expect(throws: SchedError(.conflict, "Cannot undo change 2: Time slot is already booked (#2 Bob, Tue 7 Jan 2025 10:15–10:45)")) {
            try journal(fixture).undo(nil)
        }
        #expect(try fixture.snapshot() == before)
        #expect(try journal(fixture).history(limit: nil, from: nil, before: nil).map(\.state) == [.done, .done])
        _ = try fixture.appointments.cancel(.id(bob.id))
        #expect(try journal(fixture).undo(nil).map(\.id) == [2])
        #expect(try fixture.appointments.appointment(.id(ann.id)).status == .booked)
    }

    @Test(arguments: Backend.allCases)
    func undoingABookingCalcomHoldsCancelsItThereAndRedoBooksItAgain(_ backend: Backend) throws {
        let fixture = try StoreFixture(.utc, backend: backend)
        try connect(fixture)
        let ann = try journaled(fixture, "book Ann").book(NewAppointment(customerName: "Ann", start: Self.tuesday, durationMinutes: 30))
        try pushed(fixture, ann, uid: "remote-1")
        _ = try journal(fixture).undo(nil)
        let undone = try fixture.appointments.appointment(.id(ann.id))
        #expect(undone.status == .cancelled, "kept, so that its Cal.com booking can be cancelled")
        #expect(try fixture.store.read { try $0.syncEntries() }.map(\.change) == [.cancel])

        // The cancel never left: redo takes it back and keeps the Cal.com booking.
        _ = try journal(fixture).redo()
        let redone = try fixture.appointments.appointment(.id(ann.id))
        #expect(redone.status == .booked && redone.calcomBookingUID == "remote-1")
        #expect(try fixture.store.read { try $0.syncEntries() }.isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func undoingAMoveQueuesTheMoveBack(_ backend: Backend) throws {
        let fixture = try StoreFixture(.utc, backend: backend)
        try connect(fixture)
        let ann = try journaled(fixture, "book Ann").book(NewAppointment(customerName: "Ann", start: Self.tuesday, durationMinutes: 30))
        try pushed(fixture, ann, uid: "remote-2")
        let later = Self.tuesday.addingTimeInterval(3600)
        _ = try journaled(fixture, "reschedule 1").reschedule(.id(ann.id), to: later, durationMinutes: nil)
        try fixture.store.write { tx in for entry in try tx.syncEntries() { try tx.deleteSyncEntry(id: entry.id) } }
        _ = try journal(fixture).undo(nil)
        let queued = try fixture.store.read { try $0.syncEntries() }
        #expect(queued.map(\.change) == [.reschedule])
        #expect(queued.first?.start == Self.tuesday)
        // The uid the push stored after the change stays: only what the change set is put back.
        #expect(try fixture.appointments.appointment(.id(ann.id)).calcomBookingUID == "remote-2")
    }
}
