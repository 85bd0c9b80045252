import Foundation
import SchedCore
import SchedSQLite

/// The one place the command-line tests reach past the binary into the library.
extension Sandbox {
    /// PBKDF2 rounds of the password hash `storeUser(in:)` writes; sched's own are 600,000.
    static let storedUserHashIterations = 1_000

    /// Stores the sandbox's user in `database` (created if missing) through sched's library,
    /// as `sched init` would store it but hashed with 1,000 PBKDF2 rounds. The stored hash
    /// names its rounds, so the binary's logins check it just as cheaply. A new database starts
    /// in UTC, the zone every sandboxed run sees.
    static func storeUser(in database: URL) throws {
        let store = try SQLiteStore(path: database.path, defaultZone: .utc, createsDirectory: false)
        let auth = AuthService(store: store, clock: SystemClock(), hashIterations: storedUserHashIterations)
        _ = try auth.createUser(name: user, password: password)
    }
}
