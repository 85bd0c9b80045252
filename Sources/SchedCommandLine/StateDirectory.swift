import Foundation

/// Where sched keeps what belongs to the person rather than to a database: `$XDG_STATE_HOME/sched`
/// (`~/.local/state/sched`), created with mode 0700.
enum StateDirectory {
    static func path(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("sched")
    }

    /// Writes `data` to `path` in this directory's manner: the directory 0700, the file 0600,
    /// replaced whole by a rename so that a reader never sees half of it.
    static func write(_ data: Data, to path: String) -> Bool {
        guard prepare((path as NSString).deletingLastPathComponent) else { return false }
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            return false
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            return false
        }
        return true
    }

    /// Creates the directory and its missing parents 0700, or tightens it when it exists.
    static func prepare(_ directory: String) -> Bool {
        do {
            // Foundation gives every directory it makes these permissions, whatever the umask.
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            return false
        }
        tighten(directory)
        return true
    }

    /// Takes the group's and others' permissions from a file or directory of sched's state that
    /// has them (made by hand, or by an older sched under a loose umask), silently: what it
    /// holds is the person's alone.
    static func tighten(_ path: String) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & 0o077 != 0 else { return }
        chmod(path, status.st_mode & 0o700)
    }

    /// Runs `body` holding an exclusive lock on `lockFile` (created if missing), so that
    /// processes changing one file of this directory at once take turns. The lock is on a file
    /// of its own because `write` renames a new file over the old. Nil when the lock cannot be
    /// taken.
    static func withLock<T>(_ lockFile: String, _ body: () throws -> T) rethrows -> T? {
        guard prepare((lockFile as NSString).deletingLastPathComponent) else { return nil }
        // `flock` needs no more than reading, and a lock file made under a strict umask may
        // allow no more.
        let descriptor = open(lockFile, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        // Closing the descriptor releases the lock.
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { return nil }
        }
        return try body()
    }
}
