import Foundation
import PostgresNIO
import SchedCore

extension PostgresTransaction {
    private static let connectionColumns = """
        api_key, base_url, event_type_id, event_type_slug, event_type_title, event_length_minutes,
        event_length_options, account_id, username, email, account_time_zone, default_schedule_id, connected_at,
        last_push_at, last_pull_at
        """

    func calcomConnection() throws -> CalcomConnection? {
        guard let row = try rows("SELECT \(unescaped: Self.connectionColumns) FROM calcom_connection WHERE id = 1").first
        else { return nil }
        var cells = Cells(row, table: "calcom_connection")
        let apiKey = try cells.next(String?.self)
        let baseURL = try cells.next(String.self)
        let eventType = RemoteEventType(
            id: try cells.next(), slug: try cells.next(), title: try cells.next(), lengthInMinutes: try cells.next(),
            lengthOptions: try cells.next(String.self).split(separator: ",").compactMap { Int($0) })
        let account = RemoteAccount(
            id: try cells.next(), username: try cells.next(), email: try cells.next(), timeZone: try cells.next(),
            defaultScheduleID: try cells.next(Int?.self))
        return CalcomConnection(
            apiKey: apiKey, baseURL: baseURL, eventType: eventType, account: account,
            connectedAt: try cells.next(), lastPushAt: try cells.next(Date?.self), lastPullAt: try cells.next(Date?.self))
    }

    func isCalcomConnected() throws -> Bool {
        if let known = cache?.calcomConnected { return known }
        let connected = try value("SELECT EXISTS (SELECT 1 FROM calcom_connection)", as: Bool.self, besideBatch: true) ?? false
        cache?.calcomConnected = connected
        return connected
    }

    func setCalcomConnection(_ connection: CalcomConnection?) throws {
        cache?.clear()
        try execute("DELETE FROM calcom_connection")
        guard let connection else { return }
        let eventType = connection.eventType
        let account = connection.account
        try execute("""
            INSERT INTO calcom_connection (id, \(unescaped: Self.connectionColumns))
            VALUES (1, \(connection.apiKey), \(connection.baseURL), \(eventType.id), \(eventType.slug), \(eventType.title),
                    \(eventType.lengthInMinutes), \(eventType.lengthOptions.map(String.init).joined(separator: ",")),
                    \(account.id), \(account.username), \(account.email), \(account.timeZone), \(account.defaultScheduleID),
                    \(connection.connectedAt.stored), \(connection.lastPushAt?.stored), \(connection.lastPullAt?.stored))
            """)
    }

    func appointment(calcomUID: String) throws -> Appointment? {
        try appointments("\(unescaped: Self.selectAppointments) WHERE calcom_booking_uid = \(calcomUID)").first
    }

    func bookedAppointmentsWithoutCalcomUID(startingFrom start: Date) throws -> [Appointment] {
        try appointments("""
            \(unescaped: Self.selectAppointments)
            WHERE status = 'booked' AND calcom_booking_uid IS NULL AND start_utc >= \(start.stored)
            ORDER BY start_utc, number
            """)
    }

    @discardableResult
    func insertSyncEntry(appointmentID: UUID, change: SyncChange, start: Date, durationMinutes: Int, now: Date) throws -> Int {
        guard let id = try value("""
            INSERT INTO sync_outbox (appointment_id, change, start_utc, duration_minutes, created_at)
            VALUES (\(appointmentID), \(change.rawValue), \(start.stored), \(durationMinutes), \(now.stored))
            RETURNING id
            """, as: Int.self)
        else { throw SchedError.malformedRow("sync_outbox") }
        return id
    }

    private static let syncColumns = """
        id, appointment_id, change, start_utc, duration_minutes, state, attempts, next_attempt_at, last_error,
        claimed_until, created_at
        """

    func syncEntries() throws -> [SyncEntry] {
        try rows("SELECT \(unescaped: Self.syncColumns) FROM sync_outbox ORDER BY id").map(Self.syncEntry(from:))
    }

    func syncEntries(appointmentID: UUID) throws -> [SyncEntry] {
        try rows("""
            SELECT \(unescaped: Self.syncColumns) FROM sync_outbox WHERE appointment_id = \(appointmentID) ORDER BY id
            """
        ).map(Self.syncEntry(from:))
    }

