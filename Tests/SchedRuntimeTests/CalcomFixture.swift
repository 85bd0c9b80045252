import CalCom
import CalComFake
import Foundation
import SchedCore
import SchedRuntime
import Scheduling
import SchedSQLite
import SchedTestSupport
import Testing

/// A sched interpreter on a fresh SQLite file, logged in, whose Cal.com client is the real
/// `CalComClient` talking to a `FakeCalCom` on loopback.
///
/// The clock is pinned to Friday 2030-03-01 08:00 UTC and the home zone is Europe/Berlin (UTC+1
/// until the end of March 2030). The client does not sleep between attempts, so faults cost
/// little time; tests of timeouts give it 1 s per attempt and hold the fake's reply for 2. The session lasts 30 days, so tests may move the
/// clock on. Every statement runs through ``run(_:)``, on a thread of its own: the client
/// blocks, and must not hold a thread of the cooperative pool.
final class CalcomFixture: @unchecked Sendable {
    /// A key of Cal.com's shape; its masked form is `cal_live_…9f2c`.
    static let apiKey = "cal_live_fixture-not-a-real-key-9f2c"
    static let maskedKey = "cal_live_…9f2c"
    /// The event type every fake account starts with: 30 minutes, one length.
    static let eventTypeID = FakeCalCom.EventType.thirtyMinutes.id
    /// Friday 2030-03-01 08:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_898_582_400)
    static let zone = "Europe/Berlin"

    let fake: FakeCalCom
    let baseURL: URL
    let clock: ManualClock
    let store: SQLiteStore
    let interpreter: Interpreter
    let runner: ScriptRunner
    let output = OutputBuffer()
    /// What `--verbose` would print about each request.
    let requestLog = OutputBuffer()
    private let file = TemporaryPath()

    /// What one run of script text printed.
    struct Outcome {
        var status: ScriptRunner.Status
        var out: String
        var err: String

        var succeeded: Bool { status == .success }
    }

    private init(fake: FakeCalCom, baseURL: URL, policy: SyncPolicy, timeout: TimeInterval, attempts: Int) throws {
        self.fake = fake
        self.baseURL = baseURL
        clock = ManualClock(Self.start)
        store = try SQLiteStore(path: file.path, defaultZone: HomeZone(identifier: Self.zone) ?? .utc)
        let scheduler = Scheduler(store: store, clock: clock, hashIterations: ScriptFixture.hashIterations,
                                  sessionLifetime: 30 * 86400, syncPolicy: policy)
        scheduler.calcom.makeRemote = Self.client(timeout: timeout, attempts: attempts)
        let log = requestLog.sink
        scheduler.calcom.requestLog = { line in log.out(line + "\n") }
        interpreter = Interpreter(scheduler: scheduler, mode: .batch)
        runner = ScriptRunner(interpreter: interpreter, output: output.sink)
        _ = try scheduler.run(CreateUser { _ in (ScriptFixture.username, ScriptFixture.password) }, session: nil)
        interpreter.session = try scheduler.run(LogIn { _ in (ScriptFixture.username, ScriptFixture.password) }, session: nil).output.get().token
    }

    /// Starts a fake with `settings` (the fixture's key unless they name another) and a
    /// database next to it; not yet connected. `timeout` bounds each HTTP attempt: tests of
    /// timeouts use 1 s, others a margin that a busy machine cannot exceed. `attempts` is the
    /// client's attempts per request, three as in sched.
    static func make(settings: FakeCalCom.Settings = FakeCalCom.Settings(), policy: SyncPolicy = SyncPolicy(),
                     timeout: TimeInterval = 10, attempts: Int = 3) async throws -> CalcomFixture {
        var settings = settings
        if settings.apiKey == FakeCalCom.Settings().apiKey { settings.apiKey = apiKey }
        settings.now = settings.now ?? start
        let fake = FakeCalCom(settings: settings)
        let baseURL = try await fake.start()
        return try CalcomFixture(fake: fake, baseURL: baseURL, policy: policy, timeout: timeout, attempts: attempts)
    }

