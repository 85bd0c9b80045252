import Foundation

/// Where a password comes from on the command line: `--password-stdin`, `$SCHED_PASSWORD`, or a
/// prompt on the terminal with echo off. Never an argument, where `ps` would show it.
enum PasswordSource {
    /// The password, or nil when none can be had.
    static func read(fromStandardInput: Bool, prompt: String) -> String? {
        if fromStandardInput {
            return readLine(strippingNewline: true)
        }
        if let password = ProcessInfo.processInfo.environment["SCHED_PASSWORD"], !password.isEmpty {
            return password
        }
        return promptWithoutEcho(prompt)
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
        return readLine(strippingNewline: true)
    }
}
