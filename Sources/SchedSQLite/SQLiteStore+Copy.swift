import Foundation
import GRDB
import SchedCore

/// `sched copy` and the backup of another store into a new file: the whole database handed
/// out table by table from one read transaction, or taken in by one write transaction.
extension SQLiteStore {
    /// How many rows go to a sink at a time: enough to make a batch worth its round trip to a
    /// server, few enough that a million rows never sit in memory at once.
    static let copyBatch = 2_000

    /// A new database at `path`, never over a file that is there (`exists` says so), filled by
    /// `body`; it appears at `path` only once filled (`DatabaseFile.createInPlace`).
    public static func creatingNew<T>(at path: String, exists: (String) -> SchedError = SchedError.copyTargetExists,
                                      _ body: (SQLiteStore) throws -> T) throws -> T {
        try DatabaseFile.createInPlace(of: path, exists: exists) { partial in try filled(partial, body) }
    }

    /// Opens the new file, hands it to `body`, and empties the log into the file; the store
    /// closes as this returns.
    private static func filled<T>(_ path: String, _ body: (SQLiteStore) throws -> T) throws -> T {
        let store = try SQLiteStore(path: path, defaultZone: .system(), createsDirectory: false)
        let result = try body(store)
        store.checkpoint()
        return result
    }

    public func copyOut(to sink: any StoreCopySink) throws {
        try requireOpenedFile()
        try SQLiteStore.mapped {
            try pool.read { db in
                for table in StoreCopy.tables {
                    sink.expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0, in: table.name)
                    // A series' rowid is the order `list series` keeps; every other table goes by its key.
                    let order = table.name == "series" ? "rowid" : table.key.joined(separator: ", ")
                    let names = table.columns.map(\.name).joined(separator: ", ")
                    let rows = try Row.fetchCursor(db, sql: "SELECT \(names) FROM \(table.name) ORDER BY \(order)")
                    var batch: [[CopiedValue]] = []
                    batch.reserveCapacity(Self.copyBatch)
                    while let row = try rows.next() {
                        batch.append(try table.columns.indices.map { try Self.copied(row[$0], table.columns[$0].kind, table.name) })
                        if batch.count == Self.copyBatch {
                            try sink.receive(batch, of: table)
                            batch.removeAll(keepingCapacity: true)
                        }
                    }
                    if !batch.isEmpty { try sink.receive(batch, of: table) }
                }
                try copyJournalOut(db, to: sink)
            }
        }
    }

    /// The journal names a row by its rowid; a copy names it by its key, which its images
    /// hold. An insert never undone has no image: its key is in the image the next change of
    /// that row took, else in the row itself.
    private func copyJournalOut(_ db: Database, to sink: any StoreCopySink) throws {
        sink.expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM journal_rows") ?? 0, in: StoreCopy.journalRows)
        let imageless = try imagelessKeys(db)
        var last: Int64 = 0
        while true {
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, entry, tbl, row, before, after FROM journal_rows WHERE id > ? ORDER BY id LIMIT ?
                """, arguments: [last, Self.copyBatch])
            guard let final = rows.last else { return }
            last = final[0]
            try sink.receive(rows.map { row in
                let name: String = row[2]
                guard let table = StoreCopy.table(name) else { throw SchedError.malformedRow(StoreCopy.journalRows) }
                let before = try (row[4] as String?).map { try CopiedValue.image($0, columns: table.columns, instant: { _ in nil }) }
                let after = try (row[5] as String?).map { try CopiedValue.image($0, columns: table.columns, instant: { _ in nil }) }
                let key: [CopiedValue]
                if name == "appointments" {
                    key = [.integer(row[3])]
                } else if let image = before ?? after {
                    key = table.keyPositions.map { image[$0] }
                } else if let found = imageless[row[0]] {
                    key = found
                } else {
                    throw SchedError.copyJournalRowUnnamed(name, row: row[3])
                }
                return CopiedJournalRow(id: row[0], entry: row[1], table: name, key: key, before: before, after: after)
            })
        }
    }

    /// The keys of the journal's image-less inserts (appointments aside, whose rowid is their
    /// number), by journal row: one pass from the newest row back, keeping for each row the
    /// image the change after it took.
    private func imagelessKeys(_ db: Database) throws -> [Int64: [CopiedValue]] {
        var keys: [Int64: [CopiedValue]] = [:]
        var next: [String: [Int64: String]] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, tbl, row, before, after IS NULL FROM journal_rows WHERE tbl <> 'appointments' ORDER BY id DESC
            """)
        for row in rows {
            let (id, name, rowid, before, noAfter): (Int64, String, Int64, String?, Bool) = (row[0], row[1], row[2], row[3], row[4])
            guard let table = StoreCopy.table(name) else { throw SchedError.malformedRow(StoreCopy.journalRows) }
            if before == nil, noAfter {
                if let image = next[name]?[rowid] {
                    let values = try CopiedValue.image(image, columns: table.columns, instant: { _ in nil })
                    keys[id] = table.keyPositions.map { values[$0] }
                } else {
                    let names = table.key.joined(separator: ", ")
                    guard let current = try Row.fetchOne(db, sql: "SELECT \(names) FROM \(name) WHERE rowid = ?", arguments: [rowid])
                    else { throw SchedError.copyJournalRowUnnamed(name, row: rowid) }
                    keys[id] = try table.keyColumns.indices.map { try Self.copied(current[$0], table.keyColumns[$0].kind, name) }
                }
            }
            if let before { next[name, default: [:]][rowid] = before }
        }
        return keys
    }

    static func copied(_ value: DatabaseValue, _ kind: CopiedKind, _ table: String) throws -> CopiedValue {
        switch (value.storage, kind) {
        case (.null, _): return .null
        case (.int64(let number), .integer): return .integer(number)
        case (.int64(let number), .instant): return .instant(number)
        case (.int64(let number), .boolean): return .boolean(number != 0)
        case (.string(let text), .text), (.string(let text), .uuid), (.string(let text), .date): return .text(text)
        case (.int64, .text), (.int64, .uuid), (.int64, .date), (.double, _), (.string, .integer), (.string, .instant),
             (.string, .boolean), (.blob, _):
            throw SchedError.malformedRow(table)
        }
    }

    public func copyIn(_ source: (any StoreCopySink) throws -> Void) throws -> [String: Int] {
        try holdingWriteGate {
            try requireOpenedFile()
            defer { writerCache.clear() }
            return try SQLiteStore.mapped {
                try pool.writeWithoutTransaction { db in
                    var counts: [String: Int] = [:]
                    try db.inTransaction(.immediate) {
                        try StoreCopy.emptyTarget(
                            path, holdsRows: { try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \($0))") ?? false },
                            delete: { try db.execute(sql: "DELETE FROM \($0)") })
                        let sink = SQLiteCopySink(db: db)
                        try source(sink)
                        try Self.keepNumbersOfTheJournal(db)
                        counts = try sink.tally.verify { table in
                            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
                        }
                        try requireOpenedFile()
                        return .commit
                    }
                    return counts
                }
            }
        }
    }

    /// AUTOINCREMENT numbers from the highest stored; an appointment the journal names but an
    /// undo removed keeps its number too, as it does in the database copied, so a redo puts it
    /// back under that number rather than beside a new booking that took it.
    private static func keepNumbersOfTheJournal(_ db: Database) throws {
        let highest = "(SELECT coalesce(max(row), 0) FROM journal_rows WHERE tbl = 'appointments')"
        try db.execute(sql: "UPDATE sqlite_sequence SET seq = max(seq, \(highest)) WHERE name = 'appointments'")
        try db.execute(sql: """
            INSERT INTO sqlite_sequence (name, seq) SELECT 'appointments', \(highest)
            WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'appointments') AND \(highest) > 0
            """)
    }
}

