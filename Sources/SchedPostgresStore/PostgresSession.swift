import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import SchedCore
import SchedPostgres
import Synchronization

/// One connection to PostgreSQL, used by one thread at a time from the store's synchronous
/// methods: each query waits for its answer. Never used on an event loop's own thread, where
/// waiting would stop the loop it waits for.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    let location: PostgresLocation
    /// Set when a statement deferred the overlap constraint (an undo); the store checks it
    /// before the statement ends.
    var defersOverlapCheck = false
    /// When the session last went back to its pool; new sessions count as used at connecting.
    var lastUsed = ContinuousClock.now

    /// Whether the session was connected or used within the last second: after longer in the
    /// pool, the server may have ended it (a restart), which only a statement that waits finds.
    var isRecent: Bool { ContinuousClock.now - lastUsed < .seconds(1) }
    private static let quiet = Logger(label: "sched.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// Connects, or fails with `Database unavailable: <location, password masked>: <reason>`.
    init(_ location: PostgresLocation, schema: String? = nil,
         on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.location = location
        var configuration: PostgresConnection.Configuration
        if let directory = location.socketDirectory {
            configuration = .init(unixSocketPath: "\(directory)/.s.PGSQL.\(location.port)", username: location.user,
                                  password: location.password, database: location.database)
        } else {
            configuration = .init(host: location.host, port: location.port, username: location.user,
                                  password: location.password, database: location.database, tls: try Self.tls(location))
        }
        configuration.options.connectTimeout = .seconds(Int64(location.connectTimeout ?? 10))
        // Sent with the login rather than as statements after it: a writer waits 5 seconds for
        // another's lock, as SQLite's busy timeout waits; a store of a schema of its own sees it;
        // dates read as text are `YYYY-MM-DD` whatever DateStyle the database was given.
        configuration.options.additionalStartupParameters = [("lock_timeout", "5s"), ("DateStyle", "ISO, YMD")]
            + (schema.map { [("search_path", Self.quoted($0))] } ?? [])
        do {
            connection = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1,
                                                        logger: Self.quiet).wait()
        } catch {
            throw Self.unavailable(location, error)
        }
        // Registered once: a callback a query would leave behind on a long-lived connection.
        connection.closeFuture.whenComplete { [weak self] _ in
            self?.inFlight.withLock { $0?.fail(Closed()) }
        }
    }

    /// The answer the running query waits for, failed at once if the connection closes.
    private let inFlight = Mutex<EventLoopPromise<PostgresQueryResult>?>(nil)

    /// TLS as libpq's `sslmode` asks for it: `allow` tries without first (so, here, never
    /// with), `prefer` tries with first, `require` insists without checking the certificate,
    /// `verify-ca` checks that it chains to the root certificates, `verify-full` that it also
    /// names the host.
    static func tls(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        func context(_ verification: CertificateVerification) throws -> NIOSSLContext {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = verification
            if let roots = location.rootCertificates {
                configuration.trustRoots = .file(roots)
            }
            do {
                return try NIOSSLContext(configuration: configuration)
            } catch {
                throw SchedError.databaseUnavailable("\(location.shown): \(PostgresStoreText.badRootCertificates(roots: location.rootCertificates))")
            }
        }
        switch location.sslMode {
        case .disable, .allow: return .disable
        case .prefer: return .prefer(try context(.none))
        case .require: return .require(try context(.none))
        case .verifyCA: return .require(try context(.noHostnameVerification))
        case .verifyFull: return .require(try context(.fullVerification))
        }
    }

    /// An identifier quoted for SQL: `"a""b"` for `a"b`.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    struct Closed: Error {}

    /// A statement that never left this process: the connection had closed before it (the
    /// server restarted while the session sat in the pool). Safe to try again elsewhere.
    struct NotSent: Error {
        let reason: SchedError
    }

    /// Runs one statement and waits for every row. The server's refusal of the statement (a
    /// constraint, a serialization failure) is thrown as it came, for the store to read its
    /// SQLSTATE; a connection that failed or was closed is `Database unavailable`. A closed
    /// connection fails at once rather than leaving the query waiting for an answer that cannot
    /// come.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
        let ahead = sentAhead
        sentAhead = []
        if connection.isClosed { throw NotSent(reason: Self.unavailable(location, Closed())) }
        do {
            let answer = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
            inFlight.withLock { $0 = answer }
            defer { inFlight.withLock { $0 = nil } }
            connection.query(query, logger: Self.quiet).cascade(to: answer)
            if connection.isClosed { answer.fail(Closed()) }
            let result = Result { try answer.futureResult.wait() }
            // Statements sent ahead without waiting ran before this one, and a refusal of
            // theirs explains this one's: their answers are in.
            do {
                for statement in ahead { _ = try statement.wait() }
            } catch {
                aheadFailed = true
                throw error
            }
            return try result.get()
        } catch let refusal as PSQLError where refusal.code == .server && !Self.endsSession(refusal) {
            throw refusal
        } catch {
            throw Self.unavailable(location, error)
        }
    }

    /// Sends a statement whose answer nobody waits for; the connection runs its queries one
    /// after another, so whatever is sent next waits behind it.
    func send(_ query: PostgresQuery) {
        // What was sent ahead matters no more to a statement nobody waits for (a reader's
        // COMMIT after a body that asked nothing).
        sentAhead = []
        guard !connection.isClosed else { return }
        _ = connection.query(query, logger: Self.quiet)
    }

    /// Statements sent without waiting whose refusal the next `run` throws, once its own
    /// answer is in: the server answers in order, so nothing waits for them alone.
    private var sentAhead: [EventLoopFuture<PostgresQueryResult>] = []
    /// Set when a statement sent ahead failed: what was sent after it in the transaction was
    /// refused too, so a run cannot go back to a savepoint and on.
    var aheadFailed = false

    /// Sends `query` ahead of the next one; that one's `run` throws if this one failed.
    func sendAhead(_ query: PostgresQuery) throws {
        if connection.isClosed { throw NotSent(reason: Self.unavailable(location, Closed())) }
        sentAhead.append(connection.query(query, logger: Self.quiet))
    }

    /// Refusals after which the connection is gone: the server shutting down (57P01, 57P02,
    /// 57P03) or ending this backend (57P05, idle timeouts).
    static func endsSession(_ refusal: PSQLError) -> Bool {
        guard let state = refusal.serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("57P") || state.hasPrefix("08")
    }

    /// Closes the connection and waits until it is closed (postgres-nio asserts that a
    /// connection it frees was closed first).
    func close() {
        guard !connection.isClosed else { return }
        let closed: EventLoopFuture<Void> = connection.close()
        if !connection.eventLoop.inEventLoop {
            _ = try? closed.wait()
        }
    }

    deinit {
        close()
    }

    /// The server's own words where it gave some (wrong password, missing database), else what
    /// failed on the way; never the password.
    static func unavailable(_ location: PostgresLocation, _ error: any Error) -> SchedError {
        if let error = error as? SchedError { return error }
        let reason: String
        switch error {
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] {
                reason = message
            } else if error.code == .sslUnsupported {
                reason = PostgresStoreText.tlsRefused
            } else if let refusal = error.underlying as? NIOSSLError {
                reason = PostgresStoreText.certificate("\(refusal)")
            } else if error.code == .connectionError || error.code == .serverClosedConnection {
                reason = PostgresStoreText.cannotConnect
            } else if error.code == .authMechanismRequiresPassword {
                reason = PostgresStoreText.needsPassword
            } else {
                reason = PostgresStoreText.failed("\(error.code)")
            }
        case is Closed:
            reason = PostgresStoreText.connectionLost
        default:
            reason = PostgresStoreText.cannotConnect
        }
        return SchedError.databaseUnavailable("\(location.shown): \(reason)")
    }

    /// The SQLSTATE of a server's refusal, such as `23P01` for an exclusion constraint.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}

/// What the PostgreSQL store says of its connection.
enum PostgresStoreText {
    static let cannotConnect = "could not connect to the server"
    static let connectionLost = "the connection to the server was lost"
    static let needsPassword = "the server asks for a password (give it in the URL, PGPASSWORD or ~/.pgpass)"
    static func failed(_ code: String) -> String { "the server refused (\(code))" }
    static func badRootCertificates(roots: String?) -> String {
        roots.map { "cannot read the root certificates in \($0)" } ?? "cannot read the system's root certificates"
    }
    static let tlsRefused = "the server does not accept TLS, which sslmode asks for"
    static func certificate(_ reason: String) -> String { "the server's certificate was refused (\(reason))" }
    static func locked(_ location: String, seconds: Int) -> String {
        "\(location): another writer held the database's write lock for \(seconds) seconds"
    }
    static func gaveUp(_ attempts: Int, _ reason: String) -> String {
        "the server ended the transaction \(attempts) times (\(reason)); nothing was saved"
    }
    static func commitUnknown(_ location: String) -> String {
        "\(location): the connection was lost while committing; whether the change was saved is unknown"
    }
}
