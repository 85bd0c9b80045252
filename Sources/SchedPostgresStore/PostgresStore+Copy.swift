import Foundation
import PostgresNIO
import SchedCore
import SchedPostgres

/// `sched copy` to and from PostgreSQL, and `sched backup` of it: the whole database handed out
/// from one REPEATABLE READ transaction through a cursor, or taken in by one writer's
/// transaction in multi-row inserts.
extension PostgresStore {
    /// Rows a cursor fetches, and rows an insert carries, at a time.
    static let copyBatch = 1_000

    public func copyOut(to sink: any StoreCopySink) throws {
        try reading { transaction in
            // The instants of the row images read back (an undo's, or an image the copy wrote) in UTC.
            try transaction.execute("SET LOCAL TimeZone = 'UTC'")
            for table in StoreCopy.tables {
                sink.expect(try transaction.count(table.name), in: table.name)
                let selected = table.columns.map { Self.exported($0) }.joined(separator: ", ")
                // A series' `made` is the order `list series` keeps; every other table goes by its key.
                let order = table.name == "series" ? "made" : table.key.joined(separator: ", ")
                try transaction.fetchInBatches("SELECT \(selected) FROM \(table.name) ORDER BY \(order)") { rows in
                    try sink.receive(try rows.map { row in
                        var cells = Cells(row, table: table.name)
                        return try table.columns.map { try Self.copied(&cells, $0.kind) }
                    }, of: table)
                }
            }
            sink.expect(try transaction.count(StoreCopy.journalRows), in: StoreCopy.journalRows)
            try transaction.fetchInBatches("""
                SELECT id, entry, tbl, row_key::text, before::text, after::text FROM journal_rows ORDER BY id
                """) { rows in
                try sink.receive(try rows.map(Self.journalRow))
            }
        }
    }

    private static func journalRow(_ row: PostgresRow) throws -> CopiedJournalRow {
        var cells = Cells(row, table: StoreCopy.journalRows)
        let id = try cells.next(Int64.self)
        let entry = try cells.next(Int64.self)
        let name = try cells.next(String.self)
        guard let table = StoreCopy.table(name) else { throw SchedError.malformedRow(StoreCopy.journalRows) }
        let key = try CopiedValue.image(try cells.next(String.self), columns: table.keyColumns, instant: seconds)
        let before = try cells.nextUnlessNull(String.self).map { try CopiedValue.image($0, columns: table.columns, instant: seconds) }
        let after = try cells.nextUnlessNull(String.self).map { try CopiedValue.image($0, columns: table.columns, instant: seconds) }
        return CopiedJournalRow(id: id, entry: entry, table: name, key: key, before: before, after: after)
    }

    /// A column as a copy reads it: uuids and dates as text, instants as whole seconds.
    private static func exported(_ column: CopiedTable.Column) -> String {
        switch column.kind {
        case .integer: "\(column.name)::bigint"
        case .text, .boolean: column.name
        case .uuid, .date: "\(column.name)::text"
        case .instant: "floor(extract(epoch FROM \(column.name)))::bigint"
        }
    }

    private static func copied(_ cells: inout Cells, _ kind: CopiedKind) throws -> CopiedValue {
        switch kind {
        case .integer: try cells.nextUnlessNull(Int64.self).map(CopiedValue.integer) ?? .null
        case .text, .uuid, .date: try cells.nextUnlessNull(String.self).map(CopiedValue.text) ?? .null
        case .instant: try cells.nextUnlessNull(Int64.self).map(CopiedValue.instant) ?? .null
        case .boolean: try cells.nextUnlessNull(Bool.self).map(CopiedValue.boolean) ?? .null
        }
    }

