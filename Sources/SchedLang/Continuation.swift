/// Why a line typed at the prompt is unfinished, so that the prompt asks for more instead of
/// reporting an error, as Lua's does for incomplete input.
public enum Continuation: Sendable, Equatable {
    /// A string is still open at the end of the line: the next line goes on inside it.
    case openString
    /// The line ends with `;`: the next line holds the following statement.
    case trailingSeparator

    /// The reason `text` is unfinished, or nil when it can be run as it is.
    public static func of(_ text: String) -> Continuation? {
        var inString = false
        var escaped = false
        var last: UInt8?
        for byte in text.utf8 {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                last = byte
                continue
            }
            if byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: "\"") { inString = true }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") { last = byte }
        }
        if inString { return .openString }
        return last == UInt8(ascii: ";") ? .trailingSeparator : nil
    }

    /// `text` followed by `next`, joined so that the whole stays one line: a line break inside
    /// an open string becomes the escape `\n`, and a statement after `;` follows a space.
    public func join(_ text: String, _ next: String) -> String {
        switch self {
        case .openString: text + "\\n" + next
        case .trailingSeparator: text + " " + next
        }
    }
}
