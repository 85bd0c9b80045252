import Foundation
import SchedCore
import SchedStores

/// Where `sched login` keeps session tokens between calls: `$XDG_STATE_HOME/sched/session`
/// (`~/.local/state/sched/session`), mode 0600, one token per database (`DatabaseLocation.sessionKey`).
struct LoginTokenFile {
    let path: String

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = (StateDirectory.path(environment) as NSString).appendingPathComponent("session")
    }

    /// The token kept for a database, if any.
    func token(for database: String) -> SessionToken? {
        entries()[database].map(SessionToken.init(value:))
    }

    /// The file `store` locks around its read and write.
    var lockFile: String { path + ".lock" }

    /// Keeps (or, with nil, forgets) the token for a database. The file is read, changed and
    /// written under a lock, so logins to other databases at the same moment keep theirs.
    func store(_ token: SessionToken?, for database: String) throws {
        let written = try StateDirectory.withLock(lockFile) {
            var all = entries()
            all[database] = token?.value
            let data = try JSONSerialization.data(withJSONObject: all, options: [.sortedKeys, .withoutEscapingSlashes])
            return StateDirectory.write(data, to: path)
        }
        guard written == true else { throw SchedError.sessionFileUnwritable(path) }
    }

    private func entries() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: String]
        else { return [:] }
        return object
    }
}