    /// Seconds since 1970 of a `timestamptz` as `to_jsonb` writes it:
    /// `2025-03-04T10:00:00.5+01:00`, the fraction and the offset's minutes and seconds optional.
    static func seconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 19, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        var at = 19
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            while at < bytes.count, (48...57).contains(bytes[at]) { at += 1 }
        }
        var offset = 0
        if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") {
            let sign = bytes[at] == UInt8(ascii: "-") ? -1 : 1
            guard let hours = number(at + 1..<at + 3) else { return nil }
            offset = hours * 3600
            at += 3
            for unit in [60, 1] where at < bytes.count && bytes[at] == UInt8(ascii: ":") {
                guard let part = number(at + 1..<at + 3) else { return nil }
                offset += part * unit
                at += 3
            }
            offset *= sign
        } else if at < bytes.count, bytes[at] == UInt8(ascii: "Z") {
            at += 1
        }
        guard at == bytes.count else { return nil }
        return Int64(date.daysSinceEpoch * 86400 + hour * 3600 + minute * 60 + second - offset)
    }

    public func copyIn(_ source: (any StoreCopySink) throws -> Void) throws -> [String: Int] {
        try writing { transaction in
            try StoreCopy.emptyTarget(
                location.shown,
                holdsRows: { try transaction.value("SELECT EXISTS (SELECT 1 FROM \(unescaped: $0))", as: Bool.self) ?? false },
                delete: { try transaction.execute("DELETE FROM \(unescaped: $0)") })
            let sink = PostgresCopySink(transaction)
            try source(sink)
            try sink.finish()
            return try sink.tally.verify { table in try transaction.count(table) }
        }
    }
}

extension PostgresTransaction {
    func count(_ table: String) throws -> Int {
        Int(try value("SELECT count(*) FROM \(unescaped: table)", as: Int64.self) ?? 0)
    }

    /// Runs `select` through a cursor, handing `body` its rows a batch at a time.
    func fetchInBatches(_ select: String, _ body: ([PostgresRow]) throws -> Void) throws {
        try execute(PostgresQuery(unsafeSQL: "DECLARE sched_copy NO SCROLL CURSOR FOR \(select)"))
        while true {
            let rows = try rows(PostgresQuery(unsafeSQL: "FETCH \(PostgresStore.copyBatch) FROM sched_copy"))
            if rows.isEmpty { break }
            try body(rows)
        }
        try execute("CLOSE sched_copy")
    }
}

/// Writes what a copy hands it into PostgreSQL, inside the transaction of `copyIn`. What the
/// SQLite store does not keep, this one works out: an appointment's end, a series' `made`.
private final class PostgresCopySink: StoreCopySink {
    let transaction: PostgresTransaction
    var tally = CopyTally()
    /// Each series' `made`, by id, for the journal's images of series; a series no longer
    /// here gets one beyond every series'.
    private var made: [String: Int64]?
    private var nextMade: Int64 = 1

    init(_ transaction: PostgresTransaction) {
        self.transaction = transaction
    }

    func expect(_ count: Int, in table: String) {
        tally.expect(count, in: table)
    }

