/// Where appointments, availability and settings are kept; hides the database from the services.
public protocol Store: Sendable {
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// One `BEGIN IMMEDIATE` transaction, or a savepoint when an atomic run is open.
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Opens the transaction that a whole `--atomic` run lands in.
    func beginAtomic() throws
    func commitAtomic() throws
    func rollbackAtomic() throws
}
