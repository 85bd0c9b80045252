import CalCom
import Foundation
import SchedCore
import SchedLang

/// Evaluates statements against the services, holding the variables and settings of a run.
public final class Interpreter {
    public let store: any Store
    public let clock: any Clock
    public let mode: RunMode
    public var format: OutputFormat
    /// Set only in test mode, where `set clock` moves it.
    let testClock: ManualClock?
    let appointments: AppointmentService
    let availability: AvailabilityService
    public let auth: AuthService
    let sync: SyncService
    /// `CALCOM_API_KEY` and `CALCOM_API_URL`, which override what `calcom connect` saved.
    public var calcomEnvironment = CalcomEnvironment()
    /// Makes the client Cal.com statements and pushes use; tests point it at a local server.
    public var makeRemote: @Sendable (CalcomEndpoint) -> any RemoteCalendar = Interpreter.calcomClient
    /// Told of each Cal.com request (`--verbose`): method, path, status and duration only.
    public var requestLog: (@Sendable (String) -> Void)?
    /// Told of a problem that does not fail the statement: a push that left changes queued.
    public var warn: (@Sendable (String) -> Void)?
    /// Set while an `--atomic` run is open: its changes are pushed once it commits.
    public var defersPush = false
    /// The session statements run under; `login` sets it, `logout` clears it.
    public var session: SessionToken?
    /// Told when `login` or `logout` changes the session, so the caller can keep it.
    public var sessionChanged: (@Sendable (SessionToken?) -> Void)?
    /// Asks for a password without echo when `login` names none; nil without a terminal.
    public var passwordPrompt: (@Sendable () -> String?)?
    /// Asks for a Cal.com API key without echo when `calcom connect` names none and
    /// `CALCOM_API_KEY` is unset; nil without a terminal.
    public var keyPrompt: (@Sendable () -> String?)?
    var variables: [String: Value] = [:]
    /// The home zone the last statement ran in, for rendering its result without asking the
    /// database again.
    public private(set) var zone: HomeZone = .utc

    public init(store: any Store, clock: any Clock, mode: RunMode, format: OutputFormat = .table,
                hashIterations: Int = PasswordHash.defaultIterations,
                sessionLifetime: TimeInterval = AuthService.defaultSessionLifetime,
                syncPolicy: SyncPolicy = SyncPolicy()) {
        self.store = store
        self.clock = clock
        self.mode = mode
        self.format = format
        self.testClock = mode == .test ? clock as? ManualClock : nil
        self.appointments = AppointmentService(store: store, clock: clock)
        self.availability = AvailabilityService(store: store, clock: clock)
        self.auth = AuthService(store: store, clock: clock, hashIterations: hashIterations,
                                sessionLifetime: sessionLifetime)
        self.sync = SyncService(store: store, clock: clock, policy: syncPolicy)
    }

    /// The Cal.com API v2 client over libcurl.
    public static let calcomClient: @Sendable (CalcomEndpoint) -> any RemoteCalendar = { endpoint in
        var recordLog: (@Sendable (RequestRecord) -> Void)?
        if let log = endpoint.log {
            recordLog = { record in log("calcom: \(record)") }
        }
        return CalComClient(
            configuration: CalComConfiguration(baseURL: endpoint.baseURL, apiKey: endpoint.apiKey),
            log: recordLog)
    }

    /// The home zone stored in the database.
    public func homeZone() throws -> HomeZone {
        try appointments.zone()
    }

    /// The value a variable holds, if any.
    public func variable(_ name: String) -> Value? { variables[name] }

    /// The names of the variables bound so far, sorted.
    public var variableNames: [String] { variables.keys.sorted() }

    /// Runs one statement and gives back its result, or nil when it has none to show.
    ///
    /// `source` and `expect error` are control flow and are handled by `ScriptRunner`.
    public func execute(_ statement: Statement) throws -> Value? {
        var queued = Self.queuesSyncChanges(statement.kind)
        let run = {
            if statement.kind.requiresSession { _ = try self.auth.authenticate(self.session) }
            self.zone = try self.appointments.zone()
            return try self.perform(statement, TimeContext(zone: self.zone, now: self.clock.now))
        }
        let value: Value?
        if Self.changesInOneTransaction(statement.kind) {
            value = try store.inOneTransaction {
                let value = try run()
                // Asked inside the transaction: nothing is queued without a connection.
                if queued { queued = try sync.isConnected() }
                return value
            }
        } else {
            value = try run()
        }
        guard queued else { return value }
        // The push may have given the appointment its Cal.com uid.
        if pushQueuedChanges(), case .appointment(let appointment) = value,
           let current = try? appointments.appointment(.id(appointment.id)) {
            return .appointment(current)
        }
        return value
    }

