#if os(Linux)
import Foundation
import Glibc
import SchedTestSupport
import Testing

/// Runs the built `sched` binary with a pseudo-terminal as its controlling terminal, as a
/// person at a terminal would: the line editor sees a terminal, Ctrl-C typed into it raises
/// SIGINT in the child, and everything the child draws is read back here.
///
/// The child is started with `posix_spawn` in a session of its own (`POSIX_SPAWN_SETSID`);
/// its first file action opens the pseudo-terminal's slave as fd 0, which makes it the
/// session's controlling terminal, and fds 1 and 2 are copies of it. No Swift code runs in
/// the child, so spawning from the multithreaded test process is safe.
///
/// Reading follows `expect`: `waitFor(_:)` searches the output after the end of the last
/// match, so waiting for `sched> ` twice waits for two prompts.
final class PseudoTerminal: @unchecked Sendable {
    /// Keys as the terminal sends them.
    enum Key {
        case enter, tab, up, down, left, right, backspace, ctrlA, ctrlC, ctrlD, ctrlE, ctrlU

        var bytes: [UInt8] {
            switch self {
            case .enter: [0x0D]
            case .tab: [0x09]
            case .up: Array("\u{1B}[A".utf8)
            case .down: Array("\u{1B}[B".utf8)
            case .right: Array("\u{1B}[C".utf8)
            case .left: Array("\u{1B}[D".utf8)
            case .backspace: [0x7F]
            case .ctrlA: [0x01]
            case .ctrlC: [0x03]
            case .ctrlD: [0x04]
            case .ctrlE: [0x05]
            case .ctrlU: [0x15]
            }
        }
    }

    /// A wait that ran out, or the terminal failing, with the screen as it was.
    struct TerminalError: Error, CustomStringConvertible {
        let description: String
    }

    static let columns: UInt16 = 80
    static let rows: UInt16 = 24

    let processIdentifier: pid_t
    private let master: Int32
    /// Kept open so that output written just before the child exits can still be read.
    private let slave: Int32
    private let lock = NSLock()
    private var raw: [UInt8] = []
    private var plain: [UInt8] = []
    private var stripper = EscapeStripper()
    /// Where in `plain` the next `waitFor` starts looking.
    private var mark = 0
    private var exitStatus: Int32?
    private var closed = false

    /// Starts `sched ARGUMENTS` in `sandbox` on a new 80x24 terminal. The environment is the
    /// sandbox's (database, `HOME`, `XDG_*`, `TZ=UTC`, `LANG=C.UTF-8`, `NO_COLOR=1`) with
    /// `TERM=xterm`, then `environment` on top; a nil value removes a variable.
    init(_ sandbox: Sandbox, arguments: [String] = [], database: URL?? = .none,
         environment extra: [String: String?] = [:]) throws {
        var environment = sandbox.environment(database: database ?? sandbox.database)
        environment["TERM"] = "xterm"
        for (name, value) in extra { environment[name] = value }

        master = Glibc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Self.failure("open /dev/ptmx") }
        var slaveName = [CChar](repeating: 0, count: 128)
        guard GlibcExtensions.unlockpt(master) == 0,
              GlibcExtensions.ptsname_r(master, &slaveName, slaveName.count) == 0 else {
            let error = Self.failure("unlocking the pseudo-terminal")
            Glibc.close(master)
            throw error
        }
        let slavePath = String(decoding: slaveName.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        slave = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            let error = Self.failure("open \(slavePath)")
            Glibc.close(master)
            throw error
        }
        var size = winsize(ws_row: Self.rows, ws_col: Self.columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)

