import Foundation

/// A read or write transaction in progress; services do all their storage work through one.
public protocol StoreTransaction {
    /// The store's cache for this transaction, or nil when it keeps none here (a reader).
    var cache: StoreCache? { get }
    /// Runs `body` so that, if it throws, what it wrote is undone and the transaction goes on.
    func savepoint<T>(_ body: () throws -> T) throws -> T
    func setting(_ key: String) throws -> String?
    func setSetting(_ key: String, _ value: String) throws
    func appointment(_ ref: AppointmentRef) throws -> Appointment?
    /// Booked appointments overlapping the half-open interval [start, end), by start then number.
    func bookedAppointments(overlapping start: Date, _ end: Date, excluding: UUID?) throws -> [Appointment]
    /// The times of the booked appointments overlapping [start, end), by start: what free time
    /// is worked out from, read without the rest of each row.
    func bookedSpans(overlapping start: Date, _ end: Date) throws -> [Span]
    /// Whether `bookedAppointments(overlapping:_:excluding:)` would find any.
    func hasBookedAppointment(overlapping start: Date, _ end: Date, excluding: UUID?) throws -> Bool
    /// Booked appointments starting in [start, end), by start then number.
    func bookedAppointments(startingFrom start: Date, before end: Date?, limit: Int?) throws -> [Appointment]
    /// The start of the latest booked appointment, or nil when none is booked.
    func latestBookedStart() throws -> Date?
    /// Appointments starting in [start, end), cancelled ones too when asked, by start then number.
    func appointments(startingFrom start: Date, before end: Date?, includingCancelled: Bool) throws -> [Appointment]
    /// Starts recording the rows this transaction changes as a journal entry for `statement`;
    /// inside an entry already started (an `--atomic` run), adds the statement to it.
    func beginJournalEntry(statement: () -> String, at instant: Date) throws
    /// Stops recording: an entry that changed no row is removed, and one that did leaves the
    /// changes undone before it beyond `redo`.
    func endJournalEntry() throws
    /// Journal entries, newest first: at most `limit`, and made in [from, before) when given.
    func journalEntries(limit: Int?, from: Date?, before: Date?) throws -> [JournalEntry]
    func journalEntry(id: Int) throws -> JournalEntry?
    /// Entries in `state` numbered `id` or later: newest first, or oldest first; at most `limit`.
    func journalEntries(in state: JournalState, from id: Int, newestFirst: Bool, limit: Int?) throws -> [JournalEntry]
    /// Applies an entry's rows back (undo) or again (redo), without recording anything; gives
    /// back the appointments it touched. The entry's state is the caller's to change.
    func applyJournalEntry(id: Int, _ direction: JournalDirection) throws -> [AppointmentTransition]
    func setJournalState(id: Int, _ state: JournalState) throws
    /// Removes the entries made before `instant`; gives back how many.
    func pruneJournal(before instant: Date) throws -> Int
    /// Cancelled appointments starting in [start, end) (open ends for nil), by start then number.
    func cancelledAppointments(startingFrom start: Date?, before end: Date?) throws -> [Appointment]
    /// Appointments whose customer name is exactly `name`, with the status, starting at or after
    /// `start`, by start then number; at most `limit`.
    func appointments(customerNamed name: String, startingFrom start: Date, status: AppointmentStatusFilter,
                      limit: Int) throws -> [Appointment]
    /// Appointments found by words (`AppointmentSearch`), by start then number.
    func appointments(matching search: AppointmentSearch) throws -> [Appointment]
    /// Appointments whose number starts with the digits `numberPrefix` (any number when it is
    /// empty), cancelled ones only when asked: those starting at or after `now` by start, then
    /// the earlier ones latest first; at most `limit`.
    func appointments(numberPrefix: String, includingCancelled: Bool, now: Date, limit: Int) throws -> [Appointment]
    /// The distinct customer names starting with `prefix`, ignoring case, in alphabetical order
    /// ignoring case; at most `limit`.
    func customerNames(startingWith prefix: String, limit: Int) throws -> [String]
    /// Inserts a booked appointment under the next number, as an occurrence when one is given.
    func insert(_ new: NewAppointment, id: UUID, now: Date, occurrence: Occurrence?) throws -> Appointment
    func update(_ appointment: Appointment) throws
    /// Sorted by day then start.
    func weeklyWindows() throws -> [WeeklyWindow]
    func replaceWeeklyWindows(days: Set<Weekday>, with windows: [TimeWindow]) throws
    /// Sorted by date, windows by start; nil bounds are open.
    func dateOverrides(from: CivilDate?, through: CivilDate?) throws -> [DateOverride]
    func replaceDateOverride(_ override: DateOverride) throws
    /// The user, if one was created.
    func user() throws -> User?
    func insertUser(_ user: User) throws
    func session(tokenHash: String) throws -> StoredSession?
    /// The session and the user together, as a signed-in statement needs both; a store that
    /// can answer in one query says so here.
    func sessionAndUser(tokenHash: String) throws -> (session: StoredSession?, user: User?)
    /// Inside `Store.book`, waits for and holds the right to book from `start` to `end`, and to
    /// check the buffers and limits around it; elsewhere the transaction holds it already.
    func lockBooking(from start: Date, to end: Date) throws
    func insertSession(_ session: StoredSession) throws
    func revokeSession(tokenHash: String, at instant: Date) throws
    func loginFailures() throws -> LoginFailures
    func setLoginFailures(_ failures: LoginFailures) throws
    func calcomConnection() throws -> CalcomConnection?
    /// Whether a connection is saved; cheaper than reading it.
    func isCalcomConnected() throws -> Bool
    /// Saves the connection, or removes it when nil.
    func setCalcomConnection(_ connection: CalcomConnection?) throws
    /// The appointment whose Cal.com booking has this uid.
    func appointment(calcomUID: String) throws -> Appointment?
    /// Booked appointments starting at or after `start` that have no Cal.com booking yet.
    func bookedAppointmentsWithoutCalcomUID(startingFrom start: Date) throws -> [Appointment]
    /// Adds an entry to the end of the outbox and gives back its id.
    @discardableResult
    func insertSyncEntry(appointmentID: UUID, change: SyncChange, start: Date, durationMinutes: Int, now: Date) throws -> Int
    /// Every entry, oldest first.
    func syncEntries() throws -> [SyncEntry]
    /// The entries of one appointment, oldest first.
    func syncEntries(appointmentID: UUID) throws -> [SyncEntry]
    func updateSyncEntry(_ entry: SyncEntry) throws
    /// Marks `entry` as being sent until `until`, counting the attempt, and gives it back so;
    /// nil when it is no longer its appointment's first entry, another process has changed it
    /// since it was read (its attempts differ), or holds a claim on it that has not run out at
    /// `now`. Two processes claiming one entry at once: one gets it, whatever locks they hold.
    func claimSyncEntry(_ entry: SyncEntry, until: Date, now: Date) throws -> SyncEntry?
    func deleteSyncEntry(id: Int) throws
    func syncConflicts() throws -> [SyncConflict]
    /// Adds the conflict, or refreshes the one recorded for the same remote uid.
    func saveSyncConflict(_ conflict: SyncConflict) throws
    func deleteSyncConflict(remoteUID: String) throws
    func insertSeries(_ series: Series) throws
    func updateSeries(_ series: Series) throws
    func series(id: UUID) throws -> Series?
    /// Every series, cancelled ones only when asked, in the order they were made.
    func allSeries(includingCancelled: Bool) throws -> [Series]
    /// The earliest `storedThrough` of the active series, or nil when there is none: a booking
    /// after it must also be checked against occurrences not yet stored.
    func earliestSeriesStoredThrough() throws -> CivilDate?
    /// The stored occurrences of a series, cancelled ones too, by original start.
    func occurrences(seriesID: UUID) throws -> [Appointment]
    /// The occurrences a series' rule gave that were never booked, by original start.
    func skippedOccurrences(seriesID: UUID) throws -> [SkippedOccurrence]
    /// Records a skipped occurrence, or replaces the one recorded for the same start.
    func insertSkippedOccurrence(_ skipped: SkippedOccurrence) throws
    /// Forgets the skipped occurrences of a series from `start` on.
    func deleteSkippedOccurrences(seriesID: UUID, from start: Date) throws
    /// Whether an imported calendar event had this UID.
    func hasImportedEvent(uid: String) throws -> Bool
    func recordImportedEvent(_ event: ImportedEvent, appointmentID: UUID, now: Date) throws
    /// The imported events the appointments came from, by appointment id; an appointment that
    /// did not come from a calendar event has none.
    func importedEvents(appointmentIDs: [UUID]) throws -> [UUID: ImportedEvent]
}

extension StoreTransaction {
    /// Inserts a one-off booked appointment under the next number.
    public func insert(_ new: NewAppointment, id: UUID, now: Date) throws -> Appointment {
        try insert(new, id: id, now: now, occurrence: nil)
    }
}

extension StoreTransaction {
    public func sessionAndUser(tokenHash: String) throws -> (session: StoredSession?, user: User?) {
        (try session(tokenHash: tokenHash), try user())
    }

    public func lockBooking(from start: Date, to end: Date) throws {}
}
