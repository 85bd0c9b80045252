import Foundation
import GRDB
import SchedCore

extension SQLiteTransaction {
    func calcomConnection() throws -> CalcomConnection? {
        guard let row = try Row.fetchOne(statement("SELECT * FROM calcom_connection WHERE id = 1")) else { return nil }
        let options: String = try row.decode(forColumn: "event_length_options")
        let eventType = RemoteEventType(
            id: try row.decode(forColumn: "event_type_id"),
            slug: try row.decode(forColumn: "event_type_slug"),
            title: try row.decode(forColumn: "event_type_title"),
            lengthInMinutes: try row.decode(forColumn: "event_length_minutes"),
            lengthOptions: options.split(separator: ",").compactMap { Int($0) })
        let account = RemoteAccount(
            id: try row.decode(forColumn: "account_id"),
            username: try row.decode(forColumn: "username"),
            email: try row.decode(forColumn: "email"),
            timeZone: try row.decode(forColumn: "account_time_zone"),
            defaultScheduleID: try row.decode(forColumn: "default_schedule_id"))
        return CalcomConnection(
            apiKey: try row.decode(forColumn: "api_key"),
            baseURL: try row.decode(forColumn: "base_url"),
            eventType: eventType,
            account: account,
            connectedAt: Date(unixSeconds: try row.decode(forColumn: "connected_at")),
            lastPushAt: (try row.decode(forColumn: "last_push_at") as Int?).map(Date.init(unixSeconds:)),
            lastPullAt: (try row.decode(forColumn: "last_pull_at") as Int?).map(Date.init(unixSeconds:)))
    }

    func isCalcomConnected() throws -> Bool {
        if let known = cache?.calcomConnected { return known }
        let connected = try Bool.fetchOne(statement("SELECT EXISTS (SELECT 1 FROM calcom_connection)")) ?? false
        cache?.calcomConnected = connected
        return connected
    }

    func setCalcomConnection(_ connection: CalcomConnection?) throws {
        cache?.clear()
        try execute(sql: "DELETE FROM calcom_connection")
        guard let connection else { return }
        let eventType = connection.eventType
        let account = connection.account
        try execute(
            sql: """
                INSERT INTO calcom_connection
                    (id, api_key, base_url, event_type_id, event_type_slug, event_type_title,
                     event_length_minutes, event_length_options, account_id, username, email,
                     account_time_zone, default_schedule_id, connected_at, last_push_at, last_pull_at)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                connection.apiKey, connection.baseURL, eventType.id, eventType.slug, eventType.title,
                eventType.lengthInMinutes, eventType.lengthOptions.map(String.init).joined(separator: ","),
                account.id, account.username, account.email, account.timeZone, account.defaultScheduleID,
                connection.connectedAt.unixSeconds, connection.lastPushAt?.unixSeconds,
                connection.lastPullAt?.unixSeconds,
            ])
    }

    func appointment(calcomUID: String) throws -> Appointment? {
        try Row.fetchOne(
            db, sql: "SELECT \(Self.appointmentColumns) FROM appointments WHERE calcom_booking_uid = ?",
            arguments: [calcomUID]
        ).map(Self.appointment(from:))
    }

    func bookedAppointmentsWithoutCalcomUID(startingFrom start: Date) throws -> [Appointment] {
        try Self.appointments(
            statement("""
                SELECT \(Self.appointmentColumns) FROM appointments
                WHERE status = 'booked' AND calcom_booking_uid IS NULL AND start_utc >= ?
                ORDER BY start_utc, number
                """),
            arguments: [start.unixSeconds])
    }

    @discardableResult
    func insertSyncEntry(appointmentID: UUID, change: SyncChange, start: Date, durationMinutes: Int, now: Date) throws -> Int {
        try execute(
            sql: """
                INSERT INTO sync_outbox (appointment_id, change, start_utc, duration_minutes, created_at)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [Self.text(appointmentID), change.rawValue, start.unixSeconds, durationMinutes, now.unixSeconds])
        return Int(db.lastInsertedRowID)
    }

    func syncEntries() throws -> [SyncEntry] {
        try Row.fetchAll(statement("SELECT * FROM sync_outbox ORDER BY id")).map(Self.syncEntry(from:))
    }