        do {
            processIdentifier = try Self.spawn(try SchedBinary.url().path, arguments: arguments,
                                               environment: environment, directory: sandbox.directory.path,
                                               terminal: slavePath)
        } catch {
            Glibc.close(slave)
            Glibc.close(master)
            throw error
        }
    }

    deinit {
        close()
    }

    // MARK: typing

    /// Types `text` as it is, with no Enter.
    func type(_ text: String) throws {
        try write(Array(text.utf8))
    }

    /// Types `line`, then Enter.
    func typeLine(_ line: String) throws {
        try write(Array(line.utf8) + Key.enter.bytes)
    }

    func press(_ key: Key) throws {
        try write(key.bytes)
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        let deadline = Date().addingTimeInterval(10)
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno != EAGAIN && errno != EINTR {
                throw Self.failure("write to the terminal")
            } else {
                // The terminal's input queue is full: let the child's output drain meanwhile.
                guard Date() < deadline else { throw TerminalError(description: "typing blocked for 10 s\n\(tail)") }
                pump(milliseconds: 20)
            }
        }
    }

    // MARK: reading

    /// Everything the child wrote so far, escape sequences, carriage returns and other
    /// control characters (but newlines and tabs) removed.
    var screen: String {
        lock.withLock { String(decoding: plain, as: UTF8.self) }
    }

    /// Everything the child wrote so far, as it came.
    var rawOutput: String {
        lock.withLock { String(decoding: raw, as: UTF8.self) }
    }

    /// What an 80-column terminal shows after the output so far: one string per row, scrolled
    /// rows kept, trailing blanks trimmed.
    var display: [String] {
        var display = Display(width: Int(Self.columns), height: Int(Self.rows))
        display.feed(rawOutput)
        return display.lines
    }

    /// The row the cursor is on, as `display` shows it: the line being edited, with its prompt.
    var cursorLine: String {
        var display = Display(width: Int(Self.columns), height: Int(Self.rows))
        display.feed(rawOutput)
        return display.cursorLine
    }

    /// Reads until `text` appears in `screen` after the end of the previous match, and gives
    /// back the screen from there to the end of this match. Throws when `timeout` runs out or
    /// the child exits first.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 20) throws -> String {
        let needle = Array(text.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let found: String? = lock.withLock {
                guard let range = plain[mark...].firstRange(of: needle) else { return nil }
                let text = String(decoding: plain[mark..<range.upperBound], as: UTF8.self)
                mark = range.upperBound
                return text
            }
            if let found { return found }
            if let status = reap() {
                pump(milliseconds: 0)
                if lock.withLock({ plain[mark...].firstRange(of: needle) != nil }) { continue }
                throw TerminalError(description: "sched exited (\(Self.describe(status))) before showing \(quoted(text))\n\(tail)")
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                throw TerminalError(description: "waited \(timeout) s for \(quoted(text))\n\(tail)")
            }
            pump(milliseconds: Int32(min(left, 0.2) * 1000))
        }
    }

    /// Reads until the row the cursor is on shows `text` (erased cells at its end aside): the line
    /// being edited, with its prompt, after the line editor has redrawn it.
    func waitForCursorLine(_ text: String, timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while cursorLine != text {
            if let status = reap() {
                throw TerminalError(description: "sched exited (\(Self.describe(status))) before the line read \(quoted(text))\n\(tail)")
            }
            guard Date() < deadline else {
                throw TerminalError(description: "waited \(timeout) s for the line to read \(quoted(text)); it reads \(quoted(cursorLine))\n\(tail)")
            }
            pump(milliseconds: 100)
        }
    }

    /// Waits for the line editor's `prompt` (as `waitFor`), then until the editor has taken the
    /// terminal: canonical input off, keys read one by one. libedit draws its prompt first and
    /// switches the terminal on its first read; a key typed in between is echoed by the
    /// terminal as well, and a Ctrl-D there is read as a NUL instead of the end of input.
    @discardableResult
    func waitForPrompt(_ prompt: String, timeout: TimeInterval = 20) throws -> String {
        let shown = try waitFor(prompt, timeout: timeout)
        try waitForMode("reads keys one by one", timeout: timeout) { $0 & tcflag_t(ICANON) == 0 }
        return shown
    }

    /// Waits until the terminal reads lines without echoing them, as a password prompt sets it
    /// (canonical input, echo off; a line editor's own mode reads keys one by one instead).
    func waitForSilentInput(timeout: TimeInterval = 20) throws {
        try waitForMode("reads a line without echo", timeout: timeout) {
            $0 & tcflag_t(ECHO) == 0 && $0 & tcflag_t(ICANON) != 0
        }
    }

    /// Waits until the terminal's local modes (`c_lflag`) pass `test`.
    private func waitForMode(_ what: String, timeout: TimeInterval, _ test: (tcflag_t) -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            var mode = termios()
            if tcgetattr(slave, &mode) == 0 && test(mode.c_lflag) { return }
            if let status = reap() {
                throw TerminalError(description: "sched exited (\(Self.describe(status))) before the terminal \(what)\n\(tail)")
            }
            guard Date() < deadline else {
                throw TerminalError(description: "after \(timeout) s the terminal still not \(what) (\(diagnosis))\n\(tail)")
            }
            pump(milliseconds: 10)
        }
    }

    /// Waits for the child to exit and gives back its exit status (128 + N after signal N).
    func waitForExit(timeout: TimeInterval = 20) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = reap() {
                pump(milliseconds: 0)
                return Self.exitCode(status)
            }
            guard Date() < deadline else {
                throw TerminalError(description: "sched still running after \(timeout) s (\(diagnosis))\n\(tail)")
            }
            pump(milliseconds: 50)
        }
    }

    /// Kills the child if it still runs, reaps it and closes the terminal. Safe to call twice.
    func close() {
        let alreadyClosed = lock.withLock { () -> Bool in
            defer { closed = true }
            return closed
        }
        if alreadyClosed { return }
        if reap() == nil {
            kill(processIdentifier, SIGKILL)
            var status: Int32 = 0
            while waitpid(processIdentifier, &status, 0) < 0 && errno == EINTR {}
        }
        Glibc.close(slave)
        Glibc.close(master)
    }

    /// The terminal's mode and what the child is blocked in, for failure messages.
    private var diagnosis: String {
        var mode = termios()
        let modeText = tcgetattr(slave, &mode) == 0
            ? "icanon \(mode.c_lflag & tcflag_t(ICANON) != 0), echo \(mode.c_lflag & tcflag_t(ECHO) != 0)"
            : "no termios"
        let wchan = (try? String(contentsOfFile: "/proc/\(processIdentifier)/wchan", encoding: .utf8)) ?? "?"
        let syscall = (try? String(contentsOfFile: "/proc/\(processIdentifier)/syscall", encoding: .utf8)) ?? "?"
        return "\(modeText), wchan \(wchan), syscall \(syscall.prefix(40))"
    }

    /// The last lines of the screen, for failure messages.
    private var tail: String {
        let text = screen
        return "--- screen (last 2000 characters)\n\(text.suffix(2000))\n--- end of screen"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\u{1B}", with: "\\e").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// Reads whatever the child has written, waiting at most `milliseconds` for the first byte.
    private func pump(milliseconds: Int32) {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if count <= 0 {
                if count < 0 && errno == EINTR { continue }
                return
            }
            let chunk = buffer[0..<count]
            lock.withLock {
                raw.append(contentsOf: chunk)
                stripper.strip(chunk, into: &plain)
            }
        }
    }

    /// The child's wait status once it has exited; reaps it the first time.
    private func reap() -> Int32? {
        if let exitStatus = lock.withLock({ exitStatus }) { return exitStatus }
        var status: Int32 = 0
        let result = waitpid(processIdentifier, &status, WNOHANG)
        guard result == processIdentifier else { return nil }
        lock.withLock { exitStatus = status }
        return status
    }

    // MARK: spawning

    /// `posix_spawn` in a new session, with `terminal` opened as fds 0, 1 and 2 (which makes it
    /// the controlling terminal), every other fd closed, and signals as a new login would have
    /// them: none blocked, none ignored.
    private static func spawn(_ path: String, arguments: [String], environment: [String: String],
                              directory: String, terminal: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        _ = SpawnExtensions.addChdir?(&actions, directory)
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        // Pipes other tests have open must not stay open in this child, or their readers wait
        // for it to exit.
        _ = SpawnExtensions.addCloseFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        // POSIX_SPAWN_SETSID is 0x80 in glibc; Swift does not import it.
        let setSession: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(setSession | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw TerminalError(description: "posix_spawn \(path) failed: \(String(cString: strerror(result)))")
        }
        return pid
    }

    private static func failure(_ what: String) -> TerminalError {
        TerminalError(description: "\(what) failed: \(String(cString: strerror(errno)))")
    }

    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    private static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        return signal == 0 ? "exit \((status >> 8) & 0xFF)" : "killed by signal \(signal)"
    }
}