    /// Statements that change the database without talking to Cal.com: their session check and
    /// their change share one transaction. (Their push, if any, follows the commit.)
    private static func changesInOneTransaction(_ kind: StatementKind) -> Bool {
        switch kind {
        case .book, .reschedule, .update, .cancel, .available, .unavailable, .setTimezone: true
        default: false
        }
    }

    /// Whether the statement itself talks to Cal.com.
    private static func callsCalcom(_ kind: StatementKind) -> Bool {
        switch kind {
        case .calcomConnect, .calcomSlots: true
        case .sync(let action): action != .status
        default: false
        }
    }

    /// Whether the statement may have added to the Cal.com outbox. A `let` runs its statement
    /// through `execute`, which pushes for it.
    private static func queuesSyncChanges(_ kind: StatementKind) -> Bool {
        switch kind {
        case .book, .reschedule, .update, .cancel, .calcomConnect, .importAppointments: true
        default: false
        }
    }

    private func perform(_ statement: Statement, _ context: TimeContext) throws -> Value? {
        if defersPush && Self.callsCalcom(statement.kind) {
            // An HTTP call would hold the run's write lock, and Cal.com would keep what the run
            // might still roll back.
            throw SchedError.calcomInsideAtomicRun
        }
        switch statement.kind {
        case .book(let booking):
            return try book(booking, context)
        case .reschedule(let ref, let to, let duration):
            return try reschedule(ref, to: to, duration: duration, context)
        case .update(let ref, let clauses):
            return try update(ref, clauses, context)
        case .cancel(let ref):
            return .appointment(try appointments.cancel(reference(ref, context)))
        case .show(let ref):
            return .appointment(try appointments.appointment(reference(ref, context)))
        case .list(let dates):
            return try list(dates, context)
        case .upcoming(let limit):
            return try upcoming(limit, context)
        case .available(let target, let windows):
            return try setAvailable(target, windows: windows.map(Self.window), context)
        case .unavailable(let target):
            return try setAvailable(target, windows: [], context)
        case .availability(let dates):
            return try showAvailability(dates, context)
        case .slots(let dates, let duration, let every):
            return try slots(dates, duration: duration, every: every, context)
        case .letBinding(let name, let value):
            variables[name] = try bindingValue(value, context)
            return nil
        case .print(let expression):
            return try evaluate(expression, context)
        case .setTimezone(let expression):
            zone = try appointments.setZone(text(expression, context, what: "a time zone name"))
            return .message("Home time zone: \(zone.identifier)", json: .object([("timezone", .string(zone.identifier))]))
        case .setOutput(let format):
            self.format = format
            return nil
        case .setClock(let expression):
            guard let testClock else { throw RuntimeFailure(.setClockOutsideTests, at: statement.range) }
            testClock.set(try instant(expression, context))
            return nil
        case .help(let topic):
            return .help(try HelpTable.page(for: topic))
        case .createUser(let name, let password):
            return try createUser(name, password, context)
        case .login(let name, let password):
            return try login(name, password, context)
        case .logout:
            return try logout()
        case .whoami:
            return try whoami(context)
        case .expectComparison(let lhs, let op, let rhs):
            try expectComparison(lhs, op, rhs, written: statement, context)
            return nil
        case .expectFree(let start, let duration):
            try expectBookable(start, duration, free: true, context)
            return nil
        case .expectBusy(let start, let duration):
            try expectBookable(start, duration, free: false, context)
            return nil
        case .calcomConnect(let clauses):
            return try calcomConnect(clauses, context)
        case .calcomStatus:
            return try calcomStatus(context)
        case .calcomDisconnect:
            return try calcomDisconnect()
        case .calcomSlots(let date, let duration):
            return try calcomSlots(date, duration, context)
        case .sync(let action):
            return try sync(action, context)
        case .exportCalendar(let export):
            return try exportCalendar(export, context)
        case .agenda(let dates):
            return try agenda(dates, context)
        case .calendar(let span, let date):
            return try calendar(span, date, context)
        case .importAppointments(let statement):
            return try importAppointments(statement, context)
        case .source, .expectError:
            return nil
        }
    }

    private func bindingValue(_ value: LetValue, _ context: TimeContext) throws -> Value {
        switch value {
        case .expression(let expression):
            return try evaluate(expression, context)
        case .statement(let inner):
            return try execute(inner) ?? .list([])
        }
    }

    static func window(_ literal: WindowLiteral) -> TimeWindow {
        TimeWindow(start: literal.start.secondsOfDay, end: literal.end.secondsOfDay)
    }
}

/// The home zone and the instant "now" for one statement, so every part of it reads the same.
struct TimeContext {
    let zone: HomeZone
    let now: Date

    var today: CivilDate { zone.civil(now).date }
}
