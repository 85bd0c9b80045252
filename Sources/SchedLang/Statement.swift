/// One parsed statement with the source range it was written in.
public struct Statement: Sendable {
    public var kind: StatementKind
    public var range: SourceRange
    /// The range of the opening keyword, where a failing statement's caret points.
    public var keywordRange: SourceRange

    public init(kind: StatementKind, range: SourceRange, keywordRange: SourceRange? = nil) {
        self.kind = kind
        self.range = range
        self.keywordRange = keywordRange ?? range
    }

    /// The keyword that opens the statement, for messages and help.
    public var keyword: String { kind.keyword }
}

/// What a statement says to do.
public indirect enum StatementKind: Sendable {
    case book(BookStatement)
    case reschedule(ref: WrittenValue, to: WrittenValue, duration: WrittenValue?)
    case update(ref: WrittenValue, UpdateClauses)
    case cancel(ref: WrittenValue)
    /// `cancel REF, REF, …`: every one, or none when one cannot be cancelled.
    case cancelEach(refs: [WrittenValue])
    /// `restore REF`: a cancelled appointment booked again, checked as a booking is.
    case restore(ref: WrittenValue)
    /// `find TEXT [RANGE]` and `list TEXT [RANGE]`: appointments whose customer, note or email
    /// has the text's words; every date without a range.
    case find(WrittenValue, DateRangeExpression?)
    /// `list cancelled [RANGE]`: cancelled appointments; every date without a range.
    case listCancelled(DateRangeExpression?)
    /// `undo [N]`: the latest change, or change N and every later one.
    case undo(WrittenValue?)
    /// `redo`: the change undone last, again.
    case redo
    /// `history [N | RANGE]`: the changes, newest first (the latest 20 without either).
    case history(count: WrittenValue?, DateRangeExpression?)
    case show(ref: WrittenValue)
    case list(DateRangeExpression?)
    case upcoming(limit: WrittenValue?)
    case available(AvailabilityTarget, windows: [WindowLiteral])
    case unavailable(AvailabilityTarget)
    case availability(DateRangeExpression?)
    case slots(DateRangeExpression, duration: WrittenValue?, every: WrittenValue?)
    case letBinding(name: String, value: LetValue)
    case print(WrittenValue)
    case source(path: WrittenValue)
    case setTimezone(WrittenValue)
    /// `set default duration 45m`.
    case setDefaultDuration(WrittenValue)
    /// `set buffer before 10m`, `set limit 6 per day`, …: a booking rule; nil for `none`.
    case setRule(RuleSetting, WrittenValue?)
    /// `show settings`: the home zone, the default duration and the booking rules.
    case showSettings
    case setOutput(OutputFormat)
    case setClock(WrittenValue)
    case help(topic: String?)
    case createUser(name: WrittenValue, password: WrittenValue)
    case login(name: WrittenValue, password: WrittenValue?)
    case logout
    case whoami
    case expectError(kind: String?, text: String?)
    case expectComparison(WrittenValue, ComparisonOperator, WrittenValue)
    case expectFree(start: WrittenValue, duration: WrittenValue)
    case expectBusy(start: WrittenValue, duration: WrittenValue)
    /// `calcom connect [key TEXT] event-type N [url TEXT]`; a missing part is reported by the
    /// runtime as a required field (the key may come from `CALCOM_API_KEY`).
    case calcomConnect(CalcomConnectClauses)
    case calcomStatus
    case calcomDisconnect
    /// `calcom slots on DATE [for DURATION]`: the free times Cal.com offers.
    case calcomSlots(date: WrittenValue, duration: WrittenValue?)
    case sync(SyncAction)
    /// `export ics TARGET [RANGE] [cancelled]`: the appointments as an iCalendar file.
    case exportCalendar(ExportStatement)
    /// `agenda [RANGE]`: each day's bookings and free gaps; nil for today and the next 6 days.
    case agenda(DateRangeExpression?)
    /// `calendar week|month [DATE]`: a grid of the week or month holding the date (default today).
    case calendar(CalendarSpan, date: WrittenValue?)
    /// `import ics|csv FILE [atomic]`: appointments read from a file, each checked as `book` checks.
    case importAppointments(ImportStatement)
    /// `cancel REF and following`: the occurrence and every later one of its series.
    case cancelFollowing(ref: WrittenValue)
    /// `cancel series REF`: every occurrence of the series from now on.
    case cancelSeries(ref: WrittenValue)
    /// `reschedule series REF to DATETIME [for DURATION] [skip conflicts]`.
    case rescheduleSeries(ref: WrittenValue, to: WrittenValue, duration: WrittenValue?, skipConflicts: Bool)
    /// `update series REF CLAUSES`: the series and its occurrences from now on.
    case updateSeries(ref: WrittenValue, UpdateClauses)
    /// `show series REF`: the rule, the next occurrences and the exceptions.
    case showSeries(ref: WrittenValue)
    /// `list series`: every active series.
    case listSeries

    public var keyword: String {
        switch self {
        case .book: "book"
        case .reschedule, .rescheduleSeries: "reschedule"
        case .update, .updateSeries: "update"
        case .cancel, .cancelEach, .cancelFollowing, .cancelSeries: "cancel"
        case .restore: "restore"
        case .undo: "undo"
        case .redo: "redo"
        case .history: "history"
        case .find: "find"
        case .show, .showSeries: "show"
        case .list, .listSeries, .listCancelled: "list"
        case .upcoming: "upcoming"
        case .available: "available"
        case .unavailable: "unavailable"
        case .availability: "availability"
        case .slots: "slots"
        case .letBinding: "let"
        case .print: "print"
        case .source: "source"
        case .setTimezone, .setDefaultDuration, .setRule, .setOutput, .setClock: "set"
        case .showSettings: "show"
        case .help: "help"
        case .createUser: "create"
        case .login: "login"
        case .logout: "logout"
        case .whoami: "whoami"
        case .expectError, .expectComparison, .expectFree, .expectBusy: "expect"
        case .calcomConnect, .calcomStatus, .calcomDisconnect, .calcomSlots: "calcom"
        case .sync: "sync"
        case .exportCalendar: "export"
        case .agenda: "agenda"
        case .calendar: "calendar"
        case .importAppointments: "import"
        }
    }
}

