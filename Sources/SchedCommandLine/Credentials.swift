import ArgumentParser
import Foundation
import SchedCore

/// A user name and password from the command line, read before any script so that
/// `--password-stdin` gets the first line of standard input.
struct Credentials {
    let user: String
    let password: String

    /// The credentials `--user` asks for, or nil without `--user`.
    static func forRun(_ options: CommonOptions) throws -> Credentials? {
        guard let user = options.user else {
            if options.passwordStdin { throw ValidationError(CommandLineText.passwordStdinNeedsUser) }
            return nil
        }
        return try read(user: user, fromStandardInput: options.passwordStdin)
    }

    /// The credentials for `sched init`: `--user`, else `$USER`. On a terminal the password is
    /// asked for twice, since a typing mistake there would lock the person out.
    static func forInit(_ options: CommonOptions) throws -> Credentials {
        guard let user = options.user ?? ProcessInfo.processInfo.environment["USER"], !user.isEmpty else {
            throw ValidationError(CommandLineText.nameTheUser)
        }
        let credentials = try read(user: user, fromStandardInput: options.passwordStdin)
        if PasswordSource.isPrompted(fromStandardInput: options.passwordStdin) {
            guard PasswordSource.promptWithoutEcho(CommandLineText.passwordAgainPrompt) == credentials.password else {
                Invocation.write(SchedError(.validation, CommandLineText.passwordsDiffer), options.invocation)
                throw ExitCode(1)
            }
        }
        return credentials
    }

    static func read(user: String, fromStandardInput: Bool) throws -> Credentials {
        guard let password = PasswordSource.read(fromStandardInput: fromStandardInput,
                                                 prompt: CommandLineText.passwordPrompt(for: user)) else {
            throw ValidationError(CommandLineText.noPassword(for: user))
        }
        return Credentials(user: user, password: password)
    }
}
