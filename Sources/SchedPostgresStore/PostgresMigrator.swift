import PostgresNIO
import SchedCore
import SchedPostgres

/// Applies `PostgresSchema.migrations` that a database lacks, in one transaction under an
/// advisory lock: two processes starting on a new database at once migrate it once, in turn. A
/// new database starts in the zone it is given.
enum PostgresMigrator {
    /// The names applied by this call, in order (none when the database was current).
    @discardableResult
    static func migrate(_ session: PostgresSession, defaultZone: String = "UTC") throws -> [String] {
        // A database with every migration needs one query, and no lock: the case of every start.
        if let applied = try? appliedNames(session) {
            try refuseUnknown(applied, session.location)
            if PostgresSchema.migrations.allSatisfy({ applied.contains($0.name) }) { return [] }
        }
        try session.run("BEGIN")
        do {
            try session.run(PostgresQuery(unsafeSQL: "SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))"))
            try session.run(PostgresQuery(unsafeSQL: PostgresSchema.bookkeeping))
            let applied = try appliedNames(session)
            try refuseUnknown(applied, session.location)
            var done: [String] = []
            for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try session.run(PostgresQuery(unsafeSQL: statement))
                }
                try session.run("INSERT INTO schema_migrations (name) VALUES (\(migration.name))")
                done.append(migration.name)
            }
            if done.first == PostgresSchema.migrations.first?.name {
                try session.run("INSERT INTO settings (key, value) VALUES (\(SettingKey.timezone), \(defaultZone))")
            }
            try session.run("COMMIT")
            return done
        } catch {
            _ = try? session.run("ROLLBACK")
            throw error
        }
    }

    private static func appliedNames(_ session: PostgresSession) throws -> Set<String> {
        var applied: Set<String> = []
        for row in try session.run("SELECT name FROM schema_migrations").rows {
            applied.insert(try row.decode(String.self))
        }
        return applied
    }

    /// A migration this sched does not know was made by a newer one: its tables are not
    /// written by an older sched.
    private static func refuseUnknown(_ applied: Set<String>, _ location: PostgresLocation) throws {
        let known = Set(PostgresSchema.migrations.map(\.name))
        if let unknown = applied.subtracting(known).sorted().first {
            throw SchedError.newerSchedDatabase(location.shown, migration: unknown)
        }
    }
}
