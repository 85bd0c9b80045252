import Foundation
import SchedCore
import SchedInterchange
import Scheduling

/// Repeating events of an imported calendar: an event with RRULE becomes a series, the events
/// that share its UID with a RECURRENCE-ID replace its occurrences, and RDATE adds
/// appointments beside it (an override of an RDATE gives that appointment its own details).
extension Interpreter {
    /// Which entries of a file are series and which replace one of their occurrences.
    struct SeriesPlan {
        /// The index of the series entry of each UID.
        var series: [String: Int] = [:]
        /// The overrides of each series entry, by its index.
        var overrides: [Int: [Int]] = [:]
        /// Every override taken by a series, by its index, with the series'.
        var attached: [Int: Int] = [:]
        /// The overrides of an RDATE, each imported as the appointment that date adds.
        var addedDates: Set<Int> = []

        init(_ entries: [ImportEntry]) {
            for (index, entry) in entries.enumerated() where entry.rule != nil && entry.recurrenceID == nil {
                if let uid = entry.uid, series[uid] == nil { series[uid] = index }
            }
            for (index, entry) in entries.enumerated() where entry.recurrenceID != nil && entry.rule == nil {
                guard let uid = entry.uid, let master = series[uid] else { continue }
                overrides[master, default: []].append(index)
                attached[index] = master
            }
            // An occurrence sched exported as an event of its own goes back into its series.
            for (index, entry) in entries.enumerated()
            where entry.originalStart != nil && entry.recurrenceID == nil && entry.rule == nil {
                guard let parent = entry.relatedTo, let master = series[parent] else { continue }
                overrides[master, default: []].append(index)
                attached[index] = master
            }
        }
    }

    /// The series an entry with RRULE asks for, with its overrides and RDATEs, or why not. Each
    /// RDATE comes with the position in `overrides` of the override it has, if any.
    func seriesCandidate(_ entry: ImportEntry, overrides: [ImportEntry], _ context: Moment)
        -> Result<(ImportCandidate, extra: [(ImportCandidate, override: Int?)]), ImportOutcome.Failure> {
        if let problem = entry.problem { return .failure(.refused(ImportMessage.refusal(problem))) }
        guard let ruleText = entry.rule, let start = entry.start else {
            return .failure(.refused(ImportMessage.refusal(ImportMessage.startMissing)))
        }
        let rule: RecurrenceRule
        switch RecurrenceRule.parse(ruleText) {
        case .success(let parsed): rule = parsed
        case .failure(let problem):
            return .failure(.refused(ImportMessage.refusal(ImportMessage.ruleRefused(ruleText, problem.description))))
        }
        do {
            let (first, seconds, zone) = try seriesStart(start, rule: rule, context)
            let startInstant = try instant(start, context)
            let minutes = try eventMinutes(entry, from: startInstant, context)
            let series = NewSeries(customerName: entry.name, note: entry.note, email: entry.email, rule: rule,
                                   firstDate: first, secondsOfDay: seconds, durationMinutes: minutes, zone: zone)
            var candidate = SeriesCandidate(series: series)
            candidate.excluded = Set(entry.excluded.map { localDate($0, in: zone) })
            var added = try entry.extra.map { try instant($0, context) }
            var addedOverride: [Date: Int] = [:]
            for (position, override) in overrides.enumerated() {
                if override.originalStart == nil, let original = override.recurrenceID,
                   let at = try? instant(original, context), added.contains(at) {
                    addedOverride[at] = position
                    continue
                }
                guard let original = override.originalStart ?? override.recurrenceID else { continue }
                let date = localDate(original, in: zone)
                if override.originalStart != nil {
                    // sched's own export: the occurrence of `date`, whose EXDATE and RDATE only
                    // spelt the change out for other readers.
                    candidate.excluded.remove(date)
                    if let filled = override.recurrenceID, let at = try? instant(filled, context) {
                        added.removeAll { $0 == at }
                    }
                }
                if override.cancelled {
                    candidate.excluded.insert(date)
                    continue
                }
                guard override.problem == nil, let overrideStart = override.start else { continue }
                let movedStart = try instant(overrideStart, context)
                let moved = NewAppointment(
                    customerName: override.name, start: movedStart,
                    durationMinutes: try eventMinutes(override, from: movedStart, context),
                    note: override.note, email: override.email)
                candidate.moved[date] = MovedOccurrence(key: override.line, appointment: moved)
            }
            var imported = ImportCandidate(
                appointment: NewAppointment(customerName: entry.name, start: startInstant,
                                            durationMinutes: minutes, note: entry.note, email: entry.email),
                // A series sched exported keeps its id, so importing it again finds it.
                id: Self.exportedID(entry.uid), uid: entry.uid, attendeeName: entry.attendeeName)
            imported.series = candidate
            var extra: [(ImportCandidate, override: Int?)] = []
            for start in added {
                guard let position = addedOverride[start] else {
                    extra.append((ImportCandidate(appointment: NewAppointment(
                        customerName: entry.name, start: start, durationMinutes: minutes,
                        note: entry.note, email: entry.email)), nil))
                    continue
                }
                let override = overrides[position]
                // Cancelled, the date adds nothing; with a problem, its line reports it.
                guard !override.cancelled, override.problem == nil, let overrideStart = override.start else { continue }
                let movedStart = try instant(overrideStart, context)
                extra.append((ImportCandidate(appointment: NewAppointment(
                    customerName: override.name, start: movedStart,
                    durationMinutes: try eventMinutes(override, from: movedStart, context),
                    note: override.note, email: override.email)), position))
            }
            return .success((imported, extra))
        } catch let failure as ImportOutcome.Failure {
            return .failure(failure)
        } catch let error as SchedError {
            return .failure(.refused(error))
        } catch {
            return .failure(.refused(ImportMessage.refusal("\(error)")))
        }
    }

    /// DTSTART as a series needs it: a date and a wall time in a zone sched knows.
    private func seriesStart(_ start: EntryTime, rule: RecurrenceRule,
                             _ context: Moment) throws -> (CivilDate, Int, HomeZone) {
        switch start {
        case .instant(let instant):
            let (date, seconds) = HomeZone.utc.civil(instant)
            return (date, seconds, .utc)
        case .wall(let date, let seconds, nil):
            return (date, seconds, context.zone)
        case .wall(let date, let seconds, .system(let zone)?):
            return (date, seconds, zone)
        case .wall(let date, let seconds, .defined(let defined)?):
            let through = SeriesService.horizon(first: date, today: context.today)
            let times = rule.dates(first: date, through: through).map { ($0, seconds) }
            guard let zone = defined.systemZone(agreeingAt: times, preferring: [context.zone]) else {
                throw ImportOutcome.Failure.refused(ImportMessage.refusal(ImportMessage.seriesZoneUnknown(defined.tzid)))
            }
            return (date, seconds, zone)
        }
    }

    /// The date, in a series' zone, of a time the file gives (EXDATE, RECURRENCE-ID).
    private func localDate(_ time: EntryTime, in zone: HomeZone) -> CivilDate {
        switch time {
        case .instant(let instant): zone.civil(instant).date
        case .wall(let date, _, _): date
        }
    }
}
