import Foundation
import SchedCore
import Synchronization

/// Runs use cases for any front end: checks the caller's session, holds the transaction their
/// policy asks for, and pushes what they queued to Cal.com once it is committed.
public final class Scheduler: @unchecked Sendable {
    // Configured once, before the first use case runs.
    public let store: any Store
    public let clock: any Clock
    /// PBKDF2 rounds for new password hashes.
    public let hashIterations: Int
    /// How long a new login session lasts.
    public let sessionLifetime: TimeInterval
    public let syncPolicy: SyncPolicy
    public var calcom = CalcomAccess()
    /// Told how each push after a commit went, so the front end can warn about changes left
    /// queued; a push never fails the use case whose change it carries.
    public var pushed: (@Sendable (PushOutcome, HomeZone) -> Void)?
    /// The day (UTC) this process last found every series stored far enough ahead; behind a
    /// lock, since a server runs use cases side by side.
    private var seriesCheckedOn: CivilDate? {
        get { seriesCheck.withLock { $0 } }
        set { seriesCheck.withLock { $0 = newValue } }
    }
    private let seriesCheck = Mutex<CivilDate?>(nil)

    public init(store: any Store, clock: any Clock, hashIterations: Int = PasswordHash.defaultIterations,
                sessionLifetime: TimeInterval = AuthService.defaultSessionLifetime,
                syncPolicy: SyncPolicy = SyncPolicy()) {
        self.store = store
        self.clock = clock
        self.hashIterations = hashIterations
        self.sessionLifetime = sessionLifetime
        self.syncPolicy = syncPolicy
    }

    /// A use case's output, and the moment (home zone and "now") it ran at.
    public struct Completed<Output> {
        public let output: Output
        public let moment: Moment
    }

    /// Runs `useCase` for the holder of `session`. Inside `run` (an `--atomic` run) it is one
    /// step of that transaction, and its push waits for the run to commit (`pushQueuedChanges`).
    /// A use case whose policy records changes is a journal entry for `statement` (the text
    /// `history` shows); inside a run, the run's one entry.
    public func run<U: UseCase>(_ useCase: U, session: SessionToken?, in run: (any StoreRun)? = nil,
                                statement: (@Sendable () -> String)? = nil) throws -> Completed<U.Output> {
        let policy = U.policy
        let recorded = policy.recordsChange ? statement : nil
        if let run {
            return try run.step { tx in
                try extendSeriesIfDue(tx, policy, session)
                // Refused after the session check, as a statement without a session is
                // refused first wherever it runs. The run's entry ends as it commits.
                if let recorded { try tx.beginJournalEntry(statement: recorded, at: clock.now) }
                return try perform(useCase, policy, session, Joined(tx),
                                   refusing: policy.callsCalcom ? SchedError.calcomInsideAtomicRun : nil)
            }
        }
        switch policy.transaction {
        case .reads:
            // The day's series check is asked by the reader that answers: only on the day's
            // first statement does a write transaction come first, and the answer after it.
            let checking = policy.needsSession && seriesCheckDue()
            let today = utcToday
            let answered = try store.read { tx -> Completed<U.Output>? in
                if checking, try tx.setting(SettingKey.seriesExtendedOn) != today.description { return nil }
                return try perform(useCase, policy, session, Joined(tx))
            }
            if let answered {
                if checking { seriesCheckedOn = today }
                return answered
            }
            // Best effort: a database this process cannot write still answers.
            _ = try? store.write { tx in try extendSeriesIfDue(tx, policy, session) }
            return try store.read { tx in try perform(useCase, policy, session, Joined(tx)) }
        case .writes:
            let (done, queued) = try store.write { tx in
                try extendSeriesIfDue(tx, policy, session)
                return try performWriting(useCase, policy, session, tx, recorded)
            }
            return queued ? afterPush(done) : done
        case .books:
            // The series check writes beyond the time a booking locks: on its own, first.
            if policy.needsSession && seriesCheckDue() {
                try store.write { tx in try extendSeriesIfDue(tx, policy, session) }
            }
            let (done, queued) = try store.book { tx in try performWriting(useCase, policy, session, tx, recorded) }
            return queued ? afterPush(done) : done
        case .opensItsOwn:
            // The push finds out for itself whether Cal.com is connected.
            let access: any StoreAccess = recorded.map { Journaled(store, statement: $0, clock: clock) } ?? store
            let done = try perform(useCase, policy, session, access)
            return policy.queuesSync ? afterPush(done) : done
        }
    }

