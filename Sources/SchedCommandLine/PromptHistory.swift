import Foundation
import SchedLang

/// The prompt's history: `$XDG_STATE_HOME/sched/history`, one entry per line, oldest first,
/// mode 0600, the newest `limit` entries kept. An entry that carries a password is never
/// added; nor is a `let` whose string is later used as a password, nor the entry using it.
struct PromptHistory {
    let path: String
    let limit: Int
    private(set) var entries: [String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment, limit: Int = 1000) {
        path = (StateDirectory.path(environment) as NSString).appendingPathComponent("history")
        self.limit = limit
        // Tightened now, not only at the first save: a session that adds nothing saves nothing.
        StateDirectory.tighten((path as NSString).deletingLastPathComponent)
        StateDirectory.tighten(path)
        let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        entries = Array(text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).suffix(limit))
    }

    /// What `add` did to the entries.
    enum Change {
        case unchanged
        /// The entry went on the end.
        case appended
        /// Earlier entries were taken out.
        case rewritten
    }

    /// Adds `entry` unless it carries a secret.
    mutating func add(_ entry: String) -> Change {
        guard !Self.isSecret(entry) else { return .unchanged }
        // `let p = "…"` and `login "admin" password $p` are harmless apart and a secret together:
        // neither is kept. Only an entry with a variable or a `let` can complete such a pair.
        if entry.contains("$") || entry.lowercased().contains("let") {
            let before = entries.count
            entries.removeAll { earlier in Self.isSecret(earlier + "\n" + entry) }
            if entries.count != before { return .rewritten }
        }
        guard entries.last != entry else { return .unchanged }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return .appended
    }

    private static func isSecret(_ text: String) -> Bool {
        Redaction.containsSecret(SourceFile(name: "history", text: text))
    }

    /// Writes the entries out; a failure leaves the old file and is not worth stopping for.
    func save() {
        let text = entries.map { $0 + "\n" }.joined()
        _ = StateDirectory.write(Data(text.utf8), to: path)
    }
}
