import Foundation

/// One occurrence a series' rule gives: its local date, and its start, or none when the clocks
/// skip its wall time that day.
struct PlannedOccurrence {
    let date: CivilDate
    let start: Date?
    /// The start it is known by (RECURRENCE-ID): in a gap, the instant the gap ends.
    let originalStart: Date
}

/// An occurrence that could not be booked, with why, for the error or the skipped list.
struct SeriesRefusal {
    let start: Date
    let reason: String
    /// `"Tue 4 Mar 2025 10:00: Time slot is already booked (#12 Ann, 10:00–10:30)"`.
    let line: String

    /// A refusal of the occurrence at the wall time `secondsOfDay` on `date`, named by both.
    init(start: Date, reason: String, on date: CivilDate, at secondsOfDay: Int) {
        self.start = start
        self.reason = reason
        line = "\(SeriesText.occurrence(date, secondsOfDay: secondsOfDay)): \(reason)"
    }

    var isConflict: Bool { reason.hasPrefix(SchedError.slotAlreadyBooked.message) }
}

extension SchedError {
    /// The error that refuses a series' change, every refused occurrence listed: a conflict when
    /// each of them is one.
    static func seriesRefused(_ refusals: [SeriesRefusal], total: Int, canSkip: Bool) -> SchedError {
        seriesRefused(refusals.map(\.line), total: total, canSkip: canSkip,
                      kind: refusals.allSatisfy(\.isConflict) ? .conflict : .invalid)
    }
}

enum StoredOccurrence {
    case booked(Appointment)
    case refused(SeriesRefusal)
}

extension SeriesService {
    /// The occurrences the rule gives after the date `after` (all when nil) through `through`,
    /// at the series' wall-clock time in its zone; in a DST overlap the earlier instant, as
    /// RFC 5545 says.
    static func planned(_ series: Series, after: CivilDate?, through: CivilDate) -> [PlannedOccurrence] {
        series.rule.dates(first: series.firstDate, through: through, lastDate: lastDate(series))
            .filter { date in after.map { date > $0 } ?? true }
            .map { plan(series, on: $0) }
    }

    static func plan(_ series: Series, on date: CivilDate) -> PlannedOccurrence {
        switch series.zone.resolve(date, secondsOfDay: series.secondsOfDay) {
        case .exact(let instant): PlannedOccurrence(date: date, start: instant, originalStart: instant)
        case .overlap(let earlier, _): PlannedOccurrence(date: date, start: earlier, originalStart: earlier)
        case .gap:
            PlannedOccurrence(date: date, start: nil,
                              originalStart: series.zone.instantForWindowEdge(date, secondsOfDay: series.secondsOfDay))
        }
    }

    /// The last date UNTIL allows an occurrence on, in the series' zone; nil without UNTIL.
    public static func lastDate(_ series: Series) -> CivilDate? {
        guard case .until(let until) = series.rule.end else { return nil }
        switch until {
        case .date(let date): return date
        case .local(let date, let seconds):
            return RecurrenceRule.lastDate(until: date, untilSecondsOfDay: seconds,
                                           occurrenceSecondsOfDay: series.secondsOfDay)
        case .instant(let instant):
            let local = series.zone.civil(instant)
            return RecurrenceRule.lastDate(until: local.date, untilSecondsOfDay: local.secondsOfDay,
                                           occurrenceSecondsOfDay: series.secondsOfDay)
        }
    }

    /// Whether the rule has no occurrence left after `through`.
    static func ruleEnds(_ series: Series, within through: CivilDate) -> Bool {
        switch series.rule.end {
        case nil: return false
        case .until: return lastDate(series).map { $0 <= through } ?? false
        case .count(let count):
            return series.rule.dates(first: series.firstDate, through: through, lastDate: nil).count >= count
        }
    }

    /// Checks one occurrence as `book` checks a booking and stores it, or says why not.
    static func store(_ occurrence: PlannedOccurrence, of series: Series, _ tx: any StoreTransaction,
                      now: Date) throws -> StoredOccurrence {
        guard let start = occurrence.start else {
            let gap = SchedError.timeInGap(
                "\(occurrence.date)T\(Digits.clock(series.secondsOfDay).prefix(5))", zone: series.zone.identifier)
            return .refused(SeriesRefusal(start: occurrence.originalStart, reason: gap.message,
                                          on: occurrence.date, at: series.secondsOfDay))
        }
        if let reason = try refusal(tx, start: start, minutes: series.durationMinutes, zone: series.zone, now: now) {
            return .refused(SeriesRefusal(start: start, reason: reason, on: occurrence.date, at: series.secondsOfDay))
        }
        let appointment = try tx.insert(
            NewAppointment(customerName: series.customerName, start: start, durationMinutes: series.durationMinutes,
                           note: series.note, email: series.email),
            id: UUID.random(), now: now, occurrence: Occurrence(seriesID: series.id, originalStart: start))
        try SyncOutbox.record(tx, .create, appointment, now: now)
        return .booked(appointment)
    }

