import Foundation

/// What statements ask again and again, kept by a store between transactions: the settings
/// (the home zone among them), the weekly windows, the date overrides, each date's working
/// hours as instants, the user, the sessions and whether Cal.com is connected.
///
/// A store hands it to a transaction only while nothing else can change these rows (its write
/// lock is held), and starts it over when another writer may have committed since it was last
/// filled: `generation` is the store's own marker of that. A transaction's writes to these
/// tables clear it, as does every rollback.
public final class StoreCache: @unchecked Sendable {
    // Touched only by the transaction that holds the store's write lock.
    public var settings: [String: String?] = [:]
    public var weeklyWindows: [WeeklyWindow]?
    public var user: User??
    public var sessions: [String: StoredSession?] = [:]
    public var calcomConnected: Bool?
    public var overrides: [DateSpan: [DateOverride]] = [:]
    /// Each date's working hours as instants, made from the zone, the windows and the overrides.
    public var windowSpans: [CivilDate: [Span]] = [:]
    /// The earliest date through which an active series is stored (nil inside: there is none).
    public var earliestSeriesStoredThrough: CivilDate??
    /// At least the length of the longest booked appointment, in minutes: how far back before a
    /// time an appointment that overlaps it may start.
    public var longestBookingMinutes: Int?
    /// What the store last saw of other writers' commits when it filled the cache.
    public var generation: Int64?

    public init() {}

    public struct DateSpan: Hashable, Sendable {
        public let from: CivilDate?
        public let through: CivilDate?

        public init(from: CivilDate?, through: CivilDate?) {
            self.from = from
            self.through = through
        }
    }

    /// Entries kept per kind before the cache starts over.
    public static let entryLimit = 256

    /// Starts over when `generation` differs from the one the cache was filled under.
    public func validate(generation current: Int64?) {
        if current != generation {
            clear()
            generation = current
        }
    }

    /// Takes everything `other` holds, its generation included: a transaction that runs beside
    /// others starts from a copy of what one of them left, rather than sharing it.
    public func fill(from other: StoreCache) {
        settings = other.settings
        weeklyWindows = other.weeklyWindows
        user = other.user
        sessions = other.sessions
        calcomConnected = other.calcomConnected
        overrides = other.overrides
        windowSpans = other.windowSpans
        earliestSeriesStoredThrough = other.earliestSeriesStoredThrough
        longestBookingMinutes = other.longestBookingMinutes
        generation = other.generation
    }

    public func clear() {
        overrides = [:]
        windowSpans = [:]
        earliestSeriesStoredThrough = nil
        longestBookingMinutes = nil
        calcomConnected = nil
        settings = [:]
        weeklyWindows = nil
        user = nil
        sessions = [:]
    }

    /// The cached answer, or `fetch`'s, kept for next time. Inlinable, so that the backends'
    /// modules call it specialised, as they do many times a statement.
    @inlinable
    public static func value<Key: Hashable, Value>(_ dictionary: inout [Key: Value], _ key: Key,
                                                  _ fetch: () throws -> Value) rethrows -> Value {
        if let known = dictionary[key] { return known }
        let fetched = try fetch()
        // A long run asks about many dates; the cache keeps the recent ones, not all of them.
        if dictionary.count >= entryLimit { dictionary.removeAll(keepingCapacity: true) }
        dictionary[key] = fetched
        return fetched
    }
}
