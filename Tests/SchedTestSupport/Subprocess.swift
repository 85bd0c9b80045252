#if os(Linux)
import Foundation
import Glibc

/// A child process started with `posix_spawn`, for tests that run `sched` or a tool.
///
/// Foundation's `Process` adds a close action for every descriptor up to the highest one open,
/// and its launches crashed inside `Process.run()` once a test run held about 1,500 descriptors
/// (servers, pipes and databases of tests running side by side). Here the child gets its three
/// standard streams and `closefrom(3)`; the pipes are made close-on-exec, so no other child
/// inherits them and holds a reader open. The child's signal mask is emptied (a pool thread's
/// mask is not the child's business) and it gets a process group of its own, as `Process` gave.
public final class Subprocess: @unchecked Sendable {
    /// Where a standard stream comes from or goes to.
    public enum Stream: Sendable {
        /// A pipe whose other end the parent holds (``standardInput``, ``standardOutput``, …).
        case pipe
        /// `/dev/null`.
        case null
        /// A file: read for standard input; created or emptied for output, then appended to, so
        /// both outputs can go to one file.
        case file(String)
    }

    /// How the child ended.
    public struct Termination: Sendable, Equatable {
        /// The exit code, or the signal number when `signalled` is set.
        public let status: Int32
        public let signalled: Bool

        /// The status as a shell gives it: the exit code, or 128 + the signal number.
        public var shellStatus: Int32 { signalled ? 128 + status : status }

        public init(status: Int32, signalled: Bool) {
            self.status = status
            self.signalled = signalled
        }
    }

    public let processIdentifier: pid_t
    /// The write end of the child's standard input when it is a pipe; close it to end the input.
    public let standardInput: FileHandle?
    /// The read end of the child's standard output when it is a pipe.
    public let standardOutput: FileHandle?
    /// The read end of the child's standard error when it is a pipe.
    public let standardError: FileHandle?

    private let lock = NSLock()
    private var termination: Termination?

    /// Starts `executable` (a path; use `/usr/bin/env` to search `PATH`) with `arguments`, in
    /// `directory` (the parent's when nil), with `environment` (the parent's when nil).
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                directory: String? = nil, input: Stream = .null, output: Stream = .null,
                error: Stream = .null) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        // Pipe ends: [child's end, parent's end] per stream; the child's ends close after the spawn.
        var childEnds: [Int32] = []
        defer { childEnds.forEach { _ = Glibc.close($0) } }
        var parentEnds: [Int32?] = [nil, nil, nil]
        var spawned = false
        defer { if !spawned { parentEnds.compactMap { $0 }.forEach { _ = Glibc.close($0) } } }

        for (descriptor, stream) in [input, output, error].enumerated() {
            let reading = descriptor == 0
            switch stream {
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard let pipe2 = SpawnExtensions.pipe2, pipe2(&ends, O_CLOEXEC) == 0 else {
                    throw SubprocessError.system("pipe2", errno)
                }
                let (child, parent) = reading ? (ends[0], ends[1]) : (ends[1], ends[0])
                childEnds.append(child)
                parentEnds[descriptor] = parent
                posix_spawn_file_actions_adddup2(&actions, child, Int32(descriptor))
            case .null:
                posix_spawn_file_actions_addopen(&actions, Int32(descriptor), "/dev/null",
                                                 reading ? O_RDONLY : O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, Int32(descriptor), path,
                                                 reading ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
            }
        }
        if let directory {
            guard let addChdir = SpawnExtensions.addChdir else {
                throw SubprocessError.system("posix_spawn_file_actions_addchdir_np", ENOSYS)
            }
            _ = addChdir(&actions, directory)
        }
        _ = SpawnExtensions.addCloseFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result: Int32
        if let environment {
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { envp.forEach { free($0) } }
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        } else {
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        guard result == 0 else { throw SubprocessError.system("posix_spawn \(executable)", result) }
        spawned = true
        processIdentifier = pid
        standardInput = parentEnds[0].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        standardOutput = parentEnds[1].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        standardError = parentEnds[2].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
    }

    /// A child not waited for is killed and reaped, so no test leaves a zombie or a runaway behind.
    deinit {
        if reap(blocking: false) == nil {
            kill(processIdentifier, SIGKILL)
            _ = reap(blocking: true)
        }
    }

    /// Waits for the child to end.
    @discardableResult
    public func wait() -> Termination {
        if let done = reap(blocking: false) { return done }
        // Wait without reaping, so `send` can never signal a recycled process id meanwhile.
        var info = siginfo_t()
        while waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        return reap(blocking: true) ?? Termination(status: -1, signalled: false)
    }

    /// Waits for the child to end until `deadline`; nil when it still runs then.
    ///
    /// Polls every 2 ms at most: most children are `sched` runs of a few milliseconds, and a
    /// longer pause would be added to each of them.
    public func wait(until deadline: Date) -> Termination? {
        var pause: useconds_t = 250
        while true {
            if let done = reap(blocking: false) { return done }
            if Date() >= deadline { return nil }
            usleep(pause)
            pause = min(pause * 2, 2_000)
        }
    }

    /// Sends `signal` to the child unless it has already been reaped.
    public func send(_ signal: Int32) {
        lock.withLock {
            if termination == nil { _ = kill(processIdentifier, signal) }
        }
    }

    /// Reaps the child if it has ended (or, `blocking`, once it ends); nil when it still runs.
    private func reap(blocking: Bool) -> Termination? {
        lock.withLock {
            if let termination { return termination }
            var status: Int32 = 0
            var result: pid_t
            repeat {
                result = waitpid(processIdentifier, &status, blocking ? 0 : WNOHANG)
            } while result < 0 && errno == EINTR
            guard result == processIdentifier else { return nil }
            let signal = status & 0x7F
            let ended = signal == 0
                ? Termination(status: (status >> 8) & 0xFF, signalled: false)
                : Termination(status: signal, signalled: true)
            termination = ended
            return ended
        }
    }
}

public enum SubprocessError: Error, CustomStringConvertible {
    case system(String, Int32)

    public var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

/// glibc's `pipe2`, `posix_spawn_file_actions_addchdir_np` (2.29) and `…_addclosefrom_np` (2.34),
/// which Swift does not import (the headers declare them only for `_GNU_SOURCE`): looked up at
/// run time.
public enum SpawnExtensions {
    public typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    public typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    public typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    public static let pipe2: Pipe2? = symbol("pipe2")
    public static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    public static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    /// A C function of the running process by name, or nil.
    public static func symbol<F>(_ name: String) -> F? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: F.self)
    }
}
#endif
