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
        out: { text in write(text, to: STDOUT_FILENO) },
        err: { text in write(text, to: STDERR_FILENO) }
    )

    /// Writes all of `text` from its own bytes, without copying them into `Data` first, and
    /// unbuffered, as `FileHandle` writes. It goes on after a short write or a signal; after
    /// any other failure (a closed pipe) there is nowhere left to report it, so it stops.
    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                let written = Foundation.write(descriptor, rest.baseAddress, rest.count)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }
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