    func syncEntries(appointmentID: UUID) throws -> [SyncEntry] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM sync_outbox WHERE appointment_id = ? ORDER BY id",
            arguments: [Self.text(appointmentID)]
        ).map(Self.syncEntry(from:))
    }

    /// The write transaction this runs in holds SQLite's one write lock: the read and the
    /// update below cannot interleave with another process's claim.
    func claimSyncEntry(_ entry: SyncEntry, until: Date, now: Date) throws -> SyncEntry? {
        guard var current = try syncEntries(appointmentID: entry.appointmentID).first,
              current.id == entry.id, current.attempts == entry.attempts else { return nil }
        if let claimedUntil = current.claimedUntil, claimedUntil > now { return nil }
        current.attempts += 1
        current.claimedUntil = until
        try updateSyncEntry(current)
        return current
    }

    func updateSyncEntry(_ entry: SyncEntry) throws {
        try execute(
            sql: """
                UPDATE sync_outbox
                SET start_utc = ?, duration_minutes = ?, state = ?, attempts = ?, next_attempt_at = ?,
                    last_error = ?, claimed_until = ?
                WHERE id = ?
                """,
            arguments: [
                entry.start.unixSeconds, entry.durationMinutes, entry.state.rawValue, entry.attempts,
                entry.nextAttemptAt?.unixSeconds, entry.lastError, entry.claimedUntil?.unixSeconds, entry.id,
            ])
    }

    func deleteSyncEntry(id: Int) throws {
        try execute(sql: "DELETE FROM sync_outbox WHERE id = ?", arguments: [id])
    }

    func syncConflicts() throws -> [SyncConflict] {
        try Row.fetchAll(statement("SELECT * FROM sync_conflicts ORDER BY start_utc, remote_uid")).map { row in
            let appointmentText: String? = try row.decode(forColumn: "appointment_id")
            return SyncConflict(
                remoteUID: try row.decode(forColumn: "remote_uid"),
                customerName: try row.decode(forColumn: "customer_name"),
                email: try row.decode(forColumn: "email"),
                start: Date(unixSeconds: try row.decode(forColumn: "start_utc")),
                durationMinutes: try row.decode(forColumn: "duration_minutes"),
                appointmentID: appointmentText.flatMap(UUID.init(uuidString:)),
                reason: try row.decode(forColumn: "reason"),
                detectedAt: Date(unixSeconds: try row.decode(forColumn: "detected_at")))
        }
    }

    func saveSyncConflict(_ conflict: SyncConflict) throws {
        try execute(
            sql: """
                INSERT INTO sync_conflicts
                    (remote_uid, customer_name, email, start_utc, duration_minutes, appointment_id, reason, detected_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (remote_uid) DO UPDATE SET
                    customer_name = excluded.customer_name, email = excluded.email,
                    start_utc = excluded.start_utc, duration_minutes = excluded.duration_minutes,
                    appointment_id = excluded.appointment_id, reason = excluded.reason
                """,
            arguments: [
                conflict.remoteUID, conflict.customerName, conflict.email, conflict.start.unixSeconds,
                conflict.durationMinutes, conflict.appointmentID.map(Self.text), conflict.reason,
                conflict.detectedAt.unixSeconds,
            ])
    }

    func deleteSyncConflict(remoteUID: String) throws {
        try execute(sql: "DELETE FROM sync_conflicts WHERE remote_uid = ?", arguments: [remoteUID])
    }

    private static func syncEntry(from row: Row) throws -> SyncEntry {
        let idText: String = try row.decode(forColumn: "appointment_id")
        let changeText: String = try row.decode(forColumn: "change")
        let stateText: String = try row.decode(forColumn: "state")
        guard let appointmentID = UUID(text: idText), let change = SyncChange(rawValue: changeText),
              let state = SyncEntry.State(rawValue: stateText) else {
            throw SchedError.malformedRow("sync_outbox")
        }
        return SyncEntry(
            id: try row.decode(forColumn: "id"),
            appointmentID: appointmentID,
            change: change,
            start: Date(unixSeconds: try row.decode(forColumn: "start_utc")),
            durationMinutes: try row.decode(forColumn: "duration_minutes"),
            state: state,
            attempts: try row.decode(forColumn: "attempts"),
            nextAttemptAt: (try row.decode(forColumn: "next_attempt_at") as Int?).map(Date.init(unixSeconds:)),
            lastError: try row.decode(forColumn: "last_error"),
            claimedUntil: (try row.decode(forColumn: "claimed_until") as Int?).map(Date.init(unixSeconds:)),
            createdAt: Date(unixSeconds: try row.decode(forColumn: "created_at")))
    }
}
