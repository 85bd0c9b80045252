/// Renders diagnostics the way compilers do: `file:line:col: error: message [kind]`, the source
/// line, and a caret under the range.
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

    public init(windowWidth: Int = 100, colour: Bool = false) {
        self.windowWidth = windowWidth
        self.style = TextStyle(enabled: colour)
    }

    /// The full rendering. `file.name` heads the first line unless `showFileName` is false (the REPL).
    public func render(_ diagnostic: Diagnostic, in file: SourceFile, showFileName: Bool = true) -> String {
        let start = diagnostic.range.start
        let position = showFileName ? "\(file.name):\(start.line):\(start.column)" : "\(start.line):\(start.column)"
        let label = style.paint(diagnostic.severity.rawValue + ":", Self.role(of: diagnostic.severity))
        let message = diagnostic.message.count > Self.longestMessage
            ? String(diagnostic.message.prefix(Self.longestMessage)) + "…" : diagnostic.message
        var out = "\(position): \(label) \(message) [\(diagnostic.kind)]\n"
        out += excerpt(diagnostic.range, in: file)
        return out
    }

    /// Messages longer than this are cut; catalogues clip quoted text well before.
    static let longestMessage = 400

    /// The source line and the caret line under it; control characters in the line are shown
    /// as U+FFFD so that nothing from the input reaches the terminal raw.
    public func excerpt(_ range: SourceRange, in file: SourceFile) -> String {
        let lineNumber = range.start.line
        let scalars = Array(file.line(lineNumber).unicodeScalars)
        let startColumn = max(0, min(range.start.column - 1, scalars.count))
        var endColumn = range.end.line == lineNumber ? range.end.column - 1 : scalars.count
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
