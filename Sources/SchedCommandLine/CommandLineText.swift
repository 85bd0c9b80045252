import SchedRuntime

/// What the command line itself says, in one place: its usage errors, prompts and banner. What
/// statements say is in the runtime's catalogues.
enum CommandLineText {
    static let nameTheUser = "Name the user with --user NAME."
    static let passwordStdinNeedsUser = "--password-stdin needs --user."
    static let sessionTTLRange = "--session-ttl must be between 1 and \(InvocationOptions.longestLifetimeMinutes) minutes (90 days)."
    static let nameAScript = "Name at least one script file, or - for standard input."
    static let nameAScriptToCheck = "Name at least one script file to check."
    static let nameAScenario = "Name at least one scenario file or directory."
    static let copyNeedsTarget = "--to names the database to copy into: a new file, or postgres://… (an empty --to names none)."
    static let copyNeedsSource = "--from names the database to copy (an empty --from names none)."
    static let lineEditorFailed = "cannot start the line editor on this terminal"
    static let pruneTakesADate = "--prune takes a date and nothing else, such as: sched history --prune 2025-01-01"

    static func pruneDate(_ text: String) -> String {
        "--prune needs a date such as 2025-01-01, not '\(text)'"
    }

    static let serveOptionsAfterServe = "Give sched serve its options after 'serve' (only --db may come before it)."

    static func serverProgramMissing(_ path: String) -> String {
        "sched serve runs sched-serve, which is neither at \(path) nor on PATH; build it with "
            + "'swift build -c release --static-swift-stdlib --product sched-serve'"
    }

    static func noPassword(for user: String) -> String {
        "No password for \(user): use --password-stdin, set SCHED_PASSWORD, or run on a terminal."
    }

    static func passwordPrompt(for user: String) -> String { "Password for \(user): " }
    static let passwordAgainPrompt = "Password again: "
    static let passwordsDiffer = "The two passwords differ; nothing was created."
    static func expiredPrompt(_ user: String) -> String { "Session for \(user) expired. Password: " }
    static let loginPasswordPrompt = "Password: "
    static let keyPrompt = "Cal.com API key: "

    static func banner(database: String, zone: String) -> String {
        "sched \(SchedVersion.current) — database \(database), home zone \(zone)"
    }

    static let bannerKeys = "Type 'help' for the statements, Tab to complete, 'quit' or Ctrl-D to leave."
    static let bannerNotLoggedIn = "Not logged in: 'login \"NAME\"' (or 'create user \"NAME\" password \"...\"' on a new database)."

}
