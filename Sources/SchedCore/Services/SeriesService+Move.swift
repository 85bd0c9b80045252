import Foundation

extension SeriesService {
    /// Moves every occurrence from now on that was not changed on its own, by the step from the
    /// occurrence `ref` to `start` (days, and the new wall-clock time); exceptions stay where
    /// they are. A series with occurrences before now is split there, as calendars do: the past
    /// keeps the old rule, and a new series carries the future.
    public func reschedule(_ ref: AppointmentRef, to start: Date, durationMinutes: Int?,
                           skipConflicts: Bool) throws -> Booking {
        if let durationMinutes { try AppointmentRules.duration(durationMinutes) }
        return try store.write { tx in
            let now = clock.now
            let origin = try AppointmentService.existing(tx, ref)
            let old = try Self.active(tx, of: origin)
            let zone = old.zone
            let from = zone.civil(origin.occurrence?.originalStart ?? origin.start)
            let target = zone.civil(start.wholeSeconds)
            let days = target.date.daysSinceEpoch - from.date.daysSinceEpoch
            let today = zone.civil(now).date
            let moving = Self.planned(old, after: nil, through: Self.storedLimit(old, today: today))
                .filter { $0.originalStart >= now }
            guard let cut = moving.first else { throw SchedError.seriesHasNoFuture(origin.number) }
            let newFirst = cut.date.adding(days: days)
            guard let rule = Self.shifted(old.rule, byDays: days, from: old.firstDate, to: newFirst) else {
                throw SchedError.seriesCannotMove(old.rule.text, days: days, number: origin.number)
            }
            var new = old
            new.rule = rule
            new.rule.end = try Self.end(of: old, shiftedBy: days, from: cut, tx)
            new.firstDate = newFirst
            new.secondsOfDay = target.secondsOfDay
            new.durationMinutes = durationMinutes ?? old.durationMinutes
            new.sequence += 1
            new.updatedAt = now.wholeSeconds
            let rows = try tx.occurrences(seriesID: old.id)
            let splits = rows.contains { ($0.occurrence?.originalStart ?? $0.start) < cut.originalStart }
                || old.firstDate < cut.date
            if splits {
                var past = old
                past.rule.end = .until(.instant(cut.originalStart.addingTimeInterval(-1)))
                past.storedThrough = .distantFuture
                past.sequence += 1
                past.updatedAt = now.wholeSeconds
                try tx.updateSeries(past)
                new.id = UUID.random()
                new.importedUID = nil
                new.sequence = 0
                new.createdAt = now.wholeSeconds
            }
            let through = Self.horizon(first: newFirst, today: today)
            new.storedThrough = Self.ruleEnds(new, within: through) ? .distantFuture : through
            if splits { try tx.insertSeries(new) } else { try tx.updateSeries(new) }
            try tx.deleteSkippedOccurrences(seriesID: old.id, from: cut.originalStart)
            let newPlan = Self.planned(new, after: nil, through: through)
            try tx.prefetchWindowSpans(newPlan.map(\.date))
            return try Self.move(rows.filter { ($0.occurrence?.originalStart ?? $0.start) >= cut.originalStart },
                                 of: old, to: new, oldPlan: moving,
                                 newPlan: newPlan,
                                 skipConflicts: skipConflicts, tx, now: now)
        }
    }

    /// How far a series' occurrences are stored: its horizon, or the end of its rule.
    static func storedLimit(_ series: Series, today: CivilDate) -> CivilDate {
        series.storedThrough == .distantFuture
            ? (lastDate(series) ?? horizon(first: series.firstDate, today: today))
            : series.storedThrough
    }

    /// The moved rule's end: the occurrences still to come for COUNT, the last date moved for UNTIL.
    private static func end(of series: Series, shiftedBy days: Int, from cut: PlannedOccurrence,
                            _ tx: any StoreTransaction) throws -> RecurrenceRule.End? {
        switch series.rule.end {
        case nil: return nil
        case .count(let count):
            let before = series.rule.dates(first: series.firstDate, through: cut.date.adding(days: -1), lastDate: nil)
            return .count(max(1, count - before.count))
        case .until:
            guard let last = lastDate(series) else { return series.rule.end }
            return .until(.instant(series.zone.startOfDay(last.adding(days: days + 1)).addingTimeInterval(-1)))
        }
    }

