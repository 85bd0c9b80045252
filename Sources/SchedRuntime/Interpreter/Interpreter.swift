import Foundation
import SchedCore
import SchedLang
import Scheduling

/// Translates statements into use cases, run by the `Scheduler`, and their results into
/// `Value`s; holds the variables and settings of a run.
public final class Interpreter {
    public let scheduler: Scheduler
    public let mode: RunMode
    public var format: OutputFormat
    /// Set only in test mode, where `set clock` moves it.
    let testClock: ManualClock?
    /// Told of a problem that does not fail the statement: a push that left changes queued.
    public var warn: (@Sendable (String) -> Void)? {
        didSet {
            guard let warn else { return scheduler.pushed = nil }
            scheduler.pushed = { outcome, zone in
                if let line = OutcomeReport.pushWarning(outcome, zone: zone) { warn(line) }
            }
        }
    }
    /// The transaction of the `--atomic` run in progress: every statement is one step of it,
    /// and the changes it queues are pushed once it commits.
    public var run: (any StoreRun)?
    /// The session statements run under; `login` sets it, `logout` clears it.
    public var session: SessionToken?
    /// The database as `whoami` names it (its password masked); nil under `sched test`,
    /// whose scenarios each run on a scratch database of their own.
    public var databaseShown: String?
    /// Told when `login` or `logout` changes the session, so the caller can keep it.
    public var sessionChanged: (@Sendable (SessionToken?) -> Void)?
    /// Asks for a password without echo when `login` names none; nil without a terminal.
    public var passwordPrompt: (@Sendable () -> String?)?
    /// Asks for a Cal.com API key without echo when `calcom connect` names none and
    /// `CALCOM_API_KEY` is unset; nil without a terminal.
    public var keyPrompt: (@Sendable () -> String?)?
    var variables: [String: Value] = [:]
    /// The text of the statement being executed, for the journal.
    private var statementText: String?
    #if DEBUG
    /// The statement being run, whose policy each use case it runs is checked against.
    private var running: StatementKind?
    #endif
    /// The home zone the last statement ran in, for rendering its result without asking the
    /// database again.
    public private(set) var zone: HomeZone = .utc

    public init(scheduler: Scheduler, mode: RunMode, format: OutputFormat = .table) {
        self.scheduler = scheduler
        self.mode = mode
        self.format = format
        self.testClock = mode == .test ? scheduler.clock as? ManualClock : nil
    }

    public var store: any Store { scheduler.store }
    public var clock: any Clock { scheduler.clock }

    /// Pushes what an `--atomic` run queued, once it has committed.
    public func pushQueuedChanges() {
        scheduler.pushQueuedChanges(zone: zone)
    }

    /// The home zone stored in the database.
    public func homeZone() throws -> HomeZone {
        try store.read { try $0.homeZone() }
    }

    /// The value a variable holds, if any.
    public func variable(_ name: String) -> Value? { variables[name] }

    /// The names of the variables bound so far, sorted.
    public var variableNames: [String] { variables.keys.sorted() }

