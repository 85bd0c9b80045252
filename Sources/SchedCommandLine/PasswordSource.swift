import Foundation

/// Where a password comes from on the command line: `--password-stdin`, `$SCHED_PASSWORD`, or a
/// prompt on the terminal with echo off. Never an argument, where `ps` would show it.
enum PasswordSource {
    /// The password, or nil when none can be had.
    static func read(fromStandardInput: Bool, prompt: String) -> String? {
        if fromStandardInput {
            // Swift's readLine reads standard input through a buffer of 4 KB, which would take
            // the start of a script that follows the password on the same input.
            return readStandardInputLine()
        }
        if let password = ProcessInfo.processInfo.environment["SCHED_PASSWORD"], !password.isEmpty {
            return password
        }
        return promptWithoutEcho(prompt)
    }

    /// Whether `read` asks at the terminal rather than taking the password from standard input
    /// or `$SCHED_PASSWORD`.
    static func isPrompted(fromStandardInput: Bool) -> Bool {
        !fromStandardInput && (ProcessInfo.processInfo.environment["SCHED_PASSWORD"] ?? "").isEmpty
            && isatty(STDIN_FILENO) != 0
    }

    /// Asks on the terminal with echo turned off; nil when standard input is not a terminal.
    static func promptWithoutEcho(_ prompt: String) -> String? {
        guard isatty(STDIN_FILENO) != 0 else { return nil }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        FileHandle.standardError.write(Data(prompt.utf8))
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readTerminalLine()
    }

    /// The first line of standard input, without its line end (`\n` or `\r\n`), read byte by
    /// byte so that everything after it stays unread; nil when the input is empty.
    static func readStandardInputLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let got = Glibc.read(STDIN_FILENO, &byte, 1)
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// A line read byte by byte with read(2), so that nothing after it is buffered away from
    /// the line editor; nil at the end of input or on Ctrl-C.
    private static func readTerminalLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let got = Glibc.read(STDIN_FILENO, &byte, 1)
            if got < 0 && errno == EINTR { return nil }
            if got <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
