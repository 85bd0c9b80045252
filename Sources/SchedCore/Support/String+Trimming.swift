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
        // ASCII's white space is tab to carriage return and the space; Unicode's tables are
        // asked only beyond it.
        if scalar.isASCII { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace || scalar.value == 0x200B
    }
}
