import Foundation
import SchedCore

/// Where `sched login` keeps session tokens between calls: `$XDG_STATE_HOME/sched/session`
/// (`~/.local/state/sched/session`), mode 0600, one token per database path.
struct SessionFile {
    let path: String

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        path = ((state as NSString).appendingPathComponent("sched") as NSString).appendingPathComponent("session")
    }

    /// The token kept for a database, if any.
    func token(for database: String) -> SessionToken? {
        entries()[Self.key(for: database)].map(SessionToken.init(value:))
    }

    /// Keeps (or, with nil, forgets) the token for a database.
    func store(_ token: SessionToken?, for database: String) throws {
        var all = entries()
        all[Self.key(for: database)] = token?.value
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let data = try JSONSerialization.data(withJSONObject: all, options: [.sortedKeys, .withoutEscapingSlashes])
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw SchedError(.unavailable, "cannot write the session file \(path)")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw SchedError(.unavailable, "cannot write the session file \(path)")
        }
    }

    /// One key per database file however its path is written (`sched.db`, `./sched.db`, a link).
    static func key(for database: String) -> String {
        URL(fileURLWithPath: database).standardizedFileURL.resolvingSymlinksInPath().path
    }

    private func entries() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: String]
        else { return [:] }
        return object
    }
}