extension PseudoTerminal {
    /// Drops terminal escape sequences and control characters from a byte stream, one chunk at
    /// a time (a sequence may be split across reads). Newlines and tabs stay.
    struct EscapeStripper {
        private enum State { case text, escape, escapeArgument, controlSequence, osc, oscEscape }
        private var state = State.text

        mutating func strip(_ bytes: some Sequence<UInt8>, into output: inout [UInt8]) {
            for byte in bytes {
                switch state {
                case .text:
                    if byte == 0x1B {
                        state = .escape
                    } else if byte >= 0x20 && byte != 0x7F || byte == 0x0A || byte == 0x09 {
                        output.append(byte)
                    }
                case .escape:
                    switch byte {
                    case UInt8(ascii: "["): state = .controlSequence
                    case UInt8(ascii: "]"): state = .osc
                    case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                         UInt8(ascii: "#"), UInt8(ascii: "%"):
                        state = .escapeArgument
                    default: state = .text
                    }
                case .escapeArgument:
                    state = .text
                case .controlSequence:
                    if (0x40...0x7E).contains(byte) { state = .text }
                case .osc:
                    if byte == 0x07 { state = .text } else if byte == 0x1B { state = .oscEscape }
                case .oscEscape:
                    state = byte == UInt8(ascii: "\\") ? .text : .osc
                }
            }
        }
    }

