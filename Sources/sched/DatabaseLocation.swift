import Foundation
import SchedCore
import SchedSQLite

/// Where the database is, as `--db` or `$SCHED_DB` give it: the one place that reads a
/// location, chooses the store behind it and names it for the session file and for messages.
enum DatabaseLocation {
    /// A SQLite file; `named` when `--db` or `$SCHED_DB` gave it rather than sched's default,
    /// whose directories sched may create.
    case file(path: String, named: Bool)
    /// A server's URL (`postgres://…`), which this build has no store for; kept with its
    /// password masked.
    case server(masked: String)

    static func resolve(explicit: String?, environment: [String: String]) -> DatabaseLocation {
        let given = [explicit, environment["SCHED_DB"]].compactMap { $0 }.first { !$0.isEmpty }
        if let given, let scheme = URLComponents(string: given)?.scheme?.lowercased(),
           ["postgres", "postgresql"].contains(scheme) {
            return .server(masked: Self.maskingPassword(given))
        }
        return .file(path: SQLiteStore.resolvePath(explicit: explicit, environment: environment),
                     named: SQLiteStore.isNamedPath(explicit: explicit, environment: environment))
    }

    /// The location as banners and messages show it.
    var shown: String {
        switch self {
        case .file(let path, _): path
        case .server(let masked): masked
        }
    }

    /// The key a login is kept under: one per database however its location is written
    /// (`sched.db`, `./sched.db`, a link to it).
    var sessionKey: String {
        switch self {
        case .file(let path, _): URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        case .server(let masked): masked
        }
    }

    /// Opens (creating and migrating when needed) the store behind the location.
    func open() throws -> any Store {
        switch self {
        case .file(let path, let named):
            return try SQLiteStore(path: path, defaultZone: .system(), createsDirectory: !named)
        case .server(let masked):
            throw SchedError.databaseUnavailable(CommandLineText.serverLocationUnsupported(masked))
        }
    }

    /// `user:password@` becomes `user:***@`.
    private static func maskingPassword(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
