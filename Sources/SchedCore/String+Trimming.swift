extension String {
    /// The text without leading and trailing white space and line breaks (Unicode's White_Space
    /// property), as `trimmingCharacters(in: .whitespacesAndNewlines)` gives it but without the
    /// round trip through NSString that cost every `book` a few microseconds.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}
