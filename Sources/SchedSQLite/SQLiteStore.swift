import Foundation
import GRDB
import SchedCore

/// The SQLite database behind sched: one WAL file, IMMEDIATE write transactions, named migrations.
public final class SQLiteStore: Store, @unchecked Sendable {
    public let path: String
    let pool: DatabasePool
    /// Held by a `write` or an open run: the writer connection is GRDB's to serialise call by
    /// call, but a run spans many calls, and no other caller may join it.
    let writeGate = WriteGate()
    let writerCache = StoreCache()
    private let removesFilesOnDeinit: Bool
    /// The file opened at `path`, so that a file deleted or replaced meanwhile is noticed
    /// before a statement reads or writes what nobody will see again.
    private let openedFile: DatabaseFile.Identity?
    /// The writer connection's count of changed rows when the log was last checkpointed; used
    /// only on the writer connection.
    var changesAtCheckpoint = 0

    /// How long a statement waits for another process's lock before `database is locked`.
    static let busyTimeout: TimeInterval = 5

    /// Opens (creating with mode 0600 if needed) and migrates the database at `path`; a fresh
    /// database starts in `defaultZone` with Mon–Fri 09:00–17:00. Missing directories are
    /// created only when `createsDirectory` is set (sched's own default location). A file
    /// that a newer sched has migrated, or another program's SQLite database, is refused
    /// before anything is written to it.
    public convenience init(path: String, defaultZone: @autoclosure @escaping @Sendable () -> HomeZone,
                            createsDirectory: Bool) throws {
        try self.init(path: path, defaultZone: defaultZone, createsDirectory: createsDirectory,
                      removesFilesOnDeinit: false)
    }

    /// Opens the database at `path`, creating missing directories.
    public convenience init(path: String, defaultZone: @autoclosure @escaping @Sendable () -> HomeZone) throws {
        try self.init(path: path, defaultZone: defaultZone(), createsDirectory: true)
    }

    private init(path: String, defaultZone: @escaping @Sendable () -> HomeZone, createsDirectory: Bool,
                 removesFilesOnDeinit: Bool) throws {
        self.path = path
        self.removesFilesOnDeinit = removesFilesOnDeinit
        try DatabaseFile.prepare(path, createsDirectory: createsDirectory)
        openedFile = DatabaseFile.identity(path)
        let migrator = SQLiteStore.migrator(defaultZone: defaultZone)
        let schema = OpenedSchema()
        let configuration = SQLiteStore.configuration(path: path, knownMigrations: migrator.migrations, schema: schema)
        pool = try SQLiteStore.mapped {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // A file with every migration skips the migrator, which would take the write lock
            // to find nothing to do.
            if !schema.isCurrent {
                try SQLiteStore.migrate(pool, with: migrator)
            }
            return pool
        }
    }

    /// A fresh database under the temporary directory, removed when the store goes away.
    public static func temporary(defaultZone: HomeZone) throws -> SQLiteStore {
        let name = "sched-\(UUID().uuidString.lowercased()).db"
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent(name)
        return try SQLiteStore(path: path, defaultZone: { defaultZone }, createsDirectory: true,
                               removesFilesOnDeinit: true)
    }

    deinit {
        if removesFilesOnDeinit {
            DatabaseFile.remove(path)
        }
    }

    /// Runs the migrations. Two processes opening a new file at once may both start them: the
    /// loser's `CREATE TABLE` fails once the winner commits, and running them again finds them
    /// applied, so a few retries settle the race.
    private static func migrate(_ pool: DatabasePool, with migrator: DatabaseMigrator) throws {
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError
                where attempt < 5 && (error.resultCode == .SQLITE_ERROR || error.resultCode == .SQLITE_BUSY) {
                attempt += 1
                usleep(UInt32(20_000 * attempt))
            }
        }
    }

    private static func configuration(path: String, knownMigrations: [String], schema: OpenedSchema) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        // A run leaves BEGIN IMMEDIATE open between calls; the write gate keeps it its owner's.
        configuration.allowsUnsafeTransactions = true
        configuration.label = "sched"
        // In WAL mode a commit with NORMAL is safe against a crash of sched itself (the commit is
        // in the log); only a power cut may lose the last commits, never the file's integrity.
        // FULL would wait for the disk on every statement.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Each statement of a run is a savepoint whose journal (the pages it first changed)
            // would otherwise be a temporary file, written page by page: twenty writes a booking.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // The writer is checked as it opens, before GRDB turns WAL mode on and the migrator
            // adds tables: both write to the file. Readers open later, on a file already checked.
            if !db.configuration.readonly {
                schema.isCurrent = try SQLiteStore.requireSchedDatabase(db, path: path, knownMigrations: knownMigrations)
            }
        }
        return configuration
    }

    /// Fails with `Database unavailable` when the file at `path` is no longer the one opened:
    /// SQLite would go on reading and writing the deleted or replaced file, and everything
    /// written would vanish when sched exits. One `stat`, before each transaction.
    func requireOpenedFile() throws {
        guard let openedFile else { return }
        guard let current = DatabaseFile.identity(path) else { throw SchedError.databaseFileDeleted(path) }
        guard current == openedFile else { throw SchedError.databaseFileReplaced(path) }
    }
}

