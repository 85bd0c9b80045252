import Foundation

/// An appointment read from a calendar or CSV file, ready for the checks `book` makes.
public struct ImportCandidate: Sendable, Equatable {
    public var appointment: NewAppointment
    /// The id to book under: the appointment's own when the file came from sched.
    public var id: UUID?
    /// The event's UID, remembered so a second import of the file skips it and an export
    /// writes it again.
    public var uid: String?
    /// The CN of the attendee whose address is the appointment's email; nil when it had none.
    public var attendeeName: String?
    /// For a repeating event: the series to book instead of `appointment`, whose start is then
    /// that of the first occurrence.
    public var series: SeriesCandidate?

    public init(appointment: NewAppointment, id: UUID? = nil, uid: String? = nil, attendeeName: String? = nil) {
        self.appointment = appointment
        self.id = id
        self.uid = uid
        self.attendeeName = attendeeName
    }
}

/// What became of one imported entry.
public enum ImportOutcome: Sendable, Equatable {
    case imported(Appointment)
    /// Already here; the reason says how it was recognised.
    case skipped(String)
    /// Refused; for an overlap, the booked appointment it overlaps (one imported earlier from
    /// the same file, maybe), so the report can name it.
    case refused(SchedError, overlapping: Appointment? = nil)
    /// A repeating event: what became of each of its occurrences.
    indirect case series([OccurrenceOutcome])

    public var isRefused: Bool {
        switch self {
        case .refused: true
        case .series(let occurrences): occurrences.contains { $0.outcome.isRefused }
        case .imported, .skipped: false
        }
    }
}

extension AppointmentService {
    /// Books each candidate as `book` would, all in one transaction, and says what became of
    /// each. A refused candidate writes nothing, since its checks come before its writes. With
    /// `allOrNothing` the rest are still checked, for the report, and if any was refused (or
    /// `refusedBefore` says the caller refused one already) nothing is kept.
    ///
    /// Gives back the outcomes and whether they were kept.
    public func importAppointments(
        _ candidates: [ImportCandidate], allOrNothing: Bool, refusedBefore: Bool = false
    ) throws -> (outcomes: [ImportOutcome], kept: Bool) {
        var outcomes: [ImportOutcome] = []
        outcomes.reserveCapacity(candidates.count)
        do {
            try store.write { tx in
                // Undone here, not only by the transaction's owner: inside a longer one (an
                // --atomic run) the import goes on as a statement that kept nothing.
                try tx.savepoint {
                    let now = clock.now
                    for candidate in candidates {
                        outcomes.append(try Self.importOne(tx, candidate, now: now))
                    }
                    if allOrNothing && (refusedBefore || outcomes.contains(where: \.isRefused)) {
                        throw SchedError.importUndone
                    }
                }
            }
        } catch let error as SchedError where error == .importUndone {
            return (outcomes, false)
        }
        return (outcomes, true)
    }

    private static func importOne(_ tx: any StoreTransaction, _ candidate: ImportCandidate, now: Date) throws -> ImportOutcome {
        if let uid = candidate.uid, try tx.hasImportedEvent(uid: uid) {
            return .skipped("already present: imported before (UID \(uid))")
        }
        if let series = candidate.series {
            return try SeriesService.importSeries(tx, series, candidate, now: now)
        }
        if let id = candidate.id, try tx.appointment(.id(id)) != nil {
            return .skipped("already present (UID \(candidate.uid ?? id.lowercasedText))")
        }
        let valid: NewAppointment
        do {
            valid = try AppointmentRules.validated(candidate.appointment)
        } catch let error as SchedError {
            return .refused(error)
        }
        do {
            try BookingRules.checkImported(tx, start: valid.start, minutes: valid.durationMinutes, now: now)
        } catch let error as SchedError {
            guard error == .slotAlreadyBooked else { return .refused(error) }
            let end = valid.start.adding(minutes: valid.durationMinutes)
            let overlapping = try tx.bookedAppointments(overlapping: valid.start, end, excluding: nil)
            if overlapping.contains(where: { isSame($0, valid) }) {
                return .skipped("already present: the same appointment is booked")
            }
            return .refused(error, overlapping: overlapping.first)
        }
        // Past the checks only storage can fail, and that fails the whole import.
        let booked = try tx.insert(valid, id: candidate.id ?? UUID.random(), now: now)
        if let uid = candidate.uid {
            // A name the appointment could not carry is not kept for the attendee either.
            let name = booked.email == nil ? nil : candidate.attendeeName.flatMap { try? AppointmentRules.name($0) }
            let event = ImportedEvent(uid: uid, attendeeEmail: booked.email, attendeeName: name)
            try tx.recordImportedEvent(event, appointmentID: booked.id, now: now)
        }
        try SyncOutbox.record(tx, .create, booked, now: now)
        return .imported(booked)
    }

    /// Whether the booked appointment is the same customer at the same start for the same length.
    private static func isSame(_ booked: Appointment, _ new: NewAppointment) -> Bool {
        booked.customerName == new.customerName && booked.start == new.start
            && booked.durationMinutes == new.durationMinutes
    }
}
