import Foundation

extension SyncService {
    /// Sends queued changes to Cal.com, each appointment's in the order they were made.
    ///
    /// Without `force`, entries wait for their next-attempt time and refused entries stay
    /// refused; `sync push` forces both. A transient failure (network, timeout, 5xx, 429) stops
    /// the round: the entry stays queued with its attempts, next-attempt time and error.
    /// `connection` is the one the caller read to make `remote`, so it is not read twice.
    public func push(_ remote: any RemoteCalendar, connection: CalcomConnection, force: Bool) throws -> PushReport {
        var report = PushReport()
        if !force, let wait = try backOff() {
            // An earlier attempt failed for a reason that may not have passed yet (the network,
            // a rate limit): wait for its next attempt rather than try each new change.
            report.remaining = try store.read { tx in try tx.syncEntries().count }
            report.waitingUntil = wait
            return report
        }
        // One pass in outbox order: an appointment's next entry comes after its first, so it
        // is reached once the first has gone through, and skipped once the first is held up.
        let now = clock.now
        let entries = try store.read { tx in try tx.syncEntries() }
        // A refused create of an appointment cancelled since is only looked up, never sent
        // again, so it need not wait for `sync push`.
        let cancelling = Set(entries.filter { $0.change == .cancel }.map(\.appointmentID))
        var blocked: Set<UUID> = []
        for entry in entries where !blocked.contains(entry.appointmentID) {
            let forced = force || (entry.change == .create && cancelling.contains(entry.appointmentID))
            guard Self.isDue(entry, force: forced, now: now), let claimed = try claim(entry) else {
                blocked.insert(entry.appointmentID)
                continue
            }
            do {
                try send(claimed, remote, connection)
                report.sent += 1
            } catch {
                try record(error, for: claimed)
                report.lastError = SchedError.calcom(error)
                blocked.insert(entry.appointmentID)
                if case .refused = error {
                    report.refused += 1
                } else if case .invalidResponse = error {
                    report.refused += 1
                } else {
                    // The network, a rate limit or the key: the next entries would fail alike.
                    report.stopped = true
                    break
                }
            }
        }
        if report.sent > 0 {
            try store.write { tx in
                guard var saved = try tx.calcomConnection() else { return }
                saved.lastPushAt = clock.now
                try tx.setCalcomConnection(saved)
            }
        }
        report.remaining = try store.read { tx in try tx.syncEntries().count }
        return report
    }

    /// The next-attempt time of a pending entry that failed transiently and is not due yet.
    private func backOff() throws -> Date? {
        let now = clock.now
        return try store.read { tx in
            try tx.syncEntries()
                .filter { $0.state == .pending }
                .compactMap(\.nextAttemptAt)
                .filter { $0 > now }
                .min()
        }
    }

    /// Whether the entry may be sent now: not claimed by another process, and without `force`
    /// neither refused nor waiting for its next attempt.
    private static func isDue(_ entry: SyncEntry, force: Bool, now: Date) -> Bool {
        if let claimedUntil = entry.claimedUntil, claimedUntil > now { return false }
        if force { return true }
        if entry.state == .failed { return false }
        return (entry.nextAttemptAt ?? now) <= now
    }

    /// Marks the entry as being sent by this process and counts the attempt; nil when another
    /// process changed or claimed it meanwhile.
    private func claim(_ entry: SyncEntry) throws -> SyncEntry? {
        try store.write { tx in
            let now = clock.now
            return try tx.claimSyncEntry(entry, until: now.addingTimeInterval(policy.claimDuration), now: now)
        }
    }

    private func record(_ error: RemoteCalendarError, for entry: SyncEntry) throws {
        try store.write { tx in
            guard var current = try tx.syncEntries(appointmentID: entry.appointmentID).first(where: { $0.id == entry.id })
            else { return }
            let now = clock.now
            current.claimedUntil = nil
            current.lastError = SchedError.calcom(error).message
            switch error {
            case .rateLimited(let wait):
                current.state = .pending
                current.nextAttemptAt = now.addingTimeInterval(max(wait ?? policy.retryDelay, 1))
            case .unreachable:
                current.state = .pending
                current.nextAttemptAt = now.addingTimeInterval(policy.delay(afterAttempts: current.attempts))
            case .unauthorized, .refused, .invalidResponse:
                current.state = .failed
                current.nextAttemptAt = nil
            }
            try tx.updateSyncEntry(current)
        }
    }

    /// Makes Cal.com match the entry, then removes it and stores the uid the booking now has.
    private func send(_ entry: SyncEntry, _ remote: any RemoteCalendar, _ connection: CalcomConnection) throws(RemoteCalendarError) {
        let appointment: Appointment
        let zone: HomeZone
        do {
            guard let found = try store.read({ tx in try tx.appointment(.id(entry.appointmentID)) }) else {
                try finish(entry, uid: nil)
                return
            }
            appointment = found
            zone = try store.read { tx in try tx.homeZone() }
        } catch {
            throw .invalidResponse("the local database could not be read")
        }
        let uid: String?
        switch entry.change {
        case .create where appointment.status == .cancelled, .reschedule where appointment.status == .cancelled:
            // Cancelled since: find the booking an earlier attempt may have made, for the
            // cancel that follows; never make or move one.
            if let known = appointment.calcomBookingUID {
                uid = known
            } else if entry.attempts > 1 {
                uid = try existingBooking(for: appointment.id, near: entry.start, remote)?.uid
            } else {
                uid = nil
            }
        case .create:
            uid = try create(entry, appointment, remote, connection, zone)
        case .reschedule:
            uid = try move(entry, appointment, remote, connection, zone)
        case .cancel:
            if let current = appointment.calcomBookingUID {
                do {
                    _ = try remote.cancel(uid: current, reason: "Cancelled in sched")
                } catch .refused(404, _) {
                    // Cal.com has no such booking: there is nothing left to cancel.
                }
            }
            uid = appointment.calcomBookingUID
        }
        do {
            try finish(entry, uid: uid)
        } catch {
            throw .invalidResponse("the local database could not be written")
        }
    }

