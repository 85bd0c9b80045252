import GRDB
import SchedCore

extension SQLiteStore {
    /// Copies the database into a new file at `destination` (mode 0600) with SQLite's online
    /// backup: one consistent snapshot, log included, even while other processes write. An
    /// existing file is never replaced, and a copy that fails half-way is removed.
    public func backup(to destination: String) throws {
        try requireOpenedFile()
        try DatabaseFile.createExclusively(destination)
        do {
            let copy = try DatabaseQueue(path: destination)
            try pool.backup(to: copy)
            try copy.close()
        } catch {
            DatabaseFile.remove(destination)
            if let error = error as? DatabaseError {
                throw SchedError.fileUnwritable(destination, reason: error.message ?? "SQLite error \(error.resultCode.rawValue)")
            }
            throw error
        }
    }
}