    func receive(_ rows: [[CopiedValue]], of table: CopiedTable) throws {
        let ends = table.name == "appointments"
        let names = table.columns.map(\.name) + (ends ? ["end_utc"] : [])
        // The outbox's ids are the order changes reach Cal.com in: kept, though the column is an identity.
        let overriding = table.name == "sync_outbox" ? " OVERRIDING SYSTEM VALUE" : ""
        for chunk in stride(from: 0, to: rows.count, by: PostgresStore.copyBatch) {
            var text = QueryText()
            var tuples: [String] = []
            for row in rows[chunk..<min(chunk + PostgresStore.copyBatch, rows.count)] {
                var placeholders = zip(table.columns, row).map { Self.placeholder($1, $0.kind, &text) }
                if ends { placeholders.append(Self.placeholder(Self.end(of: row), .instant, &text)) }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            text.sql = "INSERT INTO \(table.name) (\(names.joined(separator: ", ")))\(overriding) VALUES "
                + tuples.joined(separator: ", ")
            try transaction.execute(text.query)
        }
        tally.receive(rows.count, in: table.name)
    }

    func receive(_ rows: [CopiedJournalRow]) throws {
        for chunk in stride(from: 0, to: rows.count, by: PostgresStore.copyBatch) {
            var text = QueryText()
            var tuples: [String] = []
            for row in rows[chunk..<min(chunk + PostgresStore.copyBatch, rows.count)] {
                guard let table = StoreCopy.table(row.table) else { throw SchedError.malformedRow(StoreCopy.journalRows) }
                let key = try CopiedValue.imageText(row.key, columns: table.keyColumns, json: Self.json)
                let before = try row.before.map { try image($0, of: table) }
                let after = try row.after.map { try image($0, of: table) }
                tuples.append("(\(text.bind(row.id)), \(text.bind(row.entry)), \(text.bind(row.table)), "
                    + "\(text.bind(key))::jsonb, \(text.bind(before))::jsonb, \(text.bind(after))::jsonb)")
            }
            text.sql = "INSERT INTO journal_rows (id, entry, tbl, row_key, before, after) OVERRIDING SYSTEM VALUE VALUES "
                + tuples.joined(separator: ", ")
            try transaction.execute(text.query)
        }
        tally.receive(rows.count, in: StoreCopy.journalRows)
    }

    /// Moves the identities and the counters on past the ids and numbers the copy kept, so the
    /// next row gets a new one.
    func finish() throws {
        try transaction.execute("""
            UPDATE counters SET value = CASE name
                WHEN 'appointments' THEN \(unescaped: PostgresSchema.highestNumber)
                ELSE greatest(value, (SELECT coalesce(max(id), 0) FROM journal)) END
            """)
        for (table, column) in [("sync_outbox", "id"), ("journal_rows", "id"), ("series", "made")] {
            let highest = column == "made" ? "GREATEST(max(made), \(nextMade - 1))" : "max(\(column))"
            try transaction.execute(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), COALESCE(\(highest), 0) + 1, false) FROM \(table)
                """))
        }
    }

    private static func placeholder(_ value: CopiedValue, _ kind: CopiedKind, _ text: inout QueryText) -> String {
        let mark = switch value {
        case .null: text.bind(String?.none)
        case .integer(let number), .instant(let number): text.bind(number)
        case .text(let value): text.bind(value)
        case .boolean(let flag): text.bind(flag)
        }
        return switch kind {
        case .integer, .text, .boolean: mark
        case .uuid: "\(mark)::uuid"
        case .date: "\(mark)::date"
        case .instant: "to_timestamp(\(mark)::float8)"
        }
    }

    /// An appointment row's end, which this store keeps beside its start and length.
    private static func end(of row: [CopiedValue]) -> CopiedValue {
        guard case .instant(let seconds) = row[appointmentColumns.start],
              case .integer(let minutes) = row[appointmentColumns.length] else { return .null }
        return .instant(seconds + minutes * 60)
    }

    private static let appointmentColumns = {
        let columns = StoreCopy.table("appointments")?.columns ?? []
        return (start: columns.firstIndex { $0.name == "start_utc" } ?? 0,
                length: columns.firstIndex { $0.name == "duration_minutes" } ?? 0)
    }()

    /// A row image as `to_jsonb` writes it, with the columns only this store keeps.
    private func image(_ values: [CopiedValue], of table: CopiedTable) throws -> String {
        var adding: [String: Any] = [:]
        switch table.name {
        case "appointments":
            adding["end_utc"] = Self.json(Self.end(of: values))
        case "series":
            guard case .text(let id)? = values.first else { throw SchedError.malformedRow(StoreCopy.journalRows) }
            adding["made"] = try made(id)
        default:
            break
        }
        return try CopiedValue.imageText(values, columns: table.columns, adding: adding, json: Self.json)
    }

    private static func json(_ value: CopiedValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .integer(let number): return number
        case .text(let text): return text
        case .boolean(let flag): return flag
        case .instant(let seconds): return HomeZone.utc.iso8601(Date(unixSeconds: Int(seconds)))
        }
    }

    private func made(_ id: String) throws -> Int64 {
        if made == nil {
            var known: [String: Int64] = [:]
            for row in try transaction.rows("SELECT id::text, made FROM series") {
                var cells = Cells(row, table: "series")
                known[try cells.next(String.self)] = try cells.next(Int64.self)
            }
            made = known
            nextMade = (known.values.max() ?? 0) + 1
        }
        if let value = made?[id] { return value }
        let fresh = nextMade
        nextMade += 1
        made?[id] = fresh
        return fresh
    }
}
