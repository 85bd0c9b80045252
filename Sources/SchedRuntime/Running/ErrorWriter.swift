import SchedCore
import SchedLang

/// The one writer of what goes wrong: `file:line:col: error: message [kind]` with the source
/// line and a caret, `error: message [kind]` when no line is to blame, warnings and notes; all
/// of it as JSON objects under `--json`, with secrets masked in any source it shows.
public struct ErrorWriter: Sendable {
    public var renderer: DiagnosticRenderer
    public let output: OutputSink

    public init(renderer: DiagnosticRenderer, output: OutputSink) {
        self.renderer = renderer
        self.output = output
    }

    /// An error that no line of source is to blame for.
    public func error(_ error: any Error, hint: String? = nil) {
        let failure = Self.schedError(error)
        output.err(renderer.render(error: failure.message, kind: failure.kind.rawValue, hint: hint))
    }

    /// An error at `range` of `source`.
    public func error(_ error: SchedError, at range: SourceRange, in source: SourceFile, showFileName: Bool, hint: String? = nil) {
        let diagnostic = Diagnostic(message: error.message, kind: error.kind.rawValue, range: range, hint: hint)
        output.err(renderer.render(diagnostic, in: Redaction.redacting(source), showFileName: showFileName))
    }

    /// A syntax error, or another diagnostic, in source already masked.
    public func diagnostic(_ diagnostic: Diagnostic, in source: RedactedSource, showFileName: Bool) {
        output.err(renderer.render(diagnostic, in: source, showFileName: showFileName))
    }

    public func warning(_ message: String) {
        output.err(renderer.render(warning: message))
    }

    public func note(_ message: String) {
        output.err(renderer.render(note: message))
    }

    /// A command-line usage error: `text` as the argument parser wrote it (with the usage), or
    /// under `--json` only its `message`, as an error object.
    public func usage(_ text: String, message: String) {
        output.err(renderer.json ? renderer.render(error: message, kind: "usage") : text + "\n")
    }

    /// Any error as the `SchedError` it shows as.
    public static func schedError(_ error: any Error) -> SchedError {
        if let error = error as? SchedError { return error }
        if let failure = error as? RuntimeFailure { return failure.error }
        return .transactionFailed(String(describing: error))
    }
}
