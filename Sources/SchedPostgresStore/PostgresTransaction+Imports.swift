import Foundation
import PostgresNIO
import SchedCore

extension PostgresTransaction {
    func hasImportedEvent(uid: String) throws -> Bool {
        try value("SELECT EXISTS (SELECT 1 FROM imported_events WHERE uid = \(uid))", as: Bool.self) ?? false
    }

    func recordImportedEvent(_ event: ImportedEvent, appointmentID: UUID, now: Date) throws {
        try execute("""
            INSERT INTO imported_events (uid, appointment_id, imported_at, attendee_email, attendee_name)
            VALUES (\(event.uid), \(appointmentID), \(now.stored), \(event.attendeeEmail), \(event.attendeeName))
            """)
    }

    /// One query, the ids bound as one array.
    func importedEvents(appointmentIDs: [UUID]) throws -> [UUID: ImportedEvent] {
        guard !appointmentIDs.isEmpty else { return [:] }
        var events: [UUID: ImportedEvent] = [:]
        let rows = try rows("""
            SELECT appointment_id, uid, attendee_email, attendee_name FROM imported_events
            WHERE appointment_id = ANY(\(appointmentIDs)) ORDER BY imported_at, uid
            """)
        for row in rows {
            var cells = Cells(row, table: "imported_events")
            let id = try cells.next(UUID.self)
            guard events[id] == nil else { continue }
            events[id] = ImportedEvent(uid: try cells.next(), attendeeEmail: try cells.next(String?.self),
                                       attendeeName: try cells.next(String?.self))
        }
        return events
    }
}
