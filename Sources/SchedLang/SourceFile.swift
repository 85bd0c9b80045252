/// A named piece of source text, kept as UTF-8 bytes with the offsets where its lines start.
public struct SourceFile: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public let lineStarts: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        self.lineStarts = starts
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The text of a 1-based line, without its line break.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text covered by a range.
    public func text(in range: SourceRange) -> String {
        let lower = max(0, min(range.start.offset, bytes.count))
        let upper = max(lower, min(range.end.offset, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