    /// Why `book` would refuse this time, naming the appointment in the way; nil when it is free.
    static func refusal(_ tx: any StoreTransaction, start: Date, minutes: Int, zone: HomeZone,
                        now: Date) throws -> String? {
        do {
            try BookingRules.check(tx, start: start, minutes: minutes, excluding: nil, now: now, checksPast: true)
            return nil
        } catch let error as SchedError where error == .slotAlreadyBooked {
            let end = start.adding(minutes: minutes)
            guard let other = try tx.bookedAppointments(overlapping: start, end, excluding: nil).first else {
                return error.message
            }
            return SchedError.slotTakenBy(SeriesText.appointment(other, zone: zone)).message
        } catch let error as SchedError {
            return error.message
        }
    }

    /// Appointments after the horizon that an open-ended series' later occurrences would overlap:
    /// those are not stored yet, but conflict checks hold for them too. The occurrences up to the
    /// latest booking are each asked of the overlap index, rather than every later booking of
    /// the rule.
    static func laterConflicts(_ series: Series, after through: CivilDate,
                               _ tx: any StoreTransaction) throws -> [SeriesRefusal] {
        guard !ruleEnds(series, within: through), let latest = try tx.latestBookedStart() else { return [] }
        let last = series.zone.civil(latest).date.adding(days: 1)
        guard last > through else { return [] }
        var refusals: [SeriesRefusal] = []
        for occurrence in planned(series, after: through, through: last) {
            guard let start = occurrence.start else { continue }
            let end = start.adding(minutes: series.durationMinutes)
            guard let other = try tx.bookedAppointments(overlapping: start, end, excluding: nil).first else { continue }
            let reason = SchedError.slotTakenBy(SeriesText.appointment(other, zone: series.zone)).message
            refusals.append(SeriesRefusal(start: start, reason: reason, on: occurrence.date, at: series.secondsOfDay))
        }
        return refusals
    }

    /// The occurrences of `series` after its stored ones that overlap `span`.
    static func unstored(_ series: Series, overlapping span: Span) -> [PlannedOccurrence] {
        let from = series.zone.civil(span.start).date.adding(days: -1)
        let through = series.zone.civil(span.end).date
        guard through > series.storedThrough else { return [] }
        return planned(series, after: max(series.storedThrough, from.adding(days: -1)), through: through)
            .filter { occurrence in
                guard let start = occurrence.start else { return false }
                return start < span.end && start.adding(minutes: series.durationMinutes) > span.start
            }
    }

    /// Whether an occurrence of an active series that is not stored yet overlaps `span`; asked by
    /// every booking that reaches past the earliest horizon.
    static func hasUnstoredOccurrence(_ tx: any StoreTransaction, overlapping span: Span) throws -> Bool {
        guard let earliest = try tx.earliestSeriesStoredThrough(), earliest < .distantFuture,
              span.end > earliestInstant(after: earliest) else { return false }
        for series in try tx.allSeries(includingCancelled: false) where series.storedThrough < .distantFuture {
            if !unstored(series, overlapping: span).isEmpty { return true }
        }
        return false
    }

    /// An instant before any moment of the date after `date`, in any zone.
    private static func earliestInstant(after date: CivilDate) -> Date {
        Date(unixSeconds: date.adding(days: 1).daysSinceEpoch * 86400 - 14 * 3600)
    }
}

extension Series {
    /// The rule with COUNT given as the UNTIL it comes to, the end of the last occurrence's date
    /// (as Google Calendar writes it): the same occurrences, in the form that readers which apply
    /// EXDATE before COUNT (calcurse) read right too.
    public var ruleEndingByDate: RecurrenceRule {
        guard case .count = rule.end,
              let last = rule.dates(first: firstDate, through: .distantFuture, lastDate: nil).last
        else { return rule }
        var bounded = rule
        bounded.end = .until(.instant(zone.startOfDay(last.adding(days: 1)).addingTimeInterval(-1)))
        return bounded
    }
}
