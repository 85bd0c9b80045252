/// A message about a range of source text: a syntax error, or a statement that failed.
public struct Diagnostic: Sendable, Equatable, Error {
    public var message: String
    /// The error kind shown in brackets (`syntax`, `conflict`, …).
    public var kind: String
    public var range: SourceRange
    public var severity: Severity
    /// The next step for the person who got it (`run 'sched login'`), if there is one.
    public var hint: String?

    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public init(message: String, kind: String, range: SourceRange, severity: Severity = .error, hint: String? = nil) {
        self.message = message
        self.kind = kind
        self.range = range
        self.severity = severity
        self.hint = hint
    }

    public init(_ message: ParseMessage, at range: SourceRange) {
        self.init(message: message.text, kind: "syntax", range: range)
    }
}