/// `book NAME at DATETIME for DURATION [note TEXT] [email TEXT]`; any part may be missing, which
/// the runtime reports as a required field.
public struct BookStatement: Sendable {
    // Constants, so the initializer fills them rather than assigning over a first nil: each
    // assignment of an optional this large goes through its value witnesses.
    public let customer: WrittenValue?
    public let start: WrittenValue?
    public let duration: WrittenValue?
    public let note: WrittenValue?
    public let email: WrittenValue?
    /// The `every` clause and what goes with it; nil for a one-off.
    public let repetition: Repetition?

    public init(customer: WrittenValue? = nil, start: WrittenValue? = nil, duration: WrittenValue? = nil,
                note: WrittenValue? = nil, email: WrittenValue? = nil, repetition: Repetition? = nil) {
        self.customer = customer
        self.start = start
        self.duration = duration
        self.note = note
        self.email = email
        self.repetition = repetition
    }
}

/// How a booking repeats: `every …`, with `from`, `until` or `count`, and `skip conflicts`.
public struct Repetition: Sendable {
    public var pattern: RepeatPattern
    public var from: WrittenValue?
    public var until: WrittenValue?
    public var count: WrittenValue?
    public var skipConflicts: Bool

    public init(pattern: RepeatPattern, from: WrittenValue? = nil, until: WrittenValue? = nil,
                count: WrittenValue? = nil, skipConflicts: Bool = false) {
        self.pattern = pattern
        self.from = from
        self.until = until
        self.count = count
        self.skipConflicts = skipConflicts
    }
}

/// The period of an `every` clause as written: `every 2 weeks on mon, thu`, `every tue 10:00`,
/// `every month on the last fri`.
public struct RepeatPattern: Sendable, Equatable {
    public enum Unit: String, Sendable, CaseIterable {
        case day, week, month, year
    }

    /// Which day of the month a monthly rule takes.
    public enum MonthDay: Sendable, Equatable {
        /// `on the 15th`.
        case day(Int)
        /// `on the last`.
        case lastDay
        /// `on the 2nd tue` (ordinal 1…5), `on the last fri` (ordinal -1); ISO weekday.
        case weekday(ordinal: Int, weekday: Int)
    }

    public var interval: Int
    public var unit: Unit
    /// ISO weekdays (1 = Monday), in the order written; empty when the first date decides.
    public var weekdays: [Int]
    public var monthDay: MonthDay?
    /// The time written right after the weekdays (`every tue 10:00`).
    public var time: TimeLiteral?
    /// Where the `every` clause was written, for errors about it.
    public var range: SourceRange

