import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import UnixSignals
import Scheduling

/// `sched serve`: the seed's REST API and the web app over the same use cases as the language.
public struct SchedServe: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// An origin allowed to call the API from another site; none unless named.
        public var corsOrigin: String?

        public init(host: String = "127.0.0.1", port: Int = 8080, corsOrigin: String? = nil) {
            self.host = host
            self.port = port
            self.corsOrigin = corsOrigin
        }
    }

    let scheduler: Scheduler
    let options: Options
    let logger: Logger
    let web: WebFiles

    /// Reads the web app's files; fails when they are missing.
    public init(scheduler: Scheduler, options: Options, logger: Logger) throws {
        self.scheduler = scheduler
        self.options = options
        self.logger = logger
        self.web = try WebFiles.load()
    }

    /// Serves until one of `signals` comes or the task is cancelled, then finishes the requests
    /// in flight; `listening` is told the address once the socket is bound (the real port when
    /// 0 was asked for).
    public func run(stoppingOn signals: [UnixSignal] = [.sigterm, .sigint],
                    listening: @escaping @Sendable (String) -> Void) async throws {
        // SQLite work blocks its thread; more threads than cores let reads go on while a write
        // waits for another process's lock.
        let threads = NIOThreadPool(numberOfThreads: max(4, 2 * System.coreCount))
        threads.start()
        defer { threads.shutdownGracefully { _ in } }
        let host = options.host
        let app = Application(
            router: router(Endpoint(scheduler: scheduler, threads: threads)),
            configuration: .init(address: .hostname(host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shownHost = host.contains(":") ? "[\(host)]" : host
                listening(ServerMessage.listening("http://\(shownHost):\(port)/"))
            },
            logger: logger
        )
        try await app.runService(gracefulShutdownSignals: signals)
    }

    func router(_ endpoint: Endpoint) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        if let origin = options.corsOrigin {
            router.add(middleware: CORSMiddleware(
                allowOrigin: .custom(origin),
                allowHeaders: [.authorization, .contentType],
                allowMethods: [.get, .post, .put, .delete],
                maxAge: .seconds(600)
            ))
        }
        router.add(middleware: SecurityHeadersMiddleware())
        let routes = Routes(router: router, table: RouteTable())
        router.add(middleware: ErrorMiddleware(logger: logger, routes: routes.table))
        router.add(middleware: WebFilesMiddleware(web: web))
        AuthController(endpoint: endpoint, limit: LoginRateLimit()).add(to: routes)
        AppointmentController(endpoint: endpoint).add(to: routes)
        AvailabilityController(endpoint: endpoint).add(to: routes)
        // Served by WebFilesMiddleware; listed so that other methods on it get 405.
        routes.table.add(.get, "/api/openapi.json")
        return router
    }
}
