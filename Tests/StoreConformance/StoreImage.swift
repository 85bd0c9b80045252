import Foundation
import SchedCore
import Testing

/// Everything a store holds, as a copy hands it out: two stores holding the same schedule give
/// equal images, whatever kind of store each is.
public struct StoreImage: Equatable {
    public var counts: [String: Int] = [:]
    public var tables: [String: [[CopiedValue]]] = [:]
    public var journal: [CopiedJournalRow] = []

    public init(_ store: any Store) throws {
        let sink = Collector()
        try store.copyOut(to: sink)
        self = sink.image
    }

    private init() {}

    private final class Collector: StoreCopySink {
        var image = StoreImage()

        func expect(_ count: Int, in table: String) {
            image.counts[table] = count
        }

        func receive(_ rows: [[CopiedValue]], of table: CopiedTable) throws {
            image.tables[table.name, default: []] += rows
        }

        func receive(_ rows: [CopiedJournalRow]) throws {
            image.journal += rows
        }
    }

    /// Fills a fresh store with a row in every table a copy carries, and a journal whose
    /// entries are done and undone, and whose rows are inserts never undone (no image), an
    /// undone insert (an image), updates and deletes.
    public static func fill(_ store: any Store, now: Date) throws {
        struct Pinned: Clock { let now: Date }
        let journaled = { (text: String) in Journaled(store, statement: { text }, clock: Pinned(now: now)) }
        let start = now.addingTimeInterval(86_400)
        let seriesID = UUID()
        try store.write { (tx: any StoreTransaction) throws in
            try tx.setSetting(SettingKey.timezone, "Europe/Berlin")
            try tx.insertUser(User(username: "owner", passwordHash: "pbkdf2-sha256$1$c2FsdA$aGFzaA", createdAt: now))
            try tx.insertSession(StoredSession(tokenHash: String(repeating: "b", count: 64), issuedAt: now,
                                               expiresAt: now.addingTimeInterval(600)))
            try tx.setLoginFailures(LoginFailures(count: 1, lockedUntil: now))
            try tx.setCalcomConnection(CalcomConnection(
                apiKey: "cal_test_key", baseURL: "http://127.0.0.1:1",
                eventType: RemoteEventType(id: 7, slug: "s", title: "T", lengthInMinutes: 30),
                account: RemoteAccount(id: 1, username: "u", email: "u@example.com", timeZone: "UTC", defaultScheduleID: 3),
                connectedAt: now))
            let first = try #require(CivilDate(year: 2025, month: 3, day: 4))
            try tx.insertSeries(Series(id: seriesID, customerName: "Cy", note: "weekly", rule: RecurrenceRule(frequency: .weekly),
                                       zone: .utc, firstDate: first, secondsOfDay: 36_000, durationMinutes: 45,
                                       storedThrough: first.adding(days: 7), createdAt: now, updatedAt: now))
            let occurrence = Date(unixSeconds: first.daysSinceEpoch * 86_400 + 36_000)
            _ = try tx.insert(NewAppointment(customerName: "Cy", start: occurrence, durationMinutes: 45, note: "weekly"),
                              id: UUID(), now: now, occurrence: Occurrence(seriesID: seriesID, originalStart: occurrence,
                                                                           isException: true))
            try tx.insertSkippedOccurrence(SkippedOccurrence(seriesID: seriesID, originalStart: occurrence.addingTimeInterval(7 * 86_400),
                                                             reason: "overlaps Ann"))
        }
        let ann = try journaled("book Ann").write { (tx: any StoreTransaction) throws in
            try tx.insert(NewAppointment(customerName: "Ann Lée", start: start, durationMinutes: 30,
                                         note: "first \"visit\"\n\tback door", email: "ann@example.com"), id: UUID(), now: now)
        }
        try journaled("book Bob").write { (tx: any StoreTransaction) throws in
            let bob = try tx.insert(NewAppointment(customerName: "Bob", start: start.addingTimeInterval(3600), durationMinutes: 60),
                                    id: UUID(), now: now)
            try tx.insertSyncEntry(appointmentID: bob.id, change: .create, start: bob.start, durationMinutes: 60, now: now)
            try tx.recordImportedEvent(ImportedEvent(uid: "uid-1", attendeeEmail: "bob@example.com", attendeeName: "Bob"),
                                       appointmentID: bob.id, now: now)
            try tx.saveSyncConflict(SyncConflict(remoteUID: "r1", customerName: "Di", email: nil, start: now, durationMinutes: 15,
                                                 appointmentID: bob.id, reason: "overlap", detectedAt: now))
        }
        let saturday = try #require(CivilDate(year: 2025, month: 3, day: 8))
        try journaled("hours").write { (tx: any StoreTransaction) throws in
            try tx.replaceWeeklyWindows(days: [.saturday], with: [TimeWindow(start: 3600, end: 7200)])
            try tx.replaceDateOverride(DateOverride(date: saturday, windows: [TimeWindow(start: 36_000, end: 39_600)]))
        }
        // The window "hours" inserted goes again: its insert is named by the image its delete took.
        try journaled("hours again").write { (tx: any StoreTransaction) throws in
            try tx.replaceWeeklyWindows(days: [.saturday], with: [TimeWindow(start: 7200, end: 10_800)])
        }
        var cancelled = ann
        cancelled.status = .cancelled
        cancelled.sequence += 1
        try journaled("cancel Ann").write { try $0.update(cancelled) }
        try journaled("book Dee").write { (tx: any StoreTransaction) throws in
            try tx.insert(NewAppointment(customerName: "Dee", start: start.addingTimeInterval(7200), durationMinutes: 15),
                          id: UUID(), now: now)
        }
        try store.write { (tx: any StoreTransaction) throws in
            let dee = try #require(try tx.journalEntries(in: .done, from: 0, newestFirst: true, limit: 1).first)
            _ = try tx.applyJournalEntry(id: dee.id, .undo)
            try tx.setJournalState(id: dee.id, .undone)
        }
    }
}

/// Passes a copy on, but counts one appointment more than it hands over.
final class Overstating: StoreCopySink {
    let sink: any StoreCopySink

    init(_ sink: any StoreCopySink) {
        self.sink = sink
    }

    func expect(_ count: Int, in table: String) {
        sink.expect(table == "appointments" ? count + 1 : count, in: table)
    }

    func receive(_ rows: [[CopiedValue]], of table: CopiedTable) throws {
        try sink.receive(rows, of: table)
    }

    func receive(_ rows: [CopiedJournalRow]) throws {
        try sink.receive(rows)
    }
}
