import Foundation

/// Books and changes repeating appointments. A series' occurrences are stored as appointments
/// up to a horizon, each checked as `book` checks one, so every query, the overlap check and
/// Cal.com sync treat them as they treat one-offs.
public struct SeriesService: Sendable {
    let store: any StoreAccess
    let clock: any Clock

    public init(store: any StoreAccess, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// How far ahead occurrences are stored: two years past the later of the series' first date
    /// and today, extended in steps of a month so that an extension is rare.
    public static let yearsStoredAhead = 2
    static let extensionStepDays = 31

    /// The date through which a series starting on `first` is stored, seen on `today`.
    public static func horizon(first: CivilDate, today: CivilDate) -> CivilDate {
        max(first, today).adding(years: yearsStoredAhead).adding(days: extensionStepDays)
    }

    /// Whether a series stored through `through` must be extended on `today`.
    static func needsExtension(_ through: CivilDate, first: CivilDate, today: CivilDate) -> Bool {
        through < max(first, today).adding(years: yearsStoredAhead)
    }

    /// What booking a series did.
    public struct Booking: Sendable {
        public var series: Series
        public var booked: [Appointment]
        /// Occurrences left out by `skip conflicts`, with their reasons.
        public var skipped: [SkippedOccurrence]
    }

    /// Books a series: every occurrence up to the horizon is checked as `book` checks one. One
    /// refused occurrence refuses the series, with every refused date listed, unless
    /// `skipConflicts` books the others.
    public func book(_ new: NewSeries, skipConflicts: Bool) throws -> Booking {
        let fields = try AppointmentRules.validated(NewAppointment(
            customerName: new.customerName, start: clock.now, durationMinutes: new.durationMinutes,
            note: new.note, email: new.email))
        return try store.write { tx in
            let now = clock.now
            let zone = try new.zone ?? tx.homeZone()
            let today = zone.civil(now).date
            let through = Self.horizon(first: new.firstDate, today: today)
            var series = Series(
                id: UUID.random(), customerName: fields.customerName, note: fields.note, email: fields.email,
                rule: new.rule, zone: zone, firstDate: new.firstDate, secondsOfDay: new.secondsOfDay,
                durationMinutes: new.durationMinutes, storedThrough: through,
                createdAt: now.wholeSeconds, updatedAt: now.wholeSeconds)
            let planned = Self.planned(series, after: nil, through: through)
            guard !planned.isEmpty else { throw SchedError.seriesWithoutOccurrences }
            if Self.ruleEnds(series, within: through) { series.storedThrough = .distantFuture }
            try tx.insertSeries(series)
            try tx.prefetchWindowSpans(planned.map(\.date))
            var booking = Booking(series: series, booked: [], skipped: [])
            var refusals: [SeriesRefusal] = []
            for occurrence in planned {
                switch try Self.store(occurrence, of: series, tx, now: now) {
                case .booked(let appointment): booking.booked.append(appointment)
                case .refused(let refusal): refusals.append(refusal)
                }
            }
            refusals += try Self.laterConflicts(series, after: through, tx)
            try Self.settle(refusals, of: series, total: planned.count, skipConflicts: skipConflicts,
                            into: &booking, tx)
            return booking
        }
    }

    /// The series an appointment is an occurrence of, cancelled or not.
    static func series(_ tx: any StoreTransaction, of ref: AppointmentRef) throws -> Series {
        try series(tx, of: AppointmentService.existing(tx, ref))
    }

    static func series(_ tx: any StoreTransaction, of appointment: Appointment) throws -> Series {
        guard let occurrence = appointment.occurrence, let series = try tx.series(id: occurrence.seriesID) else {
            throw SchedError.notInSeries(appointment.number)
        }
        return series
    }

    /// Stores the occurrences of every active series that the horizon has come near, as time
    /// passes; an occurrence that can no longer be booked is recorded as skipped, with why.
    /// Gives back how many were added.
    @discardableResult
    public static func extendAll(_ tx: any StoreTransaction, now: Date) throws -> Int {
        var added = 0
        for var series in try tx.allSeries(includingCancelled: false) {
            let today = series.zone.civil(now).date
            guard needsExtension(series.storedThrough, first: series.firstDate, today: today) else { continue }
            let through = horizon(first: series.firstDate, today: today)
            let after = series.storedThrough
            // Stored first, so that the checks below do not take the new dates for occurrences
            // still to come.
            series.storedThrough = ruleEnds(series, within: through) ? .distantFuture : through
            try tx.updateSeries(series)
            let coming = planned(series, after: after, through: through)
            try tx.prefetchWindowSpans(coming.map(\.date))
            for occurrence in coming {
                switch try store(occurrence, of: series, tx, now: now) {
                case .booked: added += 1
                case .refused(let refusal):
                    try tx.insertSkippedOccurrence(SkippedOccurrence(
                        seriesID: series.id, originalStart: refusal.start, reason: refusal.reason))
                }
            }
        }
        return added
    }
}

extension CivilDate {
    /// The same month and day `years` later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CivilDate {
        let target = year + years
        let lastDay = CivilDate.daysInMonth(year: target, month: month)
        return CivilDate(year: target, month: month, day: min(day, lastDay)) ?? self
    }
}
