/// Writes every error and warning sched shows: the way compilers do (`file:line:col: error:
/// message [kind]`, the source line, and a caret under the range), or, with `--json`, as one
/// JSON object a line: `{"error": {"message", "kind", "file", "line", "column", "hint"}}`.
public struct DiagnosticRenderer: Sendable {
    /// Lines longer than this are shown as a window around the range.
    public var windowWidth: Int
    /// How the severity label and the caret are painted.
    public var style: TextStyle

    /// Wraps the severity label and the caret in terminal colour codes when set.
    public var colour: Bool {
        get { style.enabled }
        set { style.enabled = newValue }
    }

    /// One JSON object a line instead of text.
    public var json: Bool
    /// Whether text shows a diagnostic's hint: on a terminal, where a person reads it. JSON
    /// always carries it.
    public var showsHints: Bool

    public init(windowWidth: Int = 100, colour: Bool = false, json: Bool = false, showsHints: Bool = false) {
        self.windowWidth = windowWidth
        self.style = TextStyle(enabled: colour)
        self.json = json
        self.showsHints = showsHints
    }

    /// The full rendering, every secret in the text masked. `file.name` heads the first line
    /// unless `showFileName` is false (the REPL).
    public func render(_ diagnostic: Diagnostic, in file: SourceFile, showFileName: Bool = true) -> String {
        render(diagnostic, in: Redaction.redacting(file), showFileName: showFileName)
    }

    /// The full rendering, from a file whose secrets were found once for all its diagnostics.
    public func render(_ diagnostic: Diagnostic, in source: RedactedSource, showFileName: Bool = true) -> String {
        let start = diagnostic.range.start
        let text = source.message(diagnostic.message)
        let message = text.count > Self.longestMessage ? String(text.prefix(Self.longestMessage)) + "…" : text
        if json {
            return Self.jsonLine(diagnostic.severity, message: message, kind: diagnostic.kind,
                                 place: (showFileName ? source.name : nil, start.line, start.column), hint: diagnostic.hint)
        }
        let position = showFileName ? "\(source.name):\(start.line):\(start.column)" : "\(start.line):\(start.column)"
        let label = style.paint(diagnostic.severity.rawValue + ":", Self.role(of: diagnostic.severity))
        var out = "\(position): \(label) \(message) [\(diagnostic.kind)]\n"
        out += excerpt(diagnostic.range, in: source)
        return out + hintLine(diagnostic.hint)
    }

    /// An error that belongs to no statement: `error: MESSAGE [KIND]`, or its JSON object.
    public func render(error message: String, kind: String, hint: String? = nil) -> String {
        if json { return Self.jsonLine(.error, message: message, kind: kind, place: nil, hint: hint) }
        return style.paint("error:", .error) + " \(message) [\(kind)]\n" + hintLine(hint)
    }

    /// A warning: `warning: MESSAGE`, or `{"warning": {"message": …}}`.
    public func render(warning message: String) -> String {
        if json { return Self.jsonLine(.warning, message: message, kind: nil, place: nil, hint: nil) }
        return style.paint("warning:", .warning) + " \(message)\n"
    }

    /// A note: `note: MESSAGE`, or `{"note": {"message": …}}`.
    public func render(note message: String) -> String {
        if json { return Self.jsonLine(.note, message: message, kind: nil, place: nil, hint: nil) }
        return style.paint("note:", .note) + " \(message)\n"
    }

    private func hintLine(_ hint: String?) -> String {
        guard let hint, showsHints else { return "" }
        return style.paint("hint:", .note) + " \(hint)\n"
    }

    /// `{"error": {...}}` on one line; the place is null for what belongs to no statement.
    private static func jsonLine(_ severity: Diagnostic.Severity, message: String, kind: String?,
                                 place: (file: String?, line: Int, column: Int)?, hint: String?) -> String {
        var fields: [(String, JSONValue)] = [("message", .string(message))]
        if let kind { fields.append(("kind", .string(kind))) }
        if severity == .error {
            fields.append(("file", place?.file.map(JSONValue.string) ?? .null))
            fields.append(("line", place.map { .number($0.line) } ?? .null))
            fields.append(("column", place.map { .number($0.column) } ?? .null))
            fields.append(("hint", hint.map(JSONValue.string) ?? .null))
        }
        return JSONValue.object([(severity.rawValue, .object(fields))]).serialized() + "\n"
    }

    /// Messages longer than this are cut; catalogues clip quoted text well before.
    static let longestMessage = 400

    /// The source line and the caret line under it; control characters in the line are shown
    /// as U+FFFD so that nothing from the input reaches the terminal raw, and secrets as masks.
    public func excerpt(_ range: SourceRange, in source: RedactedSource) -> String {
        let lineNumber = range.start.line
        let (scalars, column) = source.shownLine(lineNumber)
        let written = range.start.column - 1
        let startColumn = max(0, min(column(written, false), scalars.count))
        var endColumn = range.end.line == lineNumber ? column(max(range.end.column - 1, written), true) : scalars.count
        endColumn = max(startColumn + 1, min(endColumn, max(scalars.count, startColumn + 1)))

        var windowStart = 0
        var windowEnd = scalars.count
        if scalars.count > windowWidth {
            windowStart = max(0, startColumn - windowWidth / 3)
            windowEnd = min(scalars.count, windowStart + windowWidth)
        }
        let visible = scalars[windowStart..<windowEnd].map { scalar -> Unicode.Scalar in
            scalar != "\t" && scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar
        }
        var shown = String(String.UnicodeScalarView(visible))
        if windowStart > 0 { shown = "…" + shown }
        if windowEnd < scalars.count { shown += "…" }

        var pad = windowStart > 0 ? " " : ""
        for scalar in scalars[windowStart..<min(startColumn, windowEnd)] {
            pad += scalar == "\t" ? "\t" : " "
        }
        let width = max(1, min(endColumn, windowEnd) - startColumn)
        let marker = "^" + String(repeating: "~", count: max(0, width - 1))
        let gutter = String(lineNumber)
        let blank = String(repeating: " ", count: gutter.count)
        return "  \(gutter) | \(shown)\n  \(blank) | \(pad)\(style.paint(marker, .caret))\n"
    }

    static func role(of severity: Diagnostic.Severity) -> TextStyle.Role {
        switch severity {
        case .error: .error
        case .warning: .warning
        case .note: .note
        }
    }
}
