/// The PostgreSQL store's tables: those of the SQLite store with PostgreSQL's types (instants as
/// `timestamptz`, ids as `uuid`), in named, append-only migrations. An appointment's number is
/// the next of a counter row, updated by the insert and so held only from there to the commit
/// (bookings of other weeks run beside each other); rolled back with the transaction, it leaves
/// no gap, and it never goes back, as SQLite's AUTOINCREMENT. A journal entry's number comes
/// from a counter row too, taken with the first row the entry records.
/// Each statement goes to the server on its own, as a prepared statement takes one.
public enum PostgresSchema {
    public struct Migration: Sendable {
        public let name: String
        public let statements: [String]
    }

    /// Applied in order, each once, under `migrationLock`, recorded in `schema_migrations`.
    public static let migrations: [Migration] = [
        Migration(name: "pg1-schema", statements: tables),
        Migration(name: "pg1-default-hours", statements: [defaultWeeklyWindows]),
        Migration(name: "pg1-triggers", statements: generation + journalTriggers),
        Migration(name: "pg2-counters", statements: counters),
    ]

    /// The counters of appointment numbers and journal entries, from the highest so far; an
    /// entry opened pending (`sched.journal_entry` = `pending`, its time and statement in
    /// settings beside it) is made by the first row it records.
    static let counters = [
        "CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL CHECK (value >= 0))",
        "INSERT INTO counters (name, value) SELECT 'appointments', coalesce(max(number), 0) FROM appointments",
        "INSERT INTO counters (name, value) SELECT 'journal', coalesce(max(id), 0) FROM journal",
        """
        CREATE FUNCTION sched_journal_entry() RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
            entry text := current_setting('sched.journal_entry', true);
            made bigint;
        BEGIN
            IF entry IS NULL OR entry = '' THEN
                RETURN NULL;
            ELSIF entry <> 'pending' THEN
                RETURN entry::bigint;
            END IF;
            UPDATE counters SET value = greatest(value, (SELECT coalesce(max(id), 0) FROM journal)) + 1
            WHERE name = 'journal' RETURNING value INTO made;
            INSERT INTO journal (id, at, statement)
            VALUES (made, to_timestamp(current_setting('sched.journal_at')::bigint),
                    current_setting('sched.journal_statement'));
            PERFORM set_config('sched.journal_entry', made::text, true);
            RETURN made;
        END
        $$
        """,
        """
        CREATE FUNCTION sched_begin_booking(lock_key bigint) RETURNS bigint LANGUAGE sql AS $$
            SELECT pg_advisory_xact_lock_shared(lock_key);
            -- A statement of its own (a volatile function's each take a new snapshot), so it
            -- sees what the writer before committed.
            SELECT value FROM store_generation WHERE id = 1;
        $$
        """,
        """
        CREATE FUNCTION sched_end_journal_entry() RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            open_entry text := current_setting('sched.journal_entry', true);
            counted_statements integer := coalesce(nullif(current_setting('sched.journal_statements', true), ''), '1')::int;
            counted_rows integer;
        BEGIN
            PERFORM set_config('sched.journal_entry', '', true);
            IF open_entry IS NULL OR open_entry = '' OR open_entry = 'pending' THEN
                RETURN;
            END IF;
            SELECT count(*) INTO counted_rows FROM journal_rows WHERE journal_rows.entry = open_entry::bigint;
            IF counted_rows = 0 THEN
                DELETE FROM journal WHERE id = open_entry::bigint;
                RETURN;
            END IF;
            UPDATE journal SET rows = counted_rows, statements = counted_statements WHERE id = open_entry::bigint;
            UPDATE journal SET state = 'dropped' WHERE state = 'undone' AND id < open_entry::bigint;
        END
        $$
        """,
        """
        CREATE OR REPLACE FUNCTION sched_journal_row() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            entry bigint := sched_journal_entry();
            image jsonb;
        BEGIN
            IF entry IS NULL THEN
                RETURN NULL;
            END IF;
            IF TG_OP = 'DELETE' THEN
                image := to_jsonb(OLD);
            ELSE
                image := to_jsonb(NEW);
            END IF;
            INSERT INTO journal_rows (entry, tbl, row_key, before, after)
            VALUES (entry, TG_TABLE_NAME,
                    (SELECT jsonb_object_agg(k, image -> k) FROM unnest(TG_ARGV) AS k),
                    CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END,
                    CASE WHEN TG_OP = 'UPDATE' THEN image ELSE NULL END);
            RETURN NULL;
        END
        $$
        """,
    ]

