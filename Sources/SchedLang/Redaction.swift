/// Keeps passwords out of everything that shows source text: diagnostics, history, logs.
public enum Redaction {
    /// The strings written after a word that is, or looks like, `password` (an unterminated one
    /// too), whether or not the statement around them parses.
    ///
    /// A password may also reach `login` through a variable (`let p = "…"` … `password $p`): the
    /// string such a variable is bound to is a secret too.
    public static func secretRanges(in tokens: [Token]) -> [SourceRange] {
        var ranges: [SourceRange] = []
        var secretVariables: Set<String> = []
        var passwordWord: Token?
        for token in tokens {
            switch token.kind {
            case .string, .invalid:
                // From the end of the word: a malformed string's token may start inside it.
                if let word = passwordWord { ranges.append(SourceRange(start: word.range.end, end: token.range.end)) }
                passwordWord = nil
            case .variable(let name):
                if passwordWord != nil { secretVariables.insert(name.lowercased()) }
                passwordWord = nil
            case .word(let word):
                passwordWord = isPasswordWord(word) ? token : nil
            default:
                passwordWord = nil
            }
        }
        return ranges + bindings(of: secretVariables, in: tokens)
    }

    private static func isPasswordWord(_ word: String) -> Bool {
        Suggestion.editDistance(word, "password") <= 2
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

    /// The file with each secret masked by `*` from just after its opening quote to the end of
    /// its line (a malformed string has no reliable end), offsets unchanged.
    public static func redacting(_ file: SourceFile) -> SourceFile {
        let ranges = secretRanges(in: Lexer.tokenize(file))
        guard !ranges.isEmpty else { return file }
        var bytes = file.bytes
        for range in ranges {
            var index = range.start.offset
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            index = min(index + 1, bytes.count)
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") {
                bytes[index] = UInt8(ascii: "*")
                index += 1
            }
        }
        return SourceFile(name: file.name, bytes: bytes)
    }
}
