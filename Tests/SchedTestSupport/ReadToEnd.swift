import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Pipe reads with `read(2)` retried when a signal interrupts it. Foundation's
/// `readDataToEndOfFile()` and `availableData` trap on EINTR, which a child's exit can cause.
extension FileHandle {
    /// Everything up to end of file.
    public func readToEndRetrying() -> Data {
        var data = Data()
        while true {
            let chunk = readSomeRetrying()
            if chunk.isEmpty { return data }
            data.append(chunk)
        }
    }

    /// What one `read` gives: empty only at end of file (or on an error other than EINTR).
    public func readSomeRetrying() -> Data {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress!, $0.count) }
            if count >= 0 { return Data(buffer[0..<count]) }
            if errno != EINTR { return Data() }
        }
    }
}
