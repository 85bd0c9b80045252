import Foundation
import GRDB
import SchedCore

/// The journal: TEMP triggers on the writer connection copy each changed row of the tables
/// below, as JSON before and after, into `journal_rows` while an entry is open (a row in
/// `temp.journal_open`). An inserted row is noted by its rowid alone, the table holding the
/// rest; its image is taken when an undo removes it, for the redo. Copying every new row
/// made a large `--atomic` run write three times the data. Triggers rather than code in each write, so that no write of a
/// journaled table can be missed; TEMP, so that they live on sched's own connection only and
/// write nothing while no entry is open (the daily storing of series occurrences, a push's
/// Cal.com uids).
extension SQLiteTransaction {
    /// What a change is made of. Not the user, sessions, Cal.com connection, outbox or the word
    /// index, which follow from these.
    static let journaledTables = [
        "appointments", "weekly_windows", "override_days", "override_windows", "settings", "series",
        "series_skipped", "imported_events",
    ]

    func beginJournalEntry(statement text: () -> String, at instant: Date) throws {
        try installJournalTriggers()
        if let open = try Int.fetchOne(statement("SELECT entry FROM temp.journal_open")) {
            // A run's entry keeps its first statement and counts the rest: appending each
            // statement's text would copy the growing text once per statement.
            try execute(sql: "UPDATE journal SET statements = statements + 1 WHERE id = ?", arguments: [open])
            return
        }
        try execute(sql: "INSERT INTO journal (at, statement) VALUES (?, ?)", arguments: [instant.unixSeconds, text()])
        try execute(sql: "INSERT INTO temp.journal_open (entry) VALUES (?)", arguments: [db.lastInsertedRowID])
    }

    func endJournalEntry() throws {
        guard try installedJournalTriggers(),
              let open = try Int.fetchOne(statement("SELECT entry FROM temp.journal_open")) else { return }
        try execute(sql: "DELETE FROM temp.journal_open")
        let rows = try Int.fetchOne(statement("SELECT count(*) FROM journal_rows WHERE entry = ?"), arguments: [open]) ?? 0
        if rows == 0 {
            try execute(sql: "DELETE FROM journal WHERE id = ?", arguments: [open])
            return
        }
        try execute(sql: "UPDATE journal SET rows = ? WHERE id = ?", arguments: [rows, open])
        try execute(sql: "UPDATE journal SET state = 'dropped' WHERE state = 'undone' AND id < ?", arguments: [open])
    }

    /// Without a range, from the end of the table by number; with one, along `journal_at`
    /// (a range with open ends would make SQLite walk that index whole, then sort).
    func journalEntries(limit: Int?, from: Date?, before: Date?) throws -> [JournalEntry] {
        let columns = "SELECT id, at, statement, state, rows, statements FROM journal"
        let rows = if from == nil && before == nil {
            try Row.fetchAll(statement("\(columns) ORDER BY id DESC LIMIT ?"), arguments: [limit ?? -1])
        } else {
            try Row.fetchAll(
                statement("\(columns) WHERE at >= ? AND at < ? ORDER BY id DESC LIMIT ?"),
                arguments: [from?.unixSeconds ?? Int.min, before?.unixSeconds ?? Int.max, limit ?? -1])
        }
        return rows.map(Self.journalEntry(from:))
    }

    func journalEntry(id: Int) throws -> JournalEntry? {
        try Row.fetchOne(statement("SELECT id, at, statement, state, rows, statements FROM journal WHERE id = ?"), arguments: [id])
            .map(Self.journalEntry(from:))
    }

    func journalEntries(in state: JournalState, from id: Int, newestFirst: Bool, limit: Int?) throws -> [JournalEntry] {
        try Row.fetchAll(
            statement("""
                SELECT id, at, statement, state, rows, statements FROM journal WHERE state = ? AND id >= ?
                ORDER BY id \(newestFirst ? "DESC" : "ASC") LIMIT ?
                """),
            arguments: [state.rawValue, id, limit ?? -1]
        ).map(Self.journalEntry(from:))
    }

    func setJournalState(id: Int, _ state: JournalState) throws {
        try execute(sql: "UPDATE journal SET state = ? WHERE id = ?", arguments: [state.rawValue, id])
    }

