import GRDB
import SchedCore

extension SQLiteStore {
    /// The `user_version` this sched's files have. sched leaves it at 0; a later sched whose
    /// files this one must not write to would raise it.
    static let userVersion = 0

    /// What the writer connection found as it opened. Set on the writer's queue inside
    /// `DatabasePool.init`, and read once that has returned.
    final class OpenedSchema: @unchecked Sendable {
        /// Every migration this sched knows is applied, so the migrator has nothing to do.
        var isCurrent = false
    }

    /// Refuses a file this sched must not write to: one that a newer sched has migrated
    /// further (a migration this one does not know, or a higher `user_version`), or the SQLite
    /// database of another program (tables, but no record of sched's migrations). An empty
    /// file, or an SQLite file without tables, is a new database. Only reads: it runs as the
    /// writer connection opens, before GRDB turns WAL mode on and before any migration.
    /// Gives back whether every known migration is applied.
    static func requireSchedDatabase(_ db: Database, path: String, knownMigrations: [String]) throws -> Bool {
        // Rows and integers, as every run reads them anyway; the pragma on its own, since
        // `pragma_user_version` inside the SELECT makes SQLite declare a virtual table.
        let tables = try Row.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'),
                   (SELECT count(*) FROM sqlite_master WHERE type = 'table')
            """)
        let pragma = try Row.fetchOne(db, sql: "PRAGMA user_version")
        guard let tables, let pragma else { return false }
        let hasMigrations: Int = try tables.decode(atIndex: 0)
        let tableCount: Int = try tables.decode(atIndex: 1)
        let version: Int = try pragma.decode(atIndex: 0)
        var applied: Set<String> = []
        if hasMigrations > 0 {
            // The migrator's own query.
            applied = try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
            if let unknown = applied.subtracting(knownMigrations).min() {
                throw SchedError.newerSchedDatabase(path, migration: unknown)
            }
        } else if tableCount > 0 {
            throw SchedError.notASchedDatabase(path)
        }
        if version > userVersion {
            throw SchedError.newerSchedDatabase(path, userVersion: version, known: userVersion)
        }
        return applied.count == knownMigrations.count
    }
}