    /// Runs one statement and gives back its result, or nil when it has none to show. `text`
    /// is the statement as written, which the journal keeps for a change (secrets masked here).
    ///
    /// `source` and `expect error` are control flow and are handled by `ScriptRunner`.
    public func execute(_ statement: Statement, text: String? = nil) throws -> Value? {
        // A statement inside another (`let a = book …`) is recorded under the outer one's text.
        let outerText = statementText
        statementText = text ?? outerText
        defer { statementText = outerText }
        #if DEBUG
        let outer = running
        running = statement.kind
        defer { running = outer }
        #endif
        switch statement.kind {
        case .book(let booking):
            if let repetition = booking.repetition { return try bookSeries(booking, repetition) }
            return try book(booking)
        case .cancelFollowing(let ref):
            return try cancelFollowing(ref)
        case .cancelSeries(let ref):
            return try cancelSeries(ref)
        case .rescheduleSeries(let ref, let to, let duration, let skipConflicts):
            return try rescheduleSeries(ref, to: to, duration: duration, skipConflicts: skipConflicts)
        case .updateSeries(let ref, let clauses):
            return try updateSeries(ref, clauses)
        case .showSeries(let ref):
            return try showSeries(ref)
        case .listSeries:
            return try listSeries()
        case .reschedule(let ref, let to, let duration):
            return try reschedule(ref, to: to, duration: duration)
        case .update(let ref, let clauses):
            return try update(ref, clauses)
        case .cancel(let ref):
            return .appointment(try perform(CancelAppointment { try self.reference(ref, $0) }))
        case .undo(let target):
            let undone = try perform(UndoChanges { context in try target.map { try self.number($0, context) } })
            return .outcome(.undone(undone, zone: zone))
        case .redo:
            return .outcome(.redone(try perform(RedoChange()), zone: zone))
        case .history(let count, let dates):
            let entries = try perform(ShowHistory { context in
                (try count.map { try self.number($0, context) } ?? (dates == nil ? Self.historyDefault : nil),
                 try dates.map { try self.resolve($0, context) })
            })
            return .list(entries.map(Value.change))
        case .cancelEach(let refs):
            return .list(try perform(CancelAppointments { context in try refs.map { try self.reference($0, context) } })
                .map(Value.appointment))
        case .restore(let ref):
            return .appointment(try perform(RestoreAppointment { try self.reference(ref, $0) }))
        case .find(let text, let dates):
            return .list(try perform(FindAppointments { context in
                (try self.text(text, context, what: "the text to look for"), try dates.map { try self.resolve($0, context) })
            }).map(Value.appointment))
        case .listCancelled(let dates):
            return .list(try perform(ListCancelledAppointments { context in try dates.map { try self.resolve($0, context) } })
                .map(Value.appointment))
        case .show(let ref):
            return .appointment(try perform(ShowAppointment { try self.reference(ref, $0) }))
        case .list(let dates):
            return .list(try perform(ListAppointments { context in try dates.map { try self.resolve($0, context) } })
                .map(Value.appointment))
        case .upcoming(let limit):
            return try upcoming(limit)
        case .available(let target, let windows):
            return try setAvailable(target, windows: windows.map(Self.window))
        case .unavailable(let target):
            return try setAvailable(target, windows: [])
        case .availability(let dates):
            return try showAvailability(dates)
        case .slots(let dates, let duration, let every):
            return try slots(dates, duration: duration, every: every)
        case .letBinding(let name, let value):
            variables[name] = try bindingValue(value)
            return nil
        case .print(let expression):
            return try evaluate(expression, languageMoment())
        case .setTimezone(let expression):
            let zone = try perform(SetHomeZone { try self.text(expression, $0, what: "a time zone name") })
            self.zone = zone
            return .outcome(.homeZoneSet(zone))
        case .setDefaultDuration(let expression):
            let minutes = try pointing(at: FieldSources(durationMinutes: expression)) {
                try perform(SetDefaultDuration { try self.duration(expression, $0) })
            }
            return .outcome(.defaultDurationSet(minutes: minutes))
        case .setRule(let setting, let expression):
            let limits = try pointing(at: FieldSources(durationMinutes: expression)) {
                try perform(SetBookingRule { context in try self.rule(setting, expression, context) })
            }
            return .outcome(.ruleSet(setting.rawValue, limits))
        case .showSettings:
            let (moment, limits) = try perform(ShowSettings())
            return .outcome(.settings(zone: moment.zone, defaultDuration: moment.defaultDurationMinutes, limits))
        case .setOutput(let format):
            self.format = format
            return nil
        case .setClock(let expression):
            guard let testClock else { throw RuntimeFailure(.setClockOutsideTests, at: statement.range) }
            testClock.set(try instant(expression, languageMoment()))
            return nil
        case .help(let topic):
            return .help(try HelpTable.page(for: topic))
        case .createUser(let name, let password):
            return try createUser(name, password)
        case .login(let name, let password):
            return try login(name, password)
        case .logout:
            return try logout()
        case .whoami:
            return try whoami()
        case .expectComparison(let lhs, let op, let rhs):
            try expectComparison(lhs, op, rhs, written: statement, languageMoment())
            return nil
        case .expectFree(let start, let duration):
            try expectBookable(start, duration, free: true)
            return nil
        case .expectBusy(let start, let duration):
            try expectBookable(start, duration, free: false)
            return nil
        case .calcomConnect(let clauses):
            return try calcomConnect(clauses)
        case .calcomStatus:
            return try calcomStatus()
        case .calcomDisconnect:
            return try calcomDisconnect()
        case .calcomSlots(let date, let duration):
            return try calcomSlots(date, duration)
        case .sync(let action):
            return try sync(action)
        case .exportCalendar(let export):
            return try exportCalendar(export)
        case .agenda(let dates):
            return try agenda(dates)
        case .calendar(let span, let date):
            return try calendar(span, date)
        case .importAppointments(let statement):
            return try importAppointments(statement)
        case .source, .expectError:
            return nil
        }
    }