    /// The highest appointment number given, in the `appointments` counter's row: its value, or
    /// the highest stored if a copy or a redo put one above it.
    public static let highestNumber = "greatest(value, (SELECT coalesce(max(number), 0) FROM appointments))"

    /// The next appointment number, for an insert to use as `(SELECT value FROM numbered)` after
    /// `WITH numbered AS (…)`.
    public static let nextNumber = """
        UPDATE counters SET value = \(highestNumber) + 1 WHERE name = 'appointments' RETURNING value
        """

    /// The tables the journal records, each with the columns that find one of its rows. Not
    /// the user, sessions, Cal.com connection, outbox or the word index, which follow from these.
    public static let journaledTables: [String: [String]] = [
        "appointments": ["number"],
        "weekly_windows": ["day", "start_second"],
        "override_days": ["date"],
        "override_windows": ["date", "start_second"],
        "settings": ["key"],
        "series": ["id"],
        "series_skipped": ["series_id", "occurrence_start"],
        "imported_events": ["uid"],
    ]

    /// The tables a store keeps in its cache between transactions (`StoreCache`).
    static let cachedTables = [
        "settings", "weekly_windows", "override_days", "override_windows", "users", "sessions", "calcom_connection",
        "series",
    ]

    /// A number that every change to a cached table raises, in the changing transaction: a store
    /// whose cache was filled under another number starts it over. `sched_begin_write` takes the
    /// writers' lock and then reads the number, in one round trip.
    static let generation = [
        "CREATE TABLE store_generation (id integer PRIMARY KEY CHECK (id = 1), value bigint NOT NULL)",
        "INSERT INTO store_generation (id, value) VALUES (1, 0)",
        """
        CREATE FUNCTION sched_raise_generation() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE store_generation SET value = value + 1 WHERE id = 1;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE FUNCTION sched_begin_write(lock_key bigint) RETURNS bigint LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(lock_key);
            -- A statement of its own, so it sees what the writer before committed.
            RETURN (SELECT value FROM store_generation WHERE id = 1);
        END
        $$
        """,
    ] + cachedTables.sorted().map { table in
        """
        CREATE TRIGGER \(table)_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(table)
            FOR EACH STATEMENT EXECUTE FUNCTION sched_raise_generation()
        """
    }

    /// Row triggers that copy each change of a journaled table into `journal_rows` while the
    /// transaction's `sched.journal_entry` names an open entry: the key of an inserted row, the
    /// row before an update or delete, the row after an update. Triggers rather than code beside
    /// each write, so that no write can be missed; the setting, so that nothing is written while
    /// no entry is open (the daily storing of series occurrences, a push's Cal.com uids).
    static let journalTriggers = [
        """
        CREATE FUNCTION sched_journal_row() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            entry text := current_setting('sched.journal_entry', true);
            image jsonb;
        BEGIN
            IF entry IS NULL OR entry = '' THEN
                RETURN NULL;
            END IF;
            IF TG_OP = 'DELETE' THEN
                image := to_jsonb(OLD);
            ELSE
                image := to_jsonb(NEW);
            END IF;
            INSERT INTO journal_rows (entry, tbl, row_key, before, after)
            VALUES (entry::bigint, TG_TABLE_NAME,
                    (SELECT jsonb_object_agg(k, image -> k) FROM unnest(TG_ARGV) AS k),
                    CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END,
                    CASE WHEN TG_OP = 'UPDATE' THEN image ELSE NULL END);
            RETURN NULL;
        END
        $$
        """,
    ] + journaledTables.keys.sorted().map { table in
        let key = (journaledTables[table] ?? []).map { "'\($0)'" }.joined(separator: ", ")
        return """
            CREATE TRIGGER \(table)_journal AFTER INSERT OR UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION sched_journal_row(\(key))
            """
    }

