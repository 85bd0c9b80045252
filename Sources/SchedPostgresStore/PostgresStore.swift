import Foundation
import PostgresNIO
import SchedCore
import SchedPostgres
import SchedStores
import Synchronization

/// The PostgreSQL database behind sched, for several processes or machines sharing one schedule.
///
/// Writers take one advisory transaction lock (`writeLock`) before anything else, so they run one
/// at a time as SQLite's writers do: what the database cannot express (buffers, daily limits, the
/// login count) is checked and written with no other writer between. Bookings (`book`) share
/// that lock and lock the weeks around their time instead, so that bookings of other weeks go at
/// once. The exclusion constraint on booked appointments refuses an overlap even so, whatever
/// writes the table. Readers run in REPEATABLE READ READ ONLY transactions: one consistent
/// state, no lock.
public final class PostgresStore: Store, @unchecked Sendable {
    public let location: PostgresLocation
    private let pool: PostgresSessionPool
    /// Held by a `write` or an open run in this process; the advisory lock serialises processes.
    let writeGate = WriteGate()
    let writerCache = StoreCache()

    /// The advisory lock every writer holds until it commits: alone, or shared by bookings.
    static let writeLock: Int64 = 7_365_002
    /// The first key of the advisory locks a booking takes on the weeks around it.
    static let bookingLock: Int32 = 7_365_003
    /// How long a writer waits for the lock, in this process and at the server (`lock_timeout`).
    static let lockTimeout: TimeInterval = 5
    /// How often a transaction that the server ended for a serialization failure or a deadlock
    /// is run again before giving up.
    static let attempts = 3

    /// Connects and migrates; a new database starts in `defaultZone` with Mon–Fri 09:00–17:00.
    /// `schema` puts the tables in a schema of their own (which must exist) rather than the
    /// user's default.
    public convenience init(location: PostgresLocation, schema: String? = nil,
                            defaultZone: @autoclosure () -> HomeZone) throws {
        try self.init(location: location, schema: schema, makesSchema: false, defaultZone: defaultZone())
    }

    /// With `makesSchema`, the first connection makes `schema` (its search path may name it
    /// before it exists), and the store drops it with everything in it as it goes away.
    private init(location: PostgresLocation, schema: String?, makesSchema: Bool,
                 defaultZone: @autoclosure () -> HomeZone) throws {
        self.location = location
        pool = PostgresSessionPool(location: location, schema: schema)
        let session = try pool.take().session
        try Self.mapped(location) {
            if makesSchema, let schema {
                try session.run(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(PostgresSession.quoted(schema))"))
            }
            do {
                try PostgresMigrator.migrate(session, defaultZone: defaultZone().identifier)
            } catch where makesSchema {
                _ = try? session.run(PostgresQuery(unsafeSQL: "DROP SCHEMA \(PostgresSession.quoted(schema ?? "")) CASCADE"))
                throw error
            }
        }
        dropsSchema = makesSchema ? schema : nil
        pool.give(session)
    }

    /// A store in a new schema of the database at `location`, dropped with everything in it
    /// when the store goes away: what `sched test` runs a scenario on, beside the data there.
    public static func temporary(location: PostgresLocation, defaultZone: HomeZone) throws -> PostgresStore {
        let schema = "sched_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try PostgresStore(location: location, schema: schema, makesSchema: true, defaultZone: defaultZone)
    }

    /// The schema `temporary` made, dropped as the store goes away.
    private let dropsSchema: String?

    deinit {
        let (pool, dropsSchema) = (pool, dropsSchema)
        let cleanUp: @Sendable () -> Void = {
            // On a connection of the pool: dropping needs no search path, and a new one would log in again.
            if let dropsSchema, let session = try? pool.take().session {
                _ = try? session.run(PostgresQuery(unsafeSQL: "DROP SCHEMA \(PostgresSession.quoted(dropsSchema)) CASCADE"))
            }
            pool.closeAll()
        }
        // The last reference may go on an event loop (a server's handler letting go of it),
        // where waiting for the server's answer would block the loop that brings it.
        if MultiThreadedEventLoopGroup.currentEventLoop != nil {
            Thread.detachNewThread(cleanUp)
        } else {
            cleanUp()
        }
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try reading { try body($0) }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try writing { try body($0) }
    }

    /// `read`, handing the body this store's own transaction.
    func reading<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", cache: nil, body)
    }

