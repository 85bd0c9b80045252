/// A message about a range of source text: a syntax error, or a statement that failed.
public struct Diagnostic: Sendable, Equatable, Error {
    public var message: String
    /// The error kind shown in brackets (`syntax`, `conflict`, …).
    public var kind: String
    public var range: SourceRange
    public var severity: Severity

    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public init(message: String, kind: String, range: SourceRange, severity: Severity = .error) {
        self.message = message
        self.kind = kind
        self.range = range
        self.severity = severity
    }

    public init(_ message: ParseMessage, at range: SourceRange) {
        self.init(message: message.text, kind: "syntax", range: range)
    }
}