    func updateSyncEntry(_ entry: SyncEntry) throws {
        try execute("""
            UPDATE sync_outbox
            SET start_utc = \(entry.start.stored), duration_minutes = \(entry.durationMinutes),
                state = \(entry.state.rawValue), attempts = \(entry.attempts), next_attempt_at = \(entry.nextAttemptAt?.stored),
                last_error = \(entry.lastError), claimed_until = \(entry.claimedUntil?.stored)
            WHERE id = \(entry.id)
            """)
    }

    /// One statement: the row is locked `FOR UPDATE SKIP LOCKED`, so a claim that another
    /// transaction is making at the same moment is passed over rather than waited for, and
    /// re-checked under the lock, so that a claim it committed meanwhile is seen. Exactly one
    /// of two claimers gets the entry without the writers' lock.
    func claimSyncEntry(_ entry: SyncEntry, until: Date, now: Date) throws -> SyncEntry? {
        try rows("""
            UPDATE sync_outbox SET attempts = attempts + 1, claimed_until = \(until.stored)
            WHERE id = (
                SELECT id FROM sync_outbox
                WHERE id = \(entry.id) AND attempts = \(entry.attempts)
                    AND (claimed_until IS NULL OR claimed_until <= \(now.stored))
                    AND NOT EXISTS (SELECT 1 FROM sync_outbox earlier
                                    WHERE earlier.appointment_id = \(entry.appointmentID) AND earlier.id < \(entry.id))
                FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.syncColumns)
            """
        ).first.map(Self.syncEntry(from:))
    }

    func deleteSyncEntry(id: Int) throws {
        try execute("DELETE FROM sync_outbox WHERE id = \(id)")
    }

    func syncConflicts() throws -> [SyncConflict] {
        try rows("""
            SELECT remote_uid, customer_name, email, start_utc, duration_minutes, appointment_id, reason, detected_at
            FROM sync_conflicts ORDER BY start_utc, remote_uid
            """
        ).map { row in
            var cells = Cells(row, table: "sync_conflicts")
            return SyncConflict(
                remoteUID: try cells.next(), customerName: try cells.next(), email: try cells.next(String?.self),
                start: try cells.next(), durationMinutes: try cells.next(), appointmentID: try cells.next(UUID?.self),
                reason: try cells.next(), detectedAt: try cells.next())
        }
    }

    func saveSyncConflict(_ conflict: SyncConflict) throws {
        try execute("""
            INSERT INTO sync_conflicts
                (remote_uid, customer_name, email, start_utc, duration_minutes, appointment_id, reason, detected_at)
            VALUES (\(conflict.remoteUID), \(conflict.customerName), \(conflict.email), \(conflict.start.stored),
                    \(conflict.durationMinutes), \(conflict.appointmentID), \(conflict.reason), \(conflict.detectedAt.stored))
            ON CONFLICT (remote_uid) DO UPDATE SET
                customer_name = excluded.customer_name, email = excluded.email,
                start_utc = excluded.start_utc, duration_minutes = excluded.duration_minutes,
                appointment_id = excluded.appointment_id, reason = excluded.reason
            """)
    }

    func deleteSyncConflict(remoteUID: String) throws {
        try execute("DELETE FROM sync_conflicts WHERE remote_uid = \(remoteUID)")
    }

    private static func syncEntry(from row: PostgresRow) throws -> SyncEntry {
        var cells = Cells(row, table: "sync_outbox")
        let id = try cells.next(Int.self)
        let appointmentID = try cells.next(UUID.self)
        guard let change = SyncChange(rawValue: try cells.next(String.self)) else { throw SchedError.malformedRow("sync_outbox") }
        let start = try cells.next(Date.self)
        let duration = try cells.next(Int.self)
        guard let state = SyncEntry.State(rawValue: try cells.next(String.self)) else {
            throw SchedError.malformedRow("sync_outbox")
        }
        return SyncEntry(
            id: id, appointmentID: appointmentID, change: change, start: start, durationMinutes: duration, state: state,
            attempts: try cells.next(), nextAttemptAt: try cells.next(Date?.self), lastError: try cells.next(String?.self),
            claimedUntil: try cells.next(Date?.self), createdAt: try cells.next())
    }
}
