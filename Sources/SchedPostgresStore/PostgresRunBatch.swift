import Foundation
import PostgresNIO
import SchedCore
import SchedPostgres

/// What an `--atomic` run's bookings wait in before they go to the server, many rows to a
/// statement, and what the run knows of the booked appointments around them.
///
/// A run holds the writers' lock from its first statement to its commit, so the only booked
/// appointments that change meanwhile are its own: eight weeks of them read once stay true
/// while the run adds its bookings to them. A booking's overlap check is answered from those
/// and its insert kept here; any other query sends what is kept first and forgets what was
/// read (it may change appointments), so it sees the database as a run without the batch would.
///
/// A statement's savepoint is sent only when the statement sends something of its own; a
/// statement that failed before that drops what it kept.
final class PostgresRunBatch {
    /// A booking kept for the next batch.
    private struct Booking {
        let appointment: Appointment
        let words: [String]
        let fields: [Int]
    }

    /// A booked appointment's span, for overlap checks.
    private struct Booked {
        let id: UUID
        let start: Date
        let end: Date

        init(id: UUID, start: Date, end: Date) {
            (self.id, self.start, self.end) = (id, start, end)
        }

        init(_ appointment: Appointment) {
            self.init(id: appointment.id, start: appointment.start,
                      end: appointment.start.adding(minutes: appointment.durationMinutes))
        }
    }

    private var kept: [Booking] = []
    /// Set when rows of finished statements could not be sent: the transaction is lost.
    private var broken = false
    /// The booked appointments of each stretch read (by `stretch(of:)`), the run's own included.
    private var stretches: [Int: [Booked]] = [:]
    /// The date overrides of the dates read, from one read of several weeks.
    private var overrides: (from: CivilDate, through: CivilDate, read: [DateOverride])?
    /// The number the next booking gets, once read.
    private var nextNumber: Int?
    /// Whether the run's journal entry is open, and how many statements it holds: counted
    /// here while the run goes on, and given to the entry as it closes.
    private(set) var journalOpen = false
    /// The open entry's number, once it is made (an entry is made by the first row it records).
    private var journalEntry: Int?
    private(set) var statements = 0

    /// The running statement: where its bookings begin in `kept`, whether its savepoint went to
    /// the server, and what to go back to if it fails before it did.
    private var inStatement = false
    private var statementStart = 0
    private var savepointSent = false
    private var numberBefore: Int?
    private var journalBefore: (open: Bool, entry: Int?, statements: Int) = (false, nil, 0)

    /// Kept bookings are sent after each read of a stretch, so that the server inserts them
    /// while the run goes on to the next one; at most this many are kept meanwhile.
    static let batchSize = 5_000
    /// The stretch of time one read of booked appointments covers: eight weeks, so that a run
    /// booking one day after another rarely waits for a read.
    private static let stretchSeconds = 8 * 7 * 86_400.0
    /// No appointment is longer than a day (`AppointmentRules`), so one starting more than a
    /// day before a span cannot reach into it.
    private static let longest = 86_400.0

    /// Begins a statement; what earlier statements kept is sent first once there is a batch of it.
    func beginStatement(_ session: PostgresSession) throws {
        if kept.count >= Self.batchSize { try send(session) }
        inStatement = true
        statementStart = kept.count
        savepointSent = false
        numberBefore = nextNumber
        journalBefore = (journalOpen, journalEntry, statements)
    }

    /// Ends a statement that succeeded; releases its savepoint if it was sent.
    func endStatement(_ session: PostgresSession) throws {
        inStatement = false
        if savepointSent {
            savepointSent = false
            try session.run("RELEASE SAVEPOINT sched_statement")
        }
    }

    /// Ends a statement that failed with `error`: back to its savepoint if it was sent, else
    /// what it kept is dropped. False when the run is lost: its connection is gone (found by
    /// `error` before the session may know it), or something sent before failed (rows of
    /// finished statements, or the savepoint's way back).
    func abandonStatement(_ session: PostgresSession, after error: any Error) -> Bool {
        inStatement = false
        kept.removeSubrange(statementStart...)
        nextNumber = numberBefore
        (journalOpen, journalEntry, statements) = journalBefore
        stretches = [:]
        overrides = nil
        let lost = error is PostgresSession.NotSent || (error as? SchedError)?.kind == .unavailable
        if lost || broken || session.aheadFailed || session.connection.isClosed { return false }
        guard savepointSent else { return true }
        savepointSent = false
        return (try? session.run("ROLLBACK TO SAVEPOINT sched_statement")) != nil
    }

