import ArgumentParser
import Foundation

/// Options every way of running statements shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database: a file, or postgres://user@host:port/name (default: $SCHED_DB, else $XDG_DATA_HOME/sched/sched.db).", valueName: "path"), completion: .file())
    var db: String?

    @Flag(name: .long, help: "Print results as JSON, one value per line.")
    var json = false

    @Flag(name: .long, help: "Go on after a failing statement instead of stopping.")
    var keepGoing = false

    @Flag(name: .long, help: "Run the whole input in one transaction: all of it lands or none of it does.")
    var atomic = false

    @Option(name: .long, help: ArgumentHelp("Log this run in as NAME, with the password from $SCHED_PASSWORD or --password-stdin.", valueName: "name"))
    var user: String?

    @Flag(name: .long, help: "Read the password for --user from the first line of standard input.")
    var passwordStdin = false

    @Flag(name: .long, help: "Log each Cal.com request (method, path, status, duration) to standard error.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("How long a new session lasts, in minutes (default 720, 12 hours; at most 129600, 90 days).", valueName: "minutes"))
    var sessionTtl: Int?

    func validate() throws {
        if let sessionTtl, !(1...InvocationOptions.longestLifetimeMinutes).contains(sessionTtl) {
            throw ValidationError(CommandLineText.sessionTTLRange)
        }
    }

    /// What an invocation takes from these options.
    var invocation: InvocationOptions {
        InvocationOptions(db: db, json: json, keepGoing: keepGoing, atomic: atomic, verbose: verbose,
                          sessionLifetime: sessionTtl.map { TimeInterval($0 * 60) } ?? InvocationOptions.defaultLifetime)
    }
}

/// The options that shape an invocation: from `CommonOptions`, or from `Sched.plainRun` when a
/// `sched -c` command line skips the argument parser.
struct InvocationOptions {
    /// A working day: a person using sched through the day logs in once. The session file is
    /// theirs alone (0600), and `sched logout` ends a session at once.
    static let defaultLifetime: TimeInterval = 12 * 60 * 60
    static let longestLifetimeMinutes = 90 * 24 * 60

    var db: String?
    var json = false
    var keepGoing = false
    var atomic = false
    var verbose = false
    var sessionLifetime = defaultLifetime
}