    /// The client sched makes, but without sleeping between attempts.
    static func client(timeout: TimeInterval, attempts: Int) -> @Sendable (CalcomEndpoint) -> any RemoteCalendar {
        { endpoint in
            let retry = RetryPolicy(maxAttempts: attempts, baseDelay: 0.01, maxDelay: 0.05, jitter: .none, maxRateLimitWait: 5)
            let configuration = CalComConfiguration(baseURL: endpoint.baseURL, apiKey: endpoint.apiKey,
                                                    timeout: timeout, retry: retry)
            let log = endpoint.log.map { log in { @Sendable (record: RequestRecord) in log("calcom: \(record)") } }
            return CalComClient(configuration: configuration, sleep: { _ in }, log: log)
        }
    }

    /// Runs script text, off the cooperative pool, and gives back what it printed.
    @discardableResult
    func run(_ text: String) async throws -> Outcome {
        try await offPool { [self] in
            let (outBefore, errBefore) = (output.standardOutput.count, output.standardError.count)
            let status = runner.run([ScriptFile(name: "sync.sched", text: text)])
            return Outcome(status: status, out: String(output.standardOutput.dropFirst(outBefore)),
                           err: String(output.standardError.dropFirst(errBefore)))
        }
    }

    /// Runs script text that must succeed.
    @discardableResult
    func expectSuccess(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Outcome {
        let outcome = try await run(text)
        #expect(outcome.succeeded, "\(text) failed: \(outcome.err)", sourceLocation: sourceLocation)
        return outcome
    }

    /// Connects to the fake's event type 1001, with the key written in the statement.
    @discardableResult
    func connect(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Outcome {
        try await expectSuccess(
            "calcom connect key \"\(Self.apiKey)\" event-type \(Self.eventTypeID) url \"\(baseURL.absoluteString)\"",
            sourceLocation: sourceLocation)
    }

    /// Stops the fake; call at the end of every test.
    func stop() async {
        await fake.stop()
    }

    /// Moves the pinned clock forward.
    func advance(seconds: TimeInterval) {
        clock.set(clock.now.addingTimeInterval(seconds))
    }

    // MARK: Reading the two sides

    /// Every appointment, by number.
    func appointments() throws -> [Appointment] {
        try StoreSnapshot(store).appointments
    }

    func appointment(_ number: Int) throws -> Appointment? {
        try store.read { tx in try tx.appointment(.number(number)) }
    }

    /// The outbox and the conflicts.
    func syncStatus() throws -> SyncStatus {
        try SyncService(store: store, clock: clock).status()
    }

    /// The fake's bookings that are accepted or pending.
    var liveBookings: [FakeCalCom.Booking] {
        fake.bookings.filter { $0.status == .accepted || $0.status == .pending }
    }

    /// The requests that changed bookings or schedules (everything but reads).
    var writes: [RecordedRequest] {
        fake.requests.filter { $0.method != "GET" }
    }

    /// Requests with this method and path (`*` stands for one segment).
    func requests(_ method: String, _ path: String) -> [RecordedRequest] {
        fake.requests.filter { $0.method == method && Self.pathMatches(path, $0.path) }
    }

    private static func pathMatches(_ pattern: String, _ path: String) -> Bool {
        let wanted = pattern.split(separator: "/")
        let found = path.split(separator: "/")
        return wanted.count == found.count && zip(wanted, found).allSatisfy { $0 == "*" || $0 == $1 }
    }

    /// Everything sched printed, the request log included.
    var everything: String {
        output.standardOutput + output.standardError + requestLog.standardOutput
    }
}

/// The instant a wall time in Europe/Berlin before 2030-03-31 stands for (UTC+1).
func berlin(_ text: String) -> Date {
    (try? Date(text + ":00+01:00", strategy: .iso8601)) ?? .distantPast
}

/// An appointment id as sched writes it into a booking's metadata.
func metadataID(_ appointment: Appointment) -> String {
    appointment.id.uuidString.lowercased()
}