    /// Sends what is kept, before a query the batch does not answer; that query may change
    /// appointments, so what was read is forgotten too.
    func flush(_ session: PostgresSession) throws {
        try send(session)
        stretches = [:]
        overrides = nil
        nextNumber = nil
    }

    /// The overrides of the dates from `from` through `through`, read by `read` with the
    /// weeks after them unless an earlier read covered them.
    func dateOverrides(from: CivilDate, through: CivilDate,
                       read: (CivilDate, CivilDate) throws -> [DateOverride]) throws -> [DateOverride] {
        if let known = overrides, known.from <= from, through <= known.through {
            return known.read.filter { $0.date >= from && $0.date <= through }
        }
        let until = through.adding(days: 56)
        let read = try read(from, until)
        overrides = (from, until, read)
        return read.filter { $0.date >= from && $0.date <= through }
    }

    /// Counts a statement into the run's open journal entry; false when no entry is open yet.
    func countStatement() -> Bool {
        guard journalOpen else { return false }
        statements += 1
        return true
    }

    /// Notes the entry a statement opened (or found open with `statements` counted), and its
    /// number if it was made already.
    func journalOpened(entry: Int?, statements: Int) {
        journalOpen = true
        journalEntry = entry
        self.statements = statements
    }

    /// Whether a booked appointment but `excluding` overlaps [start, end).
    func hasBooked(_ session: PostgresSession, overlapping start: Date, _ end: Date, excluding: UUID?) throws -> Bool {
        for stretch in Self.stretch(of: start.addingTimeInterval(-Self.longest))...Self.stretch(of: end) {
            let booked = try self.booked(session, stretch: stretch)
            if booked.contains(where: { $0.start < end && $0.end > start && $0.id != excluding }) { return true }
        }
        return false
    }

    /// Keeps a booking under the next number.
    func insert(_ session: PostgresSession, _ new: NewAppointment, id: UUID, now: Date) throws -> Appointment {
        let number = try nextNumber ?? firstNumber(session)
        nextNumber = number + 1
        let start = new.start.stored
        let appointment = Appointment(
            id: id, number: number, customerName: new.customerName, start: start,
            durationMinutes: new.durationMinutes, note: new.note, email: new.email,
            createdAt: now.stored, updatedAt: now.stored, occurrence: nil)
        let (words, fields) = PostgresTransaction.words([new.customerName, new.note, new.email])
        kept.append(Booking(appointment: appointment, words: words, fields: fields))
        stretches[Self.stretch(of: start)]?.append(Booked(appointment))
        return appointment
    }

    private static func stretch(of instant: Date) -> Int {
        Int((instant.timeIntervalSince1970 / stretchSeconds).rounded(.down))
    }

    /// The booked appointments that start in `stretch`: read once, with the kept ones added.
    private func booked(_ session: PostgresSession, stretch: Int) throws -> [Booked] {
        if let known = stretches[stretch] { return known }
        let from = Date(timeIntervalSince1970: Double(stretch) * Self.stretchSeconds)
        let to = from.addingTimeInterval(Self.stretchSeconds)
        var booked = try session.run("""
            SELECT id, start_utc, end_utc FROM appointments
            WHERE status = 'booked' AND start_utc >= \(from) AND start_utc < \(to)
            """).rows.map { row in
            var cells = Cells(row, table: "appointments")
            return Booked(id: try cells.next(UUID.self), start: try cells.next(Date.self), end: try cells.next(Date.self))
        }
        for booking in kept where booking.appointment.start >= from && booking.appointment.start < to {
            booked.append(Booked(booking.appointment))
        }
        stretches[stretch] = booked
        try sendFinished(session)
        return booked
    }

    /// Sends the bookings of the statements before this one, which need no savepoint, ahead.
    private func sendFinished(_ session: PostgresSession) throws {
        let finished = inStatement ? statementStart : kept.count
        guard finished > 0 else { return }
        do {
            try insert(session, kept[..<finished])
        } catch {
            broken = true
            throw error
        }
        kept.removeSubrange(..<finished)
        statementStart = 0
    }

    /// The number after the counter's (or the highest stored); nothing is kept while it is
    /// unknown. The run holds the writers' lock, so no other writer numbers meanwhile.
    private func firstNumber(_ session: PostgresSession) throws -> Int {
        guard let row = try session.run(PostgresQuery(unsafeSQL: """
            SELECT \(PostgresSchema.highestNumber) + 1 FROM counters WHERE name = 'appointments'
            """)).rows.first else {
            throw SchedError.malformedRow("appointments")
        }
        var cells = Cells(row, table: "appointments")
        return try cells.next(Int.self)
    }

