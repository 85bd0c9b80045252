/// Keeps passwords out of everything that shows source text: diagnostics, history, logs.
public enum Redaction {
    /// The strings written after a word that is, or looks like, `password` (an unterminated one
    /// too), whether or not the statement around them parses.
    public static func secretRanges(in tokens: [Token]) -> [SourceRange] {
        var ranges: [SourceRange] = []
        var passwordWord: Token?
        for token in tokens {
            switch token.kind {
            case .string, .invalid:
                // From the end of the word: a malformed string's token may start inside it.
                if let word = passwordWord { ranges.append(SourceRange(start: word.range.end, end: token.range.end)) }
                passwordWord = nil
            case .word(let word):
                passwordWord = Suggestion.editDistance(word, "password") <= 2 ? token : nil
            default:
                passwordWord = nil
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
