import Foundation

/// What the statements of an atomic run (a whole `--atomic` run, or one statement's transaction
/// from `Store.inOneTransaction`) ask again and again: the settings (the home zone
/// among them), the weekly windows, the date overrides, the user, the sessions and whether
/// Cal.com is connected.
///
/// Such a run holds SQLite's write lock from its `BEGIN IMMEDIATE` to its end, so no other
/// process can change these rows meanwhile; only the run's own writes can, and each method that
/// writes one of these tables clears the cache, as does a statement whose savepoint is rolled
/// back. Outside one nothing is cached, and each run starts empty: it reads what other
/// processes committed before it.
final class AtomicRunCache: @unchecked Sendable {
    // Touched only on the store's writer connection, which GRDB serializes.
    var settings: [String: String?] = [:]
    var weeklyWindows: [WeeklyWindow]?
    var user: User??
    var sessions: [String: StoredSession?] = [:]
    var calcomConnected: Bool?
    var overrides: [DateSpan: [DateOverride]] = [:]

    struct DateSpan: Hashable {
        let from: CivilDate?
        let through: CivilDate?
    }

    /// Entries kept per kind before the cache starts over.
    static let entryLimit = 256

    func clear() {
        overrides = [:]
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