    /// Pairs the stored occurrences with the moved rule's, in order: those that follow the series
    /// move (each checked as a booking), exceptions only change series.
    private static func move(
        _ rows: [Appointment], of old: Series, to new: Series, oldPlan: [PlannedOccurrence],
        newPlan: [PlannedOccurrence], skipConflicts: Bool, _ tx: any StoreTransaction, now: Date
    ) throws -> Booking {
        var byOriginal = Dictionary(rows.map { ($0.occurrence?.originalStart ?? $0.start, $0) },
                                    uniquingKeysWith: { first, _ in first })
        // Out of the way first, so no occurrence blocks another's new time.
        for row in rows where row.status == .booked && row.occurrence?.isException == false {
            var parked = row
            parked.status = .cancelled
            try tx.update(parked)
        }
        var booking = Booking(series: new, booked: [], skipped: [])
        var refusals: [SeriesRefusal] = []
        for (index, planned) in newPlan.enumerated() {
            let row = index < oldPlan.count ? byOriginal.removeValue(forKey: oldPlan[index].originalStart) : nil
            if let row, row.occurrence?.isException == true {
                var kept = row
                kept.occurrence = Occurrence(seriesID: new.id, originalStart: planned.originalStart, isException: true)
                try tx.update(kept)
                continue
            }
            guard let row else {
                switch try store(planned, of: new, tx, now: now) {
                case .booked(let appointment): booking.booked.append(appointment)
                case .refused(let refusal): refusals.append(refusal)
                }
                continue
            }
            let refusal = try planned.start == nil
                ? store(planned, of: new, tx, now: now).refusal
                : refusalToMove(planned, new, tx, now: now)
            var moved = row
            moved.occurrence = Occurrence(seriesID: new.id, originalStart: planned.originalStart)
            if let refusal {
                // Cancelled unless the change is refused whole, which undoes this too.
                refusals.append(refusal)
                moved.status = .cancelled
                try SyncOutbox.record(tx, .cancel, try AppointmentService.save(tx, moved, now: now), now: now)
                continue
            }
            moved.status = .booked
            moved.start = planned.start ?? row.start
            moved.durationMinutes = new.durationMinutes
            let saved = try AppointmentService.save(tx, moved, now: now)
            try SyncOutbox.record(tx, .reschedule, saved, now: now)
            booking.booked.append(saved)
        }
        for row in byOriginal.values where row.status == .booked && row.occurrence?.isException == false {
            try SyncOutbox.record(tx, .cancel, try AppointmentService.save(tx, row.cancelled, now: now), now: now)
        }
        try settle(refusals, of: new, total: newPlan.count, skipConflicts: skipConflicts, into: &booking, tx)
        return booking
    }

    private static func refusalToMove(_ planned: PlannedOccurrence, _ series: Series, _ tx: any StoreTransaction,
                                      now: Date) throws -> SeriesRefusal? {
        guard let start = planned.start,
              let reason = try refusal(tx, start: start, minutes: series.durationMinutes, zone: series.zone, now: now)
        else { return nil }
        return SeriesRefusal(start: start, reason: reason, on: planned.date, at: series.secondsOfDay)
    }

    /// Refuses the change with every refused occurrence listed, or, with `skipConflicts`,
    /// records them as skipped.
    static func settle(_ refusals: [SeriesRefusal], of series: Series, total: Int, skipConflicts: Bool,
                       into booking: inout Booking, _ tx: any StoreTransaction) throws {
        guard !refusals.isEmpty else { return }
        guard skipConflicts, !booking.booked.isEmpty else {
            throw SchedError.seriesRefused(refusals, total: total, canSkip: !skipConflicts && !booking.booked.isEmpty)
        }
        for refusal in refusals {
            let skipped = SkippedOccurrence(seriesID: series.id, originalStart: refusal.start, reason: refusal.reason)
            try tx.insertSkippedOccurrence(skipped)
            booking.skipped.append(skipped)
        }
    }

    /// The rule moved by `days`, its BY parts following the first occurrence's new date as
    /// calendars do ("every month on the 2nd Wednesday"); nil when the rule cannot say it.
    static func shifted(_ rule: RecurrenceRule, byDays days: Int, from first: CivilDate,
                        to newFirst: CivilDate) -> RecurrenceRule? {
        guard days != 0 else { return rule }
        guard rule.bySetPos.isEmpty else { return nil }
        var moved = rule
        let shiftDay = { (day: RecurrenceRule.DayRule) -> RecurrenceRule.DayRule in
            let number = ((day.weekday.rawValue - 1 + days) % 7 + 7) % 7 + 1
            return RecurrenceRule.DayRule(Weekday(rawValue: number)!, ordinal: day.ordinal)
        }
        switch rule.frequency {
        case .daily, .weekly:
            guard rule.byMonthDay.isEmpty, rule.byMonth.isEmpty, rule.byDay.allSatisfy({ $0.ordinal == nil }) else {
                return nil
            }
            moved.byDay = rule.byDay.map(shiftDay)
        case .monthly:
            guard rule.byMonth.isEmpty else { return nil }
            switch (rule.byDay.count, rule.byMonthDay.count) {
            case (0, 0): break
            case (0, 1) where rule.byMonthDay[0] > 0: moved.byMonthDay = [newFirst.day]
            case (1, 0) where rule.byDay[0].ordinal != nil:
                let last = rule.byDay[0].ordinal! < 0
                    && newFirst.day + 7 > CivilDate.daysInMonth(year: newFirst.year, month: newFirst.month)
                moved.byDay = [RecurrenceRule.DayRule(newFirst.weekday, ordinal: last ? -1 : (newFirst.day - 1) / 7 + 1)]
            case (_, 0) where rule.byDay.allSatisfy({ $0.ordinal == nil }): moved.byDay = rule.byDay.map(shiftDay)
            default: return nil
            }
        case .yearly:
            switch (rule.byMonth.count, rule.byMonthDay.count, rule.byDay.count) {
            case (0, 0, 0): break
            case (1, 1, 0), (1, 0, 0):
                moved.byMonth = [newFirst.month]
                moved.byMonthDay = rule.byMonthDay.isEmpty ? [] : [newFirst.day]
            default: return nil
            }
        }
        return moved
    }
}

extension StoredOccurrence {
    var refusal: SeriesRefusal? {
        switch self {
        case .booked: nil
        case .refused(let refusal): refusal
        }
    }
}

extension Appointment {
    /// The same appointment, cancelled.
    var cancelled: Appointment {
        var copy = self
        copy.status = .cancelled
        return copy
    }
}
