import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads files and streams whole with `read(2)`, retrying when a signal interrupts the call and
/// stopping at a size limit, so a device that never ends (`/dev/zero`) fails instead of filling memory.
public enum FileContents {
    /// Scripts and import files larger than this are refused: a script of 1,000,000 statements is a fifth of it.
    public static let sizeLimit = 256 * 1024 * 1024

    public enum Failure: Error, Equatable {
        case noSuchFile
        case isDirectory
        case permissionDenied
        case tooLarge(limit: Int)
        case readFailed(errno: Int32)

        /// The reason as error messages give it after "cannot read 'FILE': ".
        public var reason: String {
            switch self {
            case .noSuchFile: return "no such file"
            case .isDirectory: return "it is a directory"
            case .permissionDenied: return "permission denied"
            case .tooLarge(let limit): return "it is larger than \(limit / (1024 * 1024)) MB"
            case .readFailed(let code): return String(cString: strerror(code)).lowercased()
            }
        }
    }

    /// The bytes of the file at `path`; FIFOs and `/dev/stdin` are read to their end.
    public static func read(path: String, limit: Int = sizeLimit) throws(Failure) -> [UInt8] {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw failure(errno) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
        return try read(descriptor: descriptor, limit: limit)
    }

    /// Everything left on `descriptor`, which stays open.
    public static func read(descriptor: Int32, limit: Int = sizeLimit) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 {
            bytes.reserveCapacity(min(Int(status.st_size), limit) + 1)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            guard bytes.count + count <= limit else { throw .tooLarge(limit: limit) }
            chunk.withUnsafeBufferPointer { bytes.append(contentsOf: $0[0..<count]) }
        }
    }

    private static func failure(_ code: Int32) -> Failure {
        switch code {
        case ENOENT, ENOTDIR: return .noSuchFile
        case EISDIR: return .isDirectory
        case EACCES, EPERM: return .permissionDenied
        default: return .readFailed(errno: code)
        }
    }
}
