import Foundation
import SchedCore
import SchedSQLite

extension DatabaseLocation {
    /// Copies everything `source` holds into the database here, in one transaction whose counts
    /// are checked against the source's: a new SQLite file (never one that exists, and there
    /// only once complete), or a PostgreSQL database that holds no schedule yet. Gives each
    /// table's count of rows.
    public func copy(from source: any Store) throws -> [String: Int] {
        switch self {
        case .file(let path, _):
            return try Self.copy(source, intoNew: path, exists: SchedError.copyTargetExists)
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
            _ = try copy(store, intoNew: path, exists: SchedError.backupTargetExists)
        }
    }

    private static func copy(_ source: any Store, intoNew path: String, exists: (String) -> SchedError) throws -> [String: Int] {
        try SQLiteStore.creatingNew(at: path, exists: exists) { target in
            try target.copyIn { sink in try source.copyOut(to: sink) }
        }
    }
}
