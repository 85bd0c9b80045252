import Foundation
import SchedCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an exported calendar to whatever a path names: a regular file is replaced whole, a
/// FIFO or a device is written to as it stands.
enum ExportFile {
    /// What a path leads to, symbolic links followed.
    enum Kind {
        case missing
        case regular(stat)
        case directory
        case fifo
        case characterDevice
        case blockDevice
        case socket
    }

    /// Writes `text` to `path`. A regular file is replaced by a rename, so a reader sees the old
    /// calendar or the new one and never half of one, and keeps its mode; a new file gets 0644
    /// less the umask, as a calendar to share. A symbolic link is followed: the file it leads
    /// to is replaced, in that file's directory, and the link stays. A FIFO or a device is
    /// opened and written to, never replaced, so `/dev/stdout` works and `/dev/full` says it
    /// is full.
    static func write(_ text: String, to path: String) throws(SchedError) {
        switch try kind(of: path) {
        case .missing:
            try replace(try target(of: path), with: text, keeping: nil, reportedAs: path)
        case .regular(let status):
            try replace(try target(of: path), with: text, keeping: status, reportedAs: path)
        case .directory:
            throw SchedError.exportTargetIsDirectory(path)
        case .fifo, .characterDevice, .blockDevice, .socket:
            try writeThrough(path, text)
        }
    }

    private static func kind(of path: String) throws(SchedError) -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else {
            guard errno == ENOENT else { throw unwritable(path) }
            return .missing
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular(status)
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        // S_IFSOCK, the one kind left once links are followed.
        default: return .socket
        }
    }

    /// The path of the file `path` leads to once symbolic links in its last component are
    /// followed, whether that file exists or not; a rename must happen beside it.
    private static func target(of path: String) throws(SchedError) -> String {
        var current = path
        // The kernel's own limit on links followed in one lookup.
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw unwritable(path) }
            let destination = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let directory = (current as NSString).deletingLastPathComponent
            current = destination.hasPrefix("/") || directory.isEmpty
                ? destination : (directory as NSString).appendingPathComponent(destination)
        }
        errno = ELOOP
        throw unwritable(path)
    }

    /// Writes `text` to a new file beside `target`, gives it the mode (and, where allowed, the
    /// owner) of the file it replaces, syncs it and renames it over `target`.
    private static func replace(_ target: String, with text: String, keeping old: stat?,
                                reportedAs path: String) throws(SchedError) {
        let url = URL(fileURLWithPath: target)
        let temporary = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + "."
            + UUID().uuidString.prefix(8) + ".tmp"
        // Private until written; a new calendar gets the usual mode, less the umask.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, old == nil ? 0o644 : 0o600)
        guard descriptor >= 0 else { throw unwritable(path) }
        var done = false
        defer {
            if !done { unlink(temporary) }
        }
        do throws(SchedError) {
            if let old {
                // Owner first: a change of owner clears the set-id bits the mode then restores.
                _ = fchown(descriptor, old.st_uid, old.st_gid)
                guard fchmod(descriptor, old.st_mode & 0o7777) == 0 else { throw unwritable(path) }
            }
            try writeAll(text, to: descriptor, path)
            guard fsync(descriptor) == 0 else { throw unwritable(path) }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0, rename(temporary, target) == 0 else { throw unwritable(path) }
        done = true
    }

    /// Opens what is there for writing, without creating or truncating it, and writes to it.
    private static func writeThrough(_ path: String, _ text: String) throws(SchedError) {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw unwritable(path) }
        do throws(SchedError) {
            try writeAll(text, to: descriptor, path)
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw unwritable(path) }
    }

    /// The error for `path`, with the reason `errno` gives; `writeAll` uses it too.
    static func unwritable(_ path: String) -> SchedError {
        SchedError.fileUnwritable(path, reason: String(cString: strerror(errno)))
    }
}

/// Writes all of `text`, retrying when a signal interrupts the call. Outside `ExportFile`, whose
/// own `write` would hide the system's.
private func writeAll(_ text: String, to descriptor: Int32, _ path: String) throws(SchedError) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { throw ExportFile.unwritable(path) }
        bytes = bytes.dropFirst(written)
    }
}
