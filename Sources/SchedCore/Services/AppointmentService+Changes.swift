import Foundation

extension AppointmentService {
    /// Books an appointment: validation, past, availability and conflict checks and the insert
    /// all happen in one IMMEDIATE transaction.
    public func book(_ new: NewAppointment) throws -> Appointment {
        let valid = try AppointmentRules.validated(new)
        return try store.write { tx in
            try tx.lockBooking(from: valid.start, to: valid.start.adding(minutes: valid.durationMinutes))
            let now = clock.now
            try BookingRules.checkExplained(
                tx, start: valid.start, minutes: valid.durationMinutes, excluding: nil, now: now, checksPast: true)
            try BookingPolicy.check(tx, start: valid.start, minutes: valid.durationMinutes, excluding: nil, now: now)
            let booked = try tx.insert(valid, id: UUID.random(), now: now)
            try SyncOutbox.record(tx, .create, booked, now: now)
            return booked
        }
    }

    /// Moves an appointment, keeping its customer, and its duration unless one is given.
    public func reschedule(_ ref: AppointmentRef, to start: Date, durationMinutes: Int?) throws -> Appointment {
        if let durationMinutes {
            try AppointmentRules.duration(durationMinutes)
        }
        return try store.write { tx in
            var appointment = try Self.existingBooked(tx, ref)
            let now = clock.now
            appointment.start = start.wholeSeconds
            appointment.durationMinutes = durationMinutes ?? appointment.durationMinutes
            appointment.occurrence?.isException = true
            try BookingRules.checkExplained(
                tx, start: appointment.start, minutes: appointment.durationMinutes,
                excluding: appointment.id, now: now, checksPast: true)
            try BookingPolicy.check(tx, start: appointment.start, minutes: appointment.durationMinutes,
                                    excluding: appointment.id, now: now)
            let moved = try Self.save(tx, appointment, now: now)
            try SyncOutbox.record(tx, .reschedule, moved, now: now)
            return moved
        }
    }

    /// Changes the given fields; a new time or duration passes the same checks as a booking.
    public func update(_ ref: AppointmentRef, _ changes: AppointmentChanges) throws -> Appointment {
        let valid = try AppointmentRules.validated(changes)
        return try store.write { tx in
            let current = try Self.existingBooked(tx, ref)
            var changed = Self.applying(valid, to: current)
            guard changed != current else { return current }
            changed.occurrence?.isException = true
            let now = clock.now
            if changed.start != current.start || changed.durationMinutes != current.durationMinutes {
                try BookingRules.checkExplained(
                    tx, start: changed.start, minutes: changed.durationMinutes, excluding: current.id,
                    now: now, checksPast: changed.start != current.start)
                try BookingPolicy.check(tx, start: changed.start, minutes: changed.durationMinutes, excluding: current.id,
                                        now: now, movesStart: changed.start != current.start)
            }
            let saved = try Self.save(tx, changed, now: now)
            if saved.start != current.start || saved.durationMinutes != current.durationMinutes {
                try SyncOutbox.record(tx, .reschedule, saved, now: now)
            }
            return saved
        }
    }

    /// Cancels a booked appointment; cancelling twice is an error.
    public func cancel(_ ref: AppointmentRef) throws -> Appointment {
        try store.write { tx in try Self.cancel(tx, try Self.existingBooked(tx, ref), now: clock.now) }
    }

    /// Cancels a booked appointment inside the caller's transaction, and queues the cancel.
    private static func cancel(_ tx: any StoreTransaction, _ appointment: Appointment, now: Date) throws -> Appointment {
        var appointment = appointment
        appointment.status = .cancelled
        appointment.occurrence?.isException = true
        let cancelled = try save(tx, appointment, now: now)
        try SyncOutbox.record(tx, .cancel, cancelled, now: now)
        return cancelled
    }

    /// Cancels several booked appointments together: if one cannot be cancelled, none is.
    /// An appointment named twice is cancelled once.
    public func cancel(_ refs: [AppointmentRef]) throws -> [Appointment] {
        try store.write { tx in
            let now = clock.now
            var seen: Set<UUID> = []
            var cancelled: [Appointment] = []
            for ref in refs {
                let appointment = try Self.existingBooked(tx, ref)
                guard seen.insert(appointment.id).inserted else { continue }
                cancelled.append(try Self.cancel(tx, appointment, now: now))
            }
            return cancelled
        }
    }

    /// Books a cancelled appointment again at its own time, with every check a booking gets.
    /// On Cal.com it is a new booking, unless the cancel has not left the outbox yet.
    public func restore(_ ref: AppointmentRef) throws -> Appointment {
        try store.write { tx in
            let now = clock.now
            var appointment: Appointment
            if case .customer(let name, let from) = ref {
                appointment = try tx.appointment(customer: name, upcomingFrom: from, status: .cancelled)
            } else {
                appointment = try Self.existing(tx, ref)
            }
            guard appointment.status == .cancelled else {
                throw SchedError.appointmentNotCancelled(appointment.number)
            }
            try BookingRules.checkExplained(
                tx, start: appointment.start, minutes: appointment.durationMinutes, excluding: appointment.id,
                now: now, checksPast: true)
            try BookingPolicy.check(tx, start: appointment.start, minutes: appointment.durationMinutes,
                                    excluding: appointment.id, now: now)
            appointment.status = .booked
            let needsCreate = try SyncOutbox.takeBackCancel(tx, &appointment)
            let restored = try Self.save(tx, appointment, now: now)
            if needsCreate {
                try SyncOutbox.record(tx, .create, restored, now: now)
            }
            return restored
        }
    }

    /// Bumps the sequence and the update time, and writes the appointment.
    static func save(_ tx: any StoreTransaction, _ appointment: Appointment, now: Date) throws -> Appointment {
        var saved = appointment
        saved.sequence += 1
        saved.updatedAt = now.wholeSeconds
        try tx.update(saved)
        return saved
    }

    /// The appointment with validated changes applied; an empty note or email clears it.
    private static func applying(_ changes: AppointmentChanges, to appointment: Appointment) -> Appointment {
        var changed = appointment
        changed.customerName = changes.customerName ?? changed.customerName
        changed.start = changes.start ?? changed.start
        changed.durationMinutes = changes.durationMinutes ?? changed.durationMinutes
        if let note = changes.note {
            changed.note = note.isEmpty ? nil : note
        }
        if let email = changes.email {
            changed.email = email.isEmpty ? nil : email
        }
        return changed
    }
}
