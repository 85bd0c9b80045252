/// Where appointments, availability and settings are kept; hides the database from the services.
public protocol Store: Sendable {
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// One `BEGIN IMMEDIATE` transaction, or a savepoint when an atomic run is open.
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Opens the transaction that a whole `--atomic` run lands in.
    func beginAtomic() throws
    func commitAtomic() throws
    func rollbackAtomic() throws
    /// Runs `body`, with every read and write it makes, in one `BEGIN IMMEDIATE` transaction
    /// (inside an atomic run, in the run's). One statement's session check, zone and booking then
    /// cost one transaction instead of three.
    func inOneTransaction<T>(_ body: () throws -> T) throws -> T
    /// Moves what this process has written into the database file itself, where a store keeps
    /// it elsewhere first (SQLite's write-ahead log); never fails, and costs nothing when
    /// nothing was written.
    func checkpoint()
}

extension Store {
    public func inOneTransaction<T>(_ body: () throws -> T) throws -> T { try body() }
    public func checkpoint() {}
}
