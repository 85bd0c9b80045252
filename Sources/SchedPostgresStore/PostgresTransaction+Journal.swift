import Foundation
import PostgresNIO
import SchedCore
import SchedPostgres

/// The journal: row triggers (`PostgresSchema.journalTriggers`) copy each changed row of the
/// journaled tables, as JSON before and after, into `journal_rows` while an entry is open: while
/// the transaction's setting `sched.journal_entry` names it. An inserted row is noted by its key
/// alone, the table holding the rest; its image is taken when an undo removes it, for the redo.
/// The setting lives and dies with the transaction (and with a savepoint rolled back), as the
/// entry's rows do.
extension PostgresTransaction {
    func beginJournalEntry(statement text: () -> String, at instant: Date) throws {
        if let batch, batch.countStatement() { return }
        // One round trip. Inside an open entry (a run), it counts the statement: a run's entry
        // keeps its first statement and counts the rest, in the transaction's settings until it
        // ends (updating the entry's row for each would leave one version of it per statement
        // for the next update to walk past). Otherwise it opens one, pending: the entry's row
        // and number come with the first row it records (`sched_journal_entry`), so that a
        // booking holds the counter of entries only from its insert to its commit.
        guard let row = try rows("""
            SELECT current_setting('sched.journal_entry', true),
                CASE WHEN coalesce(current_setting('sched.journal_entry', true), '') <> '' THEN
                    set_config('sched.journal_statements',
                               (coalesce(nullif(current_setting('sched.journal_statements', true), ''), '1')::int + 1)::text,
                               true)
                ELSE
                    set_config('sched.journal_entry', 'pending', true)
                    || left(set_config('sched.journal_at', \(String(Int64(instant.stored.timeIntervalSince1970))), true), 0)
                    || left(set_config('sched.journal_statement', \(text()), true), 0)
                    || left(set_config('sched.journal_statements', '1', true), 0)
                END
            """).first else { throw SchedError.malformedRow("journal") }
        var cells = Cells(row, table: "journal")
        let before = try cells.nextUnlessNull(String.self) ?? ""
        let counted = try cells.nextUnlessNull(String.self)
        if before.isEmpty {
            batch?.journalOpened(entry: nil, statements: 1)
        } else {
            batch?.journalOpened(entry: Int(before), statements: counted.flatMap { Int($0) } ?? 1)
        }
    }

    /// The open entry's number, made now if it is still pending; nil when none is open.
    func journalEntryNumber() throws -> Int? {
        try value("SELECT sched_journal_entry()", as: Int.self)
    }

    /// Closes the open entry (`sched_end_journal_entry`, one round trip): given its counts, and
    /// the undone entries before it dropped (a new change ends their redo); one still pending
    /// recorded no row, and leaves nothing.
    func endJournalEntry() throws {
        try execute("SELECT sched_end_journal_entry()")
    }

    private static let journalColumns = "SELECT id, at, statement, state, rows, statements FROM journal"

    func journalEntries(limit: Int?, from: Date?, before: Date?) throws -> [JournalEntry] {
        try rows("""
            \(unescaped: Self.journalColumns)
            WHERE (\(from?.stored)::timestamptz IS NULL OR at >= \(from?.stored))
              AND (\(before?.stored)::timestamptz IS NULL OR at < \(before?.stored))
            ORDER BY id DESC LIMIT \(limit.map { max(0, $0) })
            """
        ).map(Self.journalEntry(from:))
    }

    func journalEntry(id: Int) throws -> JournalEntry? {
        try rows("\(unescaped: Self.journalColumns) WHERE id = \(id)").first.map(Self.journalEntry(from:))
    }

    func journalEntries(in state: JournalState, from id: Int, newestFirst: Bool, limit: Int?) throws -> [JournalEntry] {
        try rows("""
            \(unescaped: Self.journalColumns) WHERE state = \(state.rawValue) AND id >= \(id)
            ORDER BY id \(unescaped: newestFirst ? "DESC" : "ASC") LIMIT \(limit.map { max(0, $0) })
            """
        ).map(Self.journalEntry(from:))
    }

    func setJournalState(id: Int, _ state: JournalState) throws {
        try execute("UPDATE journal SET state = \(state.rawValue) WHERE id = \(id)")
    }

    func pruneJournal(before instant: Date) throws -> Int {
        try execute("DELETE FROM journal_rows WHERE entry IN (SELECT id FROM journal WHERE at < \(instant.stored))")
        return try execute("DELETE FROM journal WHERE at < \(instant.stored)")
    }

    private static func journalEntry(from row: PostgresRow) throws -> JournalEntry {
        var cells = Cells(row, table: "journal")
        return JournalEntry(
            id: try cells.next(), at: try cells.next(), statement: try cells.next(),
            state: JournalState(rawValue: try cells.next(String.self)) ?? .done, rows: try cells.next(),
            statements: try cells.next())
    }

    /// A row as one change found it and left it, as JSON text; an insert has no `before`, and no
    /// `after` until an undo has taken it.
    private struct RowChange {
        var id: Int
        var table: String
        var key: String
        var before: String?
        var after: String?
        /// The appointment's number, for a row of `appointments`.
        var number: Int?
    }

