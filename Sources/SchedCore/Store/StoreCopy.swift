import Foundation

/// A whole database as every store can write it and read it back: `sched copy` moves one from
/// a SQLite file to PostgreSQL and back, and `sched backup` of a PostgreSQL database is a copy
/// into a new SQLite file. The stores keep the same tables under the same column names; what
/// differs is how a value is kept (an instant as seconds or as `timestamptz`, a flag as 0/1 or
/// `boolean`), and that is what a `CopiedKind` names.
public enum StoreCopy {
    /// Every table a copy carries, each before those that refer to it. The journal's rows come
    /// last and apart (`CopiedJournalRow`): each store names a changed row its own way.
    public static let tables: [CopiedTable] = [
        CopiedTable("settings", key: ["key"], [("key", .text), ("value", .text)]),
        CopiedTable("users", key: ["id"],
                    [("id", .integer), ("username", .text), ("password_hash", .text), ("created_at", .instant)]),
        CopiedTable("sessions", key: ["token_hash"],
                    [("token_hash", .text), ("user_id", .integer), ("issued_at", .instant), ("expires_at", .instant),
                     ("revoked_at", .instant)]),
        CopiedTable("login_failures", key: ["id"], [("id", .integer), ("failures", .integer), ("locked_until", .instant)]),
        CopiedTable("series", key: ["id"],
                    [("id", .uuid), ("customer_name", .text), ("note", .text), ("email", .text), ("rule", .text),
                     ("zone", .text), ("first_date", .date), ("start_second", .integer), ("duration_minutes", .integer),
                     ("status", .text), ("stored_through", .date), ("imported_uid", .text), ("sequence", .integer),
                     ("created_at", .instant), ("updated_at", .instant)]),
        CopiedTable("series_skipped", key: ["series_id", "occurrence_start"],
                    [("series_id", .uuid), ("occurrence_start", .instant), ("reason", .text)]),
        CopiedTable("appointments", key: ["number"],
                    [("number", .integer), ("id", .uuid), ("customer_name", .text), ("start_utc", .instant),
                     ("duration_minutes", .integer), ("note", .text), ("email", .text), ("status", .text),
                     ("calcom_booking_uid", .text), ("sequence", .integer), ("created_at", .instant),
                     ("updated_at", .instant), ("series_id", .uuid), ("occurrence_start", .instant),
                     ("is_exception", .boolean)]),
        CopiedTable("appointment_words", key: ["number", "field", "word"],
                    [("word", .text), ("number", .integer), ("field", .integer)]),
        CopiedTable("imported_events", key: ["uid"],
                    [("uid", .text), ("appointment_id", .uuid), ("imported_at", .instant), ("attendee_email", .text),
                     ("attendee_name", .text)]),
        CopiedTable("weekly_windows", key: ["day", "start_second"],
                    [("day", .integer), ("start_second", .integer), ("end_second", .integer)]),
        CopiedTable("override_days", key: ["date"], [("date", .date)]),
        CopiedTable("override_windows", key: ["date", "start_second"],
                    [("date", .date), ("start_second", .integer), ("end_second", .integer)]),
        CopiedTable("calcom_connection", key: ["id"],
                    [("id", .integer), ("api_key", .text), ("base_url", .text), ("event_type_id", .integer),
                     ("event_type_slug", .text), ("event_type_title", .text), ("event_length_minutes", .integer),
                     ("event_length_options", .text), ("account_id", .integer), ("username", .text), ("email", .text),
                     ("account_time_zone", .text), ("default_schedule_id", .integer), ("connected_at", .instant),
                     ("last_push_at", .instant), ("last_pull_at", .instant)]),
        CopiedTable("sync_outbox", key: ["id"],
                    [("id", .integer), ("appointment_id", .uuid), ("change", .text), ("start_utc", .instant),
                     ("duration_minutes", .integer), ("state", .text), ("attempts", .integer),
                     ("next_attempt_at", .instant), ("last_error", .text), ("claimed_until", .instant),
                     ("created_at", .instant)]),
        CopiedTable("sync_conflicts", key: ["remote_uid"],
                    [("remote_uid", .text), ("customer_name", .text), ("email", .text), ("start_utc", .instant),
                     ("duration_minutes", .integer), ("appointment_id", .uuid), ("reason", .text),
                     ("detected_at", .instant)]),
        CopiedTable("journal", key: ["id"],
                    [("id", .integer), ("at", .instant), ("statement", .text), ("state", .text), ("rows", .integer),
                     ("statements", .integer)]),
    ]

    /// The table of the journal's rows, counted like the others.
    public static let journalRows = "journal_rows"

    /// The tables a fresh database fills itself (the home zone, Monday to Friday 09:00–17:00):
    /// a database holding rows only there holds no schedule yet, and a copy may replace them.
    public static let defaultsOnly: Set<String> = ["settings", "weekly_windows"]

    /// Every table a copy counts: `tables`, then the journal's rows.
    public static let counted = tables.map(\.name) + [journalRows]

    private static let byName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })

    public static func table(_ name: String) -> CopiedTable? {
        byName[name]
    }

    /// Readies the target of a copy, inside its transaction: refuses one that holds rows beyond
    /// a new database's defaults, then empties every table, those that refer to others first.
    public static func emptyTarget(_ shown: String, holdsRows: (String) throws -> Bool, delete: (String) throws -> Void) throws {
        for table in counted where !defaultsOnly.contains(table) {
            if try holdsRows(table) { throw SchedError.copyTargetHoldsData(shown, table: table) }
        }
        for table in counted.reversed() {
            try delete(table)
        }
    }
}

