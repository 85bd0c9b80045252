import Foundation
import SchedCore

extension SQLiteStore {
    /// Where the database lives: `--db`, else `$SCHED_DB`, else `$XDG_DATA_HOME/sched/sched.db`,
    /// else `~/.local/share/sched/sched.db`. A leading `~/` is expanded; a relative
    /// `$XDG_DATA_HOME` is ignored, as the XDG specification asks.
    public static func resolvePath(explicit: String?, environment: [String: String]) -> String {
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        if let explicit = nonEmpty(explicit) {
            return expandingTilde(explicit, home: home)
        }
        if let fromEnvironment = nonEmpty(environment["SCHED_DB"]) {
            return expandingTilde(fromEnvironment, home: home)
        }
        let dataHome = nonEmpty(environment["XDG_DATA_HOME"]).flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (home as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("sched/sched.db")
    }

    /// Whether the path was named (`--db` or `$SCHED_DB`) rather than sched's default location,
    /// whose directories sched may create.
    public static func isNamedPath(explicit: String?, environment: [String: String]) -> Bool {
        nonEmpty(explicit) != nil || nonEmpty(environment["SCHED_DB"]) != nil
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    private static func expandingTilde(_ path: String, home: String) -> String {
        if path == "~" {
            return home
        }
        guard path.hasPrefix("~/") else { return path }
        return (home as NSString).appendingPathComponent(String(path.dropFirst(2)))
    }
}
