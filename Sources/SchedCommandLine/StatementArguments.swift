import SchedLang
import SchedRuntime

/// `sched list today` means `sched -c 'list today'`: when the first argument that is not an
/// option starts with a statement's keyword (and names no command: `login`, `logout` and
/// `history` stay commands), it and every argument after it are one statement, joined with spaces. The shell
/// has taken their quotes by then, so a syntax error in them says how to quote the statement.
struct StatementArguments {
    /// The command line to parse: as given, or with the statement moved into `-c`.
    let rewritten: [String]
    /// The next step for a syntax error in the joined statement.
    let syntaxHint: (@Sendable (Diagnostic) -> String?)?

    /// Options that take a value, which is then not the first argument.
    private static let valued: Set<String> = ["--db", "--user", "--session-ttl", "-c"]
    private static let commands: Set<String> = ["run", "check", "test", "init", "login", "logout", "manual", "backup", "copy", "history"]

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-"), arguments[index] != "-" {
            if arguments[index] == "-c" || arguments[index] == "--" {
                self.init(unchanged: arguments)
                return
            }
            index += Self.valued.contains(arguments[index]) ? 2 : 1
        }
        guard index < arguments.count,
              let first = arguments[index].split(whereSeparator: { $0 == " " || $0 == "\t" }).first?.lowercased(),
              Keywords.statements.contains(first), !Self.commands.contains(first)
        else {
            self.init(unchanged: arguments)
            return
        }
        let statement = arguments[index...].joined(separator: " ")
        self.init(rewritten: Array(arguments[..<index]) + ["-c", statement],
                  syntaxHint: { diagnostic in Hint.quoteTheStatement(Self.quoting(diagnostic.range, in: statement)) })
    }

    private init(unchanged arguments: [String]) {
        self.init(rewritten: arguments, syntaxHint: nil)
    }

    private init(rewritten: [String], syntaxHint: (@Sendable (Diagnostic) -> String?)?) {
        self.rewritten = rewritten
        self.syntaxHint = syntaxHint
    }

    /// The statement with the word at `range` in double quotes, when a bare word is there: the
    /// likeliest string the shell unquoted.
    static func quoting(_ range: SourceRange, in statement: String) -> String {
        let bytes = Array(statement.utf8)
        var start = max(0, min(range.start.offset, bytes.count))
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: " ") { end += 1 }
        guard end > start, bytes[start] != UInt8(ascii: "\"") else { return statement }
        while start > 0, bytes[start - 1] != UInt8(ascii: " ") { start -= 1 }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        // Names, zones (`Europe/Berlin`) and addresses; not numbers, dates or times.
        guard word.unicodeScalars.first?.properties.isAlphabetic == true,
              word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || "-'./_@+0123456789".unicodeScalars.contains($0) })
        else {
            return statement
        }
        return String(decoding: bytes[..<start], as: UTF8.self) + "\"" + word + "\"" + String(decoding: bytes[end...], as: UTF8.self)
    }
}
