import Foundation
import GRDB

/// What statements ask again and again, kept by the store's writer connection: the settings
/// (the home zone among them), the weekly windows, the date overrides, the user, the sessions
/// and whether Cal.com is connected.
///
/// It is read only inside a transaction that holds SQLite's write lock (a whole `--atomic` run,
/// one statement's transaction, or a single write), so nothing else can change these rows while
/// it is used. Between those transactions other processes may commit: `validate` asks SQLite's
/// `data_version`, which changes exactly when another connection has committed, and starts over
/// if it did. The connection's own writes to these tables clear it, as does every rollback, a
/// statement's included.
final class WriterCache: @unchecked Sendable {
    // Touched only on the store's writer connection, which GRDB serializes.
    var settings: [String: String?] = [:]
    var weeklyWindows: [WeeklyWindow]?
    var user: User??
    var sessions: [String: StoredSession?] = [:]
    var calcomConnected: Bool?
    var overrides: [DateSpan: [DateOverride]] = [:]
    /// Each date's working hours as instants, made from the zone, the windows and the overrides.
    var windowSpans: [CivilDate: [Span]] = [:]
    /// `PRAGMA data_version` when the cache was last validated.
    private var dataVersion: Int64?

    struct DateSpan: Hashable {
        let from: CivilDate?
        let through: CivilDate?
    }

    /// Entries kept per kind before the cache starts over.
    static let entryLimit = 256

    /// Starts over if another connection has committed since the last call. Call it first thing
    /// in each transaction that holds the write lock.
    func validate(_ db: Database) throws {
        let version = try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version"))
        if version != dataVersion {
            clear()
            dataVersion = version
        }
    }

    func clear() {
        overrides = [:]
        windowSpans = [:]
        calcomConnected = nil
        settings = [:]
        weeklyWindows = nil
        user = nil
        sessions = [:]
    }

    /// The cached answer, or `fetch`'s, kept for next time.
    static func value<Key: Hashable, Value>(_ dictionary: inout [Key: Value], _ key: Key,
                                           _ fetch: () throws -> Value) rethrows -> Value {
        if let known = dictionary[key] { return known }
        let fetched = try fetch()
        // A long run asks about many dates; the cache keeps the recent ones, not all of them.
        if dictionary.count >= entryLimit { dictionary.removeAll(keepingCapacity: true) }
        dictionary[key] = fetched
        return fetched
    }
}