    /// A booking rule with its value worked out: minutes, a count or days; nil for `none`.
    private func rule(_ setting: RuleSetting, _ expression: WrittenValue?, _ context: Moment) throws -> BookingRule {
        func minutes() throws -> Int? { try expression.map { try duration($0, context) } }
        func count() throws -> Int? { try expression.map { try number($0, context) } }
        return switch setting {
        case .bufferBefore: .bufferBefore(try minutes())
        case .bufferAfter: .bufferAfter(try minutes())
        case .minimumNotice: .minimumNotice(try minutes())
        case .slotInterval: .slotInterval(try minutes())
        case .limitPerDay: .limitPerDay(try count())
        case .limitPerWeek: .limitPerWeek(try count())
        case .bookingWindow: .bookingWindow(try count())
        }
    }

    /// How many changes `history` lists without a number or a range.
    static let historyDefault = 20

    /// A statement as the journal keeps it: its text, each secret drawn as the fixed mask
    /// diagnostics draw, so that not even its length is kept.
    static func journalText(_ text: String) -> String {
        let file = SourceFile(name: "", text: text)
        guard Redaction.containsSecret(file) else { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let redacted = Redaction.redacting(file)
        return (1...max(1, file.lineStarts.count)).map(redacted.line).joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a use case under this run's session, inside its `--atomic` transaction if one is
    /// open, and keeps the zone it ran in for rendering.
    func perform<U: UseCase>(_ useCase: U) throws -> U.Output {
        try performTimed(useCase).output
    }

    /// `perform`, giving back the moment the use case ran at too.
    func performTimed<U: UseCase>(_ useCase: U) throws -> Scheduler.Completed<U.Output> {
        #if DEBUG
        // What `policy(of:)` tells callers must be what the statement really runs under.
        if let running {
            assert(Self.policy(of: running) == U.policy, "\(running.keyword) runs \(U.self), whose policy policy(of:) does not give")
        }
        #endif
        var journal: (@Sendable () -> String)?
        if let text = statementText {
            journal = { Self.journalText(text) }
        }
        let done = try scheduler.run(useCase, session: session, in: run, statement: journal)
        zone = done.moment.zone
        return done
    }

    /// The moment for statements of the language itself (`print`, `expect` comparisons), which
    /// read no stored data but the home zone.
    private func languageMoment() throws -> Moment {
        zone = try run.map { run in try run.step { try $0.homeZone() } } ?? homeZone()
        return Moment(zone: zone, now: clock.now)
    }

    private func bindingValue(_ value: LetValue) throws -> Value {
        switch value {
        case .expression(let expression):
            return try evaluate(expression, languageMoment())
        case .statement(let inner):
            return try execute(inner) ?? .list([])
        }
    }

    static func window(_ literal: WindowLiteral) -> TimeWindow {
        TimeWindow(start: literal.start.secondsOfDay, end: literal.end.secondsOfDay)
    }
}