    /// `write`, handing the body this store's own transaction.
    func writing<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        guard writeGate.acquire(timeout: Self.lockTimeout) else { throw Self.locked(location) }
        defer { writeGate.release() }
        return try retrying { try transaction(begin: "BEGIN", cache: writerCache, body) }
    }

    /// A booking beside others: the writers' lock shared (every other writer takes it alone),
    /// then the weeks around its time (`lockBooking`), a cache of its own, no gate in this process.
    public func book<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try retrying {
            let cache = StoreCache()
            let result = try transaction(begin: "BEGIN", cache: cache, books: true) { try body($0) }
            // Committed: what it cached is true for the next booking while the generation holds.
            bookingCache.withLock { $0 = cache }
            return result
        }
    }

    /// What the last booking to commit in this process had cached, for the next to copy.
    private let bookingCache = Mutex<StoreCache?>(nil)

    /// Runs `attempt` again when the server ended it for a serialization failure or a deadlock.
    private func retrying<T>(_ attempt: () throws -> T) throws -> T {
        var attempts = 1
        while true {
            do {
                return try attempt()
            } catch is Retryable where attempts < Self.attempts {
                attempts += 1
                usleep(UInt32.random(in: 2_000...20_000) * UInt32(attempts))
            } catch let failure as Retryable {
                throw SchedError.transactionFailed(PostgresStoreText.gaveUp(Self.attempts, failure.reason))
            }
        }
    }

    public func begin() throws -> any StoreRun {
        guard writeGate.acquire(timeout: Self.lockTimeout) else { throw Self.locked(location) }
        do {
            let session = try started("BEGIN", cache: writerCache)
            return PostgresRun(store: self, session: session)
        } catch {
            writeGate.release()
            throw Self.runFailure(location, error)
        }
    }

    /// A session with its transaction begun, the write lock taken and the cache checked when it
    /// is a writer's. A pooled session whose connection was lost meanwhile (the server
    /// restarted) is dropped and the begin tried once more on a new one: a transaction that
    /// had not begun wrote nothing.
    func started(_ begin: String, cache: StoreCache?, books: Bool = false) throws -> PostgresSession {
        var (session, pooled) = try pool.take()
        session.aheadFailed = false
        do {
            if cache == nil && session.isRecent {
                // A reader's BEGIN goes ahead of its first query, which says if it failed; a
                // connection used a moment ago is as likely to be there as a new one.
                try session.sendAhead(PostgresQuery(unsafeSQL: begin))
            } else {
                try session.run(PostgresQuery(unsafeSQL: begin))
            }
        } catch where pooled && (error is PostgresSession.NotSent || (error as? SchedError)?.kind == .unavailable) {
            session = try pool.take(fresh: true).session
            try Self.mapped(location) { try session.run(PostgresQuery(unsafeSQL: begin)) }
        } catch {
            throw Self.failure(location, error)
        }
        do {
            if books, let cache {
                // The lock shared, and the number of the cached tables' last change: a booking
                // starts from what the last one left in the cache if nothing changed since.
                let generation = try PostgresTransaction(session: session)
                    .value("SELECT sched_begin_booking(\(Self.writeLock))", as: Int64.self)
                bookingCache.withLock { left in
                    if let left, left.generation == generation { cache.fill(from: left) }
                }
                cache.validate(generation: generation)
            } else if let cache {
                let generation = try PostgresTransaction(session: session)
                    .value("SELECT sched_begin_write(\(Self.writeLock))", as: Int64.self)
                cache.validate(generation: generation)
            }
            return session
        } catch {
            rollBack(session)
            throw Self.failure(location, error)
        }
    }

    /// Runs `body` in a transaction of its own: commits if it returns, rolls back if it throws.
    private func transaction<T>(begin: String, cache: StoreCache?, books: Bool = false,
                                _ body: (PostgresTransaction) throws -> T) throws -> T {
        let session = try started(begin, cache: cache, books: books)
        let result: T
        do {
            // A reader gets a cache of its own, which its snapshot keeps true until it ends.
            result = try body(PostgresTransaction(session: session, cache: cache ?? StoreCache(), locksBookings: books))
            try Self.checkDeferredOverlaps(session)
        } catch {
            session.defersOverlapCheck = false
            cache?.clear()
            rollBack(session)
            throw Self.failure(location, error)
        }
        if cache == nil {
            // A reader's COMMIT only ends its snapshot: nobody waits for the answer, and the
            // session's next query, postgres-nio's next task on the connection, goes after it.
            session.send("COMMIT")
            pool.give(session)
        } else {
            try commit(session, cache: cache)
        }
        return result
    }

    /// Checks now the overlap constraint a statement deferred, so that the statement, not a
    /// later one or the commit, is refused.
    static func checkDeferredOverlaps(_ session: PostgresSession) throws {
        guard session.defersOverlapCheck else { return }
        session.defersOverlapCheck = false
        try session.run("SET CONSTRAINTS appointments_no_overlap IMMEDIATE")
    }

    /// Commits; a connection lost on the way leaves the outcome unknown, and says so.
    func commit(_ session: PostgresSession, cache: StoreCache?) throws {
        do {
            try session.run("COMMIT")
            pool.give(session)
        } catch {
            cache?.clear()
            rollBack(session)
            if let unavailable = error as? SchedError, unavailable.kind == .unavailable {
                throw SchedError.databaseUnavailable(PostgresStoreText.commitUnknown(location.shown))
            }
            throw Self.failure(location, error)
        }
    }

    /// Rolls back what is open and gives the session back, or drops it if it is broken.
    func rollBack(_ session: PostgresSession) {
        guard !session.connection.isClosed, (try? session.run("ROLLBACK")) != nil else {
            session.close()
            return
        }
        pool.give(session)
    }

    /// What a writer gets when another held the write lock too long.
    static func locked(_ location: PostgresLocation) -> SchedError {
        SchedError.databaseUnavailable(PostgresStoreText.locked(location.shown, seconds: Int(lockTimeout)))
    }

    /// A transaction the server ended for a serialization failure or a deadlock: run it again.
    struct Retryable: Error {
        let reason: String
    }

    /// Runs `body`, turning the server's refusals into what sched says of them.
    @discardableResult
    static func mapped<T>(_ location: PostgresLocation, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw failure(location, error)
        }
    }

    /// A failure inside a run, which cannot be run again: a serialization failure or deadlock
    /// fails the statement.
    static func runFailure(_ location: PostgresLocation, _ error: any Error) -> any Error {
        let failure = failure(location, error)
        return (failure as? Retryable).map { SchedError.transactionFailed($0.reason) } ?? failure
    }

    /// The error sched reports for one the store met: a refused double booking is the seed's
    /// conflict; a server that cannot take writes is `unavailable`; any other refusal fails the
    /// transaction with the server's words (never the SQL or its values).
    static func failure(_ location: PostgresLocation, _ error: any Error) -> any Error {
        if let lost = error as? PostgresSession.NotSent { return lost.reason }
        guard let refusal = error as? PSQLError else { return error }
        let state = refusal.serverInfo?[.sqlState] ?? ""
        let message = refusal.serverInfo?[.message] ?? PostgresStoreText.failed("\(refusal.code)")
        switch state {
        case "23P01":
            return SchedError.slotAlreadyBooked
        case "40001", "40P01":
            return Retryable(reason: message)
        case "55P03":
            return locked(location)
        case "25006", "42501", "53100", "53200", "53300", "57014":
            return SchedError.databaseUnavailable("\(location.shown): \(message)")
        default:
            return SchedError.transactionFailed(message)
        }
    }
}

