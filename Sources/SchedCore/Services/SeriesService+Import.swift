import Foundation

/// A repeating event read from a calendar file, as a series to book.
public struct SeriesCandidate: Sendable, Equatable {
    /// The rule, DTSTART's date and wall time, the length and the fields, in the event's zone.
    public var series: NewSeries
    /// Dates (in the series' zone) whose occurrence does not happen: EXDATE, and overrides that
    /// cancel theirs.
    public var excluded: Set<CivilDate>
    /// Occurrences that another event of the file replaces (RECURRENCE-ID), by their date.
    public var moved: [CivilDate: MovedOccurrence]

    public init(series: NewSeries, excluded: Set<CivilDate> = [], moved: [CivilDate: MovedOccurrence] = [:]) {
        self.series = series
        self.excluded = excluded
        self.moved = moved
    }
}

/// An event that replaces one occurrence of its series: its own time and fields.
public struct MovedOccurrence: Sendable, Equatable {
    /// Which event of the file it is (its line), so the report puts the outcome there.
    public var key: Int
    public var appointment: NewAppointment

    public init(key: Int, appointment: NewAppointment) {
        self.key = key
        self.appointment = appointment
    }
}

/// What became of one occurrence of an imported series.
public struct OccurrenceOutcome: Sendable, Equatable {
    /// The event of the file it came from, when another than the series' own (an override).
    public var key: Int?
    /// When the rule has it, for the report; nil for the occurrences before now, counted as one.
    public var originalStart: Date?
    public var outcome: ImportOutcome

    public init(key: Int? = nil, originalStart: Date?, outcome: ImportOutcome) {
        self.key = key
        self.originalStart = originalStart
        self.outcome = outcome
    }
}

extension SeriesService {
    /// Books an imported series inside the import's transaction: every occurrence from now on
    /// checked as `book` checks one, those that fail reported, not fatal, as an import reports
    /// its entries; EXDATE leaves a date out and an override books its own time instead. The
    /// occurrences before now are not booked and are reported as one. A series none of whose
    /// occurrences could be booked is not kept.
    static func importSeries(_ tx: any StoreTransaction, _ candidate: SeriesCandidate, _ imported: ImportCandidate,
                             now: Date) throws -> ImportOutcome {
        let new = candidate.series
        if let id = imported.id, try tx.series(id: id) != nil {
            return .skipped("already present (UID \(imported.uid ?? id.lowercasedText))")
        }
        let fields: NewAppointment
        do {
            fields = try AppointmentRules.validated(NewAppointment(
                customerName: new.customerName, start: now, durationMinutes: new.durationMinutes,
                note: new.note, email: new.email))
        } catch let error as SchedError {
            return .refused(error)
        }
        let zone = try new.zone ?? tx.homeZone()
        let today = zone.civil(now).date
        var series = Series(
            id: imported.id ?? UUID.random(), customerName: fields.customerName, note: fields.note, email: fields.email,
            rule: new.rule, zone: zone, firstDate: new.firstDate, secondsOfDay: new.secondsOfDay,
            durationMinutes: new.durationMinutes, storedThrough: .distantFuture, importedUID: imported.uid,
            createdAt: now.wholeSeconds, updatedAt: now.wholeSeconds)
        let through = horizon(first: new.firstDate, today: today)
        let all = planned(series, after: nil, through: through)
        let past = all.prefix { $0.originalStart < now }
        var outcomes: [OccurrenceOutcome] = []
        let pastCount = past.filter { !candidate.excluded.contains($0.date) && candidate.moved[$0.date] == nil }.count
        if pastCount > 0 {
            outcomes.append(OccurrenceOutcome(originalStart: nil, outcome: .refused(SchedError.pastOccurrences(pastCount))))
        }
        guard let first = all.dropFirst(past.count).first else {
            return .series(outcomes + lateOverrides(candidate, handled: [], now: now))
        }
        series.firstDate = first.date
        if case .count(let count) = series.rule.end { series.rule.end = .count(count - past.count) }
        series.storedThrough = ruleEnds(series, within: through) ? .distantFuture : through
        let future = Array(all.dropFirst(past.count))
        do {
            try tx.savepoint {
                try tx.insertSeries(series)
                outcomes += try importOccurrences(future, of: series, candidate, tx, now: now)
                let booked = outcomes.compactMap { occurrence -> Appointment? in
                    if case .imported(let appointment) = occurrence.outcome { return appointment }
                    return nil
                }
                guard let firstBooked = booked.first else { throw SchedError.seriesWithoutOccurrences }
                if let uid = imported.uid {
                    try tx.recordImportedEvent(ImportedEvent(uid: uid), appointmentID: firstBooked.id, now: now)
                }
            }
        } catch let error as SchedError where error == .seriesWithoutOccurrences {
            // Nothing of it was booked: the series is not kept, and the refusals say why.
        }
        let handled = Set(future.map(\.date))
        return .series(outcomes + lateOverrides(candidate, handled: handled, now: now))
    }