    /// Performs a writing use case inside `tx`, as a journal entry when `recorded` names its
    /// statement; gives back whether it may have queued something for Cal.com.
    private func performWriting<U: UseCase>(_ useCase: U, _ policy: UseCasePolicy, _ session: SessionToken?,
                                            _ tx: any StoreTransaction, _ recorded: (@Sendable () -> String)?)
        throws -> (Completed<U.Output>, Bool) {
        let access: any StoreAccess = recorded.map { Journaled(Joined(tx), statement: $0, clock: clock) } ?? Joined(tx)
        let done = try access.write { tx in try perform(useCase, policy, session, Joined(tx)) }
        // Asked inside the transaction: nothing is queued without a connection.
        return (done, try policy.queuesSync && tx.isCalcomConnected())
    }

    private func perform<U: UseCase>(_ useCase: U, _ policy: UseCasePolicy, _ session: SessionToken?,
                                     _ access: any StoreAccess, refusing refusal: SchedError? = nil) throws -> Completed<U.Output> {
        if policy.needsSession { _ = try auth(access).authenticate(session) }
        if let refusal { throw refusal }
        let (zone, minutes) = try access.read { tx in (try tx.homeZone(), try tx.defaultDurationMinutes()) }
        let moment = Moment(zone: zone, now: clock.now, defaultDurationMinutes: minutes)
        let context = UseCaseContext(access: access, moment: moment, session: session, scheduler: self)
        return Completed(output: try useCase.run(context), moment: moment)
    }

    /// Whether this process has yet to check today that every series is stored far enough ahead.
    private func seriesCheckDue() -> Bool {
        seriesCheckedOn != utcToday
    }

    /// The day the series check goes by: the same for every zone a database may be in.
    private var utcToday: CivilDate {
        HomeZone.utc.civil(clock.now).date
    }

    /// Stores the occurrences that time has brought within the horizon of every series, once a
    /// day, for a caller whose session holds; the day is kept in the database so that one
    /// process a day does the work.
    private func extendSeriesIfDue(_ tx: any StoreTransaction, _ policy: UseCasePolicy,
                                   _ session: SessionToken?) throws {
        guard policy.needsSession, seriesCheckDue() else { return }
        let today = utcToday
        if try tx.setting(SettingKey.seriesExtendedOn) != today.description {
            guard (try? auth(Joined(tx)).authenticate(session)) != nil else { return }
            try SeriesService.extendAll(tx, now: clock.now)
            try tx.setSetting(SettingKey.seriesExtendedOn, today.description)
        }
        seriesCheckedOn = today
    }

    /// Pushes, and gives back an appointment as the push left it (with its Cal.com uid).
    private func afterPush<Output>(_ done: Completed<Output>) -> Completed<Output> {
        guard case .sent = pushQueuedChanges(zone: done.moment.zone), let appointment = done.output as? Appointment,
              let current = try? AppointmentService(store: store, clock: clock).appointment(.id(appointment.id)),
              let output = current as? Output else { return done }
        return Completed(output: output, moment: done.moment)
    }

    /// Pushes the Cal.com outbox, if Cal.com is connected; tells `pushed` how it went, for
    /// a caller in `zone`.
    @discardableResult
    public func pushQueuedChanges(zone: HomeZone) -> PushOutcome {
        let outcome = push()
        pushed?(outcome, zone)
        return outcome
    }

    private func push() -> PushOutcome {
        let sync = SyncService(store: store, clock: clock, policy: syncPolicy)
        do {
            guard let connection = try sync.connection() else { return .notConnected }
            let report = try sync.push(try calcom.remote(for: connection), connection: connection, force: false)
            if let error = report.lastError, report.remaining > 0 {
                return .leftQueued(error, remaining: report.remaining)
            }
            if let wait = report.waitingUntil {
                return .waiting(until: wait, remaining: report.remaining)
            }
            return report.sent > 0 ? .sent(report.sent) : .nothingToSend
        } catch {
            return .failed(error)
        }
    }

    /// The session gate on its own: the user `session` belongs to, or the error that refuses it
    /// (for front-end work that is no use case, such as copying the database).
    public func authenticate(_ session: SessionToken?) throws -> User {
        try auth(store).authenticate(session)
    }

    func auth(_ access: any StoreAccess) -> AuthService {
        AuthService(store: access, clock: clock, hashIterations: hashIterations, sessionLifetime: sessionLifetime)
    }
}

/// How a push after a commit went.
public enum PushOutcome {
    case notConnected
    case nothingToSend
    case sent(Int)
    /// Cal.com refused or failed; `remaining` changes wait in the outbox.
    case leftQueued(SchedError, remaining: Int)
    /// An earlier failure's back-off has not run out.
    case waiting(until: Date, remaining: Int)
    /// The push could not start (no key, a bad address, the database).
    case failed(any Error)
}

