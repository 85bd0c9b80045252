import GRDB
import SchedCore

extension SQLiteStore {
    /// Copies the database into a new file at `destination` (mode 0600) with SQLite's online
    /// backup: one consistent snapshot, log included, even while other processes write. An
    /// existing file is never replaced, and a copy that fails or is killed half-way never
    /// leaves a file there (`DatabaseFile.createInPlace`).
    public func backup(to destination: String) throws {
        try requireOpenedFile()
        do {
            try DatabaseFile.createInPlace(of: destination, exists: SchedError.backupTargetExists) { partial in
                let copy = try DatabaseQueue(path: partial)
                try pool.backup(to: copy)
                try copy.close()
            }
        } catch let error as DatabaseError {
            throw SchedError.fileUnwritable(destination, reason: error.message ?? "SQLite error \(error.resultCode.rawValue)")
        }
    }
}
