/// Terminal colour for output: wraps text in ANSI escape codes by the role it plays, or leaves it
/// exactly as it is when colour is off (a pipe, a file, `NO_COLOR`).
public struct TextStyle: Sendable, Equatable {
    /// Whether `paint` adds escape codes at all.
    public var enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// No colour: every method gives its text back unchanged.
    public static let plain = TextStyle(enabled: false)
    /// Colour on, for a terminal.
    public static let terminal = TextStyle(enabled: true)

    /// What a piece of text is, which decides its colour.
    public enum Role: Sendable, CaseIterable {
        /// Statement keywords and help topics.
        case keyword
        /// Dates and times of day.
        case time
        /// Table headers and section titles.
        case heading
        /// The `error:` label of a diagnostic.
        case error
        /// The `warning:` label of a diagnostic.
        case warning
        /// The `note:` label of a diagnostic.
        case note
        /// The caret and tildes under a source range.
        case caret
        /// A booked cell of a calendar grid.
        case booked
        /// Free time inside working hours in a calendar grid.
        case free
        /// A date without working hours in a month grid.
        case dim
        /// Today's date, and the row of the current time, in a calendar grid.
        case today

        /// The SGR parameters that turn the role's look on.
        public var code: String {
            switch self {
            case .keyword: "36"
            case .time: "33"
            case .heading: "1"
            case .error: "1;31"
            case .warning: "1;35"
            case .note: "1;36"
            case .caret: "1;32"
            case .booked: "30;46"
            case .free: "32"
            case .dim: "2"
            case .today: "1;7"
            }
        }
    }

    /// The escape character that opens every code.
    static let escape: Unicode.Scalar = "\u{1B}"

    /// `text` in the role's colour, followed by a reset; unchanged when colour is off or the text
    /// is empty.
    public func paint(_ text: String, _ role: Role) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[\(role.code)m\(text)\u{1B}[0m"
    }

    /// How many characters of `text` show on screen, for aligning columns. With colour off this is
    /// plainly `text.count`, so plain output is measured as it always was.
    public func width(of text: String) -> Int {
        enabled ? Self.removingCodes(text).count : text.count
    }

    /// `text` without the escape sequences (`ESC [ … final-byte`) that `paint` writes.
    public static func removingCodes(_ text: String) -> String {
        guard text.unicodeScalars.contains(escape) else { return text }
        let scalars = Array(text.unicodeScalars)
        var kept = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == escape, index + 1 < scalars.count, scalars[index + 1] == "[" else {
                kept.append(scalars[index])
                index += 1
                continue
            }
            // Parameters and intermediates run up to a final byte in @…~, which ends the sequence.
            index += 2
            while index < scalars.count, !(0x40...0x7E).contains(scalars[index].value) { index += 1 }
            index += 1
        }
        return String(kept)
    }
}
