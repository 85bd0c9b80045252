import Foundation
import SchedCore
import SchedTestSupport
import Testing

/// What every store must do, whatever keeps the data: a backend's tests run each check with a
/// `StoreHarness` of their own.
public struct StoreHarness: Sendable {
    /// A new, empty database, migrated from nothing, whose home zone starts as UTC.
    public var fresh: @Sendable () throws -> any Store
    /// A second store on the same database, as another process would open it.
    public var sibling: @Sendable (any Store) throws -> any Store
    /// Ways the database can fail under a store, each with what the store must then say.
    public var faults: [StoreFault]

    public init(fresh: @escaping @Sendable () throws -> any Store,
                sibling: @escaping @Sendable (any Store) throws -> any Store, faults: [StoreFault]) {
        self.fresh = fresh
        self.sibling = sibling
        self.faults = faults
    }
}

/// One way for the database to fail: `provoke` breaks it under the store it is given (and may
/// give back something to keep alive meanwhile); a write must then fail with `kind` and a
/// message containing `message`, and write nothing.
public struct StoreFault: Sendable, CustomStringConvertible {
    public var name: String
    public var provoke: @Sendable (any Store) throws -> Any
    public var kind: ErrorKind
    public var message: String

    public init(_ name: String, kind: ErrorKind, message: String, provoke: @escaping @Sendable (any Store) throws -> Any) {
        self.name = name
        self.provoke = provoke
        self.kind = kind
        self.message = message
    }

    public var description: String { name }
}

/// The checks; each makes its own fresh database.
public struct StoreConformance: Sendable {
    let harness: StoreHarness
    static let now = Date(timeIntervalSince1970: 1_741_000_000)  // 2025-03-03T11:06:40Z

    public init(_ harness: StoreHarness) {
        self.harness = harness
    }

    /// The checks, for a backend's tests to run as one parameterised test.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        case migratesFromEmpty, keepsAppointments, keepsSettingsAndWorkingHours, keepsAccountsAndSync
        case transactionsAreAllOrNothing, overlappingBookingsNeverBothCommit
        case concurrentTasksKeepTheirTransactionsApart, mapsFaults, copiesAndCheckpoints, runsBookAsWritesDo

