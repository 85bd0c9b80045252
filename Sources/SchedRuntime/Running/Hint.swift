import Foundation

/// The next step an error points to, in one place: shown under the error on a terminal, and
/// in the `hint` of a JSON error.
public enum Hint {
    /// What to do after `Authentication required` or `Token has expired`.
    public struct LogIn: Sendable {
        /// For a database whose user has this name.
        public let logIn: @Sendable (_ user: String) -> String
        /// For a database that has no user yet.
        public let createUser: String
    }

    /// From a shell: `sched login`, or `sched init`, naming the database when `--db` did.
    public static func commandLine(database: String?) -> LogIn {
        // Double quotes: the hint itself stands in single ones.
        let named = database.map { " --db " + doubleQuoted($0) } ?? ""
        return LogIn(logIn: { _ in "run 'sched login\(named)'" },
                     createUser: "run 'sched init --user NAME\(named)'")
    }

    /// At the prompt: the statements that do it there.
    public static let prompt = LogIn(logIn: { user in "log in with: login \"\(user)\"" },
                                     createUser: "create the user with: create user \"NAME\" password \"…\"")

    /// After a syntax error in statements given as separate arguments (`sched book Ann …`),
    /// whose quotes the shell has taken: the line again, in single quotes and with the word
    /// that should have been a string in double quotes.
    public static func quoteTheStatement(_ line: String) -> String {
        "the shell drops quotes; write the statement as one argument: sched " + shellQuoted(line)
    }

    /// `text` as a shell reads it back: bare when it is plain, else in double quotes.
    static func doubleQuoted(_ text: String) -> String {
        guard !isPlain(text) else { return text }
        var quoted = "\""
        for character in text {
            if "\"$`\\".contains(character) { quoted += "\\" }
            quoted.append(character)
        }
        return quoted + "\""
    }

    private static func isPlain(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+:,=@%".unicodeScalars.contains($0))
        }
    }

    /// `text` as a shell reads it back: bare when it is plain, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        isPlain(text) ? text : "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
