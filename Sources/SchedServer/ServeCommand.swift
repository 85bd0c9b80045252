import ArgumentParser
import Foundation
import Logging
import SchedCore
import SchedLang
import SchedRuntime
import SchedStores
import Scheduling

/// `sched serve` (the `sched-serve` program, which `sched serve` runs): the REST API and the
/// web app over HTTP, on the same database the language uses.
public struct ServeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sched serve",
        abstract: "Serve the REST API and the web app over HTTP, on loopback unless --host says otherwise.",
        discussion: "Logs one line per request to standard error; stops on Ctrl-C or SIGTERM once the requests in flight are answered."
    )

    @Option(name: .long, help: ArgumentHelp("The database file (default: $SCHED_DB, else $XDG_DATA_HOME/sched/sched.db).", valueName: "path"), completion: .file())
    var db: String?

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one (the line on standard output names it).", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("How long a token from /api/auth/login lasts: 90s, 30m, 2h.", valueName: "duration"))
    var tokenTtl = "60m"

    @Option(help: ArgumentHelp("Let pages from this origin call the API (CORS); none unless given.", valueName: "origin"))
    var corsOrigin: String?

    public init() {}

    public func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError(ServerMessage.portRange) }
        guard Self.seconds(tokenTtl) != nil else { throw ValidationError(ServerMessage.tokenTTL(tokenTtl)) }
    }

    /// The longest a token may last: 90 days, as a session of the language.
    static let longestLifetime = 90 * 24 * 3600

    /// `90s`, `30m`, `2h`: from a second to 90 days.
    static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, let number = Int(text.dropLast()), number > 0, number <= longestLifetime else { return nil }
        let seconds: Int
        switch unit {
        case "s": seconds = number
        case "m": seconds = number * 60
        case "h": seconds = number * 3600
        default: return nil
        }
        return seconds <= longestLifetime ? seconds : nil
    }

    public func run() throws {
        let errors = ErrorWriter(renderer: DiagnosticRenderer(colour: false), output: .standard)
        let environment = ProcessInfo.processInfo.environment
        let store: any Store
        do {
            store = try DatabaseLocation.resolve(explicit: db, environment: environment).open()
        } catch {
            errors.error(error)
            throw ExitCode(1)
        }
        let scheduler = Scheduler(store: store, clock: SystemClock(),
                                  sessionLifetime: TimeInterval(Self.seconds(tokenTtl) ?? 3600))
        scheduler.calcom.environment = .current(environment)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let server: SchedServe
        do {
            server = try SchedServe(scheduler: scheduler, options: .init(host: host, port: port, corsOrigin: corsOrigin),
                                    logger: Logger(label: "sched.serve"))
        } catch {
            errors.error(SchedError(.unavailable, String(describing: error)))
            throw ExitCode(1)
        }
        let failure = Self.block {
            try await server.run { line in
                // Written straight to the descriptor: a script waiting for the line reads it at once.
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        }
        if let failure {
            errors.error(SchedError(.unavailable, ServerMessage.cannotServe(host: host, port: port, failure)))
            throw ExitCode(1)
        }
        store.checkpoint()
    }

    /// Runs `work` to the end on the concurrency pool while this thread waits; gives its error.
    private static func block(_ work: @escaping @Sendable () async throws -> Void) -> (any Error)? {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task {
            do { try await work() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        return outcome.error
    }

    /// Written by the task before it signals, read after the wait.
    private final class Outcome: @unchecked Sendable {
        var error: (any Error)?
    }
}
