import Foundation
import GRDB
import SchedCore

extension SQLiteTransaction {
    func hasImportedEvent(uid: String) throws -> Bool {
        let sql = "SELECT EXISTS (SELECT 1 FROM imported_events WHERE uid = ?)"
        return try Bool.fetchOne(statement(sql), arguments: [uid]) ?? false
    }

    func recordImportedEvent(uid: String, appointmentID: UUID, now: Date) throws {
        let sql = "INSERT INTO imported_events (uid, appointment_id, imported_at) VALUES (?, ?, ?)"
        try statement(sql).execute(arguments: [uid, Self.text(appointmentID), now.unixSeconds])
    }
}
