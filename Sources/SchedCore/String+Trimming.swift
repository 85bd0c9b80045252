extension String {
    /// The text without leading and trailing white space and line breaks: the scalars of
    /// `CharacterSet.whitespacesAndNewlines` (Unicode's White_Space, plus U+200B ZERO WIDTH SPACE,
    /// which Foundation's set also holds), without the round trip through NSString that
    /// `trimmingCharacters(in:)` makes for every `book`.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !Self.isTrimmed($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }

    private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x200B
    }
}
