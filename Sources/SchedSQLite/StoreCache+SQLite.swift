import GRDB
import SchedCore

extension StoreCache {
    /// Starts over if another connection has committed since the last call: SQLite's
    /// `data_version` changes exactly then. Called first thing in each transaction that holds
    /// the write lock.
    func validate(_ db: Database) throws {
        validate(generation: try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")))
    }
}
