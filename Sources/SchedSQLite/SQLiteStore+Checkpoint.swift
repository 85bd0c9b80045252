import GRDB
import SchedCore

extension SQLiteStore {
    /// Copies what this process wrote from the write-ahead log into the database file and
    /// empties the log, so that the file alone holds every committed change and a copy of it
    /// is a complete backup. Costs nothing when this process has written nothing since the
    /// last checkpoint, and is left for later while a run is open. While another
    /// process reads or writes, the checkpoint is busy; it is then left, without waiting, to
    /// whichever process writes last.
    ///
    /// When the file at the path was deleted or replaced, the log there still belongs to the
    /// file this store opened, and the next process to open the path would replay it into the
    /// new file: it is then emptied into the old file however little this process wrote.
    public func checkpoint() {
        // An open run keeps its log until it ends; the checkpoint is then left for later.
        guard writeGate.acquire(timeout: 0) else { return }
        defer { writeGate.release() }
        let fileMoved = (try? requireOpenedFile()) == nil
        try? pool.writeWithoutTransaction { db in
            // Rows changed by this connection since it opened: every write goes through it.
            let changes = db.totalChangesCount
            guard changes != changesAtCheckpoint || fileMoved else { return }
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(Self.busyTimeout * 1000))") }
            try db.checkpoint(.truncate)
            changesAtCheckpoint = changes
        }
    }
}
