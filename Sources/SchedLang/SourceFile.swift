import Synchronization

/// A named piece of source text, kept as UTF-8 bytes with the offsets where its lines start.
public struct SourceFile: Sendable {
    public let name: String
    public let bytes: [UInt8]
    /// Where each line starts, worked out the first time a diagnostic asks for a line: a script
    /// that runs cleanly never pays for it (8 bytes a line, 8 MB for a million).
    private let lineTable = LineTable()

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    /// The offset at which each 1-based line starts, in order.
    public var lineStarts: [Int] { lineTable.starts(of: bytes) }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The text of a 1-based line, without its line break.
    public func line(_ number: Int) -> String {
        let lineStarts = lineStarts
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

/// The line starts of one source, computed once on demand.
private final class LineTable: Sendable {
    private let computed = Mutex<[Int]?>(nil)

    func starts(of bytes: [UInt8]) -> [Int] {
        computed.withLock { computed in
            if let computed { return computed }
            var starts = [0]
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                starts.append(index + 1)
            }
            computed = starts
            return starts
        }
    }
}
