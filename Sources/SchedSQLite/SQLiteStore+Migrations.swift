import GRDB
import SchedCore

extension SQLiteStore {
    /// The schema's history. Migrations are append-only: never edit one that has landed,
    /// add a new one instead. `defaultZone` is asked only when a new database is made.
    static func migrator(defaultZone: @escaping @Sendable () -> HomeZone) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-appointments") { db in
            try db.execute(sql: appointmentsSchema)
        }
        migrator.registerMigration("v1-availability") { db in
            try db.execute(sql: availabilitySchema)
            try db.execute(sql: defaultWeeklyWindows)
        }
        migrator.registerMigration("v1-settings") { db in
            try db.execute(sql: settingsSchema)
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES ('timezone', ?)",
                arguments: [defaultZone().identifier])
        }
        migrator.registerMigration("v2-auth") { db in
            try db.execute(sql: authSchema)
        }
        migrator.registerMigration("v3-calcom-sync") { db in
            try db.execute(sql: syncSchema)
        }
        migrator.registerMigration("v4-imports") { db in
            try db.execute(sql: importsSchema)
        }
        migrator.registerMigration("v5-overlap-covering-index") { db in
            try db.execute(sql: coveringOverlapIndex)
        }
        migrator.registerMigration("v6-series") { db in
            try db.execute(sql: seriesSchema)
        }
        migrator.registerMigration("v7-imported-attendee") { db in
            try db.execute(sql: importedAttendee)
        }
        migrator.registerMigration("v8-booked-duration-index") { db in
            try db.execute(sql: bookedDurationIndex)
        }
        migrator.registerMigration("v9-search") { db in
            try db.execute(sql: searchSchema)
            let rows = try Row.fetchCursor(db, sql: "SELECT number, customer_name, note, email FROM appointments")
            while let row = try rows.next() {
                try SQLiteTransaction.index(db, number: row[0], [row[1], row[2], row[3]], remove: false)
            }
        }
        migrator.registerMigration("v10-journal") { db in
            try db.execute(sql: journalSchema)
        }
        return migrator
    }

    /// Every change a statement made, for `history`, `undo` and `redo`: an entry a change, and
    /// each row it changed as JSON before and after (`SQLiteTransaction+Journal`). Entries are
    /// numbered without AUTOINCREMENT, so that a statement that changed nothing, whose entry is
    /// removed, leaves no gap.
    private static let journalSchema = """
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            statement TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped')),
            rows INTEGER NOT NULL DEFAULT 0,
            statements INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX journal_at ON journal(at);
        CREATE INDEX journal_undone ON journal(id) WHERE state = 'undone';
        CREATE TABLE journal_rows (
            id INTEGER PRIMARY KEY,
            entry INTEGER NOT NULL REFERENCES journal(id),
            tbl TEXT NOT NULL,
            row INTEGER NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE INDEX journal_rows_entry ON journal_rows(entry);
        """

    /// The words of each appointment's customer name, note and email, for `find` and for naming
    /// an appointment by its customer, written by the store as it writes the appointment, folded
    /// (case, accents) by the same code that folds the words looked for. A word's beginning is
    /// a range of the primary key. A plain table rather than FTS5: FTS5 writes a segment per
    /// transaction, which halved the rate of bookings made one transaction each, and its
    /// tokenizer folds the accents of Latin letters only.
    private static let searchSchema = """
        CREATE TABLE appointment_words (
            word TEXT NOT NULL,
            number INTEGER NOT NULL REFERENCES appointments(number),
            field INTEGER NOT NULL CHECK (field IN (0, 1, 2)),
            PRIMARY KEY (word, number, field)
        ) WITHOUT ROWID;
        """

    /// The longest booked appointment, read from an index's end: the overlap check looks back
    /// that far from a time, not a whole day, which on a full schedule (a day of 100 series'
    /// occurrences) was most of what a booking cost.
    private static let bookedDurationIndex = """
        CREATE INDEX appointments_booked_duration ON appointments(duration_minutes) WHERE status = 'booked';
        """

    /// Repeating appointments. Their occurrences are rows of `appointments`, so every query and
    /// the overlap check see them as they see one-offs; a series keeps its rule, the wall-clock
    /// time and zone of its occurrences, and how far ahead they are stored. An occurrence keeps
    /// the start its rule gave it, so that one moved alone can be found and left alone.
    private static let seriesSchema = """
        CREATE TABLE series (
            id TEXT PRIMARY KEY CHECK (length(id) = 36),
            customer_name TEXT NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
            note TEXT CHECK (note IS NULL OR length(note) <= 2000),
            email TEXT,
            rule TEXT NOT NULL CHECK (rule LIKE 'FREQ=%'),
            zone TEXT NOT NULL,
            first_date TEXT NOT NULL
                CHECK (first_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            start_second INTEGER NOT NULL CHECK (start_second BETWEEN 0 AND 86399),
            duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
            stored_through TEXT NOT NULL
                CHECK (stored_through GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            imported_uid TEXT,
            sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX series_active_stored_through ON series(stored_through) WHERE status = 'active';
        CREATE TABLE series_skipped (
            series_id TEXT NOT NULL REFERENCES series(id),
            occurrence_start INTEGER NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (series_id, occurrence_start)
        );
        ALTER TABLE appointments ADD COLUMN series_id TEXT REFERENCES series(id);
        ALTER TABLE appointments ADD COLUMN occurrence_start INTEGER;
        ALTER TABLE appointments ADD COLUMN is_exception INTEGER NOT NULL DEFAULT 0
            CHECK (is_exception IN (0, 1));
        CREATE UNIQUE INDEX appointments_occurrence ON appointments(series_id, occurrence_start)
            WHERE series_id IS NOT NULL;
        """

    /// The overlap check reads each booking of the day before from the index alone, without a
    /// look-up of its row: every `book` asks it. SQLite counts an index as covering only when
    /// it holds every column the query names, `status` too, though the index's own condition
    /// fixes it.
    private static let coveringOverlapIndex = """
        DROP INDEX appointments_booked_start;
        CREATE INDEX appointments_booked_start ON appointments(start_utc, duration_minutes, status)
            WHERE status = 'booked';
        """

    /// The attendee an imported appointment's email came from, so an export names that attendee
    /// as the calendar did rather than by the event's SUMMARY; and the look-up by appointment
    /// that an export makes to write each event's UID again.
    private static let importedAttendee = """
        ALTER TABLE imported_events ADD COLUMN attendee_email TEXT;
        ALTER TABLE imported_events ADD COLUMN attendee_name TEXT
            CHECK (attendee_name IS NULL OR length(attendee_name) BETWEEN 1 AND 200);
        CREATE INDEX imported_events_appointment ON imported_events(appointment_id);
        """

    /// The UIDs of calendar events already imported, so a file imported twice adds nothing.
    private static let importsSchema = """
        CREATE TABLE imported_events (
            uid TEXT PRIMARY KEY,
            appointment_id TEXT NOT NULL REFERENCES appointments(id),
            imported_at INTEGER NOT NULL
        );
        """

    /// The Cal.com connection (one row), the outbox of changes not yet on Cal.com, and the
    /// remote bookings pull could not import because they overlap a local appointment.
    private static let syncSchema = """
        CREATE TABLE calcom_connection (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            api_key TEXT,
            base_url TEXT NOT NULL,
            event_type_id INTEGER NOT NULL,
            event_type_slug TEXT NOT NULL,
            event_type_title TEXT NOT NULL,
            event_length_minutes INTEGER NOT NULL CHECK (event_length_minutes > 0),
            event_length_options TEXT NOT NULL DEFAULT '',
            account_id INTEGER NOT NULL,
            username TEXT NOT NULL,
            email TEXT NOT NULL,
            account_time_zone TEXT NOT NULL,
            default_schedule_id INTEGER,
            connected_at INTEGER NOT NULL,
            last_push_at INTEGER,
            last_pull_at INTEGER
        );
        CREATE TABLE sync_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            appointment_id TEXT NOT NULL REFERENCES appointments(id),
            change TEXT NOT NULL CHECK (change IN ('create', 'reschedule', 'cancel')),
            start_utc INTEGER NOT NULL,
            duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at INTEGER,
            last_error TEXT,
            claimed_until INTEGER,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX sync_outbox_appointment ON sync_outbox(appointment_id, id);
        CREATE TABLE sync_conflicts (
            remote_uid TEXT PRIMARY KEY,
            customer_name TEXT NOT NULL,
            email TEXT,
            start_utc INTEGER NOT NULL,
            duration_minutes INTEGER NOT NULL CHECK (duration_minutes >= 1),
            appointment_id TEXT,
            reason TEXT NOT NULL,
            detected_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX appointments_calcom_uid ON appointments(calcom_booking_uid)
            WHERE calcom_booking_uid IS NOT NULL;
        """

    /// One user (the seed is single-user, and `id = 1` makes the schema say so), sessions kept
    /// only as SHA-256 hashes of their tokens, and the count of failed logins in a row.
    private static let authSchema = """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            username TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 100),
            password_hash TEXT NOT NULL CHECK (password_hash LIKE 'pbkdf2-sha256$%'),
            created_at INTEGER NOT NULL
        );
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            issued_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            revoked_at INTEGER,
            CHECK (expires_at > issued_at)
        );
        CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            failures INTEGER NOT NULL CHECK (failures >= 0),
            locked_until INTEGER
        );
        """

    private static let appointmentsSchema = """
        CREATE TABLE appointments (
            number INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
            customer_name TEXT NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
            start_utc INTEGER NOT NULL,
            duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
            note TEXT CHECK (note IS NULL OR length(note) <= 2000),
            email TEXT,
            status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
            calcom_booking_uid TEXT,
            sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX appointments_booked_start ON appointments(start_utc) WHERE status = 'booked';
        """

    private static let availabilitySchema = """
        CREATE TABLE weekly_windows (
            day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 7),
            start_second INTEGER NOT NULL,
            end_second INTEGER NOT NULL,
            CHECK (start_second >= 0 AND end_second <= 86400 AND start_second < end_second),
            PRIMARY KEY (day, start_second)
        );
        CREATE TABLE override_days (
            date TEXT PRIMARY KEY
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
        );
        CREATE TABLE override_windows (
            date TEXT NOT NULL REFERENCES override_days(date) ON DELETE CASCADE,
            start_second INTEGER NOT NULL,
            end_second INTEGER NOT NULL,
            CHECK (start_second >= 0 AND end_second <= 86400 AND start_second < end_second),
            PRIMARY KEY (date, start_second)
        );
        """

    /// Cal.com's default schedule: Monday to Friday, 09:00 to 17:00.
    private static let defaultWeeklyWindows = """
        INSERT INTO weekly_windows (day, start_second, end_second)
        VALUES (1, 32400, 61200), (2, 32400, 61200), (3, 32400, 61200),
               (4, 32400, 61200), (5, 32400, 61200);
        """

    private static let settingsSchema = """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
}