    func pruneJournal(before instant: Date) throws -> Int {
        try execute(sql: "DELETE FROM journal_rows WHERE entry IN (SELECT id FROM journal WHERE at < ?)",
                    arguments: [instant.unixSeconds])
        try execute(sql: "DELETE FROM journal WHERE at < ?", arguments: [instant.unixSeconds])
        return db.changesCount
    }

    private static func journalEntry(from row: Row) -> JournalEntry {
        JournalEntry(id: row[0], at: Date(unixSeconds: row[1]), statement: row[2],
                     state: JournalState(rawValue: row[3]) ?? .done, rows: row[4], statements: row[5])
    }

    /// A row as one change found it and left it; an insert has no `before`, and no `after`
    /// until an undo has taken it.
    private struct RowChange {
        var id: Int64
        var table: String
        var row: Int64
        var before: String?
        var after: String?
    }

    func applyJournalEntry(id: Int, _ direction: JournalDirection) throws -> [AppointmentTransition] {
        // Hours, settings and bookings may all change underneath what the cache holds.
        cache?.clear()
        let sequence = direction == .undo ? "DESC" : "ASC"
        let changes = try Row.fetchAll(
            statement("SELECT id, tbl, row, before, after FROM journal_rows WHERE entry = ? ORDER BY id \(sequence)"),
            arguments: [id]
        ).map { RowChange(id: $0[0], table: $0[1], row: $0[2], before: $0[3], after: $0[4]) }
        var touched: [Int64: Appointment?] = [:]
        var order: [Int64] = []
        for change in changes where change.table == "appointments" && touched[change.row] == nil {
            touched[change.row] = try appointment(.number(Int(change.row)))
            order.append(change.row)
        }
        for (number, appointment) in touched {
            if let appointment {
                try Self.index(db, number: Int(number), [appointment.customerName, appointment.note, appointment.email],
                               remove: true)
            }
        }
        // Each table's columns read once, not once a row.
        var columns: [String: [String]] = [:]
        for table in Set(changes.map(\.table)) {
            columns[table] = try journalColumns(table)
        }
        for var change in changes {
            let tableColumns = columns[change.table] ?? []
            if change.before == nil, direction == .undo {
                // An insert: its image now is what a redo puts back.
                change.after = try String.fetchOne(
                    db, sql: "SELECT \(Self.image(tableColumns)) FROM \(change.table) WHERE rowid = ?", arguments: [change.row])
                try execute(sql: "UPDATE journal_rows SET after = ? WHERE id = ?", arguments: [change.after, change.id])
            }
            let (from, to) = direction == .undo ? (change.after, change.before) : (change.before, change.after)
            try apply(change.table, tableColumns, row: change.row, from: from, to: to)
        }
        var transitions: [AppointmentTransition] = []
        for number in order {
            let after = try appointment(.number(Int(number)))
            if let after { try index(number: after.number, customerName: after.customerName, note: after.note, email: after.email) }
            transitions.append(AppointmentTransition(before: touched[number] ?? nil, after: after))
        }
        return transitions
    }

    /// Puts one row from `from` to `to`: inserted, deleted, or its changed columns set. Only the
    /// columns the change changed are set, so what came after (a Cal.com uid a push stored)
    /// stays. An appointment that Cal.com knows of, or that the outbox names, is not deleted but
    /// cancelled, so that its booking there can be cancelled too.
    private func apply(_ table: String, _ columns: [String], row: Int64, from: String?, to: String?) throws {
        switch (from, to) {
        case (nil, let to?):
            let exists = try Int.fetchOne(statement("SELECT count(*) FROM \(table) WHERE rowid = ?"), arguments: [row]) ?? 0
            if exists > 0 {
                try setColumns(table, row: row, columns, from: nil, to: to)
            } else {
                let names = (["rowid"] + columns).joined(separator: ", ")
                let values = (["?"] + columns.map { _ in "json_extract(?, ?)" }).joined(separator: ", ")
                var arguments: StatementArguments = [row]
                for column in columns { arguments += [to, "$.\"\(column)\""] }
                try execute(sql: "INSERT INTO \(table) (\(names)) VALUES (\(values))", arguments: arguments)
            }
        case (_?, nil):
            if table == "appointments", try appointmentIsKnownElsewhere(row) {
                try execute(sql: "UPDATE appointments SET status = 'cancelled' WHERE rowid = ?", arguments: [row])
            } else {
                try execute(sql: "DELETE FROM \(table) WHERE rowid = ?", arguments: [row])
            }
        case (let from?, let to?):
            try setColumns(table, row: row, columns, from: from, to: to)
        case (nil, nil):
            break
        }
    }

