import Foundation
import GRDB

/// A `StoreTransaction` over one GRDB connection inside a transaction.
struct SQLiteTransaction: StoreTransaction {
    let db: Database

    func setting(_ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM settings WHERE key = ?"), arguments: [key])
    }

    func setSetting(_ key: String, _ value: String) throws {
        try db.execute(
            sql: """
                INSERT INTO settings (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """,
            arguments: [key, value])
    }
}