    func applyJournalEntry(id: Int, _ direction: JournalDirection) throws -> [AppointmentTransition] {
        // Hours, settings and bookings may all change underneath what the cache holds.
        cache?.clear()
        // Rows put back may overlap a booking made since: the journal's caller checks and names
        // it; the store checks the constraint again as the statement ends.
        try execute("SET CONSTRAINTS appointments_no_overlap DEFERRED")
        session.defersOverlapCheck = true
        let changes = try rows("""
            SELECT id, tbl, row_key::text, before::text, after::text,
                   CASE WHEN tbl = 'appointments' THEN (row_key ->> 'number')::bigint END
            FROM journal_rows WHERE entry = \(id)
            ORDER BY id \(unescaped: direction == .undo ? "DESC" : "ASC")
            """
        ).map { row in
            var cells = Cells(row, table: "journal_rows")
            return RowChange(id: try cells.next(), table: try cells.next(), key: try cells.next(),
                             before: try cells.next(String?.self), after: try cells.next(String?.self),
                             number: try cells.next(Int?.self))
        }
        guard changes.allSatisfy({ PostgresSchema.journaledTables[$0.table] != nil }) else {
            throw SchedError.malformedRow("journal_rows")
        }
        var touched: [Int: Appointment?] = [:]
        var order: [Int] = []
        for change in changes where change.table == "appointments" {
            guard let number = change.number else { throw SchedError.malformedRow("journal_rows") }
            guard touched[number] == nil else { continue }
            let appointment = try appointment(.number(number))
            touched[number] = appointment
            order.append(number)
            if let appointment {
                try index(number: number, [appointment.customerName, appointment.note, appointment.email], remove: true)
            }
        }
        for var change in changes {
            if change.before == nil, direction == .undo {
                // An insert: its image now is what a redo puts back.
                change.after = try value(
                    Self.keyed("SELECT to_jsonb(t)::text FROM \(change.table) t WHERE \(Self.keyMatch(change.table, side: "t"))",
                               change.key),
                    as: String.self)
                try execute("UPDATE journal_rows SET after = \(change.after)::jsonb WHERE id = \(change.id)")
            }
            let (from, to) = direction == .undo ? (change.after, change.before) : (change.before, change.after)
            try apply(change.table, key: change.key, from: from, to: to)
        }
        var transitions: [AppointmentTransition] = []
        for number in order {
            let after = try appointment(.number(number))
            if let after {
                try index(number: number, [after.customerName, after.note, after.email], remove: false)
            }
            transitions.append(AppointmentTransition(before: touched[number] ?? nil, after: after))
        }
        return transitions
    }

    /// Puts one row from `from` to `to`: inserted, deleted, or its changed columns set. Only the
    /// columns the change changed are set, so what came after (a Cal.com uid a push stored)
    /// stays. An appointment that Cal.com knows of, or that the outbox names, is not deleted but
    /// cancelled, so that its booking there can be cancelled too.
    private func apply(_ table: String, key: String, from: String?, to: String?) throws {
        let match = Self.keyMatch(table, side: table)
        switch (from, to) {
        case (nil, let to?):
            let exists = try value(Self.keyed("SELECT count(*) FROM \(table) WHERE \(match)", key), as: Int.self) ?? 0
            if exists > 0 {
                try setColumns(table, key: key, from: nil, to: to)
            } else {
                try execute("INSERT INTO \(unescaped: table) SELECT * FROM jsonb_populate_record(NULL::\(unescaped: table), \(to)::jsonb)")
            }
        case (_?, nil):
            if table == "appointments", try appointmentIsKnownElsewhere(key: key) {
                try execute(Self.keyed("UPDATE appointments SET status = 'cancelled' WHERE \(match)", key))
            } else {
                try execute(Self.keyed("DELETE FROM \(table) WHERE \(match)", key))
            }
        case (let from?, let to?):
            try setColumns(table, key: key, from: from, to: to)
        case (nil, nil):
            break
        }
    }

    /// Sets the columns whose value differs between `from` and `to` (every column without `from`).
    private func setColumns(_ table: String, key: String, from: String?, to: String) throws {
        let changed = try rows("""
            SELECT t.key FROM jsonb_each(\(to)::jsonb) t
            LEFT JOIN jsonb_each(\(from ?? "{}")::jsonb) f ON f.key = t.key
            WHERE f.value IS DISTINCT FROM t.value
            """
        ).map { row in
            var cells = Cells(row, table: "journal_rows")
            return try cells.next(String.self)
        }
        guard !changed.isEmpty else { return }
        let assignments = changed.map(PostgresSession.quoted).map { "\($0) = r.\($0)" }.joined(separator: ", ")
        var bindings = PostgresBindings()
        bindings.append(key)
        bindings.append(to)
        try execute(PostgresQuery(
            unsafeSQL: """
                UPDATE \(table) SET \(assignments) FROM jsonb_populate_record(NULL::\(table), $2::jsonb) r
                WHERE \(Self.keyMatch(table, side: table))
                """,
            binds: bindings))
    }

    private func appointmentIsKnownElsewhere(key: String) throws -> Bool {
        try value(Self.keyed("""
            SELECT calcom_booking_uid IS NOT NULL
                OR EXISTS (SELECT 1 FROM sync_outbox WHERE sync_outbox.appointment_id = appointments.id)
            FROM appointments WHERE \(Self.keyMatch("appointments", side: "appointments"))
            """, key), as: Bool.self) ?? false
    }

    /// `side`'s key columns equal to those of the JSON key bound as `$1`.
    private static func keyMatch(_ table: String, side: String) -> String {
        let key = PostgresSchema.journaledTables[table] ?? []
        let columns = key.map { "\(side).\($0)" }.joined(separator: ", ")
        let values = key.map { "k.\($0)" }.joined(separator: ", ")
        return "(\(columns)) = (SELECT \(values) FROM jsonb_populate_record(NULL::\(table), $1::jsonb) k)"
    }

    /// `sql` with its one placeholder, `$1`, bound to a row's key as JSON text.
    private static func keyed(_ sql: String, _ key: String) -> PostgresQuery {
        var bindings = PostgresBindings()
        bindings.append(key)
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