    public init(interval: Int, unit: Unit, weekdays: [Int] = [], monthDay: MonthDay? = nil,
                time: TimeLiteral? = nil, range: SourceRange) {
        self.interval = interval
        self.unit = unit
        self.weekdays = weekdays
        self.monthDay = monthDay
        self.time = time
        self.range = range
    }
}

/// The clauses of an `update`; at least one is present.
public struct UpdateClauses: Sendable {
    public var name: WrittenValue?
    public var start: WrittenValue?
    public var duration: WrittenValue?
    public var note: WrittenValue?
    public var email: WrittenValue?

    public init() {}
}

/// What an `available` or `unavailable` statement applies to.
public enum AvailabilityTarget: Sendable, Equatable {
    /// Weekly windows of these ISO weekdays (1 = Monday … 7 = Sunday).
    case days(Set<Int>)
    /// A date override.
    case date(DateExpression)
}

/// A window `09:00-17:00` as written; `end` may be 24:00.
public struct WindowLiteral: Sendable, Equatable {
    public var start: TimeLiteral
    public var end: TimeLiteral
    public var range: SourceRange

    public init(start: TimeLiteral, end: TimeLiteral, range: SourceRange) {
        self.start = start
        self.end = end
        self.range = range
    }
}

/// The clauses of `calcom connect`, in any order after `connect`.
public struct CalcomConnectClauses: Sendable {
    public var key: WrittenValue?
    /// `key file "PATH"`: the key is the file's text, so it stays off the command line.
    public var keyFile: WrittenValue?
    public var eventType: WrittenValue?
    public var url: WrittenValue?

    public init(key: WrittenValue? = nil, keyFile: WrittenValue? = nil, eventType: WrittenValue? = nil, url: WrittenValue? = nil) {
        self.key = key
        self.keyFile = keyFile
        self.eventType = eventType
        self.url = url
    }
}

/// What a `sync` statement does; bare `sync` pushes, then pulls the default range.
public enum SyncAction: Sendable, Equatable {
    case all
    case push
    case pull(DateRangeExpression?)
    case availability
    case status
}

/// Where `export` writes the calendar.
public enum ExportTarget: Sendable {
    /// `-`: the calendar text is the statement's output.
    case standardOutput
    /// A file path, relative to the working directory.
    case file(WrittenValue)
}

/// The booking rules `set` changes, as Cal.com event types have them.
public enum RuleSetting: String, Sendable, CaseIterable {
    case bufferBefore = "buffer before"
    case bufferAfter = "buffer after"
    case minimumNotice = "minimum notice"
    case slotInterval = "slot interval"
    case limitPerDay = "limit per day"
    case limitPerWeek = "limit per week"
    case bookingWindow = "booking window"
}

/// The formats `export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 5545 iCalendar, series as rules.
    case ics
    /// RFC 4180 comma-separated values, in the columns `import csv` reads.
    case csv
}

/// `export ics|csv TARGET [RANGE] [cancelled]`; `cancelled` is for `ics` only.
public struct ExportStatement: Sendable {
    public var format: ExportFormat = .ics
    public var target: ExportTarget
    /// The appointments to export; nil for every one from today on.
    public var dates: DateRangeExpression?
    /// Whether cancelled appointments go out too (with `STATUS:CANCELLED`).
    public var includesCancelled: Bool

    public init(target: ExportTarget, dates: DateRangeExpression? = nil, includesCancelled: Bool = false) {
        self.target = target
        self.dates = dates
        self.includesCancelled = includesCancelled
    }
}

/// What a `calendar` grid spans.
public enum CalendarSpan: String, Sendable, CaseIterable {
    /// Monday to Sunday, in half-hour rows.
    case week
    /// The month, one cell a date, in the manner of `cal`.
    case month
}

/// The formats `import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// RFC 5545 iCalendar: the VEVENTs of a VCALENDAR.
    case ics
    /// RFC 4180 comma-separated values with a header row.
    case csv
}

/// `import ics|csv FILE [atomic]`.
public struct ImportStatement: Sendable {
    public var format: ImportFormat
    public var file: WrittenValue
    /// Whether one refused entry refuses the whole file; otherwise the good entries land.
    public var atomic: Bool

    public init(format: ImportFormat, file: WrittenValue, atomic: Bool = false) {
        self.format = format
        self.file = file
        self.atomic = atomic
    }
}

/// The right-hand side of `let`.
public enum LetValue: Sendable {
    case statement(Statement)
    case expression(WrittenValue)
}

public enum OutputFormat: String, Sendable {
    case json, table
}
