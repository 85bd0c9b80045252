import Foundation

/// Where results and diagnostics go: standard output and standard error, or a buffer in tests.
public struct OutputSink: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// The process's standard output and standard error.
    public static let standard = OutputSink(
        out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        err: { text in FileHandle.standardError.write(Data(text.utf8)) }
    )
}

/// An output buffer, for tests and for capturing what a run printed.
public final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""

    public init() {}

    public var sink: OutputSink {
        OutputSink(
            out: { [self] text in lock.withLock { outText += text } },
            err: { [self] text in lock.withLock { errText += text } }
        )
    }

    public var standardOutput: String { lock.withLock { outText } }
    public var standardError: String { lock.withLock { errText } }
}