    /// A small terminal emulator: enough of a VT100 (cursor motion, erasing, inserting and
    /// deleting characters) to tell what a line editor's redrawn line looks like.
    struct Display {
        let width: Int
        let height: Int
        /// Every row written, scrolled ones included; nil is a cell never written or erased.
        private var rows: [[Character?]] = [[]]
        private var row = 0
        private var column = 0

        init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }

        var lines: [String] { rows.map(Self.text) }
        var cursorLine: String { Self.text(rows[row]) }

        private static func text(_ cells: [Character?]) -> String {
            let used = cells.lastIndex { $0 != nil }.map { cells[...$0] } ?? []
            return String(used.map { $0 ?? " " })
        }

        mutating func feed(_ text: String) {
            var scalars = text.unicodeScalars.makeIterator()
            while let scalar = scalars.next() {
                switch scalar {
                case "\u{1B}": escape(&scalars)
                case "\r": column = 0
                case "\n": lineFeed()
                case "\u{08}": column = max(0, column - 1)
                case "\t": column = min(width - 1, (column / 8 + 1) * 8)
                default:
                    if scalar.value >= 0x20 && scalar.value != 0x7F { put(Character(scalar)) }
                }
            }
        }

        private mutating func put(_ character: Character) {
            if column >= width {
                column = 0
                lineFeed()
            }
            ensureCell(column)
            rows[row][column] = character
            column += 1
        }

        private mutating func lineFeed() {
            row += 1
            while rows.count <= row { rows.append([]) }
        }

        private mutating func ensureCell(_ index: Int) {
            if rows[row].count <= index { rows[row] += Array(repeating: nil, count: index + 1 - rows[row].count) }
        }

        private mutating func escape(_ scalars: inout String.UnicodeScalarView.Iterator) {
            guard let kind = scalars.next() else { return }
            switch kind {
            case "[":
                var parameters = ""
                while let next = scalars.next() {
                    if (0x40...0x7E).contains(next.value) {
                        controlSequence(parameters, final: next)
                        return
                    }
                    parameters.unicodeScalars.append(next)
                }
            case "]":
                while let next = scalars.next() {
                    if next == "\u{07}" { return }
                    if next == "\u{1B}" { _ = scalars.next(); return }
                }
            case "(", ")", "*", "+", "#", "%":
                _ = scalars.next()
            case "M":
                row = max(0, row - 1)
            default:
                break
            }
        }

        private mutating func controlSequence(_ parameters: String, final: Unicode.Scalar) {
            // Private modes (`?1034h` and the like) do not move anything.
            if let first = parameters.unicodeScalars.first, "<=>?".unicodeScalars.contains(first) { return }
            let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            let first = numbers.first ?? 0
            let count = max(1, first)
            switch final {
            case "A": row = max(0, row - count)
            case "B":
                row += count
                while rows.count <= row { rows.append([]) }
            case "C": column = min(width - 1, column + count)
            case "D": column = max(0, column - count)
            case "G": column = min(width - 1, count - 1)
            case "H", "f":
                let top = max(0, rows.count - height)
                row = top + max(1, first) - 1
                while rows.count <= row { rows.append([]) }
                column = min(width - 1, max(1, numbers.count > 1 ? numbers[1] : 1) - 1)
            case "K":
                switch first {
                case 1: for index in 0...column where index < rows[row].count { rows[row][index] = nil }
                case 2: rows[row] = []
                default: if column < rows[row].count { rows[row].removeSubrange(column...) }
                }
            case "J":
                if column < rows[row].count { rows[row].removeSubrange(column...) }
                if row + 1 < rows.count { rows.removeSubrange((row + 1)...) }
            case "P":
                if column < rows[row].count { rows[row].removeSubrange(column..<min(rows[row].count, column + count)) }
            case "@":
                if column < rows[row].count { rows[row].insert(contentsOf: Array(repeating: nil, count: count), at: column) }
            case "X":
                for index in column..<(column + count) where index < rows[row].count { rows[row][index] = nil }
            default:
                break
            }
        }
    }
}

/// glibc functions Swift does not import (their header declares them only for _GNU_SOURCE or
/// _XOPEN_SOURCE): looked up at run time.
private enum GlibcExtensions {
    typealias Unlock = @convention(c) (Int32) -> Int32
    typealias PseudoTerminalName = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32

    static func unlockpt(_ master: Int32) -> Int32 {
        guard let unlock: Unlock = SpawnExtensions.symbol("unlockpt") else { return -1 }
        return unlock(master)
    }

    static func ptsname_r(_ master: Int32, _ buffer: UnsafeMutablePointer<CChar>, _ size: Int) -> Int32 {
        guard let name: PseudoTerminalName = SpawnExtensions.symbol("ptsname_r") else { return -1 }
        return name(master, buffer, size)
    }
}
#endif
