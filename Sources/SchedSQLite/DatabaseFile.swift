import Foundation
import SchedCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system chores around the database file: private creation, its identity, and clean-up.
enum DatabaseFile {
    /// The device and inode a path leads to: a file deleted, or replaced by another one, no
    /// longer matches what was recorded when it was opened.
    struct Identity: Equatable, Sendable {
        let device: UInt64
        let inode: UInt64
    }

    /// The identity of the file at `path` now; nil when nothing is there.
    static func identity(_ path: String) -> Identity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Creates the file with mode 0600 when it is missing, so that SQLite never creates it with
    /// looser permissions, and its parent directories too when `createsDirectory` is set. A
    /// file that exists is left to SQLite to open; a symbolic link that leads nowhere gets the
    /// file it names created here, 0600 too (SQLite would follow it and make one 0644).
    ///
    /// A named database whose directory has gone is an error, not a reason to start an empty
    /// database somewhere else.
    static func prepare(_ path: String, createsDirectory: Bool) throws {
        var status = stat()
        if lstat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFLNK, stat(path, &status) != 0, errno == ENOENT else { return }
            try create(path, exclusive: false)
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
            if exists && !isDirectory.boolValue {
                throw SchedError.notADirectory(directory)
            }
            if !createsDirectory && !exists {
                throw SchedError.missingDirectory(directory)
            }
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw SchedError.cannotCreateDirectory(directory)
            }
        }
        try create(path, exclusive: true)
    }

    /// Opens `path`, creating it 0600; another process creating it at the same moment is no
    /// error. The umask may have taken bits from 0600, so a new (empty) file is given 0600
    /// whole: SQLite's `-wal` and `-shm` copy the database's mode.
    private static func create(_ path: String, exclusive: Bool) throws {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC | (exclusive ? O_EXCL : 0), 0o600)
        guard descriptor >= 0 else {
            if exclusive && errno == EEXIST { return }
            throw SchedError.cannotCreateFile(path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_size == 0, fchmod(descriptor, 0o600) != 0 {
            throw SchedError.cannotCreateFile(path, reason: String(cString: strerror(errno)))
        }
    }

    /// Creates `path` for a copy of the database, with mode 0600 and never over a file that is
    /// there: a backup must not replace what may be the only other copy.
    static func createExclusively(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw errno == EEXIST ? SchedError.backupTargetExists(path)
                : SchedError.fileUnwritable(path, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
    }

    /// Makes a new file at `path`, never over one that is there: `fill` writes it under a
    /// hidden name beside `path` (made 0600), which is linked to `path` only once `fill` has
    /// returned, so that a copy that fails or is killed half-way never leaves a file at `path`
    /// that looks complete. `exists` is the error for a file at `path`, before or after.
    static func createInPlace<T>(of path: String, exists: (String) -> SchedError, _ fill: (String) throws -> T) throws -> T {
        guard !FileManager.default.fileExists(atPath: path) else { throw exists(path) }
        let url = URL(fileURLWithPath: path)
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString.lowercased())").path
        try createExclusively(partial)
        defer { remove(partial) }
        let result = try fill(partial)
        // A file system without hard links gets a rename, which would replace a file made meanwhile.
        guard link(partial, path) == 0
            || ([EPERM, EOPNOTSUPP].contains(errno) && !FileManager.default.fileExists(atPath: path)
                && rename(partial, path) == 0)
        else {
            throw errno == EEXIST ? exists(path) : SchedError.fileUnwritable(path, reason: String(cString: strerror(errno)))
        }
        return result
    }

    /// Removes the database and its WAL companions, ignoring files that are not there.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
