import Foundation
import SchedTestSupport
import Testing

@testable import SchedCore

/// The outbox is written in the transaction of each change, and only while Cal.com is connected;
/// a create that was never sent absorbs the changes that follow it.
@Suite struct SyncOutboxTests {
    /// Tuesday 2025-01-07 10:00 UTC, inside the default hours.
    static let tuesday = Date(timeIntervalSince1970: 1_736_244_000)

    private func connectedFixture() throws -> StoreFixture {
        let fixture = try StoreFixture(.utc)
        try fixture.store.write { tx in
            try tx.setCalcomConnection(CalcomConnection(
                apiKey: "cal_test_outbox", baseURL: "http://127.0.0.1:9/v2",
                eventType: RemoteEventType(id: 7, slug: "30min", title: "30 Min", lengthInMinutes: 30),
                account: RemoteAccount(id: 1, username: "jane", email: "jane@example.com", timeZone: "UTC",
                                       defaultScheduleID: 3),
                connectedAt: fixture.clock.now))
        }
        return fixture
    }

    private func entries(_ fixture: StoreFixture) throws -> [SyncEntry] {
        try fixture.store.read { tx in try tx.syncEntries() }
    }

    @Test func withoutAConnectionNothingIsQueued() throws {
        let fixture = try StoreFixture(.utc)
        let booked = try fixture.book(Interval(start: Self.tuesday, minutes: 30))
        _ = try fixture.appointments.cancel(.id(booked.id))
        #expect(try entries(fixture).isEmpty)
    }

    @Test func aBookingQueuesOneCreateWithItsTime() throws {
        let fixture = try connectedFixture()
        let booked = try fixture.book(Interval(start: Self.tuesday, minutes: 45))
        let queued = try entries(fixture)
        #expect(queued.count == 1)
        #expect(queued.first?.change == .create)
        #expect(queued.first?.appointmentID == booked.id)
        #expect(queued.first?.start == Self.tuesday)
        #expect(queued.first?.durationMinutes == 45)
        #expect(queued.first?.state == .pending)
    }

    @Test func aMoveBeforeTheFirstSendUpdatesTheCreate() throws {
        let fixture = try connectedFixture()
        let booked = try fixture.book(Interval(start: Self.tuesday, minutes: 30))
        let later = Self.tuesday.addingTimeInterval(3600)
        _ = try fixture.appointments.reschedule(.id(booked.id), to: later, durationMinutes: 60)
        let queued = try entries(fixture)
        #expect(queued.map(\.change) == [.create])
        #expect(queued.first?.start == later)
        #expect(queued.first?.durationMinutes == 60)
    }

    @Test func aCancelBeforeTheFirstSendLeavesNothingToSend() throws {
        let fixture = try connectedFixture()
        let booked = try fixture.book(Interval(start: Self.tuesday, minutes: 30))
        _ = try fixture.appointments.cancel(.id(booked.id))
        #expect(try entries(fixture).isEmpty)
    }

    @Test func afterAnAttemptEachChangeIsItsOwnEntryInOrder() throws {
        let fixture = try connectedFixture()
        let booked = try fixture.book(Interval(start: Self.tuesday, minutes: 30))
        try fixture.store.write { tx in
            guard var create = try tx.syncEntries().first else { return }
            create.attempts = 1
            try tx.updateSyncEntry(create)
        }
        _ = try fixture.appointments.reschedule(.id(booked.id), to: Self.tuesday.addingTimeInterval(7200), durationMinutes: nil)
        _ = try fixture.appointments.update(.id(booked.id), AppointmentChanges(note: "only a note"))
        _ = try fixture.appointments.cancel(.id(booked.id))
        let queued = try entries(fixture)
        #expect(queued.map(\.change) == [.create, .reschedule, .cancel])
        #expect(queued.map(\.id) == queued.map(\.id).sorted())
    }

    @Test func aRefusedChangeLeavesTheBookingUnchanged() throws {
        let fixture = try connectedFixture()
        _ = try fixture.book(Interval(start: Self.tuesday, minutes: 30))
        let before = try entries(fixture)
        #expect(thrownError { _ = try fixture.book(Interval(start: Self.tuesday, minutes: 30), name: "Bob") } != nil)
        #expect(try entries(fixture) == before)
    }

    @Test func aChainOfReschedulesIsFollowedFromAnyOfItsBookings() {
        let start = Self.tuesday
        func booking(_ uid: String, to: String? = nil, from: String? = nil) -> RemoteBooking {
            RemoteBooking(id: 1, uid: uid, status: to == nil ? .accepted : .cancelled, start: start,
                          end: start.addingTimeInterval(1800), title: "t", rescheduledToUID: to, rescheduledFromUID: from)
        }
        // a → b is known from a's side only, b → c from c's side only.
        let index = ChainIndex([booking("a", to: "b"), booking("c", from: "b"), booking("x")])
        for uid in ["a", "b", "c"] {
            #expect(index.chain(through: uid) == ["a", "b", "c"])
        }
        #expect(index.chain(through: "x") == ["x"])
    }

    @Test func weeklyWindowsAndOverridesTakeCalComsForm() throws {
        let zone = try #require(HomeZone(identifier: "Europe/Berlin"))
        let weekly = [Weekday.monday, .tuesday, .saturday].map { WeeklyWindow(day: $0, window: TimeWindow(start: 32400, end: 43200)) }
            + [WeeklyWindow(day: .monday, window: TimeWindow(start: 46800, end: 86400))]
        let overrides = [
            DateOverride(date: try #require(CivilDate(year: 2025, month: 12, day: 24)),
                         windows: [TimeWindow(start: 32400, end: 43200)]),
            DateOverride(date: try #require(CivilDate(year: 2025, month: 12, day: 25)), windows: []),
        ]
        let content = SyncService.scheduleContent(zone: zone, weekly: weekly, overrides: overrides)
        #expect(content.timeZone == "Europe/Berlin")
        #expect(content.weekly == [
            .init(days: ["Monday", "Tuesday", "Saturday"], startTime: "09:00", endTime: "12:00"),
            .init(days: ["Monday"], startTime: "13:00", endTime: "23:59"),
        ])
        #expect(content.overrides == [
            .init(date: "2025-12-24", startTime: "09:00", endTime: "12:00"),
            .init(date: "2025-12-25", startTime: "00:00", endTime: "00:00"),
        ])
    }
}
