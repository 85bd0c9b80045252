import Foundation

/// Keeps the local schedule and Cal.com in step: the connection, the outbox push, the pull of
/// remote bookings and the availability push. Local SQLite is the source of truth; no call to
/// Cal.com is made while a transaction is open.
public struct SyncService: Sendable {
    let store: any StoreAccess
    let clock: any Clock
    let policy: SyncPolicy

    public init(store: any StoreAccess, clock: any Clock, policy: SyncPolicy = SyncPolicy()) {
        self.store = store
        self.clock = clock
        self.policy = policy
    }

    /// The saved connection, if any.
    public func connection() throws -> CalcomConnection? {
        try store.read { tx in try tx.calcomConnection() }
    }

    /// The saved connection; `calcomNotConnected` otherwise.
    public func requireConnection() throws -> CalcomConnection {
        guard let connection = try connection() else { throw SchedError.calcomNotConnected }
        return connection
    }

    /// Checks the key with the account call and the event type, then saves both, and queues a
    /// create for every booked appointment from now on that Cal.com does not have yet.
    /// `apiKey` is nil when the key comes from the environment and is not to be saved.
    public func connect(_ remote: any RemoteCalendar, apiKey: String?, baseURL: String, eventTypeID: Int) throws -> ConnectReport {
        let account: RemoteAccount
        let eventType: RemoteEventType
        do {
            account = try remote.account()
            guard let found = try remote.eventType(id: eventTypeID, username: account.username) else {
                throw SchedError.calcomEventTypeNotFound(eventTypeID, username: account.username)
            }
            eventType = found
        } catch let error as RemoteCalendarError {
            throw SchedError.calcom(error)
        }
        return try store.write { tx in
            let now = clock.now
            let connection = CalcomConnection(
                apiKey: apiKey, baseURL: baseURL, eventType: eventType, account: account, connectedAt: now)
            try tx.setCalcomConnection(connection)
            var queued = 0
            for appointment in try tx.bookedAppointmentsWithoutCalcomUID(startingFrom: now)
            where try !tx.syncEntries(appointmentID: appointment.id).contains(where: { $0.change == .create }) {
                try SyncOutbox.record(tx, .create, appointment, now: now)
                queued += 1
            }
            return ConnectReport(connection: connection, queued: queued)
        }
    }

    /// Forgets the connection, the queued changes and the recorded conflicts; the Cal.com uids
    /// of appointments are kept, so connecting again to the same account picks up where it was.
    public func disconnect() throws -> DisconnectReport {
        try store.write { tx in
            guard let connection = try tx.calcomConnection() else { throw SchedError.calcomNotConnected }
            let entries = try tx.syncEntries()
            for entry in entries { try tx.deleteSyncEntry(id: entry.id) }
            for conflict in try tx.syncConflicts() { try tx.deleteSyncConflict(remoteUID: conflict.remoteUID) }
            try tx.setCalcomConnection(nil)
            return DisconnectReport(connection: connection, droppedEntries: entries.count)
        }
    }

    /// The connection, the outbox and the conflicts, for `calcom status` and `sync status`.
    public func status() throws -> SyncStatus {
        try store.read { tx in
            let entries = try tx.syncEntries()
            let conflicts = try tx.syncConflicts()
            var numbers: [UUID: Int] = [:]
            for id in Set(entries.map(\.appointmentID)).union(conflicts.compactMap(\.appointmentID)) {
                numbers[id] = try tx.appointment(.id(id))?.number
            }
            return SyncStatus(
                connection: try tx.calcomConnection(), entries: entries, conflicts: conflicts,
                appointmentNumbers: numbers)
        }
    }

    /// Free times Cal.com offers for the connected event type on one date of the home zone.
    public func remoteSlots(_ remote: any RemoteCalendar, on date: CivilDate, durationMinutes: Int?) throws -> [TimeSlot] {
        let connection = try requireConnection()
        let zone = try store.read { tx in try tx.homeZone() }
        let from = zone.startOfDay(date)
        let to = zone.startOfDay(date.adding(days: 1))
        let minutes = durationMinutes ?? connection.eventType.lengthInMinutes
        do {
            let starts = try remote.slots(
                eventTypeID: connection.eventType.id, from: from, to: to, zone: zone.identifier,
                durationMinutes: durationMinutes)
            return starts.map { TimeSlot(start: $0, end: $0.adding(minutes: minutes), available: true) }
        } catch {
            throw SchedError.calcom(error)
        }
    }
}

/// How the outbox is worked through between statements.
public struct SyncPolicy: Sendable {
    /// How long an entry being sent is kept from other processes: well beyond the longest a
    /// change can take (four calls of three attempts, 15 s each, and the rate-limit waits).
    public var claimDuration: TimeInterval
    /// The wait before an entry that failed with a transient error is sent again, doubled per
    /// attempt up to `maxRetryDelay`.
    public var retryDelay: TimeInterval
    public var maxRetryDelay: TimeInterval

    public init(claimDuration: TimeInterval = 900, retryDelay: TimeInterval = 30, maxRetryDelay: TimeInterval = 3600) {
        self.claimDuration = claimDuration
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
    }

    func delay(afterAttempts attempts: Int) -> TimeInterval {
        min(maxRetryDelay, retryDelay * pow(2, Double(max(0, attempts - 1))))
    }
}

/// What `calcom connect` saved, and how many existing appointments it queued for Cal.com.
public struct ConnectReport: Sendable, Equatable {
    public var connection: CalcomConnection
    public var queued: Int
}

/// What `calcom disconnect` removed.
public struct DisconnectReport: Sendable, Equatable {
    public var connection: CalcomConnection
    public var droppedEntries: Int
}

/// The state of the sync: the connection, the entries not yet on Cal.com, and the conflicts.
public struct SyncStatus: Sendable, Equatable {
    public var connection: CalcomConnection?
    public var entries: [SyncEntry]
    public var conflicts: [SyncConflict]
    /// The number of each appointment an entry or conflict names.
    public var appointmentNumbers: [UUID: Int]

    public var pending: [SyncEntry] { entries.filter { $0.state == .pending } }
    public var failed: [SyncEntry] { entries.filter { $0.state == .failed } }
}
