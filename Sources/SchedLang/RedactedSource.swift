/// A source file as diagnostics show it: each secret (see `Redaction`) drawn as a mask of fixed
/// width, in the excerpt and in the message, and the rest of the text as written, so that an
/// error later on the line still has its caret under the right place.
public struct RedactedSource: Sendable {
    /// The text with each secret's characters replaced by `*`, one for one, so that its lines
    /// and columns are the original's (its byte offsets are not).
    public let masked: SourceFile
    private let spans: [Span]
    /// The secrets as written, without their quotes, for masking messages that quote them.
    private let texts: Set<String>

    public var name: String { masked.name }

    /// A secret on the lines it covers; columns are 0-based, the end one past the last.
    private struct Span: Sendable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
        /// Where it starts and ends in the file's bytes.
        var startOffset: Int
        var endOffset: Int
        /// Written as a string: the mask keeps the opening quote, and the closing one when there is one.
        var quoted: Bool
        var closed: Bool
    }

    /// A file shown as it is: nothing in it is secret.
    public init(plain file: SourceFile) {
        self.init(masked: file, spans: [], texts: [])
    }

    private init(masked: SourceFile, spans: [Span], texts: Set<String>) {
        self.masked = masked
        self.spans = spans
        self.texts = texts
    }

    init(_ file: SourceFile, secrets: [Redaction.Secret]) {
        guard !secrets.isEmpty else {
            self.init(plain: file)
            return
        }
        var spans: [Span] = []
        var texts: Set<String> = []
        for secret in secrets {
            guard let span = Self.span(of: secret, in: file) else { continue }
            spans.append(span)
            let written = file.text(in: secret.range).trimmingWhitespaceScalars()
            let inner = written.hasPrefix("\"") ? String(written.dropFirst()) : written
            let bare = inner.hasSuffix("\"") && span.closed ? String(inner.dropLast()) : inner
            if !bare.isEmpty { texts.insert(bare) }
        }
        self.init(masked: Self.masking(file, spans),
                  spans: spans.sorted { ($0.startLine, $0.startColumn) < ($1.startLine, $1.startColumn) },
                  texts: texts)
    }

    /// Where a secret lies in lines and columns; a malformed string's runs to the end of its line.
    private static func span(of secret: Redaction.Secret, in file: SourceFile) -> Span? {
        let lineNumber = secret.range.start.line
        let line = Array(file.line(lineNumber).unicodeScalars)
        var startColumn = secret.range.start.column - 1
        var startOffset = secret.range.start.offset
        // The range of a malformed string starts after the token before it, blanks included.
        while startColumn < line.count, line[startColumn] == " " || line[startColumn] == "\t" {
            startColumn += 1
            startOffset += 1
        }
        guard startColumn < line.count || secret.range.end.line > lineNumber else { return nil }
        var endOffset = secret.range.end.offset
        if secret.runsToLineEnd {
            while endOffset < file.bytes.count, file.bytes[endOffset] != UInt8(ascii: "\n") { endOffset += 1 }
            if endOffset > startOffset, file.bytes[endOffset - 1] == UInt8(ascii: "\r") { endOffset -= 1 }
        }
        let quoted = startColumn < line.count && line[startColumn] == "\""
        return Span(startLine: lineNumber, startColumn: startColumn,
                    endLine: secret.runsToLineEnd ? lineNumber : secret.range.end.line,
                    endColumn: secret.runsToLineEnd ? line.count : secret.range.end.column - 1,
                    startOffset: startOffset, endOffset: endOffset,
                    // A string token ends at its closing quote; a malformed one has none.
                    quoted: quoted, closed: quoted && !secret.runsToLineEnd)
    }

    /// The file with each character of each span replaced by one `*` (line breaks kept), so
    /// that lines and columns stay; a walk over the bytes, as a long script may hold a secret.
    private static func masking(_ file: SourceFile, _ spans: [Span]) -> SourceFile {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(file.bytes.count)
        var index = 0
        for span in spans.sorted(by: { $0.startOffset < $1.startOffset }) where span.startOffset >= index {
            let end = min(span.endOffset, file.bytes.count)
            bytes += file.bytes[index..<min(span.startOffset, end)]
            for byte in file.bytes[min(span.startOffset, end)..<end] {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    bytes.append(byte)
                } else if byte & 0xC0 != 0x80 {
                    // One `*` a character: continuation bytes of UTF-8 add none.
                    bytes.append(UInt8(ascii: "*"))
                }
            }
            index = end
        }
        bytes += file.bytes[min(index, file.bytes.count)...]
        return SourceFile(name: file.name, bytes: bytes)
    }

    /// A 1-based line as shown: each secret on it drawn as the fixed mask.
    public func line(_ number: Int) -> String {
        String(String.UnicodeScalarView(shownLine(number).scalars))
    }

    /// The shown line's characters, and where a column of the written line lands in it: the
    /// start of a mask for a column inside a secret (`atEnd` false), or its end (`atEnd` true).
    func shownLine(_ number: Int) -> (scalars: [Unicode.Scalar], column: (_ column: Int, _ atEnd: Bool) -> Int) {
        let written = Array(masked.line(number).unicodeScalars)
        let segments = segments(on: number, length: written.count)
        guard !segments.isEmpty else { return (written, { column, _ in column }) }
        var shown: [Unicode.Scalar] = []
        var placed: [(from: Int, to: Int, shownFrom: Int, shownTo: Int)] = []
        var column = 0
        for segment in segments {
            shown += written[column..<segment.from]
            let start = shown.count
            shown += Array(segment.mask.unicodeScalars)
            placed.append((segment.from, segment.to, start, shown.count))
            column = segment.to
        }
        shown += written[column...]
        let map: (Int, Bool) -> Int = { column, atEnd in
            var shift = 0
            for segment in placed {
                if column <= segment.from { break }
                if column < segment.to { return atEnd ? segment.shownTo : segment.shownFrom }
                shift = segment.shownTo - segment.to
            }
            return column + shift
        }
        return (shown, map)
    }

    /// The pieces of a line that secrets cover, in order, with the mask each is drawn as.
    private func segments(on line: Int, length: Int) -> [(from: Int, to: Int, mask: String)] {
        var segments: [(from: Int, to: Int, mask: String)] = []
        for span in spans where span.startLine <= line && line <= span.endLine {
            let from = line == span.startLine ? min(span.startColumn, length) : 0
            let to = line == span.endLine ? min(max(span.endColumn, from), length) : length
            guard from < to, from >= (segments.last?.to ?? 0) else { continue }
            let opens = span.quoted && line == span.startLine
            let closes = span.closed && line == span.endLine
            segments.append((from, to, (opens ? "\"" : "") + Redaction.mask + (closes ? "\"" : "")))
        }
        return segments
    }

    /// A message with whatever it quotes of a secret masked: the text a parse message found
    /// (`found '***'`, `the string "***"`), or a character of it the lexer could not read.
    public func message(_ text: String) -> String {
        guard !texts.isEmpty else { return text }
        var result = ""
        var quoted = ""
        var open: Character?
        for character in text {
            guard let quote = open else {
                result.append(character)
                if character == "'" || character == "\"" { open = character }
                continue
            }
            guard character == quote else {
                quoted.append(character)
                continue
            }
            result += (isSecret(quoted) ? Redaction.mask : quoted) + String(character)
            quoted = ""
            open = nil
        }
        if open != nil { result += isSecret(quoted) ? Redaction.mask : quoted }
        return result
    }

    /// Whether quoted text is a secret: one written whole, one clipped to 40 or more characters
    /// and `…`, or a single character of one (what the lexer could not read).
    private func isSecret(_ quoted: String) -> Bool {
        if quoted.hasSuffix("…") {
            let piece = String(quoted.dropLast())
            return piece.unicodeScalars.count >= 40 && texts.contains { $0.hasPrefix(piece) }
        }
        if quoted.count == 1 { return texts.contains { $0.contains(quoted) } }
        return texts.contains(quoted)
    }
}

private extension String {
    func trimmingWhitespaceScalars() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