extension SQLiteStore {
    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try requireOpenedFile()
        return try SQLiteStore.mapped {
            try pool.read { db in try body(SQLiteTransaction(db: db)) }
        }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try holdingWriteGate {
            try requireOpenedFile()
            return try SQLiteStore.mapped {
                try pool.writeWithoutTransaction { db in
                    // Prepared once per connection: GRDB's inTransaction prepares both anew each time.
                    try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
                    do {
                        try writerCache.validate(db)
                        let result = try body(SQLiteTransaction(db: db, cache: writerCache))
                        try requireOpenedFile()
                        try db.cachedStatement(sql: "COMMIT").execute()
                        return result
                    } catch {
                        writerCache.clear()
                        if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                        throw error
                    }
                }
            }
        }
    }

    public func begin() throws -> any StoreRun {
        guard writeGate.acquire(timeout: Self.busyTimeout) else { throw Self.lockedByThisProcess }
        do {
            try requireOpenedFile()
            try SQLiteStore.mapped {
                try pool.writeWithoutTransaction { db in
                    try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
                    do {
                        try writerCache.validate(db)
                    } catch {
                        try? db.execute(sql: "ROLLBACK")
                        throw error
                    }
                }
            }
        } catch {
            writeGate.release()
            throw error
        }
        return SQLiteRun(store: self)
    }

    /// Runs `body` while this caller alone may write: another caller's open run makes it wait,
    /// as another process's lock would, and give up after the same time.
    func holdingWriteGate<T>(_ body: () throws -> T) throws -> T {
        guard writeGate.acquire(timeout: Self.busyTimeout) else { throw Self.lockedByThisProcess }
        defer { writeGate.release() }
        return try body()
    }

    /// What a writer gets when a run in this process held the write lock for too long: the
    /// answer SQLite gives when another process holds it.
    static let lockedByThisProcess = SchedError.databaseUnavailable("database is locked by another process")
}

/// An open `BEGIN IMMEDIATE` on the store's writer connection, owned by whoever began it; the
/// store's write gate stays with it until it commits or rolls back.
final class SQLiteRun: StoreRun, @unchecked Sendable {
    private let store: SQLiteStore
    // Changed only by the run's owner.
    private var isOpen = true

    init(store: SQLiteStore) {
        self.store = store
    }

    deinit {
        rollback()
    }

    func step<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        guard isOpen else { throw SchedError.atomicRunRolledBack }
        return try SQLiteStore.mapped {
            try store.pool.writeWithoutTransaction { db in
                try requireTransaction(db)
                return try inStatementSavepoint(db) {
                    try body(SQLiteTransaction(db: db, cache: store.writerCache))
                }
            }
        }
    }

    func commit() throws {
        guard isOpen else { throw SchedError.atomicRunRolledBack }
        try SQLiteStore.mapped {
            try store.pool.writeWithoutTransaction { db in
                try requireTransaction(db)
                try store.requireOpenedFile()
                // The run's statements are one journal entry, closed as it commits.
                try SQLiteTransaction(db: db).endJournalEntry()
                try db.cachedStatement(sql: "COMMIT").execute()
            }
        }
        end()
    }

    func rollback() {
        guard isOpen else { return }
        try? store.pool.writeWithoutTransaction { db in
            store.writerCache.clear()
            if db.isInsideTransaction {
                try db.execute(sql: "ROLLBACK")
            }
        }
        end()
    }

    private func end() {
        isOpen = false
        store.writeGate.release()
    }

    /// Runs `work` inside the open transaction so that, if it throws, its writes are undone and
    /// the transaction goes on: an `expect error` after a failed statement sees the database as
    /// it was before. The three statements are prepared once per connection, unlike GRDB's
    /// `inSavepoint`.
    private func inStatementSavepoint<T>(_ db: Database, _ work: () throws -> T) throws -> T {
        try db.cachedStatement(sql: "SAVEPOINT sched_statement").execute()
        let result: T
        do {
            result = try work()
        } catch {
            // A failed step is undone; what was cached from its writes goes too. After some
            // errors SQLite has already rolled the whole transaction back and the savepoint is
            // gone: the next step's requireTransaction reports that.
            try? db.cachedStatement(sql: "ROLLBACK TO sched_statement").execute()
            try? db.cachedStatement(sql: "RELEASE sched_statement").execute()
            store.writerCache.clear()
            throw error
        }
        try db.cachedStatement(sql: "RELEASE sched_statement").execute()
        return result
    }

    /// SQLite ends a transaction by itself after some errors (disk full, I/O); a run must not
    /// then carry on step by step.
    private func requireTransaction(_ db: Database) throws {
        guard db.isInsideTransaction else {
            throw SchedError.atomicRunRolledBack
        }
    }
}
