import Foundation
import GRDB
import SchedCore

/// A `StoreTransaction` over one GRDB connection inside a transaction.
struct SQLiteTransaction: StoreTransaction {
    let db: Database
    /// The writer connection's cache; nil on a reader connection, which takes no write lock.
    var cache: StoreCache? = nil

    /// A statement prepared once per connection and then reused: every statement sched runs
    /// asks the same few questions (the session, the zone, the windows, the overlaps).
    func statement(_ sql: String) throws -> Statement {
        try db.cachedStatement(sql: sql)
    }

    func execute(sql: String, arguments: StatementArguments = []) throws {
        try statement(sql).execute(arguments: arguments)
    }

    func setting(_ key: String) throws -> String? {
        let fetch = { try String.fetchOne(statement("SELECT value FROM settings WHERE key = ?"), arguments: [key]) }
        guard let cache else { return try fetch() }
        return try StoreCache.value(&cache.settings, key, fetch)
    }

    func setSetting(_ key: String, _ value: String) throws {
        cache?.clear()
        try execute(
            sql: """
                INSERT INTO settings (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """,
            arguments: [key, value])
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        try execute(sql: "SAVEPOINT sched_write")
        let result: T
        do {
            result = try body()
        } catch {
            try? execute(sql: "ROLLBACK TO sched_write")
            try? execute(sql: "RELEASE sched_write")
            cache?.clear()
            throw error
        }
        try execute(sql: "RELEASE sched_write")
        return result
    }
}
