import Foundation
import GRDB
import SchedCore

extension SQLiteTransaction {
    func hasImportedEvent(uid: String) throws -> Bool {
        let sql = "SELECT EXISTS (SELECT 1 FROM imported_events WHERE uid = ?)"
        return try Bool.fetchOne(statement(sql), arguments: [uid]) ?? false
    }

    func recordImportedEvent(_ event: ImportedEvent, appointmentID: UUID, now: Date) throws {
        let sql = """
            INSERT INTO imported_events (uid, appointment_id, imported_at, attendee_email, attendee_name)
            VALUES (?, ?, ?, ?, ?)
            """
        try statement(sql).execute(arguments: [
            event.uid, Self.text(appointmentID), now.unixSeconds, event.attendeeEmail, event.attendeeName,
        ])
    }

    func importedEvents(appointmentIDs: [UUID]) throws -> [UUID: ImportedEvent] {
        var events: [UUID: ImportedEvent] = [:]
        // A few hundred ids a query keeps well inside SQLite's limit on bound values.
        for start in stride(from: 0, to: appointmentIDs.count, by: 500) {
            let chunk = appointmentIDs[start..<min(start + 500, appointmentIDs.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let sql = """
                SELECT appointment_id, uid, attendee_email, attendee_name FROM imported_events
                WHERE appointment_id IN (\(marks)) ORDER BY imported_at, uid
                """
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(chunk.map(Self.text)))
            while let row = try rows.next() {
                guard let id = UUID(uuidString: row[0]), events[id] == nil else { continue }
                events[id] = ImportedEvent(uid: row[1], attendeeEmail: row[2], attendeeName: row[3])
            }
        }
        return events
    }
}
