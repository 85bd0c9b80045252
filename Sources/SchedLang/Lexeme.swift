/// A token as the parser reads it: its kind, its values and where it stands, with no text of its
/// own. Words, strings, variables and UUIDs are read from the source bytes when asked for, and a
/// lexical error's message is kept by the lexer, so a lexeme holds no references and copies as
/// plain bytes. `Token` is the same token with its text made, for completion and redaction.
struct Lexeme {
    var kind: LexemeKind
    var range: SourceRange
    /// For a word, whether a letter is upper case; for a string, whether escapes or non-ASCII
    /// bytes stand between the quotes, so its value must be decoded, not copied.
    var flag = false

    var length: Int { range.end.offset - range.start.offset }
}

/// The kinds of lexeme: those of `TokenKind`, with the text-bearing ones left bare.
enum LexemeKind: Equatable {
    case word
    case string
    case integer(Int)
    case date(DateLiteral)
    case time(TimeLiteral)
    case dateTime(DateLiteral, TimeLiteral, offsetSeconds: Int?)
    case duration(Int)
    /// `1st`, `2nd`, `3rd`, `4th`: a day of the month or a position in it.
    case ordinal(Int)
    case variable
    case uuid
    case comma, semicolon, dot, minus, equals
    case leftBracket, rightBracket
    case comparison(ComparisonOperator)
    case newline
    case endOfInput
    /// Text the lexer could not read; `Lexer.problem(of:)` says why.
    case invalid
}

/// A lexical error, kept until the parser is done with its token.
struct LexicalProblem {
    /// Where the invalid token's range starts (its key).
    var offset: Int
    /// Where its text starts and ends: for a bad escape, the range is the escape's and the text
    /// the whole string's.
    var textStart: Int
    var textEnd: Int
    var message: ParseMessage
}

extension Lexer {
    /// The source text of a lexeme, as written.
    func text(of lexeme: Lexeme) -> String {
        var text = lexeme.range.start.offset..<lexeme.range.end.offset
        if lexeme.kind == .invalid, let problem = problem(of: lexeme) { text = problem.textStart..<problem.textEnd }
        return String(decoding: bytes[text], as: UTF8.self)
    }

    /// The word in lower case, or nil when the lexeme is not a word.
    func word(of lexeme: Lexeme) -> String? {
        guard case .word = lexeme.kind else { return nil }
        let text = text(of: lexeme)
        return lexeme.flag ? text.lowercased() : text
    }

    /// Whether the lexeme is the word `keyword` (written in lower case), in any case.
    func isWord(_ lexeme: Lexeme, _ keyword: StaticString) -> Bool {
        let count = lexeme.length
        guard count == keyword.utf8CodeUnitCount, case .word = lexeme.kind else { return false }
        let expected = keyword.utf8Start
        return bytes.withUnsafeBufferPointer { buffer in
            let written = buffer.baseAddress! + lexeme.range.start.offset
            for index in 0..<count {
                var byte = written[index]
                if lexeme.flag, byte &- UInt8(ascii: "A") < 26 { byte |= 0x20 }
                if byte != expected[index] { return false }
            }
            return true
        }
    }

    /// Whether the lexeme is a word among `keywords`.
    func isWord(_ lexeme: Lexeme, in keywords: [String]) -> Bool {
        guard let word = word(of: lexeme) else { return false }
        return keywords.contains(word)
    }

    /// The value of a string, escapes decoded; nil when the lexeme is not a string.
    func stringValue(of lexeme: Lexeme) -> String? {
        guard case .string = lexeme.kind else { return nil }
        let inside = (lexeme.range.start.offset + 1)..<(lexeme.range.end.offset - 1)
        guard lexeme.flag else { return String(decoding: bytes[inside], as: UTF8.self) }
        // The lexer has checked every escape and every byte: only the four escapes remain.
        var value: [UInt8] = []
        value.reserveCapacity(inside.count)
        var escaped = false
        for byte in bytes[inside] {
            if escaped {
                escaped = false
                switch byte {
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
                default: value.append(byte)
                }
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                value.append(byte)
            }
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// The name of a variable, without its `$`; nil when the lexeme is not a variable.
    func variableName(of lexeme: Lexeme) -> String? {
        guard case .variable = lexeme.kind else { return nil }
        return String(decoding: bytes[(lexeme.range.start.offset + 1)..<lexeme.range.end.offset], as: UTF8.self)
    }

    /// A UUID written bare, in lower case; nil when the lexeme is not one.
    func uuid(of lexeme: Lexeme) -> String? {
        guard case .uuid = lexeme.kind else { return nil }
        return text(of: lexeme).lowercased()
    }

    /// Why an invalid lexeme could not be read; nil for any other.
    func lexicalError(of lexeme: Lexeme) -> ParseMessage? {
        guard case .invalid = lexeme.kind else { return nil }
        return problem(of: lexeme)?.message ?? .unexpectedCharacter("?")
    }

    /// The token of a lexeme, with its text and values made.
    func token(of lexeme: Lexeme) -> Token {
        let kind: TokenKind = switch lexeme.kind {
        case .word: .word(word(of: lexeme) ?? "")
        case .string: .string(stringValue(of: lexeme) ?? "")
        case .integer(let value): .integer(value)
        case .date(let date): .date(date)
        case .time(let time): .time(time)
        case .dateTime(let date, let time, let offset): .dateTime(date, time, offsetSeconds: offset)
        case .duration(let minutes): .duration(minutes)
        case .ordinal(let value): .ordinal(value)
        case .variable: .variable(variableName(of: lexeme) ?? "")
        case .uuid: .uuid(uuid(of: lexeme) ?? "")
        case .comma: .comma
        case .semicolon: .semicolon
        case .dot: .dot
        case .minus: .minus
        case .equals: .equals
        case .leftBracket: .leftBracket
        case .rightBracket: .rightBracket
        case .comparison(let comparison): .comparison(comparison)
        case .newline: .newline
        case .endOfInput: .endOfInput
        case .invalid: .invalid(lexicalError(of: lexeme)!)
        }
        return Token(kind: kind, range: lexeme.range, text: text(of: lexeme))
    }
}
