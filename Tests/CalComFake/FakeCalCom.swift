import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A Cal.com API v2 server for tests: real HTTP on 127.0.0.1, state held in memory.
///
/// It answers the endpoints sched uses (`/v2/me`, `/v2/event-types`, `/v2/bookings…`, `/v2/slots`,
/// `/v2/schedules…`) with Cal.com's envelopes, status codes, headers and `cal-api-version` rules,
/// records every request, checks each one against Cal.com's OpenAPI document
/// (``schemaViolations``) and can be told to fail (``enqueue(_:for:times:)``).
///
/// The server answers on a SwiftNIO event loop with a thread of its own, so it keeps serving while tests block
/// the threads of Swift's cooperative pool. A test awaiting a blocking call (a synchronous HTTP
/// client, a semaphore wait) should still make it through ``offPool(_:)``: the pool may have as
/// few threads as the machine has cores, and other tests' tasks need them too.
///
/// ```swift
/// let fake = FakeCalCom()
/// let baseURL = try await fake.start()             // http://127.0.0.1:PORT/v2
/// let client = CalComClient(baseURL: baseURL, apiKey: fake.apiKey)
/// let me = try await offPool { try client.me() }   // the client blocks; the server keeps serving
/// #expect(fake.schemaViolations.isEmpty)
/// await fake.stop()
/// ```
public final class FakeCalCom: Sendable {
    let state: Mutex<FakeState>
    private let running = Mutex<Running?>(nil)
    let validator: OpenAPIValidator

    private struct Running: Sendable {
        var group: MultiThreadedEventLoopGroup
        var baseURL: URL
    }

    public init(settings: Settings = Settings()) {
        state = Mutex(FakeState(settings: settings))
        validator = OpenAPIValidator.shared
    }

    /// A fake dropped without ``stop()`` still closes its server.
    deinit {
        running.withLock { $0?.group.shutdownGracefully(queue: .global()) { _ in } }
    }

    // MARK: Lifecycle

    /// Starts listening on a free port of 127.0.0.1 and returns the base URL, `http://127.0.0.1:PORT/v2`.
    @discardableResult
    public func start() async throws -> URL {
        if let baseURL { return baseURL }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(HTTPHandler(fake: self))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
            guard let port = channel.localAddress?.port, let baseURL = URL(string: "http://127.0.0.1:\(port)/v2")
            else { throw FakeCalComError.noListeningAddress }
            running.withLock { $0 = Running(group: group, baseURL: baseURL) }
            return baseURL
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Stops the server, closing every connection, those held by a fault included.
    public func stop() async {
        guard
            let current = running.withLock({ running in
                defer { running = nil }
                return running
            })
        else { return }
        try? await current.group.shutdownGracefully()
    }

    /// `http://127.0.0.1:PORT/v2` while running, else nil.
    public var baseURL: URL? { running.withLock { $0?.baseURL } }

    // MARK: Settings and state

    public var settings: Settings {
        get { state.withLock { $0.settings } }
        set { state.withLock { $0.settings = newValue } }
    }

    /// The key requests must present; `settings.apiKey`.
    public var apiKey: String { settings.apiKey }

    public var account: Account {
        get { state.withLock { $0.account } }
        set { state.withLock { $0.account = newValue } }
    }

    /// The account's event types; starts as ``EventType/thirtyMinutes`` alone.
    public var eventTypes: [EventType] {
        get { state.withLock { $0.eventTypes } }
        set { state.withLock { $0.eventTypes = newValue } }
    }

    /// Adds an event type, replacing one with the same id.
    public func addEventType(_ eventType: EventType) {
        state.withLock { state in
            state.eventTypes.removeAll { $0.id == eventType.id }
            state.eventTypes.append(eventType)
        }
    }

    /// The default schedule (id 254 unless changed).
    public var schedule: Schedule {
        get { state.withLock { $0.schedule } }
        set { state.withLock { $0.schedule = newValue } }
    }

    /// Every booking, in the order they were made, cancelled ones included.
    public var bookings: [Booking] { state.withLock { $0.bookings } }

    public func booking(uid: String) -> Booking? {
        state.withLock { $0.bookings.first { $0.uid == uid } }
    }

    // MARK: Recording

    /// Every request received, in order of arrival.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// Ways in which received requests departed from Cal.com's OpenAPI document; empty when all conformed.
    public var schemaViolations: [String] { state.withLock { $0.violations } }

    /// Forgets the recorded requests and schema violations.
    public func clearRecording() {
        state.withLock { state in
            state.requests.removeAll()
            state.violations.removeAll()
        }
    }

    // MARK: Faults

    /// Makes the next `times` requests that match `target` fail with `fault`.
    public func enqueue(_ fault: Fault, for target: FaultTarget = .any, times: Int = 1) {
        state.withLock { state in
            for _ in 0..<max(times, 0) { state.faults.enqueue(fault, for: target) }
        }
    }

    /// Makes each later request fail with probability `rate`, with a fault drawn from `kinds`;
    /// the same seed and request order give the same failures.
    public func randomFailures(rate: Double, seed: UInt64, kinds: [Fault]) {
        state.withLock { $0.faults.startRandom(rate: rate, seed: seed, kinds: kinds) }
    }

    public func stopRandomFailures() {
        state.withLock { $0.faults.stopRandom() }
    }

    /// Drops queued faults and stops random failures.
    public func clearFaults() {
        state.withLock { $0.faults.clear() }
    }

    /// Queued faults not yet consumed.
    public var pendingFaultCount: Int { state.withLock { $0.faults.pendingCount } }
}

/// Why the fake could not start.
public enum FakeCalComError: Error, Sendable {
    case noListeningAddress
}

/// One request as the fake received it.
public struct RecordedRequest: Sendable, Equatable {
    public var method: String
    /// The path without the query, e.g. `/v2/bookings/abc/cancel`.
    public var path: String
    public var query: [String: String]
    /// Header values keyed by lower-cased name.
    public var headers: [String: String]
    public var body: Data
    /// The body parsed as JSON, or nil when empty or not JSON.
    public var json: JSONValue?
}

/// Everything the fake knows, guarded by the fake's mutex.
struct FakeState: Sendable {
    var settings: FakeCalCom.Settings
    var account = FakeCalCom.Account()
    var eventTypes: [FakeCalCom.EventType] = [.thirtyMinutes]
    var schedule = FakeCalCom.Schedule()
    var bookings: [FakeCalCom.Booking] = []
    var nextBookingId = 987_001
    var uidGenerator = SplitMix64(seed: 0x00CA_1C0F)
    var requests: [RecordedRequest] = []
    var violations: [String] = []
    var faults = FaultPlan()
    var rateWindow: (start: Date, count: Int)?

    var now: Date { settings.now ?? Date() }

    /// A fresh booking uid: 22 letters and digits, like Cal.com's.
    mutating func makeUid() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<22).map { _ in alphabet[Int(uidGenerator.next() % UInt64(alphabet.count))] })
    }

    mutating func makeBookingId() -> Int {
        defer { nextBookingId += 1 }
        return nextBookingId
    }
}

/// Runs `body` on a new thread, off Swift's cooperative pool, and returns its result.
///
/// Blocking calls made from a test (a synchronous HTTP client, a semaphore) go through this, so
/// they never occupy one of the pool's few threads, which the other tests' tasks need.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 4 << 20
        thread.start()
    }
}