        public var description: String { rawValue }
    }

    public func run(_ check: Check) throws {
        switch check {
        case .migratesFromEmpty: try migratesFromEmpty()
        case .keepsAppointments: try keepsAppointments()
        case .keepsSettingsAndWorkingHours: try keepsSettingsAndWorkingHours()
        case .keepsAccountsAndSync: try keepsAccountsAndSync()
        case .transactionsAreAllOrNothing: try transactionsAreAllOrNothing()
        case .overlappingBookingsNeverBothCommit: try overlappingBookingsNeverBothCommit()
        case .concurrentTasksKeepTheirTransactionsApart: try concurrentTasksKeepTheirTransactionsApart()
        case .mapsFaults: try mapsFaults()
        case .copiesAndCheckpoints: try copiesAndCheckpoints()
        case .runsBookAsWritesDo: try runsBookAsWritesDo()
        }
    }

    /// A new database has the schema, the default zone and Mon–Fri 09:00–17:00, and nothing else.
    public func migratesFromEmpty() throws {
        let store = try harness.fresh()
        try store.read { (tx: any StoreTransaction) throws in
            #expect(try tx.homeZone() == .utc)
            let weekly = try tx.weeklyWindows()
            #expect(weekly.map(\.day) == [.monday, .tuesday, .wednesday, .thursday, .friday])
            #expect(weekly.allSatisfy { $0.window == TimeWindow(start: 9 * 3600, end: 17 * 3600) })
            #expect(try tx.dateOverrides(from: nil, through: nil).isEmpty)
            #expect(try tx.user() == nil)
            #expect(try tx.loginFailures() == LoginFailures())
            #expect(try tx.calcomConnection() == nil)
            #expect(try !tx.isCalcomConnected())
            #expect(try tx.syncEntries().isEmpty)
            #expect(try tx.syncConflicts().isEmpty)
            #expect(try tx.appointments(startingFrom: .distantPast, before: nil, includingCancelled: true).isEmpty)
        }
        // Opened again, it is not migrated twice.
        let again = try harness.sibling(store)
        #expect(try again.read { try $0.weeklyWindows().count } == 5)
    }

    /// Every query over appointments, with cancelled ones and the number prefix.
    public func keepsAppointments() throws {
        let store = try harness.fresh()
        let start = Self.now.addingTimeInterval(86_400)
        let (ann, bob) = try store.write { (tx: any StoreTransaction) throws in
            let ann = try tx.insert(NewAppointment(customerName: "Ann", start: start, durationMinutes: 30, note: "n"),
                                    id: UUID(), now: Self.now)
            let bob = try tx.insert(NewAppointment(customerName: "bob", start: start.addingTimeInterval(3600),
                                                   durationMinutes: 60, email: "b@example.com"), id: UUID(), now: Self.now)
            return (ann, bob)
        }
        #expect(bob.number == ann.number + 1)
        try store.read { (tx: any StoreTransaction) throws in
            #expect(try tx.appointment(.id(ann.id)) == ann)
            #expect(try tx.appointment(.number(bob.number)) == bob)
            #expect(try tx.bookedAppointments(overlapping: start.addingTimeInterval(60), start.addingTimeInterval(120),
                                              excluding: nil).map(\.id) == [ann.id])
            #expect(try tx.hasBookedAppointment(overlapping: start.addingTimeInterval(1800), start.addingTimeInterval(3600),
                                                excluding: nil) == false, "half-open intervals do not meet")
            #expect(try !tx.hasBookedAppointment(overlapping: start, start.addingTimeInterval(60), excluding: ann.id))
            #expect(try tx.bookedAppointments(startingFrom: start, before: nil, limit: 1).map(\.id) == [ann.id])
            #expect(try tx.appointments(numberPrefix: "", includingCancelled: false, now: Self.now, limit: 10).count == 2)
            #expect(try tx.customerNames(startingWith: "B", limit: 10) == ["bob"])
        }
        var cancelled = ann
        cancelled.status = .cancelled
        cancelled.sequence += 1
        try store.write { try $0.update(cancelled) }
        try store.read { (tx: any StoreTransaction) throws in
            #expect(try tx.appointment(.id(ann.id))?.status == .cancelled)
            #expect(try tx.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil).map(\.id) == [bob.id])
            #expect(try tx.appointments(startingFrom: .distantPast, before: nil, includingCancelled: true).count == 2)
            #expect(try tx.appointments(numberPrefix: "", includingCancelled: false, now: Self.now, limit: 10).map(\.id) == [bob.id])
            #expect(try tx.bookedAppointmentsWithoutCalcomUID(startingFrom: Self.now).map(\.id) == [bob.id])
        }
    }

    /// Settings, working hours and overrides, and the working hours as instants.
    public func keepsSettingsAndWorkingHours() throws {
        let store = try harness.fresh()
        let date = try #require(CivilDate(year: 2025, month: 3, day: 8))
        try store.write { (tx: any StoreTransaction) throws in
            try tx.setSetting(SettingKey.timezone, "Europe/Berlin")
            try tx.replaceWeeklyWindows(days: [.saturday], with: [TimeWindow(start: 3600, end: 7200)])
            try tx.replaceDateOverride(DateOverride(date: date.adding(days: 1), windows: []))
        }
        try store.read { (tx: any StoreTransaction) throws in
            #expect(try tx.setting(SettingKey.timezone) == "Europe/Berlin")
            #expect(try tx.weeklyWindows().filter { $0.day == .saturday }.map(\.window) == [TimeWindow(start: 3600, end: 7200)])
            #expect(try tx.dateOverrides(from: date, through: nil) == [DateOverride(date: date.adding(days: 1), windows: [])])
            // 01:00–02:00 in Berlin on a Saturday in March is 00:00–01:00 UTC.
            let spans = try tx.windowSpans(on: date)
            #expect(spans.count == 1)
            #expect(spans.first.map { $0.end.timeIntervalSince($0.start) } == 3600)
            #expect(try tx.windowSpans(on: date.adding(days: 1)).isEmpty)
        }
    }

    /// The user, sessions, failed logins, the Cal.com connection, the outbox, conflicts and
    /// imported events.
    public func keepsAccountsAndSync() throws {
        let store = try harness.fresh()
        let user = User(username: "owner", passwordHash: "pbkdf2-sha256$1$c2FsdA$aGFzaA", createdAt: Self.now)
        let session = StoredSession(tokenHash: String(repeating: "a", count: 64), issuedAt: Self.now, expiresAt: Self.now.addingTimeInterval(60))
        let appointment = try store.write { (tx: any StoreTransaction) throws in
            try tx.insertUser(user)
            try tx.insertSession(session)
            try tx.setLoginFailures(LoginFailures(count: 2, lockedUntil: Self.now))
            let booked = try tx.insert(NewAppointment(customerName: "Ann", start: Self.now, durationMinutes: 30),
                                       id: UUID(), now: Self.now)
            try tx.insertSyncEntry(appointmentID: booked.id, change: .create, start: booked.start, durationMinutes: 30, now: Self.now)
            try tx.saveSyncConflict(SyncConflict(remoteUID: "r1", customerName: "Cy", email: nil, start: Self.now,
                                                 durationMinutes: 15, appointmentID: nil, reason: "overlap", detectedAt: Self.now))
            try tx.recordImportedEvent(ImportedEvent(uid: "uid-1", attendeeEmail: "ann@example.com", attendeeName: "Ann Lee"),
                                       appointmentID: booked.id, now: Self.now)
            try tx.setCalcomConnection(CalcomConnection(
                apiKey: "cal_test_key", baseURL: "http://127.0.0.1:1",
                eventType: RemoteEventType(id: 7, slug: "s", title: "T", lengthInMinutes: 30),
                account: RemoteAccount(id: 1, username: "u", email: "u@example.com", timeZone: "UTC", defaultScheduleID: nil),
                connectedAt: Self.now))
            return booked
        }
        try store.write { (tx: any StoreTransaction) throws in
            #expect(try tx.user() == user)
            #expect(try tx.session(tokenHash: String(repeating: "a", count: 64)) == session)
            try tx.revokeSession(tokenHash: String(repeating: "a", count: 64), at: Self.now)
            #expect(try tx.session(tokenHash: String(repeating: "a", count: 64))?.revokedAt == Self.now)
            #expect(try tx.loginFailures() == LoginFailures(count: 2, lockedUntil: Self.now))
            #expect(try tx.isCalcomConnected())
            #expect(try tx.calcomConnection()?.eventType.id == 7)
            var entry = try #require(try tx.syncEntries(appointmentID: appointment.id).first)
            entry.attempts = 3
            try tx.updateSyncEntry(entry)
            #expect(try tx.syncEntries().map(\.attempts) == [3])
            // A claim counts the attempt; a claim by what was read before it, or while it holds, gets nothing.
            let minute = Self.now.addingTimeInterval(60)
            let claimed = try #require(try tx.claimSyncEntry(entry, until: minute, now: Self.now))
            #expect(claimed.attempts == 4 && claimed.claimedUntil == minute)
            #expect(try tx.syncEntries().map(\.claimedUntil) == [minute])
            #expect(try tx.claimSyncEntry(entry, until: minute, now: Self.now) == nil)
            #expect(try tx.claimSyncEntry(claimed, until: minute, now: Self.now) == nil)
            let later = try tx.claimSyncEntry(claimed, until: minute.addingTimeInterval(120), now: minute)
            #expect(later?.attempts == 5, "a claim that has run out is taken again")
            let second = try tx.insertSyncEntry(appointmentID: appointment.id, change: .cancel, start: appointment.start,
                                                durationMinutes: 30, now: Self.now)
            let queued = try #require(try tx.syncEntries(appointmentID: appointment.id).last)
            #expect(queued.id == second)
            #expect(try tx.claimSyncEntry(queued, until: minute, now: minute) == nil, "not its appointment's first")
            try tx.deleteSyncEntry(id: second)
            try tx.deleteSyncEntry(id: entry.id)
            #expect(try tx.syncEntries().isEmpty)
            #expect(try tx.syncConflicts().map(\.remoteUID) == ["r1"])
            try tx.deleteSyncConflict(remoteUID: "r1")
            #expect(try tx.syncConflicts().isEmpty)
            #expect(try tx.hasImportedEvent(uid: "uid-1"))
            #expect(try !tx.hasImportedEvent(uid: "uid-2"))
            #expect(try tx.importedEvents(appointmentIDs: [appointment.id, UUID()])
                    == [appointment.id: ImportedEvent(uid: "uid-1", attendeeEmail: "ann@example.com", attendeeName: "Ann Lee")])
            try tx.setCalcomConnection(nil)
            #expect(try !tx.isCalcomConnected())
        }
        // A booking's Cal.com uid finds it, and a conflict seen again is refreshed, not doubled.
        var linked = appointment
        linked.calcomBookingUID = "remote-1"
        linked.sequence += 1
        try store.write { (tx: any StoreTransaction) throws in
            try tx.update(linked)
            let conflict = SyncConflict(remoteUID: "r2", customerName: "Di", email: nil, start: Self.now,
                                        durationMinutes: 15, appointmentID: nil, reason: "first", detectedAt: Self.now)
            try tx.saveSyncConflict(conflict)
            var again = conflict
            again.reason = "second"
            try tx.saveSyncConflict(again)
        }
        try store.read { (tx: any StoreTransaction) throws in
            #expect(try tx.appointment(calcomUID: "remote-1")?.id == appointment.id)
            #expect(try tx.appointment(calcomUID: "remote-2") == nil)
            #expect(try tx.syncConflicts().map(\.reason) == ["second"])
        }
    }

    /// A copy into another store of the same kind holds every row of every table, the journal
    /// too, so that an undo or a redo there does what it does here. It is refused by a store
    /// that holds a schedule, and keeps nothing when what arrives differs from what the source
    /// counted. A checkpoint never fails and loses nothing.
    public func copiesAndCheckpoints() throws {
        let store = try harness.fresh()
        try StoreImage.fill(store, now: Self.now)
        store.checkpoint()
        let original = try StoreImage(store)
        #expect(original.tables["appointments"]?.count == 3)
        #expect(original.journal.contains { $0.before == nil && $0.after == nil }, "an insert never undone has no image")
        #expect(original.journal.contains { $0.before == nil && $0.after != nil }, "an undone insert keeps its image")

        let copy = try harness.fresh()
        let counts = try copy.copyIn { try store.copyOut(to: $0) }
        #expect(counts["appointments"] == 3)
        #expect(counts["journal_rows"] == original.journal.count)
        #expect(try StoreImage(copy) == original)
        #expect(try copy.read { try $0.homeZone().identifier } == "Europe/Berlin")

        for target in [copy, store] {
            let again = #expect(throws: SchedError.self) { try target.copyIn { try store.copyOut(to: $0) } }
            #expect(again?.kind == .conflict)
            #expect(again?.message.contains("already holds a schedule") == true)
        }

        let untouched = try harness.fresh()
        let before = try StoreImage(untouched)
        let short = #expect(throws: SchedError.self) {
            try untouched.copyIn { sink in try store.copyOut(to: Overstating(sink)) }
        }
        #expect(short?.message.contains("nothing was copied") == true)
        #expect(try StoreImage(untouched) == before)

        // The journal works on the copy as on the original: undo the latest change, redo it.
        let latest = try #require(try store.read { try $0.journalEntries(in: .done, from: 0, newestFirst: true, limit: 1) }.first)
        for direction in [JournalDirection.undo, .redo] {
            let here = try store.write { try $0.applyJournalEntry(id: latest.id, direction) }
            let there = try copy.write { try $0.applyJournalEntry(id: latest.id, direction) }
            #expect(here == there)
            #expect(try StoreImage(copy) == StoreImage(store))
        }
    }

    /// A write that throws leaves nothing; a run's steps are undone one by one, and the whole
    /// run by its rollback; nobody else sees a run's rows before it commits.
    public func transactionsAreAllOrNothing() throws {
        let store = try harness.fresh()
        struct Refusal: Error {}
        #expect(throws: Refusal.self) {
            try store.write { (tx: any StoreTransaction) throws in
                try tx.setSetting(SettingKey.timezone, "Asia/Tokyo")
                throw Refusal()
            }
        }
        #expect(try store.read { try $0.homeZone() } == .utc)
        try store.write { (tx: any StoreTransaction) throws in
            #expect(throws: Refusal.self) {
                try tx.savepoint {
                    try tx.setSetting(SettingKey.timezone, "Asia/Tokyo")
                    throw Refusal()
                }
            }
            #expect(try tx.homeZone() == .utc, "a failed savepoint is undone on its own")
        }
        let run = try store.begin()
        try run.step { try $0.setSetting(SettingKey.timezone, "Europe/Paris") }
        #expect(throws: Refusal.self) {
            try run.step { tx in
                try tx.setSetting(SettingKey.timezone, "Asia/Tokyo")
                throw Refusal()
            }
        }
        #expect(try run.step { try $0.homeZone().identifier } == "Europe/Paris")
        #expect(try store.read { try $0.homeZone() } == .utc, "a run's change is seen before it commits")
        run.rollback()
        #expect(try store.read { try $0.homeZone() } == .utc)
        let committed = try store.begin()
        try committed.step { try $0.setSetting(SettingKey.timezone, "Europe/Paris") }
        try committed.commit()
        #expect(try store.read { try $0.homeZone().identifier } == "Europe/Paris")
    }

    /// A run's bookings (which a store may keep back and send together) are checked against
    /// each other and the stored ones, across weeks and at midnight; seen by every other query
    /// of the run; gone with a statement that failed, even after it was sent; numbered as if
    /// each went alone; one journal entry that undoes and redoes them all.
    public func runsBookAsWritesDo() throws {
        struct Refusal: Error {}
        let store = try harness.fresh()
        let clock = ManualClock(Self.now)
        // Open all day in New York, where a booking can span midnight UTC.
        try store.write { tx in
            try tx.replaceWeeklyWindows(days: Set(Weekday.allCases), with: [TimeWindow(start: 0, end: 86_400)])
            try tx.setSetting(SettingKey.timezone, "America/New_York")
        }
        // A midnight UTC that is also the start of an eight-week stretch of the epoch, ahead of now.
        let stretch = 8 * 7 * 86_400.0
        let boundary = Date(timeIntervalSince1970: ((Self.now.timeIntervalSince1970 / stretch).rounded(.down) + 2) * stretch)
        let stored = try AppointmentService(store: store, clock: clock).book(
            NewAppointment(customerName: "Stored Before", start: boundary.addingTimeInterval(-7 * 86_400), durationMinutes: 60))
        let run = try store.begin()
        defer { run.rollback() }
        var statement = 0
        enum Failing { case no, beforeSending, afterSending }
        func book(_ name: String, _ start: Date, _ minutes: Int, failing: Failing = .no) throws -> Appointment {
            statement += 1
            let text = "book \(statement)"
            return try run.step { tx in
                try tx.beginJournalEntry(statement: { text }, at: Self.now)
                let booked = try AppointmentService(store: Joined(tx), clock: clock).book(
                    NewAppointment(customerName: name, start: start, durationMinutes: minutes))
                switch failing {
                case .no: break
                case .beforeSending: throw Refusal()
                case .afterSending:
                    // A query the run does not answer itself sends what it kept, then the
                    // statement fails: what it booked must go with it.
                    _ = try tx.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil)
                    throw Refusal()
                }
                return booked
            }
        }
        func refusesOverlap(_ start: Date, _ minutes: Int) {
            let refusal = #expect(throws: SchedError.self) { _ = try book("Overlap", start, minutes) }
            #expect(refusal?.refines(.slotAlreadyBooked) == true, "\(String(describing: refusal))")
        }
        let late = try book("Late Night", boundary.addingTimeInterval(-1800), 60)
        #expect(late.number == stored.number + 1)
        refusesOverlap(boundary, 30)
        refusesOverlap(boundary.addingTimeInterval(-7 * 86_400 + 1800), 15)
        #expect(throws: Refusal.self) { _ = try book("Failing", boundary.addingTimeInterval(86_400), 30, failing: .afterSending) }
        #expect(throws: Refusal.self) { _ = try book("Failing", boundary.addingTimeInterval(86_400), 30, failing: .beforeSending) }
        let after = try book("After Midnight", boundary.addingTimeInterval(1800), 30)
        #expect(after.number == late.number + 1, "a failed statement's number is given again, as when it went alone")
        var far: [Appointment] = []
        for week in 1...20 {
            far.append(try book("Far \(week)", boundary.addingTimeInterval(Double(week) * 7 * 86_400 + 3600), 30))
        }
        refusesOverlap(boundary.addingTimeInterval(20 * 7 * 86_400 + 3600 + 600), 30)
        let seen = try run.step { tx in
            try tx.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil).map(\.customerName)
        }
        #expect(seen == ["Stored Before", "Late Night", "After Midnight"] + far.map(\.customerName))
        #expect(try store.read { try $0.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil).count } == 1,
                "a run's rows are its own until it commits")
        try run.commit()
        let booked = try store.read { try $0.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil) }
        #expect(booked.map(\.number) == Array(stored.number...(stored.number + 22)))
        #expect(try store.read { try $0.appointment(customer: "midnight", upcomingFrom: .distantPast, status: .booked) }
                    .number == after.number,
                "the run's bookings are found by their words")
        let entry = try #require(try store.read { try $0.journalEntries(limit: 1, from: nil, before: nil).first })
        #expect(entry.rows == 22)
        #expect(entry.statements == 22, "the failed statements are not counted")
        try store.write { tx in
            _ = try tx.applyJournalEntry(id: entry.id, .undo)
            try tx.setJournalState(id: entry.id, .undone)
        }
        #expect(try store.read { try $0.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil).map(\.number) }
                == [stored.number])
        try store.write { tx in _ = try tx.applyJournalEntry(id: entry.id, .redo) }
        #expect(try store.read { try $0.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil) } == booked)
        try store.write { tx in _ = try tx.applyJournalEntry(id: entry.id, .undo) }
        let next = try AppointmentService(store: store, clock: clock).book(
            NewAppointment(customerName: "Next", start: boundary.addingTimeInterval(3 * 86_400), durationMinutes: 30))
        #expect(next.number == stored.number + 23, "a number is never given twice, though its appointment was undone")
    }

    /// Check-then-insert of one slot by many writers, on this store and on a sibling, at once:
    /// exactly one booking commits.
    public func overlappingBookingsNeverBothCommit() throws {
        let store = try harness.fresh()
        let sibling = try harness.sibling(store)
        let start = Self.now.addingTimeInterval(86_400)
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let target = index.isMultiple(of: 2) ? store : sibling
            do {
                try target.write { tx in
                    // Each writer asks for a slightly different stretch, every one overlapping the others.
                    let mine = start.addingTimeInterval(TimeInterval(index * 60))
                    guard try !tx.hasBookedAppointment(overlapping: mine, mine.addingTimeInterval(1800), excluding: nil) else {
                        return outcomes.add("refused")
                    }
                    _ = try tx.insert(NewAppointment(customerName: "W\(index)", start: mine, durationMinutes: 30),
                                      id: UUID(), now: Self.now)
                    outcomes.add("booked")
                }
            } catch {
                outcomes.add("error: \(error)")
            }
        }
        #expect(outcomes.all.filter { $0 == "booked" }.count == 1, "\(outcomes.all)")
        #expect(outcomes.all.filter { $0 == "refused" }.count == 15, "\(outcomes.all)")
        #expect(try store.read { try $0.bookedAppointments(startingFrom: .distantPast, before: nil, limit: nil).count } == 1)
    }

    /// 32 threads on one store at once: bookings of one slot, readers, and runs that book
    /// elsewhere and then fail. The bookings and reads start while the first run is open. One
    /// booking wins, the runs leave nothing, and no reader ever sees a run's rows.
    public func concurrentTasksKeepTheirTransactionsApart() throws {
        let store = try harness.fresh()
        let clock = ManualClock(Self.now)
        let slot = Self.now.addingTimeInterval(2 * 86_400 + 10 * 3600)
        try store.write { tx in
            try tx.replaceWeeklyWindows(days: Set(Weekday.allCases), with: [TimeWindow(start: 0, end: 86_400)])
        }
        let outcomes = Outcomes()
        let firstRunOpen = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        @Sendable func book(_ index: Int) {
            do {
                _ = try AppointmentService(store: store, clock: clock).book(
                    NewAppointment(customerName: "Task \(index)", start: slot, durationMinutes: 30))
                outcomes.add("booked")
            } catch let error as SchedError where error.refines(.slotAlreadyBooked) {
                outcomes.add("conflict")
            } catch {
                outcomes.add("error: \(error)")
            }
        }
        @Sendable func read() {
            for _ in 0..<20 {
                let seen = (try? store.read {
                    try $0.appointments(startingFrom: .distantPast, before: nil, includingCancelled: true)
                }) ?? []
                if seen.contains(where: { $0.customerName.hasPrefix("Run") }) { outcomes.add("saw uncommitted") }
            }
        }
        @Sendable func failingRun(_ index: Int, first: Bool) {
            do {
                let run = try store.begin()
                defer { run.rollback() }
                for hour in 0..<3 {
                    _ = try run.step { tx in
                        try AppointmentService(store: Joined(tx), clock: clock).book(NewAppointment(
                            customerName: "Run \(index)",
                            start: slot.addingTimeInterval(TimeInterval((hour + 1) * 7200 + index * 60)), durationMinutes: 30))
                    }
                    if first && hour == 0 {
                        // Everyone else starts now, and gets some time to try while the run is open.
                        outcomes.add("first run open")
                        for _ in 0..<24 { firstRunOpen.signal() }
                        Thread.sleep(forTimeInterval: 0.2)
                    }
                }
                // Fails midway: the run's bookings must vanish.
                _ = try run.step { tx in
                    try AppointmentService(store: Joined(tx), clock: clock).book(
                        NewAppointment(customerName: "Run \(index)", start: slot, durationMinutes: -1))
                }
                outcomes.add("run committed")
            } catch {
                outcomes.add("run failed")
            }
        }
        for index in 0..<32 {
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                switch index % 4 {
                case 0, 1:
                    if firstRunOpen.wait(timeout: .now() + 10) == .timedOut { outcomes.add("error: no run opened") }
                    book(index)
                case 2:
                    if firstRunOpen.wait(timeout: .now() + 10) == .timedOut { outcomes.add("error: no run opened") }
                    read()
                default:
                    failingRun(index, first: index == 3)
                }
            }
            thread.start()
        }
        finished.wait()
        let all = outcomes.all
        #expect(all.contains("first run open"), "\(all)")
        #expect(all.filter { $0 == "booked" }.count == 1, "\(all)")
        #expect(all.filter { $0 == "conflict" }.count == 15, "\(all)")
        #expect(all.filter { $0 == "run failed" }.count == 8, "\(all)")
        #expect(!all.contains("saw uncommitted"), "\(all)")
        #expect(!all.contains { $0.hasPrefix("error") || $0 == "run committed" }, "\(all)")
        let stored = try store.read { try $0.appointments(startingFrom: .distantPast, before: nil, includingCancelled: true) }
        #expect(stored.count == 1)
        #expect(!stored.contains { $0.customerName.hasPrefix("Run") })
    }

    /// Every fault fails a write with its kind and message, and nothing is written.
    public func mapsFaults() throws {
        for fault in harness.faults {
            let store = try harness.fresh()
            let kept = try fault.provoke(store)
            do {
                // Large enough to need room that a full disk does not have.
                try store.write { try $0.setSetting("conformance", String(repeating: "x", count: 200_000)) }
                Issue.record("\(fault): the write succeeded")
            } catch let error as SchedError {
                #expect(error.kind == fault.kind, "\(fault): \(error)")
                #expect(error.message.contains(fault.message), "\(fault): \(error)")
            }
            withExtendedLifetime(kept) {}
            if let reopened = try? harness.sibling(store) {
                #expect((try? reopened.read { try $0.setting("conformance") }) ?? nil == nil, "\(fault): half-written")
            }
        }
    }
}

/// What concurrent writers report, gathered under a lock.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func add(_ outcome: String) { lock.withLock { list.append(outcome) } }
    var all: [String] { lock.withLock { list } }
}
