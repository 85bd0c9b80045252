/// Keeps passwords and API keys out of everything that shows source text: diagnostics, history,
/// logs.
public enum Redaction {
    /// What a secret is shown as, whatever its length, so that the mask tells nothing of it.
    public static let mask = "***"

    /// The secrets of the text, whether or not the statements around them parse:
    /// - everything written after a word that is, or looks like, `password`, to the end of the
    ///   statement, quoted or not (an unterminated string too);
    /// - in a statement with a word that is or looks like `calcom` or `connect`, whatever is
    ///   written after a word that is or looks like `key` (a quoted key, or one written bare)
    ///   but `file`, and every string but those after `url`, `event-type` and `key file`, since a
    ///   key may be written without its `key`;
    /// - anywhere, a string that looks like a Cal.com key (`"cal_…"`), and in a `calcom`
    ///   statement a word that does.
    ///
    /// A password or a key may also reach its statement through a variable (`let p = "…"` …
    /// `password $p`, `key $p`): the string such a variable is bound to is a secret too.
    static func secrets(in tokens: [Token]) -> [Secret] {
        var secrets: [Secret] = []
        var secretVariables: Set<String> = []
        var scan = Scan()
        for token in tokens {
            let guarded = scan.afterPassword || scan.keyWord != nil
            switch token.kind {
            case .string(let value):
                if guarded || (scan.inCalcom && !scan.afterPlainClause) || looksLikeKey(value) {
                    secrets.append(Secret(range: token.range))
                }
            case .invalid:
                // A malformed string's token may start inside it, and it has no reliable end:
                // the secret runs from the token before to the end of the line.
                if guarded || (scan.inCalcom && !scan.afterPlainClause)
                    || looksLikeKey(token.text) || looksLikeKey(String(token.text.dropFirst())) {
                    let start = scan.previousEnd ?? token.range.start
                    secrets.append(Secret(range: SourceRange(start: start, end: token.range.end), runsToLineEnd: true))
                }
            case .variable(let name):
                if guarded { secretVariables.insert(name.lowercased()) }
            case .word(let word):
                // `key file "PATH"` names where the key is, which is no secret.
                let isClause = Keywords.calcomConnectClauses.contains { $0.hasPrefix(word) }
                    || (scan.keyWord != nil && word == "file")
                if scan.afterPassword || (scan.keyWord != nil && !isClause) || (scan.inCalcom && looksLikeKey(word)) {
                    secrets.append(Secret(range: token.range))
                }
            case .newline, .semicolon, .endOfInput:
                break
            default:
                if guarded { secrets.append(Secret(range: token.range)) }
            }
            scan.advance(past: token)
        }
        return secrets + bindings(of: secretVariables, in: tokens)
    }

    /// A secret's place in the text.
    struct Secret {
        var range: SourceRange
        /// Set for a malformed string, whose end the lexer cannot tell.
        var runsToLineEnd = false
    }

    /// Where the scan of the tokens stands.
    private struct Scan {
        /// After a `password` word, up to the end of its statement.
        var afterPassword = false
        /// A `key` word of a `calcom` statement, when it is the token just before.
        var keyWord: Token?
        var inCalcom = false
        /// Whether the token just before is `url`, the `type` of `event-type` or the `file` of
        /// `key file`, whose strings are not secret.
        var afterPlainClause = false
        var previousEnd: SourceLocation?

        mutating func advance(past token: Token) {
            let word = token.word
            if let word, isPasswordWord(word) { afterPassword = true }
            afterPlainClause = word == "url" || word == "type" || (keyWord != nil && word == "file")
            keyWord = word.flatMap { inCalcom && isKeyWord($0) ? token : nil }
            switch token.kind {
            case .newline, .semicolon:
                inCalcom = false
                afterPassword = false
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
    private static func bindings(of names: Set<String>, in tokens: [Token]) -> [Secret] {
        guard !names.isEmpty, tokens.count >= 4 else { return [] }
        var secrets: [Secret] = []
        for index in 0..<(tokens.count - 3) where tokens[index].isWord("let") {
            let name: String? = switch tokens[index + 1].kind {
            case .word: tokens[index + 1].text.lowercased()
            case .variable(let variable): variable.lowercased()
            default: nil
            }
            guard let name, names.contains(name), tokens[index + 2].kind == .equals else { continue }
            switch tokens[index + 3].kind {
            case .string:
                secrets.append(Secret(range: tokens[index + 3].range))
            case .invalid:
                secrets.append(Secret(range: SourceRange(start: tokens[index + 2].range.end, end: tokens[index + 3].range.end),
                                      runsToLineEnd: true))
            default:
                continue
            }
        }
        return secrets
    }

    /// Whether text holds a secret, so that it is never stored (in the REPL's history, say).
    public static func containsSecret(_ file: SourceFile) -> Bool {
        !secrets(in: Lexer.tokenize(file)).isEmpty
    }

    /// The file as diagnostics show it, every secret masked.
    public static func redacting(_ file: SourceFile) -> RedactedSource {
        RedactedSource(file, secrets: secrets(in: Lexer.tokenize(file)))
    }
}
