import Foundation

extension SeriesService {
    /// A series as `show series` and `list series` give it.
    public struct Details: Sendable, Equatable {
        public var series: Series
        /// The next booked occurrences from now on, soonest first (at most `nextLimit`).
        public var next: [Appointment]
        /// Occurrences moved, changed or cancelled on their own.
        public var exceptions: [Appointment]
        /// Occurrences never booked, with why.
        public var skipped: [SkippedOccurrence]
        /// Booked occurrences from now on that are stored.
        public var upcomingCount: Int
    }

    static let nextLimit = 5

    /// The series of an appointment, with its next occurrences and its exceptions.
    public func details(of ref: AppointmentRef) throws -> Details {
        try store.read { tx in try Self.details(tx, Self.series(tx, of: ref), now: clock.now) }
    }

    /// A series by its id, with its next occurrences and its exceptions.
    public func details(id: UUID) throws -> Details {
        try store.read { tx in
            guard let series = try tx.series(id: id) else { throw SchedError.malformedRow("series") }
            return try Self.details(tx, series, now: clock.now)
        }
    }

    /// Every series, active ones first, each with its next occurrences.
    public func all(includingCancelled: Bool) throws -> [Details] {
        try store.read { tx in
            try tx.allSeries(includingCancelled: includingCancelled).map { try Self.details(tx, $0, now: clock.now) }
        }
    }

    static func details(_ tx: any StoreTransaction, _ series: Series, now: Date) throws -> Details {
        let occurrences = try tx.occurrences(seriesID: series.id)
        let upcoming = occurrences.filter { $0.status == .booked && $0.start >= now }.sorted { $0.start < $1.start }
        return Details(
            series: series, next: Array(upcoming.prefix(nextLimit)),
            exceptions: occurrences.filter { $0.occurrence?.isException == true },
            skipped: try tx.skippedOccurrences(seriesID: series.id), upcomingCount: upcoming.count)
    }

    /// The series `appointments` are occurrences of, as a calendar file writes them.
    public func exports(for appointments: [Appointment]) throws -> [SeriesExport] {
        var seen = Set<UUID>()
        let ids = appointments.compactMap(\.occurrence?.seriesID).filter { seen.insert($0).inserted }
        return try store.read { tx in
            try ids.compactMap { id in
                guard let series = try tx.series(id: id) else { return nil }
                return SeriesExport(series: series, occurrences: try tx.occurrences(seriesID: id),
                                    skipped: try tx.skippedOccurrences(seriesID: id))
            }
        }
    }

    /// Cancels the occurrence `ref` and every later one; the rule ends before it.
    public func cancelFollowing(_ ref: AppointmentRef) throws -> [Appointment] {
        try store.write { tx in
            let from = try AppointmentService.existing(tx, ref)
            let series = try Self.active(tx, of: from)
            return try Self.end(series, before: from.occurrence?.originalStart ?? from.start, tx, now: clock.now)
        }
    }

    /// Cancels every occurrence from now on. A series that had occurrences before now ends
    /// there (they happened); one that had none is cancelled whole.
    public func cancelSeries(_ ref: AppointmentRef) throws -> [Appointment] {
        try store.write { tx in
            let appointment = try AppointmentService.existing(tx, ref)
            let series = try Self.active(tx, of: appointment)
            return try Self.end(series, before: clock.now, tx, now: clock.now)
        }
    }

    /// Ends `series` before `cut`: later occurrences are cancelled (Cal.com hears of each), the
    /// rule gets an UNTIL, and a series left with no occurrence is cancelled.
    static func end(_ series: Series, before cut: Date, _ tx: any StoreTransaction, now: Date) throws -> [Appointment] {
        var series = series
        var cancelled: [Appointment] = []
        var kept = 0
        for var occurrence in try tx.occurrences(seriesID: series.id) {
            guard (occurrence.occurrence?.originalStart ?? occurrence.start) >= cut else {
                kept += 1
                continue
            }
            guard occurrence.status == .booked else { continue }
            occurrence.status = .cancelled
            let saved = try AppointmentService.save(tx, occurrence, now: now)
            try SyncOutbox.record(tx, .cancel, saved, now: now)
            cancelled.append(saved)
        }
        try tx.deleteSkippedOccurrences(seriesID: series.id, from: cut)
        if kept == 0 {
            series.status = .cancelled
        } else {
            series.rule.end = .until(.instant(cut.addingTimeInterval(-1)))
        }
        series.storedThrough = .distantFuture
        series.sequence += 1
        series.updatedAt = now.wholeSeconds
        try tx.updateSeries(series)
        return cancelled
    }

    /// The name, note, email or length of every occurrence from now on that was not changed on
    /// its own, and of the series; a longer occurrence passes the checks a booking does.
    public func update(_ ref: AppointmentRef, _ changes: AppointmentChanges) throws -> Series {
        let valid = try AppointmentRules.validated(changes)
        return try store.write { tx in
            let appointment = try AppointmentService.existing(tx, ref)
            var series = try Self.active(tx, of: appointment)
            let now = clock.now
            series.customerName = valid.customerName ?? series.customerName
            series.durationMinutes = valid.durationMinutes ?? series.durationMinutes
            if let note = valid.note { series.note = note.isEmpty ? nil : note }
            if let email = valid.email { series.email = email.isEmpty ? nil : email }
            series.sequence += 1
            series.updatedAt = now.wholeSeconds
            try tx.updateSeries(series)
            var refusals: [SeriesRefusal] = []
            for current in try Self.following(tx, series, from: now) {
                var changed = current
                changed.customerName = series.customerName
                changed.note = series.note
                changed.email = series.email
                changed.durationMinutes = series.durationMinutes
                guard changed != current else { continue }
                if changed.durationMinutes != current.durationMinutes {
                    do {
                        try BookingRules.check(tx, start: changed.start, minutes: changed.durationMinutes,
                                               excluding: current.id, now: now, checksPast: false)
                    } catch let error as SchedError {
                        let local = series.zone.civil(current.start)
                        refusals.append(SeriesRefusal(start: current.start, reason: error.message,
                                                      on: local.date, at: local.secondsOfDay))
                        continue
                    }
                }
                let saved = try AppointmentService.save(tx, changed, now: now)
                if saved.durationMinutes != current.durationMinutes {
                    try SyncOutbox.record(tx, .reschedule, saved, now: now)
                }
            }
            if !refusals.isEmpty {
                throw SchedError.seriesRefused(refusals, total: refusals.count, canSkip: false)
            }
            return series
        }
    }

    /// The booked occurrences from `now` on that follow the series (not changed on their own).
    static func following(_ tx: any StoreTransaction, _ series: Series, from now: Date) throws -> [Appointment] {
        try tx.occurrences(seriesID: series.id).filter {
            $0.status == .booked && $0.start >= now && $0.occurrence?.isException == false
        }
    }

    /// The active series of an occurrence.
    static func active(_ tx: any StoreTransaction, of appointment: Appointment) throws -> Series {
        let series = try series(tx, of: appointment)
        guard series.status == .active else { throw SchedError.seriesCancelled(appointment.number) }
        return series
    }
}
