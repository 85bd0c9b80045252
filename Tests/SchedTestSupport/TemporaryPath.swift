import Foundation

/// A database file in a scratch directory, removed with its WAL companions at the end.
///
/// The directory is RAM-backed (`/dev/shm`) where there is one: thousands of databases are
/// created and synced, and on a disk that time is spent waiting for `fsync`.
public final class TemporaryPath {
    public static let directory: String = {
        let shm = "/dev/shm"
        return FileManager.default.isWritableFile(atPath: shm) ? shm : NSTemporaryDirectory()
    }()

    public let path = (TemporaryPath.directory as NSString).appendingPathComponent("sched-props-\(UUID().uuidString).db")

    public init() {}

    deinit {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
