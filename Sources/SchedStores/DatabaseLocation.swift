import Foundation
import SchedCore
import SchedPostgres
import SchedSQLite

/// Where the database is, as `--db` or `$SCHED_DB` give it: the one place that reads a
/// location, chooses the store behind it and names it for the session file and for messages.
public enum DatabaseLocation {
    /// A SQLite file; `named` when `--db` or `$SCHED_DB` gave it rather than sched's default,
    /// whose directories sched may create.
    case file(path: String, named: Bool)
    /// A server's URL (`postgres://…`), which this build has no store for; kept with its
    /// password masked.
    case server(masked: String)

    /// `--db`, else `$SCHED_DB`, else `$XDG_DATA_HOME/sched/sched.db`, else
    /// `~/.local/share/sched/sched.db`. A leading `~/` is expanded; a relative `$XDG_DATA_HOME`
    /// is ignored, as the XDG specification asks.
    public static func resolve(explicit: String?, environment: [String: String]) -> DatabaseLocation {
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        if let given = nonEmpty(explicit) ?? nonEmpty(environment["SCHED_DB"]) {
            if PostgresLocation.names(given) {
                return .server(masked: PostgresLocation.mask(given))
            }
            return .file(path: expandingTilde(given, home: home), named: true)
        }
        let dataHome = nonEmpty(environment["XDG_DATA_HOME"]).flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (home as NSString).appendingPathComponent(".local/share")
        return .file(path: (dataHome as NSString).appendingPathComponent("sched/sched.db"), named: false)
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
        case .server(let masked): masked
        }
    }

    /// The key a login is kept under: one per database however its location is written
    /// (`sched.db`, `./sched.db`, a link to it).
    public var sessionKey: String {
        switch self {
        case .file(let path, _): URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        case .server(let masked): masked
        }
    }

    /// Opens (creating and migrating when needed) the store behind the location.
    public func open() throws -> any Store {
        switch self {
        case .file(let path, let named):
            return try SQLiteStore(path: path, defaultZone: .system(), createsDirectory: !named)
        case .server(let masked):
            throw SchedError.serverStoreUnsupported(masked)
        }
    }
}
