import CalCom
import Foundation
import Logging
import SchedCore
import SchedPostgres
import SchedPostgresStore
import SchedServer
import Scheduling
import SchedSQLite
import SchedTestSupport

/// `sched serve` in this process on a loopback port, over a fresh database with its user and
/// working hours (Monday to Friday, 09:00–17:00 in Berlin), and a clock pinned to Monday
/// 2 March 2026, 09:00 there.
final class LiveServer: @unchecked Sendable {
    static let username = "owner"
    static let password = "correct horse battery"
    static let zone = HomeZone(identifier: "Europe/Berlin")!
    /// Monday 2 March 2026, 08:00 UTC (09:00 in Berlin).
    static let monday = Date(timeIntervalSince1970: 1_772_438_400)

    let store: any Store
    let clock: ManualClock
    let scheduler: Scheduler
    let baseURL: URL
    private let task: Task<Void, any Error>
    private let file = TemporaryPath()
    private let transport = CurlTransport()

    /// The SQLite file; the PostgreSQL store's schema leaves no file.
    var path: String { file.path }

    /// The store a server runs on: a SQLite file, or a schema of its own in a database of the
    /// cluster the test process shares, dropped when the server goes.
    enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
        case sqlite, postgres

        var description: String { rawValue }

        static let postgresDatabase = Result { try TemporaryCluster.shared.get().database() }
    }

    init(backend: Backend = .sqlite, tokenLifetime: TimeInterval = 3600, corsOrigin: String? = nil) async throws {
        switch backend {
        case .sqlite:
            store = try SQLiteStore(path: file.path, defaultZone: Self.zone)
        case .postgres:
            let location = try PostgresLocation(url: try Backend.postgresDatabase.get(), environment: [:])
            store = try PostgresStore.temporary(location: location, defaultZone: Self.zone)
        }
        clock = ManualClock(Self.monday)
        scheduler = Scheduler(store: store, clock: clock, hashIterations: 1_000, sessionLifetime: tokenLifetime)
        _ = try scheduler.run(CreateUser { _ in (Self.username, Self.password) }, session: nil)
        let session = try scheduler.run(LogIn { _ in (Self.username, Self.password) }, session: nil).output.get().token
        _ = try scheduler.run(SetWorkingHours { _ in
            (.weekdays([.monday, .tuesday, .wednesday, .thursday, .friday]), [TimeWindow(start: 9 * 3600, end: 17 * 3600)])
        }, session: session)
        let server = try SchedServe(scheduler: scheduler, options: .init(port: 0, corsOrigin: corsOrigin),
                                    logger: Logger(label: "sched.serve.test") { _ in SwiftLogNoOpLogHandler() })
        let (lines, continuation) = AsyncStream<String>.makeStream()
        task = Task { try await server.run(stoppingOn: []) { continuation.yield($0) } }
        var address: URL?
        for await line in lines {
            address = line.components(separatedBy: "listening on ").last.flatMap(URL.init(string:))
            break
        }
        guard let address else { throw StartFailed() }
        baseURL = address
    }

    struct StartFailed: Error {}

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Sends a request; `json` is sent as the body with `Content-Type: application/json`.
    ///
    /// Each request runs on a thread of its own: the server's handlers need the concurrency
    /// pool, which a blocking call from a test would hold.
    func send(_ method: String, _ path: String, json: String? = nil, token: String? = nil,
              headers: [(name: String, value: String)] = []) async throws -> Reply {
        var fields = headers
        if let token { fields.append(("Authorization", "Bearer \(token)")) }
        if json != nil, !fields.contains(where: { $0.name.lowercased() == "content-type" }) {
            fields.append(("Content-Type", "application/json"))
        }
        let request = HTTPRequest(method: method, url: URL(string: path, relativeTo: baseURL)!.absoluteURL, headers: fields,
                                  body: json.map { Data($0.utf8) }, timeout: 30)
        let transport = transport
        let reply = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Result { try transport.send(request) })
            }
        }
        return Reply(status: reply.status, headers: reply.headers, body: reply.body)
    }

    /// Logs in over HTTP and gives the access token.
    func logIn() async throws -> String {
        let reply = try await send("POST", "/api/auth/login",
                             json: #"{"username": "\#(Self.username)", "password": "\#(Self.password)"}"#)
        guard reply.status == 200, let token = reply.object?["access_token"] as? String else { throw LoginFailed(reply: reply) }
        return token
    }

    struct LoginFailed: Error { let reply: Reply }

    /// The appointments stored, booked or not, straight from the database.
    func storedAppointments() throws -> [Appointment] {
        try store.read { tx in try tx.appointments(startingFrom: .distantPast, before: nil, includingCancelled: true) }
    }
}

/// An answer: its status, headers and body, and the body read as JSON.
struct Reply: CustomStringConvertible {
    let status: Int
    let headers: [String: String]
    let body: Data

    var json: Any? { try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }
    var object: [String: Any]? { json as? [String: Any] }
    var array: [[String: Any]]? { json as? [[String: Any]] }
    var message: String? { object?["message"] as? String }
    var field: String? { object?["field"] as? String }

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    var description: String { "\(status) \(String(decoding: body, as: UTF8.self))" }
}
