import Foundation
import GRDB

extension SQLiteTransaction {
    func hasImportedEvent(uid: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM imported_events WHERE uid = ?)", arguments: [uid])
            ?? false
    }

    func recordImportedEvent(uid: String, appointmentID: UUID, now: Date) throws {
        try db.execute(
            sql: "INSERT INTO imported_events (uid, appointment_id, imported_at) VALUES (?, ?, ?)",
            arguments: [uid, Self.text(appointmentID), now.unixSeconds])
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try db.inSavepoint {
            result = try body()
            return .commit
        }
        guard let result else { throw SchedError.transactionWithoutResult }
        return result
    }
}