    /// Sets the columns whose value differs between `from` and `to` (every column without `from`).
    private func setColumns(_ table: String, row: Int64, _ columns: [String], from: String?, to: String) throws {
        var changed = columns
        if let from {
            let differs = columns.map { _ in "json_extract(?, ?) IS NOT json_extract(?, ?)" }.joined(separator: ", ")
            var arguments: StatementArguments = []
            for column in columns { arguments += [from, "$.\"\(column)\"", to, "$.\"\(column)\""] }
            let flags = try Row.fetchOne(db, sql: "SELECT \(differs)", arguments: arguments)
            changed = columns.enumerated().filter { flags?[$0.offset] as Bool? == true }.map(\.element)
        }
        guard !changed.isEmpty else { return }
        let assignments = changed.map { "\($0) = json_extract(?, ?)" }.joined(separator: ", ")
        var arguments: StatementArguments = []
        for column in changed { arguments += [to, "$.\"\(column)\""] }
        arguments += [row]
        try execute(sql: "UPDATE \(table) SET \(assignments) WHERE rowid = ?", arguments: arguments)
    }

    private func appointmentIsKnownElsewhere(_ row: Int64) throws -> Bool {
        try Bool.fetchOne(statement("""
            SELECT calcom_booking_uid IS NOT NULL
                OR EXISTS (SELECT 1 FROM sync_outbox WHERE sync_outbox.appointment_id = appointments.id)
            FROM appointments WHERE rowid = ?
            """), arguments: [row]) ?? false
    }

    /// The JSON object of a row with these columns, as the triggers write it.
    private static func image(_ columns: [String], of side: String? = nil) -> String {
        let prefix = side.map { "\($0)." } ?? ""
        return "json_object(" + columns.map { "'\($0)', \(prefix)\($0)" }.joined(separator: ", ") + ")"
    }

    /// A table's columns, in order.
    private func journalColumns(_ table: String) throws -> [String] {
        try String.fetchAll(statement("SELECT name FROM pragma_table_info(?) ORDER BY cid"), arguments: [table])
    }

    private func installedJournalTriggers() throws -> Bool {
        try Bool.fetchOne(statement("SELECT count(*) > 0 FROM temp.sqlite_master WHERE name = 'journal_open'")) ?? false
    }

    /// Creates `temp.journal_open` and the triggers on this connection, once.
    private func installJournalTriggers() throws {
        guard try !installedJournalTriggers() else { return }
        try execute(sql: "CREATE TEMP TABLE journal_open (entry INTEGER NOT NULL)")
        for table in Self.journaledTables {
            let columns = try journalColumns(table)
            let old = Self.image(columns, of: "old")
            let new = Self.image(columns, of: "new")
            let record = "INSERT INTO journal_rows (entry, tbl, row, before, after) VALUES ((SELECT entry FROM journal_open), '\(table)', "
            let open = "WHEN EXISTS (SELECT 1 FROM journal_open)"
            try db.execute(sql: """
                CREATE TEMP TRIGGER journal_\(table)_insert AFTER INSERT ON main.\(table) \(open) BEGIN
                    \(record)new.rowid, NULL, NULL);
                END;
                CREATE TEMP TRIGGER journal_\(table)_update AFTER UPDATE ON main.\(table) \(open) BEGIN
                    \(record)new.rowid, \(old), \(new));
                END;
                CREATE TEMP TRIGGER journal_\(table)_delete AFTER DELETE ON main.\(table) \(open) BEGIN
                    \(record)old.rowid, \(old), NULL);
                END;
                """)
        }
    }
}