/// How a column's value is kept, which is what differs between the stores.
public enum CopiedKind: Sendable {
    case integer, text, uuid, date, instant, boolean
}

/// One column's value: uuids and dates as text (lower-case, `YYYY-MM-DD`), instants as whole
/// seconds since 1970.
public enum CopiedValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case text(String)
    case instant(Int64)
    case boolean(Bool)
}

/// A table a copy carries, with its columns in the order a row's values come.
public struct CopiedTable: Sendable {
    public struct Column: Sendable {
        public let name: String
        public let kind: CopiedKind
    }

    public let name: String
    public let columns: [Column]
    /// The columns that name a row, and the order rows are copied in.
    public let key: [String]
    /// The position of each key column among `columns`.
    public let keyPositions: [Int]
    /// The key columns, in key order.
    public let keyColumns: [Column]

    init(_ name: String, key: [String], _ columns: [(String, CopiedKind)]) {
        self.name = name
        self.key = key
        let columns = columns.map { Column(name: $0.0, kind: $0.1) }
        self.columns = columns
        keyPositions = key.map { name in columns.firstIndex { $0.name == name } ?? 0 }
        keyColumns = keyPositions.map { columns[$0] }
    }
}

/// One row of the journal: the row a change touched, named by its key, and the row's values
/// before and after in `CopiedTable.columns` order (an insert has no `before`, and no `after`
/// until an undo has taken its image).
public struct CopiedJournalRow: Sendable, Equatable {
    public var id: Int64
    public var entry: Int64
    public var table: String
    public var key: [CopiedValue]
    public var before: [CopiedValue]?
    public var after: [CopiedValue]?

    public init(id: Int64, entry: Int64, table: String, key: [CopiedValue], before: [CopiedValue]?, after: [CopiedValue]?) {
        self.id = id
        self.entry = entry
        self.table = table
        self.key = key
        self.before = before
        self.after = after
    }
}

/// Where a store copying itself out puts its rows: the tables of `StoreCopy.tables` in order,
/// then the journal's rows, each table's count first, read in the same state as its rows.
public protocol StoreCopySink: AnyObject {
    func expect(_ count: Int, in table: String)
    func receive(_ rows: [[CopiedValue]], of table: CopiedTable) throws
    func receive(_ rows: [CopiedJournalRow]) throws
}

/// What a store copying itself in keeps count of: the rows each table should hold, as the
/// source counted them, and those that arrived. A copy whose counts differ anywhere is refused
/// whole.
public struct CopyTally: Sendable {
    public private(set) var expected: [String: Int] = [:]
    public private(set) var received: [String: Int] = [:]

    public init() {}

    public mutating func expect(_ count: Int, in table: String) {
        expected[table] = count
    }

    public mutating func receive(_ count: Int, in table: String) {
        received[table, default: 0] += count
    }

    /// Checks that each table holds what the source counted, `held` giving the count the
    /// target reads back in its transaction; the counts, by table.
    public func verify(held: (String) throws -> Int) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in StoreCopy.counted {
            let expected = expected[table] ?? 0
            let held = try held(table)
            let received = received[table] ?? 0
            guard held == expected, received == expected else {
                throw SchedError.copyCountsDiffer(table, expected: expected, copied: received == expected ? held : received)
            }
            counts[table] = held
        }
        return counts
    }
}

extension CopiedValue {
    /// The value of a row image's field, as JSON gives it (`JSONSerialization`'s objects): an
    /// instant from whole seconds, or from text that `instant` reads.
    public init(json value: Any?, kind: CopiedKind, instant: (String) -> Int64?) throws {
        guard let value, !(value is NSNull) else {
            self = .null
            return
        }
        switch kind {
        case .integer:
            guard let number = value as? NSNumber else { throw SchedError.malformedRow(StoreCopy.journalRows) }
            self = .integer(number.int64Value)
        case .text, .uuid, .date:
            guard let text = value as? String else { throw SchedError.malformedRow(StoreCopy.journalRows) }
            self = .text(text)
        case .instant:
            if let number = value as? NSNumber {
                self = .instant(number.int64Value)
            } else if let text = value as? String, let seconds = instant(text) {
                self = .instant(seconds)
            } else {
                throw SchedError.malformedRow(StoreCopy.journalRows)
            }
        case .boolean:
            guard let number = value as? NSNumber else { throw SchedError.malformedRow(StoreCopy.journalRows) }
            self = .boolean(number.boolValue)
        }
    }

    /// A row image: the JSON object of these columns' values, each as `json` gives it, with
    /// `adding`'s fields besides.
    public static func imageText(_ values: [CopiedValue], columns: [CopiedTable.Column], adding: [String: Any] = [:],
                                 json: (CopiedValue) -> Any) throws -> String {
        var object = adding
        for (column, value) in zip(columns, values) {
            object[column.name] = json(value)
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// The values of a row image (a JSON object's text) for these columns, in their order.
    public static func image(_ text: String, columns: [CopiedTable.Column],
                             instant: (String) -> Int64?) throws -> [CopiedValue] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw SchedError.malformedRow(StoreCopy.journalRows)
        }
        return try columns.map { try CopiedValue(json: object[$0.name], kind: $0.kind, instant: instant) }
    }
}