/// A transaction held open by whoever began it (`--atomic`); the store's write gate and the
/// advisory lock stay with it until it commits or rolls back.
final class PostgresRun: StoreRun, @unchecked Sendable {
    private let store: PostgresStore
    private let session: PostgresSession
    // Changed only by the run's owner.
    private var isOpen = true
    private let batch = PostgresRunBatch()

    init(store: PostgresStore, session: PostgresSession) {
        self.store = store
        self.session = session
    }

    deinit {
        rollback()
    }

    /// Each step is a savepoint: a failed statement is undone and the run goes on. Its
    /// bookings wait in the run's batch, and its savepoint is sent only if it sends something.
    func step<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        guard isOpen else { throw SchedError.atomicRunRolledBack }
        let transaction = PostgresTransaction(session: session, cache: store.writerCache, batch: batch)
        do {
            try batch.beginStatement(session)
        } catch {
            // Earlier statements' rows were refused: the transaction cannot go on.
            rollback()
            throw PostgresStore.failure(store.location, error)
        }
        let result: T
        do {
            result = try body(transaction)
            try PostgresStore.checkDeferredOverlaps(session)
        } catch {
            // Rolling back to the savepoint also undoes a `SET CONSTRAINTS … DEFERRED` made after it.
            session.defersOverlapCheck = false
            store.writerCache.clear()
            if !batch.abandonStatement(session, after: error) {
                rollback()
            }
            throw PostgresStore.runFailure(store.location, error)
        }
        do {
            try batch.endStatement(session)
        } catch {
            rollback()
            throw PostgresStore.failure(store.location, error)
        }
        return result
    }

    func commit() throws {
        guard isOpen else { throw SchedError.atomicRunRolledBack }
        do {
            // What is kept goes first; the run's statements are one journal entry, given the
            // count the batch kept and closed as it commits.
            try batch.flush(session)
            if batch.journalOpen {
                try session.run("SELECT set_config('sched.journal_statements', \(String(batch.statements)), true)")
            }
            try PostgresTransaction(session: session).endJournalEntry()
        } catch {
            throw PostgresStore.failure(store.location, error)
        }
        isOpen = false
        defer { store.writeGate.release() }
        try store.commit(session, cache: store.writerCache)
    }

    func rollback() {
        guard isOpen else { return }
        isOpen = false
        store.writerCache.clear()
        store.rollBack(session)
        store.writeGate.release()
    }
}

