import Foundation
import SchedCore
import SchedPostgres
import SchedSQLite

/// Opens PostgreSQL stores: the programs that link the PostgreSQL store (`sched`, `sched-serve`)
/// set `DatabaseLocation.serverStores` as they start, so that this module does not need it.
public protocol ServerStoreOpener: Sendable {
    /// The store in the database at `location`, created and migrated when needed.
    func open(_ location: PostgresLocation, defaultZone: HomeZone) throws -> any Store
    /// A fresh store of its own beside the data at `location`, gone when it is released.
    func temporary(_ location: PostgresLocation, defaultZone: HomeZone) throws -> any Store
}

/// Where the database is, as `--db` or `$SCHED_DB` give it: the one place that reads a
/// location, chooses the store behind it and names it for the session file and for messages.
public enum DatabaseLocation: Sendable {
    /// A SQLite file; `named` when `--db` or `$SCHED_DB` gave it rather than sched's default,
    /// whose directories sched may create.
    case file(path: String, named: Bool)
    /// A PostgreSQL database (`postgres://…`), read with the environment as libpq reads it, or
    /// why it could not be read (reported when it is opened).
    case server(Result<PostgresLocation, PostgresLocation.Invalid>, masked: String)

    /// What opens a `postgres://` location in this program; nil where the PostgreSQL store is
    /// not linked. Set once, before anything is opened.
    nonisolated(unsafe) public static var serverStores: (any ServerStoreOpener)?

    /// `--db`, else `$SCHED_DB`, else `$XDG_DATA_HOME/sched/sched.db`, else
    /// `~/.local/share/sched/sched.db`. A leading `~/` is expanded; a relative `$XDG_DATA_HOME`
    /// is ignored, as the XDG specification asks.
    public static func resolve(explicit: String?, environment: [String: String]) -> DatabaseLocation {
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        if let given = nonEmpty(explicit) ?? nonEmpty(environment["SCHED_DB"]) {
            if PostgresLocation.names(given) {
                let location = Result { () throws(PostgresLocation.Invalid) in
                    try PostgresLocation(url: given, environment: environment,
                                         passwordFile: passwordFile(environment: environment, home: home))
                }
                return .server(location, masked: PostgresLocation.mask(given))
            }
            return .file(path: expandingTilde(given, home: home), named: true)
        }
        let dataHome = nonEmpty(environment["XDG_DATA_HOME"]).flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (home as NSString).appendingPathComponent(".local/share")
        return .file(path: (dataHome as NSString).appendingPathComponent("sched/sched.db"), named: false)
    }

    /// The text of `$PGPASSFILE`, else `~/.pgpass`; as libpq does, a file that others may read
    /// is ignored.
    private static func passwordFile(environment: [String: String], home: String) -> String? {
        let path = nonEmpty(environment["PGPASSFILE"]) ?? (home as NSString).appendingPathComponent(".pgpass")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 == 0 else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    private static func expandingTilde(_ path: String, home: String) -> String {
        if path == "~" { return home }
        guard path.hasPrefix("~/") else { return path }
        return (home as NSString).appendingPathComponent(String(path.dropFirst(2)))
    }

    /// The location as banners and messages show it.
    public var shown: String {
        switch self {
        case .file(let path, _): path
        case .server(.success(let location), _): location.shown
        case .server(.failure, let masked): masked
        }
    }

    /// The key a login is kept under: one per database however its location is written
    /// (`sched.db`, `./sched.db`, a link to it).
    public var sessionKey: String {
        switch self {
        case .file(let path, _): URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        case .server: shown
        }
    }

    /// A fresh, empty store beside the location, gone when it is released: a temporary SQLite
    /// file, or a schema of its own in the PostgreSQL database. Never the data at the location.
    public func scratch(defaultZone: HomeZone) throws -> any Store {
        switch self {
        case .file:
            return try SQLiteStore.temporary(defaultZone: defaultZone)
        case .server(let parsed, let masked):
            let location = try Self.readable(parsed, masked)
            return try Self.opener(location).temporary(location, defaultZone: defaultZone)
        }
    }

    /// Opens (creating and migrating when needed) the store behind the location.
    public func open() throws -> any Store {
        switch self {
        case .file(let path, let named):
            return try SQLiteStore(path: path, defaultZone: .system(), createsDirectory: !named)
        case .server(let parsed, let masked):
            let location = try Self.readable(parsed, masked)
            return try Self.opener(location).open(location, defaultZone: .system())
        }
    }

    /// The location, or why it could not be read, with its password masked.
    private static func readable(_ parsed: Result<PostgresLocation, PostgresLocation.Invalid>,
                                 _ masked: String) throws -> PostgresLocation {
        switch parsed {
        case .success(let location): return location
        case .failure(let invalid): throw SchedError.databaseUnavailable("\(masked): \(invalid.description)")
        }
    }

    private static func opener(_ location: PostgresLocation) throws -> any ServerStoreOpener {
        guard let serverStores else { throw SchedError.serverStoreNotLinked(location.shown) }
        return serverStores
    }
}