    /// Sends the kept bookings, those of earlier statements first, then the running
    /// statement's savepoint, then its own: one statement for each part.
    private func send(_ session: PostgresSession) throws {
        let finished = inStatement && !savepointSent ? statementStart : kept.count
        do {
            try insert(session, kept[..<finished])
            if inStatement && !savepointSent {
                try session.sendAhead("SAVEPOINT sched_statement")
                savepointSent = true
            }
        } catch {
            broken = true
            throw error
        }
        try insert(session, kept[finished...])
        kept = []
        statementStart = 0
    }

    /// The rows, their search words and, while the run's journal entry is open, its rows, in
    /// one statement whose values travel as arrays: its text and plan do not grow with it.
    private func insert(_ session: PostgresSession, _ bookings: ArraySlice<Booking>) throws {
        guard !bookings.isEmpty else { return }
        if journalOpen && journalEntry == nil {
            // The entry is made with the first rows it records; these are written here.
            journalEntry = try PostgresTransaction(session: session).journalEntryNumber()
        }
        let appointments = bookings.map(\.appointment)
        var text = QueryText()
        let columns = [
            text.bind(appointments.map(\.number)), text.bind(appointments.map(\.id)),
            text.bind(appointments.map(\.customerName)), text.bind(appointments.map(\.start)),
            text.bind(appointments.map(\.durationMinutes)),
            text.bind(appointments.map { $0.start.adding(minutes: $0.durationMinutes) }),
            text.bind(appointments.map { $0.note ?? "" }), text.bind(appointments.map { $0.note != nil }),
            text.bind(appointments.map { $0.email ?? "" }), text.bind(appointments.map { $0.email != nil }),
            text.bind(appointments.map(\.createdAt)),
        ]
        text.sql = """
            WITH made AS (
                INSERT INTO appointments
                    (number, id, customer_name, start_utc, duration_minutes, end_utc, note, email, status, sequence,
                     created_at, updated_at, series_id, occurrence_start, is_exception)
                SELECT r.number, r.id, r.name, r.start_utc, r.minutes, r.end_utc,
                       CASE WHEN r.has_note THEN r.note END, CASE WHEN r.has_email THEN r.email END,
                       'booked', 0, r.made, r.made, NULL, NULL, false
                FROM unnest(\(columns[0])::bigint[], \(columns[1])::uuid[], \(columns[2])::text[],
                            \(columns[3])::timestamptz[], \(columns[4])::int[], \(columns[5])::timestamptz[],
                            \(columns[6])::text[], \(columns[7])::bool[], \(columns[8])::text[], \(columns[9])::bool[],
                            \(columns[10])::timestamptz[])
                    AS r(number, id, name, start_utc, minutes, end_utc, note, has_note, email, has_email, made)
                RETURNING number
            ), counted AS (
                UPDATE counters SET value = greatest(value, \(text.bind(appointments.map(\.number).max() ?? 0)))
                WHERE name = 'appointments'
            )
            """
        // The entry's rows are written here rather than by the row trigger, which finds the
        // entry's setting cleared as the statement ends and is given it back after.
        if let journalEntry {
            text.sql += """
                , quiet AS (SELECT set_config('sched.journal_entry', '', true) AS cleared),
                journaled AS (
                    INSERT INTO journal_rows (entry, tbl, row_key)
                    SELECT \(text.bind(journalEntry)), 'appointments', jsonb_build_object('number', made.number)
                    FROM made, quiet ORDER BY made.number
                )
                """
        }
        let words = bookings.flatMap(\.words)
        if words.isEmpty {
            text.sql += " SELECT count(*) FROM made"
        } else {
            let numbers = bookings.flatMap { booking in booking.words.map { _ in booking.appointment.number } }
            text.sql += """
                 INSERT INTO appointment_words (word, number, field)
                SELECT w.word, w.number, w.field
                FROM unnest(\(text.bind(words))::text[], \(text.bind(numbers))::bigint[],
                            \(text.bind(bookings.flatMap(\.fields)))::smallint[]) AS w(word, number, field)
                WHERE EXISTS (SELECT 1 FROM made)
                """
        }
        // The run goes on parsing and checking while the server inserts: the next query that
        // waits says if this failed.
        try session.sendAhead(text.query)
        if let journalEntry {
            try session.sendAhead("SELECT set_config('sched.journal_entry', \(String(journalEntry)), true)")
        }
    }
}