/// Writes what a copy hands it into a SQLite database, inside the transaction of `copyIn`.
private final class SQLiteCopySink: StoreCopySink {
    let db: Database
    var tally = CopyTally()
    /// The rowid each key of a table has here, read once the tables are in, for the journal's
    /// rows; a key no row has any more gets a rowid beyond every row's.
    private var rowids: [String: [[CopiedValue]: Int64]] = [:]
    private var nextRowid: [String: Int64] = [:]

    init(db: Database) {
        self.db = db
    }

    func expect(_ count: Int, in table: String) {
        tally.expect(count, in: table)
    }

    func receive(_ rows: [[CopiedValue]], of table: CopiedTable) throws {
        let names = table.columns.map(\.name).joined(separator: ", ")
        let marks = table.columns.map { _ in "?" }.joined(separator: ", ")
        let insert = try db.cachedStatement(sql: "INSERT INTO \(table.name) (\(names)) VALUES (\(marks))")
        for row in rows {
            try insert.execute(arguments: StatementArguments(row.map(Self.stored)))
        }
        tally.receive(rows.count, in: table.name)
    }

    func receive(_ rows: [CopiedJournalRow]) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO journal_rows (id, entry, tbl, row, before, after) VALUES (?, ?, ?, ?, ?, ?)")
        for row in rows {
            guard let table = StoreCopy.table(row.table) else { throw SchedError.malformedRow(StoreCopy.journalRows) }
            let image = { (values: [CopiedValue]?) in try values.map { try Self.image($0, table) } }
            try insert.execute(arguments: [row.id, row.entry, row.table, try rowid(table, row.key), try image(row.before),
                                           try image(row.after)])
        }
        tally.receive(rows.count, in: StoreCopy.journalRows)
    }

    private func rowid(_ table: CopiedTable, _ key: [CopiedValue]) throws -> Int64 {
        if table.name == "appointments", case .integer(let number)? = key.first { return number }
        if rowids[table.name] == nil {
            var known: [[CopiedValue]: Int64] = [:]
            let rows = try Row.fetchAll(db, sql: "SELECT rowid, \(table.key.joined(separator: ", ")) FROM \(table.name)")
            for row in rows {
                let values = try table.keyColumns.indices.map { try SQLiteStore.copied(row[$0 + 1], table.keyColumns[$0].kind, table.name) }
                known[values] = row[0]
            }
            rowids[table.name] = known
            nextRowid[table.name] = (rows.map { $0[0] as Int64 }.max() ?? 0) + 1
        }
        if let rowid = rowids[table.name]?[key] { return rowid }
        let fresh = nextRowid[table.name] ?? 1
        nextRowid[table.name] = fresh + 1
        rowids[table.name]?[key] = fresh
        return fresh
    }

    /// A row image as the journal's triggers write it: `json_object` of every column.
    private static func image(_ values: [CopiedValue], _ table: CopiedTable) throws -> String {
        try CopiedValue.imageText(values, columns: table.columns) { value in
            switch value {
            case .null: NSNull()
            case .integer(let number), .instant(let number): number
            case .text(let text): text
            case .boolean(let flag): flag ? 1 : 0
            }
        }
    }

    private static func stored(_ value: CopiedValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let number), .instant(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .boolean(let flag): (flag ? 1 : 0).databaseValue
        }
    }
}