    /// The advisory lock two processes migrating at once take in turn.
    public static let migrationLock: Int64 = 7_365_001

    /// Where the applied migrations are recorded; made before the first one.
    public static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """

    /// A booked appointment's end is stored beside its start and length (a CHECK keeps the three
    /// agreeing), because an index expression must be immutable and adding an interval to a
    /// `timestamptz` is not: the exclusion constraint needs the end as a column. That constraint
    /// is what refuses a double booking, whatever the interleaving of clients; the check before
    /// an insert is there for the seed's message. It is deferrable so that an undo can put rows
    /// back and then be refused with the booking in the way named; the store checks it again
    /// before the statement ends.
    static let tables = [
        """
        CREATE TABLE settings (
            key text PRIMARY KEY,
            value text NOT NULL
        )
        """,
        """
        CREATE TABLE users (
            id integer PRIMARY KEY CHECK (id = 1),
            username text NOT NULL CHECK (char_length(username) BETWEEN 1 AND 100),
            password_hash text NOT NULL CHECK (password_hash LIKE 'pbkdf2-sha256$%'),
            created_at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE sessions (
            token_hash text PRIMARY KEY CHECK (char_length(token_hash) = 64),
            user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            issued_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            revoked_at timestamptz,
            CHECK (expires_at > issued_at)
        )
        """,
        """
        CREATE TABLE login_failures (
            id integer PRIMARY KEY CHECK (id = 1),
            failures integer NOT NULL CHECK (failures >= 0),
            locked_until timestamptz
        )
        """,
        """
        CREATE TABLE series (
            id uuid PRIMARY KEY,
            customer_name text NOT NULL CHECK (char_length(customer_name) BETWEEN 1 AND 200),
            note text CHECK (note IS NULL OR char_length(note) <= 2000),
            email text,
            rule text NOT NULL CHECK (rule LIKE 'FREQ=%'),
            zone text NOT NULL,
            first_date date NOT NULL,
            start_second integer NOT NULL CHECK (start_second BETWEEN 0 AND 86399),
            duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
            status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
            stored_through date NOT NULL,
            made bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE,
            imported_uid text,
            sequence integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX series_active_stored_through ON series (stored_through) WHERE status = 'active'",
        """
        CREATE TABLE series_skipped (
            series_id uuid NOT NULL REFERENCES series(id),
            occurrence_start timestamptz NOT NULL,
            reason text NOT NULL,
            PRIMARY KEY (series_id, occurrence_start)
        )
        """,
        """
        CREATE TABLE appointments (
            number bigint PRIMARY KEY,
            id uuid NOT NULL UNIQUE,
            customer_name text NOT NULL CHECK (char_length(customer_name) BETWEEN 1 AND 200),
            start_utc timestamptz NOT NULL,
            duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
            end_utc timestamptz NOT NULL,
            note text CHECK (note IS NULL OR char_length(note) <= 2000),
            email text,
            status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
            calcom_booking_uid text,
            sequence integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            series_id uuid REFERENCES series(id),
            occurrence_start timestamptz,
            is_exception boolean NOT NULL DEFAULT false,
            CONSTRAINT appointments_end CHECK (end_utc = start_utc + make_interval(mins => duration_minutes)),
            CONSTRAINT appointments_no_overlap
                EXCLUDE USING gist (tstzrange(start_utc, end_utc, '[)') WITH &&) WHERE (status = 'booked')
                DEFERRABLE INITIALLY IMMEDIATE
        )
        """,
        "CREATE INDEX appointments_booked_start ON appointments (start_utc, duration_minutes) WHERE status = 'booked'",
        "CREATE INDEX appointments_booked_duration ON appointments (duration_minutes) WHERE status = 'booked'",
        """
        CREATE UNIQUE INDEX appointments_occurrence ON appointments (series_id, occurrence_start)
            WHERE series_id IS NOT NULL
        """,
        """
        CREATE UNIQUE INDEX appointments_calcom_uid ON appointments (calcom_booking_uid)
            WHERE calcom_booking_uid IS NOT NULL
        """,
        """
        CREATE TABLE appointment_words (
            word text COLLATE "C" NOT NULL,
            number bigint NOT NULL REFERENCES appointments(number),
            field smallint NOT NULL CHECK (field IN (0, 1, 2)),
            PRIMARY KEY (word, number, field)
        )
        """,
        """
        CREATE TABLE imported_events (
            uid text PRIMARY KEY,
            appointment_id uuid NOT NULL REFERENCES appointments(id),
            imported_at timestamptz NOT NULL,
            attendee_email text,
            attendee_name text CHECK (attendee_name IS NULL OR char_length(attendee_name) BETWEEN 1 AND 200)
        )
        """,
        "CREATE INDEX imported_events_appointment ON imported_events (appointment_id)",
        """
        CREATE TABLE weekly_windows (
            day smallint NOT NULL CHECK (day BETWEEN 1 AND 7),
            start_second integer NOT NULL,
            end_second integer NOT NULL,
            CHECK (start_second >= 0 AND end_second <= 86400 AND start_second < end_second),
            PRIMARY KEY (day, start_second)
        )
        """,
        "CREATE TABLE override_days (date date PRIMARY KEY)",
        """
        CREATE TABLE override_windows (
            date date NOT NULL REFERENCES override_days(date) ON DELETE CASCADE,
            start_second integer NOT NULL,
            end_second integer NOT NULL,
            CHECK (start_second >= 0 AND end_second <= 86400 AND start_second < end_second),
            PRIMARY KEY (date, start_second)
        )
        """,
        """
        CREATE TABLE calcom_connection (
            id integer PRIMARY KEY CHECK (id = 1),
            api_key text,
            base_url text NOT NULL,
            event_type_id bigint NOT NULL,
            event_type_slug text NOT NULL,
            event_type_title text NOT NULL,
            event_length_minutes integer NOT NULL CHECK (event_length_minutes > 0),
            event_length_options text NOT NULL DEFAULT '',
            account_id bigint NOT NULL,
            username text NOT NULL,
            email text NOT NULL,
            account_time_zone text NOT NULL,
            default_schedule_id bigint,
            connected_at timestamptz NOT NULL,
            last_push_at timestamptz,
            last_pull_at timestamptz
        )
        """,
        """
        CREATE TABLE sync_outbox (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            appointment_id uuid NOT NULL REFERENCES appointments(id),
            change text NOT NULL CHECK (change IN ('create', 'reschedule', 'cancel')),
            start_utc timestamptz NOT NULL,
            duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
            state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
            attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at timestamptz,
            last_error text,
            claimed_until timestamptz,
            created_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX sync_outbox_appointment ON sync_outbox (appointment_id, id)",
        """
        CREATE TABLE sync_conflicts (
            remote_uid text PRIMARY KEY,
            customer_name text NOT NULL,
            email text,
            start_utc timestamptz NOT NULL,
            duration_minutes integer NOT NULL CHECK (duration_minutes >= 1),
            appointment_id uuid,
            reason text NOT NULL,
            detected_at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE journal (
            id bigint PRIMARY KEY,
            at timestamptz NOT NULL,
            statement text NOT NULL,
            state text NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped')),
            rows integer NOT NULL DEFAULT 0,
            statements integer NOT NULL DEFAULT 1
        )
        """,
        "CREATE INDEX journal_at ON journal (at)",
        "CREATE INDEX journal_undone ON journal (id) WHERE state = 'undone'",
        """
        CREATE TABLE journal_rows (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            entry bigint NOT NULL REFERENCES journal(id),
            tbl text NOT NULL,
            row_key jsonb NOT NULL,
            before jsonb,
            after jsonb
        )
        """,
        "CREATE INDEX journal_rows_entry ON journal_rows (entry)",
    ]

    /// Cal.com's default schedule, as the SQLite store starts with: Monday to Friday, 09:00 to 17:00.
    static let defaultWeeklyWindows = """
        INSERT INTO weekly_windows (day, start_second, end_second)
        VALUES (1, 32400, 61200), (2, 32400, 61200), (3, 32400, 61200), (4, 32400, 61200), (5, 32400, 61200)
        """
}