    /// A booking for the appointment, unless it has one; after an attempt that may have
    /// reached Cal.com, the bookings around its start are searched for it first.
    private func create(_ entry: SyncEntry, _ appointment: Appointment, _ remote: any RemoteCalendar,
                        _ connection: CalcomConnection, _ zone: HomeZone) throws(RemoteCalendarError) -> String {
        if let uid = appointment.calcomBookingUID { return uid }
        if entry.attempts > 1, let found = try existingBooking(for: appointment.id, near: entry.start, remote) {
            return found.uid
        }
        return try remote.createBooking(request(for: appointment, entry, connection, zone)).uid
    }

    /// Moves the booking: a reschedule when the length stays, else a cancel and a new booking
    /// (Cal.com's reschedule keeps the length).
    private func move(_ entry: SyncEntry, _ appointment: Appointment, _ remote: any RemoteCalendar,
                      _ connection: CalcomConnection, _ zone: HomeZone) throws(RemoteCalendarError) -> String {
        guard var uid = appointment.calcomBookingUID else {
            return try create(entry, appointment, remote, connection, zone)
        }
        if entry.attempts > 1, let moved = try remote.booking(uid: uid)?.rescheduledToUID {
            // Moved since: by an earlier attempt of this change when the latest booking starts
            // where the change asks, else on Cal.com, and then the latest booking is moved.
            let latestUID = try latest(moved, remote)
            if try remote.booking(uid: latestUID)?.start == entry.start { return latestUID }
            uid = latestUID
        }
        let lengths = connection.eventType.lengthOptions
        if lengths.contains(entry.durationMinutes), let current = try remote.booking(uid: uid),
           current.durationMinutes != entry.durationMinutes,
           current.status != .cancelled || current.cancellationReason == Self.lengthChangedReason {
            // A booking cancelled with that reason was cancelled by an earlier attempt of this
            // change, which failed before it made the new booking.
            if current.status != .cancelled {
                _ = try remote.cancel(uid: uid, reason: Self.lengthChangedReason)
            }
            if let found = try existingBooking(for: appointment.id, near: entry.start, remote) { return found.uid }
            return try remote.createBooking(request(for: appointment, entry, connection, zone)).uid
        }
        return try remote.reschedule(uid: uid, to: entry.start, reason: "Rescheduled in sched").uid
    }

    /// The cancellation reason of a booking replaced because its length changed.
    static let lengthChangedReason = "Length changed in sched"

    /// The end of a chain of reschedules starting at `uid`.
    func latest(_ uid: String, _ remote: any RemoteCalendar) throws(RemoteCalendarError) -> String {
        var current = uid
        var seen: Set<String> = [uid]
        while let next = try remote.booking(uid: current)?.rescheduledToUID, seen.insert(next).inserted {
            current = next
        }
        return current
    }

    /// A live booking carrying the appointment's id in its metadata, within a day of `start`.
    private func existingBooking(for id: UUID, near start: Date, _ remote: any RemoteCalendar)
        throws(RemoteCalendarError) -> RemoteBooking? {
        try remote.bookings(from: start.addingTimeInterval(-86400), to: start.addingTimeInterval(86400))
            .first { $0.appointmentID == id && $0.status != .cancelled && $0.status != .rejected }
    }

    private func request(for appointment: Appointment, _ entry: SyncEntry, _ connection: CalcomConnection,
                         _ zone: HomeZone) -> RemoteBookingRequest {
        let eventType = connection.eventType
        return RemoteBookingRequest(
            appointmentID: appointment.id, eventTypeID: eventType.id, start: entry.start,
            lengthInMinutes: eventType.lengthOptions.contains(entry.durationMinutes) ? entry.durationMinutes : nil,
            attendeeName: appointment.customerName, attendeeEmail: appointment.email ?? connection.account.email,
            attendeeTimeZone: zone.identifier)
    }

    /// Removes the entry and stores the booking's uid on the appointment.
    private func finish(_ entry: SyncEntry, uid: String?) throws {
        try store.write { tx in
            try tx.deleteSyncEntry(id: entry.id)
            guard var appointment = try tx.appointment(.id(entry.appointmentID)),
                  appointment.calcomBookingUID != uid else { return }
            if let uid, let holder = try tx.appointment(calcomUID: uid), holder.id != appointment.id {
                var released = holder
                released.calcomBookingUID = nil
                try tx.update(released)
            }
            appointment.calcomBookingUID = uid
            try tx.update(appointment)
        }
    }
}

/// What one push did.
public struct PushReport: Sendable, Equatable {
    /// Entries Cal.com now matches.
    public var sent = 0
    /// Entries Cal.com refused in this round.
    public var refused = 0
    /// Entries left in the outbox.
    public var remaining = 0
    /// Whether a transient failure ended the round early.
    public var stopped = false
    public var lastError: SchedError?
    /// Set when nothing was sent because an earlier failure's next attempt is not due yet.
    public var waitingUntil: Date?

    public init() {}
}