    /// Books each occurrence from now on: EXDATE leaves it out, an override books its own time,
    /// the rest are checked as `book` checks them. Those not booked are kept as skipped, so
    /// that an export does not give their dates back.
    private static func importOccurrences(_ future: [PlannedOccurrence], of series: Series,
                                          _ candidate: SeriesCandidate, _ tx: any StoreTransaction,
                                          now: Date) throws -> [OccurrenceOutcome] {
        try tx.prefetchWindowSpans(future.map(\.date))
        var outcomes: [OccurrenceOutcome] = []
        for occurrence in future {
            let skip = { (reason: String) in
                try tx.insertSkippedOccurrence(SkippedOccurrence(
                    seriesID: series.id, originalStart: occurrence.originalStart, reason: reason))
            }
            if candidate.excluded.contains(occurrence.date) {
                try skip("EXDATE")
            } else if let moved = candidate.moved[occurrence.date] {
                let outcome = try bookMoved(moved, as: occurrence, of: series, tx, now: now)
                if case .refused(let error, _) = outcome { try skip(error.message) }
                outcomes.append(OccurrenceOutcome(key: moved.key, originalStart: occurrence.originalStart,
                                                  outcome: outcome))
            } else {
                switch try store(occurrence, of: series, tx, now: now) {
                case .booked(let appointment):
                    outcomes.append(OccurrenceOutcome(originalStart: occurrence.originalStart,
                                                      outcome: .imported(appointment)))
                case .refused(let refusal):
                    try skip(refusal.reason)
                    let error = SchedError(refusal.isConflict ? .conflict : .invalid, refusal.reason)
                    outcomes.append(OccurrenceOutcome(originalStart: occurrence.originalStart, outcome: .refused(error)))
                }
            }
        }
        return outcomes
    }

    /// An override booked at its own time, as an exception of its occurrence.
    private static func bookMoved(_ moved: MovedOccurrence, as occurrence: PlannedOccurrence, of series: Series,
                                  _ tx: any StoreTransaction, now: Date) throws -> ImportOutcome {
        let valid: NewAppointment
        do {
            valid = try AppointmentRules.validated(moved.appointment)
            try BookingRules.checkImported(tx, start: valid.start, minutes: valid.durationMinutes, now: now)
        } catch let error as SchedError {
            let overlapping = error == .slotAlreadyBooked
                ? try tx.bookedAppointments(overlapping: moved.appointment.start,
                                            moved.appointment.start.adding(minutes: moved.appointment.durationMinutes),
                                            excluding: nil).first : nil
            return .refused(error, overlapping: overlapping)
        }
        let appointment = try tx.insert(
            valid, id: UUID.random(), now: now,
            occurrence: Occurrence(seriesID: series.id, originalStart: occurrence.originalStart, isException: true))
        try SyncOutbox.record(tx, .create, appointment, now: now)
        return .imported(appointment)
    }

    /// Overrides whose occurrence the rule does not give from now on: refused, with why.
    private static func lateOverrides(_ candidate: SeriesCandidate, handled: Set<CivilDate>,
                                      now: Date) -> [OccurrenceOutcome] {
        candidate.moved.filter { !handled.contains($0.key) }.sorted { $0.value.key < $1.value.key }.map { _, moved in
            let error = moved.appointment.start < now ? SchedError.bookingInPast : SchedError.overrideWithoutOccurrence
            return OccurrenceOutcome(key: moved.key, originalStart: nil, outcome: .refused(error))
        }
    }
}
