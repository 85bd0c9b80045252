/// Keeps passwords and API keys out of everything that shows source text: diagnostics, history,
/// logs.
public enum Redaction {
    /// The secrets of the text, whether or not the statements around them parse:
    /// - the string written after a word that is, or looks like, `password` (an unterminated
    ///   one too);
    /// - in a statement with a word that is or looks like `calcom` or `connect`, whatever is
    ///   written after a word that is or looks like `key` (a quoted key, or one written bare),
    ///   and every string but those after `url` and `event-type`, since a key may be written
    ///   without its `key`;
    /// - anywhere, a string that looks like a Cal.com key (`"cal_…"`), and in a `calcom`
    ///   statement a word that does.
    ///
    /// A password or a key may also reach its statement through a variable (`let p = "…"` …
    /// `password $p`, `key $p`): the string such a variable is bound to is a secret too.
    public static func secretRanges(in tokens: [Token]) -> [SourceRange] {
        var ranges: [SourceRange] = []
        var secretVariables: Set<String> = []
        var scan = Scan()
        for token in tokens {
            // From the end of the token before: a malformed string's token may start inside it.
            let secret = SourceRange(start: scan.previousEnd ?? token.range.start, end: token.range.end)
            switch token.kind {
            case .string(let value):
                if scan.passwordWord != nil || scan.keyWord != nil || (scan.inCalcom && !scan.afterPlainClause)
                    || looksLikeKey(value) {
                    ranges.append(secret)
                }
            case .invalid:
                if scan.passwordWord != nil || scan.keyWord != nil || (scan.inCalcom && !scan.afterPlainClause)
                    || looksLikeKey(token.text) || looksLikeKey(String(token.text.dropFirst())) {
                    ranges.append(secret)
                }
            case .variable(let name):
                if scan.passwordWord != nil || scan.keyWord != nil { secretVariables.insert(name.lowercased()) }
            case .word(let word):
                let isClause = Keywords.calcomConnectClauses.contains { $0.hasPrefix(word) }
                if (scan.keyWord != nil && !isClause) || (scan.inCalcom && looksLikeKey(word)) {
                    ranges.append(secret)
                }
            case .newline, .semicolon, .endOfInput:
                break
            default:
                if scan.keyWord != nil { ranges.append(secret) }
            }
            scan.advance(past: token)
        }
        return ranges + bindings(of: secretVariables, in: tokens)
    }

    /// Where the scan of the tokens stands.
    private struct Scan {
        var passwordWord: Token?
        /// A `key` word of a `calcom` statement, when it is the token just before.
        var keyWord: Token?
        var inCalcom = false
        /// Whether the token just before is `url` or the `type` of `event-type`, whose strings
        /// are not secret.
        var afterPlainClause = false
        var previousEnd: SourceLocation?

        mutating func advance(past token: Token) {
            let word = token.word
            passwordWord = word.flatMap { isPasswordWord($0) ? token : nil }
            keyWord = word.flatMap { inCalcom && isKeyWord($0) ? token : nil }
            afterPlainClause = word == "url" || word == "type"
            switch token.kind {
            case .newline, .semicolon: inCalcom = false
            case .word(let word) where isCalcomWord(word): inCalcom = true
            default: break
            }
            previousEnd = token.range.end
        }
    }

    private static func isPasswordWord(_ word: String) -> Bool {
        Suggestion.editDistance(word, "password") <= 2
    }

    private static func isKeyWord(_ word: String) -> Bool {
        word.count >= 2 && Suggestion.editDistance(word, "key") <= 1
    }

    /// A word that is or looks like `calcom` or `connect`: either marks a statement whose text
    /// may hold a key, even when the other is misspelt beyond recognition.
    private static func isCalcomWord(_ word: String) -> Bool {
        Suggestion.editDistance(word, "calcom") <= 2 || Suggestion.editDistance(word, "connect") <= 2
    }

    /// Whether text starts the way a Cal.com API key does (`cal_live_…`, `cal_…`).
    static func looksLikeKey(_ text: String) -> Bool {
        text.lowercased().hasPrefix("cal_")
    }

    /// The strings bound by `let NAME = "…"` to the named variables.
    private static func bindings(of names: Set<String>, in tokens: [Token]) -> [SourceRange] {
        guard !names.isEmpty, tokens.count >= 4 else { return [] }
        var ranges: [SourceRange] = []
        for index in 0..<(tokens.count - 3) where tokens[index].isWord("let") {
            let name: String? = switch tokens[index + 1].kind {
            case .word: tokens[index + 1].text.lowercased()
            case .variable(let variable): variable.lowercased()
            default: nil
            }
            guard let name, names.contains(name), tokens[index + 2].kind == .equals else { continue }
            switch tokens[index + 3].kind {
            case .string, .invalid:
                ranges.append(SourceRange(start: tokens[index + 2].range.end, end: tokens[index + 3].range.end))
            default:
                continue
            }
        }
        return ranges
    }

    /// Whether text holds a secret, so that it is never stored (in the REPL's history, say).
    public static func containsSecret(_ file: SourceFile) -> Bool {
        !secretRanges(in: Lexer.tokenize(file)).isEmpty
    }

    /// The file with each secret masked by `*` from just after its opening quote (from its first
    /// character when it has none) to the end of its line (a malformed string has no reliable
    /// end), offsets unchanged.
    public static func redacting(_ file: SourceFile) -> SourceFile {
        let ranges = secretRanges(in: Lexer.tokenize(file))
        guard !ranges.isEmpty else { return file }
        var bytes = file.bytes
        for range in ranges {
            var index = range.start.offset
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { index += 1 }
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") {
                bytes[index] = UInt8(ascii: "*")
                index += 1
            }
        }
        return SourceFile(name: file.name, bytes: bytes)
    }
}
