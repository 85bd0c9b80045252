import Foundation

/// A repeating appointment: the rule, the wall-clock time and zone its occurrences keep, and
/// the fields each occurrence starts with. Its occurrences are appointments of their own.
public struct Series: Sendable, Hashable {
    public var id: UUID
    public var customerName: String
    public var note: String?
    public var email: String?
    public var rule: RecurrenceRule
    /// The zone whose wall clock the occurrences keep across DST changes.
    public var zone: HomeZone
    /// DTSTART's date: the first occurrence, which always counts.
    public var firstDate: CivilDate
    /// The wall-clock time of every occurrence, in seconds since midnight.
    public var secondsOfDay: Int
    public var durationMinutes: Int
    public var status: SeriesStatus
    /// The last date whose occurrences are stored as appointments; `CivilDate.distantFuture` once
    /// the rule has none left to add.
    public var storedThrough: CivilDate
    /// The UID of the calendar event it was imported from, written back on export.
    public var importedUID: String?
    public var sequence: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, customerName: String, note: String? = nil, email: String? = nil, rule: RecurrenceRule,
        zone: HomeZone, firstDate: CivilDate, secondsOfDay: Int, durationMinutes: Int,
        status: SeriesStatus = .active, storedThrough: CivilDate, importedUID: String? = nil,
        sequence: Int = 0, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.customerName = customerName
        self.note = note
        self.email = email
        self.rule = rule
        self.zone = zone
        self.firstDate = firstDate
        self.secondsOfDay = secondsOfDay
        self.durationMinutes = durationMinutes
        self.status = status
        self.storedThrough = storedThrough
        self.importedUID = importedUID
        self.sequence = sequence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public enum SeriesStatus: String, Sendable, Hashable, Codable {
    case active, cancelled
}

/// Where an appointment sits in its series.
public struct Occurrence: Sendable, Hashable, Codable {
    public var seriesID: UUID
    /// The start the rule gives it (RECURRENCE-ID), which stays when the occurrence moves alone.
    public var originalStart: Date
    /// Moved or cancelled on its own: series edits leave it as it is.
    public var isException: Bool

    public init(seriesID: UUID, originalStart: Date, isException: Bool = false) {
        self.seriesID = seriesID
        self.originalStart = originalStart
        self.isException = isException
    }
}

/// An occurrence the rule gives that was never booked, and why.
public struct SkippedOccurrence: Sendable, Hashable {
    public var seriesID: UUID
    /// The start the rule gives it; for a wall time the clocks skip, the instant the gap ends.
    public var originalStart: Date
    public var reason: String

    public init(seriesID: UUID, originalStart: Date, reason: String) {
        self.seriesID = seriesID
        self.originalStart = originalStart
        self.reason = reason
    }
}

/// What booking a series needs.
public struct NewSeries: Sendable, Hashable {
    public var customerName: String
    public var note: String?
    public var email: String?
    public var rule: RecurrenceRule
    public var firstDate: CivilDate
    public var secondsOfDay: Int
    public var durationMinutes: Int
    /// The zone of its wall-clock times; nil for the home zone.
    public var zone: HomeZone?

    public init(customerName: String, note: String? = nil, email: String? = nil, rule: RecurrenceRule,
                firstDate: CivilDate, secondsOfDay: Int, durationMinutes: Int, zone: HomeZone? = nil) {
        self.zone = zone
        self.customerName = customerName
        self.note = note
        self.email = email
        self.rule = rule
        self.firstDate = firstDate
        self.secondsOfDay = secondsOfDay
        self.durationMinutes = durationMinutes
    }
}

extension CivilDate {
    /// Later than any date a schedule holds: a series stored this far has nothing left to add.
    public static let distantFuture = CivilDate(year: 9999, month: 12, day: 31)!
}

/// A series as a calendar file needs it: the rule, and the occurrences that differ from it.
public struct SeriesExport: Sendable, Hashable {
    public var series: Series
    /// Every stored occurrence, cancelled ones too, by original start.
    public var occurrences: [Appointment]
    public var skipped: [SkippedOccurrence]

    public init(series: Series, occurrences: [Appointment], skipped: [SkippedOccurrence]) {
        self.series = series
        self.occurrences = occurrences
        self.skipped = skipped
    }
}
