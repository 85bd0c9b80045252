import ArgumentParser
import Foundation

/// A user name and password from the command line, read before any script so that
/// `--password-stdin` gets the first line of standard input.
struct Credentials {
    let user: String
    let password: String

    /// The credentials `--user` asks for, or nil without `--user`.
    static func forRun(_ options: CommonOptions) throws -> Credentials? {
        guard let user = options.user else { return nil }
        return try read(user: user, fromStandardInput: options.passwordStdin)
    }

    /// The credentials for `sched init` and `sched login`: `--user`, else `$USER`.
    static func forCommand(_ options: CommonOptions) throws -> Credentials {
        guard let user = options.user ?? ProcessInfo.processInfo.environment["USER"], !user.isEmpty else {
            throw ValidationError("Name the user with --user NAME.")
        }
        return try read(user: user, fromStandardInput: options.passwordStdin)
    }

    private static func read(user: String, fromStandardInput: Bool) throws -> Credentials {
        guard let password = PasswordSource.read(fromStandardInput: fromStandardInput, prompt: "Password for \(user): ") else {
            throw ValidationError("No password for \(user): use --password-stdin, set SCHED_PASSWORD, or run on a terminal.")
        }
        return Credentials(user: user, password: password)
    }
}
