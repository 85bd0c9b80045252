import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system chores around the database file: private creation and clean-up.
enum DatabaseFile {
    /// Creates the parent directories and, if missing, the file itself with mode 0600, so that
    /// SQLite never creates it with looser permissions.
    static func prepare(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw SchedError.cannotCreateDirectory(directory)
            }
        }
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SchedError.cannotCreateFile(path, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
    }

    /// Removes the database and its WAL companions, ignoring files that are not there.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
