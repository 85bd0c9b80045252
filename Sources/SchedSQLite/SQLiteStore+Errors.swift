import Foundation
import GRDB
import SchedCore

extension SQLiteStore {
    /// Runs `body`, turning database errors into `SchedError`s: busy, locked, read-only, full
    /// and unopenable databases are `unavailable`, anything else a failed transaction. Messages
    /// carry SQLite's own text, never the SQL or its bound values. What the caller's own work
    /// in the transaction throws passes through as it is.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw schedError(for: error)
        }
    }

    static func schedError(for error: DatabaseError) -> SchedError {
        if let detail = unavailableDetail(error.resultCode) {
            return .databaseUnavailable(detail)
        }
        return .sqliteFailure(error.message, code: Int(error.resultCode.rawValue))
    }

    private static func unavailableDetail(_ code: ResultCode) -> String? {
        switch code {
        case .SQLITE_BUSY: "database is locked by another process"
        case .SQLITE_LOCKED: "database table is locked"
        case .SQLITE_READONLY: "database is read-only"
        case .SQLITE_FULL: "disk is full"
        case .SQLITE_CANTOPEN: "cannot open the database file"
        case .SQLITE_NOTADB: "file is not a database"
        case .SQLITE_IOERR: "disk I/O error"
        case .SQLITE_CORRUPT: "database disk image is malformed"
        case .SQLITE_PERM: "access permission denied"
        default: nil
        }
    }
}
