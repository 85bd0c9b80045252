/// Where appointments, availability and settings are kept; hides the database from the services.
///
/// Every backend keeps these promises, which the store conformance suite checks:
/// - `write` transactions, and a `StoreRun` from `begin` to its end, are serialised with every
///   other writer: a check-then-insert of overlapping bookings inside one of them cannot
///   interleave with another's, so two overlapping booked appointments can never both commit.
///   `book` transactions are serialised with those, and with each other where the times they
///   lock (`StoreTransaction.lockBooking`) are near enough for one to bear on the other's checks.
/// - What a transaction writes is seen by nobody else until it commits, and not at all if it
///   fails or is rolled back.
/// - `read` sees only committed data, and one consistent state of it.
/// - No flag on the store changes what another caller gets: a transaction is a value its owner
///   passes on explicitly.
public protocol Store: StoreAccess {
    /// Opens a transaction that its caller owns and hands round: a whole `--atomic` run. Other
    /// writers wait for it to end (and give up as they would for another process's lock).
    func begin() throws -> any StoreRun
    /// Moves what this process has written into the database itself, where a store keeps it
    /// elsewhere first (SQLite's write-ahead log); never fails, and costs nothing when nothing
    /// was written.
    func checkpoint()
    /// Hands the whole database, as one consistent state, to `sink`: the tables of
    /// `StoreCopy.tables` in order, then the journal's rows, each table's count before its rows.
    func copyOut(to sink: any StoreCopySink) throws
    /// Fills this database from what `source` hands the sink it is given, in one transaction:
    /// refused when it holds more than a fresh database's defaults, which the copy replaces,
    /// and undone whole unless every table then holds the rows the source counted. Gives the
    /// count of each table's rows.
    func copyIn(_ source: (any StoreCopySink) throws -> Void) throws -> [String: Int]
    /// A write that books and changes nothing but appointments, their journal and outbox:
    /// as `write`, but a store may run it beside other such writes, each having locked the time
    /// it books with `StoreTransaction.lockBooking` before it checks anything. A store whose
    /// writers go one at a time gives a `write`.
    func book<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
}

extension Store {
    public func checkpoint() {}

    public func book<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try write(body)
    }
}

/// What services read and write through: the store, each call its own transaction, or one
/// transaction that the services' caller owns (`Joined`).
public protocol StoreAccess: Sendable {
    /// Runs `body` in a transaction that sees only committed data and writes nothing.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Runs `body` in a write transaction; commits if it returns, undoes everything if it throws.
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
}

/// Writes through another access, each one recorded as a journal entry for `statement`.
public struct Journaled: StoreAccess {
    public let access: any StoreAccess
    /// Asked only when an entry starts: inside a run's entry the text is not kept.
    public let statement: @Sendable () -> String
    public let clock: any Clock

    public init(_ access: any StoreAccess, statement: @escaping @Sendable () -> String, clock: any Clock) {
        self.access = access
        self.statement = statement
        self.clock = clock
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try access.read(body)
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try access.write { tx in
            try tx.beginJournalEntry(statement: statement, at: clock.now)
            let result = try body(tx)
            try tx.endJournalEntry()
            return result
        }
    }
}

/// One transaction held open across many steps by the caller that began it.
public protocol StoreRun: AnyObject, Sendable {
    /// Runs `body` inside the transaction. If it throws, what it wrote is undone and the
    /// transaction goes on, so a failed statement leaves the run as it was.
    func step<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Commits; if the commit fails the run stays open, to be rolled back.
    func commit() throws
    /// Undoes everything; does nothing once the run has ended.
    func rollback()
}

/// A transaction its owner already holds, lent to services: their reads and writes join it,
/// and its owner commits, or rolls back what a failing call wrote. A service that goes on
/// after a write of its own has thrown undoes that write itself (`StoreTransaction.savepoint`).
public struct Joined: StoreAccess, @unchecked Sendable {
    // Used only inside the owner's transaction body, on the owner's thread.
    public let transaction: any StoreTransaction

    public init(_ transaction: any StoreTransaction) {
        self.transaction = transaction
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try body(transaction)
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try body(transaction)
    }
}