/// Connections kept open between transactions, a few at most.
final class PostgresSessionPool: @unchecked Sendable {
    private let location: PostgresLocation
    private let schema: String?
    private let lock = NSLock()
    // Guarded by `lock`.
    private var idle: [PostgresSession] = []
    /// More idle connections than this are closed as they come back.
    private static let kept = 8

    init(location: PostgresLocation, schema: String?) {
        self.location = location
        self.schema = schema
    }

    /// An idle session, else a new one, and whether it came from the pool; `fresh` always
    /// connects anew (after a lost connection the others in the pool are likely gone too, and
    /// are dropped).
    func take(fresh: Bool = false) throws -> (session: PostgresSession, pooled: Bool) {
        if fresh {
            closeAll()
        } else if let session = lock.withLock({ idle.popLast() }) {
            return (session, true)
        }
        return (try PostgresSession(location, schema: schema), false)
    }

    func give(_ session: PostgresSession) {
        guard !session.connection.isClosed else { return }
        session.lastUsed = .now
        let kept = lock.withLock {
            guard idle.count < Self.kept else { return false }
            idle.append(session)
            return true
        }
        if !kept { session.close() }
    }

    func closeAll() {
        let sessions = lock.withLock {
            defer { idle = [] }
            return idle
        }
        for session in sessions { session.close() }
    }
}

/// What the programs that link this store give `DatabaseLocation` to open `postgres://` locations.
public struct PostgresStoreOpener: ServerStoreOpener {
    public init() {}

    public func open(_ location: PostgresLocation, defaultZone: HomeZone) throws -> any Store {
        try PostgresStore(location: location, defaultZone: defaultZone)
    }

    public func temporary(_ location: PostgresLocation, defaultZone: HomeZone) throws -> any Store {
        try PostgresStore.temporary(location: location, defaultZone: defaultZone)
    }
}
