/// How a store answers `customerNames(startingWith:limit:)`: the database narrows the names
/// with `LIKE` by the prefix's ASCII head (which its case folding handles), and Swift's case
/// folding decides the rest, so every store gives the same names in the same order.
public struct CustomerNamePrefix: Sendable {
    public let prefix: String

    public init(_ prefix: String) {
        self.prefix = prefix
    }

    /// The pattern for `LIKE … ESCAPE '\'`: the prefix up to its first non-ASCII character, its
    /// `%`, `_` and `\` escaped, then `%`.
    public var likePattern: String {
        var escaped = ""
        for character in String(prefix.unicodeScalars.prefix(while: \.isASCII)) {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
    }

    /// The candidates that start with the prefix ignoring case, alphabetical ignoring case; at
    /// most `limit`.
    public func names(from candidates: [String], limit: Int) -> [String] {
        let folded = prefix.lowercased()
        return candidates
            .filter { $0.lowercased().hasPrefix(folded) }
            .sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
            .prefix(max(0, limit))
            .map { $0 }
    }
}
