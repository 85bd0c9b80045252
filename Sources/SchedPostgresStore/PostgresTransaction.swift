import Foundation
import PostgresNIO
import SchedCore

/// A `StoreTransaction` over one connection inside a transaction.
struct PostgresTransaction: StoreTransaction {
    let session: PostgresSession
    /// The store's writer cache, kept between writers; a reader's own, for its snapshot alone.
    var cache: StoreCache? = nil
    /// An `--atomic` run's bookings not yet sent; every query sends them first.
    var batch: PostgresRunBatch? = nil
    /// Set inside `PostgresStore.book`, which holds the writers' lock shared and must lock
    /// the time it books.
    var locksBookings = false

    /// Locks the week of each end and the weeks either side (Monday to Monday, UTC), lowest
    /// first: any two bookings whose buffers, day or week in any zone could meet share one.
    func lockBooking(from start: Date, to end: Date) throws {
        guard locksBookings else { return }
        func week(_ instant: Date) -> Int32 { Int32(((instant.timeIntervalSince1970 / 86_400 + 3) / 7).rounded(.down)) }
        let weeks = Array((week(start) - 1)...(week(end) + 1))
        try session.sendAhead("""
            SELECT pg_advisory_xact_lock(\(PostgresStore.bookingLock), w) FROM unnest(\(weeks)::int[]) AS w ORDER BY w
            """)
    }

    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        try batch?.flush(session)
        return try session.run(query).rows
    }

    /// A read of tables a run's batch never writes (hours, overrides, settings, the user, the
    /// Cal.com connection), which need not wait for it to be sent.
    func rowsBesideBatch(_ query: PostgresQuery) throws -> [PostgresRow] {
        try session.run(query).rows
    }

    /// Runs a statement and gives back how many rows it changed.
    @discardableResult
    func execute(_ query: PostgresQuery) throws -> Int {
        try batch?.flush(session)
        return try session.run(query).metadata.rows ?? 0
    }

    /// The first column of the first row, or nil when there is no row or it holds NULL;
    /// `besideBatch` as `rowsBesideBatch`.
    func value<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type = Value.self,
                                         besideBatch: Bool = false) throws -> Value? {
        guard let row = try (besideBatch ? rowsBesideBatch(query) : rows(query)).first else { return nil }
        var cells = Cells(row, table: "query")
        return try cells.nextUnlessNull(Value.self)
    }

    /// The first setting a cache is asked for brings every setting, in one round trip: a
    /// statement asks for two or three (the zone, the default duration, the booking rules).
    func setting(_ key: String) throws -> String? {
        guard let cache else { return try value("SELECT value FROM settings WHERE key = \(key)", as: String.self) }
        if cache.settings[Self.everySetting] == nil {
            for row in try rowsBesideBatch("SELECT key, value FROM settings") {
                var cells = Cells(row, table: "settings")
                cache.settings[try cells.next(String.self)] = .some(try cells.next(String.self))
            }
            cache.settings[Self.everySetting] = .some(nil)
        }
        return cache.settings[key] ?? nil
    }

    /// Marks a cache that holds every setting, so that a key it lacks is a setting never made.
    private static let everySetting = "\u{0}every setting"

    func setSetting(_ key: String, _ value: String) throws {
        cache?.clear()
        try execute("""
            INSERT INTO settings (key, value) VALUES (\(key), \(value))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """)
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT sched_write")
        let result: T
        do {
            result = try body()
        } catch {
            _ = try? execute("ROLLBACK TO SAVEPOINT sched_write")
            _ = try? execute("RELEASE SAVEPOINT sched_write")
            cache?.clear()
            throw error
        }
        try execute("RELEASE SAVEPOINT sched_write")
        return result
    }
}

/// A row's columns read in order, each as the type asked for.
struct Cells {
    private var iterator: PostgresRow.Iterator
    private let table: String

    init(_ row: PostgresRow, table: String) {
        iterator = row.makeIterator()
        self.table = table
    }

    mutating func next<Value: PostgresDecodable>(_ type: Value.Type = Value.self) throws -> Value {
        try decode(try cell(), as: Value.self)
    }

    /// The next column, or nil when it holds NULL.
    mutating func nextUnlessNull<Value: PostgresDecodable>(_ type: Value.Type = Value.self) throws -> Value? {
        let cell = try cell()
        return cell.bytes == nil ? nil : try decode(cell, as: Value.self)
    }

    private mutating func cell() throws -> PostgresCell {
        guard let cell = iterator.next() else { throw SchedError.malformedRow(table) }
        return cell
    }

    private func decode<Value: PostgresDecodable>(_ cell: PostgresCell, as type: Value.Type) throws -> Value {
        do {
            return try cell.decode(Value.self)
        } catch {
            throw SchedError.malformedRow(table)
        }
    }
}

extension Date {
    /// The instant as the store keeps it: whole seconds, as the SQLite store keeps them.
    var stored: Date { wholeSeconds }
}

/// SQL put together piece by piece, each value bound as the next `$n`.
struct QueryText {
    var sql = ""
    private var bindings = PostgresBindings()

    /// Binds `value` and gives back its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        if let value { return bind(value) }
        bindings.appendNull()
        return "$\(bindings.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
