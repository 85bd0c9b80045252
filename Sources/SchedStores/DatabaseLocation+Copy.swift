import Foundation
import SchedCore
import SchedSQLite

extension DatabaseLocation {
    /// Copies everything `source` holds into the database here, in one transaction whose counts
    /// are checked against the source's: a new SQLite file (never one that exists, and removed
    /// again if the copy fails), or a PostgreSQL database that holds no schedule yet. Gives
    /// each table's count of rows.
    public func copy(from source: any Store) throws -> [String: Int] {
        switch self {
        case .file(let path, _):
            guard !FileManager.default.fileExists(atPath: path) else { throw SchedError.copyTargetExists(path) }
            return try SQLiteStore.creatingNew(at: path) { target in
                try target.copyIn { sink in try source.copyOut(to: sink) }
            }
        case .server:
            return try open().copyIn { sink in try source.copyOut(to: sink) }
        }
    }

    /// `sched backup FILE`: SQLite's own online backup of a file, or a copy of a PostgreSQL
    /// database into a new SQLite file.
    public static func backup(_ store: any Store, to path: String) throws {
        if let file = store as? SQLiteStore {
            try file.backup(to: path)
        } else {
            guard !FileManager.default.fileExists(atPath: path) else { throw SchedError.backupTargetExists(path) }
            _ = try DatabaseLocation.file(path: path, named: true).copy(from: store)
        }
    }
}
