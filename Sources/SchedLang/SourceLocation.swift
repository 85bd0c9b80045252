/// A position in source text: 1-based line and column (in Unicode scalars), 0-based byte offset.
///
/// Line and column are stored in four bytes each, since every token and value carries two
/// locations; past two billion they stay at the largest (no script comes near).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var offset: Int
    private let storedLine: Int32
    private let storedColumn: Int32

    public init(line: Int, column: Int, offset: Int) {
        self.offset = offset
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    public var line: Int { Int(storedLine) }

    public var column: Int { Int(storedColumn) }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.offset < rhs.offset
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open range of source text, from `start` up to (not including) `end`.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { start.description }
}
