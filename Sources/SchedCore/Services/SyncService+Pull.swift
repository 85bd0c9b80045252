import Foundation

extension SyncService {
    /// Reads every Cal.com booking starting in `[from, to)` and brings the local schedule in
    /// step: bookings made on Cal.com are imported, reschedule chains are followed to their
    /// latest booking, remote cancellations are applied, and a booking that overlaps a local
    /// appointment is recorded as a conflict instead. Running it twice changes nothing the
    /// second time.
    public func pull(_ remote: any RemoteCalendar, from: Date, to: Date) throws -> PullReport {
        let connection = try requireConnection()
        // On an event type with one length Cal.com holds every booking at that length, so a
        // booking's length says nothing about its appointment's.
        let keepsLocalLength = connection.eventType.lengthOptions.isEmpty
        let bookings: [String: RemoteBooking]
        let listed: [RemoteBooking]
        do {
            listed = try remote.bookings(from: from, to: to)
            bookings = try Self.withChains(listed, remote)
        } catch {
            throw SchedError.calcom(error)
        }
        let chains = ChainIndex(bookings.values)
        return try store.write { tx in
            var report = PullReport(read: listed.count)
            var handled: Set<String> = []
            for booking in listed.sorted(by: { ($0.start, $0.uid) < ($1.start, $1.uid) })
            where !handled.contains(booking.uid) {
                let chain = chains.chain(through: booking.uid)
                handled.formUnion(chain)
                guard let latestUID = chain.last, let latest = bookings[latestUID] else { continue }
                switch try Self.owner(of: chain, bookings: bookings, tx) {
                case .appointment(let local):
                    try apply(latest, to: local, keepingLength: keepsLocalLength, tx, &report)
                case .leftBehind:
                    continue
                case .nobody:
                    try importBooking(latest, tx, &report)
                }
            }
            if var connection = try tx.calcomConnection() {
                connection.lastPullAt = clock.now
                try tx.setCalcomConnection(connection)
            }
            return report
        }
    }

    /// The listed bookings and every booking their reschedule links lead to, read from
    /// Cal.com when the range left them out.
    private static func withChains(_ listed: [RemoteBooking], _ remote: any RemoteCalendar)
        throws(RemoteCalendarError) -> [String: RemoteBooking] {
        var bookings = Dictionary(listed.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        var queue = listed.compactMap(\.rescheduledToUID)
        var fetched = 0
        while let uid = queue.popLast(), fetched < 1000 {
            guard bookings[uid] == nil else { continue }
            fetched += 1
            guard let booking = try remote.booking(uid: uid) else { continue }
            bookings[uid] = booking
            if let next = booking.rescheduledToUID { queue.append(next) }
        }
        return bookings
    }

    /// Whose bookings a reschedule chain holds.
    private enum ChainOwner {
        case appointment(Appointment)
        /// An appointment whose current booking is elsewhere: a change of length replaced the
        /// booking, or it moved after the listing was read. Neither follow nor import.
        case leftBehind
        case nobody
    }

    /// The local appointment a booking of the chain belongs to: by uid, else by the id sched
    /// wrote into its metadata, for an appointment that has no uid yet.
    private static func owner(of chain: [String], bookings: [String: RemoteBooking],
                              _ tx: any StoreTransaction) throws -> ChainOwner {
        for uid in chain.reversed() {
            if let appointment = try tx.appointment(calcomUID: uid) { return .appointment(appointment) }
        }
        for uid in chain.reversed() {
            if let id = bookings[uid]?.appointmentID, let appointment = try tx.appointment(.id(id)) {
                return appointment.calcomBookingUID == nil ? .appointment(appointment) : .leftBehind
            }
        }
        return .nobody
    }

    /// Makes a known appointment follow its latest booking, unless a local change to it is
    /// still queued: then the push will make Cal.com follow the appointment instead. With
    /// `keepingLength`, only the start is followed.
    private func apply(_ latest: RemoteBooking, to local: Appointment, keepingLength: Bool,
                       _ tx: any StoreTransaction, _ report: inout PullReport) throws {
        guard try tx.syncEntries(appointmentID: local.id).isEmpty else { return }
        var booking = latest
        if keepingLength { booking.end = booking.start.adding(minutes: local.durationMinutes) }
        var changed = local
        let now = clock.now
        if booking.status == .cancelled || booking.status == .rejected {
            guard local.status == .booked else { return }
            changed.status = .cancelled
            changed.calcomBookingUID = booking.uid
            _ = try AppointmentService.save(tx, changed, now: now)
            report.cancelled += 1
            return
        }
        guard local.status == .booked else { return }
        let minutes = booking.durationMinutes
        let moved = booking.start != local.start || minutes != local.durationMinutes
        if moved {
            if let reason = try Self.conflictReason(booking, excluding: local.id, tx) {
                try recordConflict(booking, reason: reason.text, with: reason.appointment, tx, &report)
                return
            }
            changed.start = booking.start
            changed.durationMinutes = minutes
        }
        changed.calcomBookingUID = booking.uid
        guard changed != local else { return }
        if moved {
            _ = try AppointmentService.save(tx, changed, now: now)
            report.updated += 1
        } else {
            // Nobody else holds the latest uid: the owner search looked for it first.
            try tx.update(changed)
            report.linked += 1
        }
        try tx.deleteSyncConflict(remoteUID: booking.uid)
    }

    /// Imports a live booking nobody here knows, or records why it cannot be imported.
    private func importBooking(_ booking: RemoteBooking, _ tx: any StoreTransaction, _ report: inout PullReport) throws {
        guard booking.status == .accepted || booking.status == .pending else {
            try tx.deleteSyncConflict(remoteUID: booking.uid)
            return
        }
        if let reason = try Self.conflictReason(booking, excluding: nil, tx) {
            try recordConflict(booking, reason: reason.text, with: reason.appointment, tx, &report)
            return
        }
        let now = clock.now
        let new = NewAppointment(
            customerName: Self.customerName(booking), start: booking.start, durationMinutes: booking.durationMinutes,
            email: booking.attendeeEmail.flatMap { try? AppointmentRules.email($0) }.flatMap { $0.isEmpty ? nil : $0 })
        var imported = try tx.insert(new, id: UUID.random(), now: now)
        imported.calcomBookingUID = booking.uid
        try tx.update(imported)
        try tx.deleteSyncConflict(remoteUID: booking.uid)
        report.imported += 1
    }

    /// Why the booking cannot become a local appointment: a length sched cannot hold, or an
    /// overlap with a booked appointment.
    private static func conflictReason(_ booking: RemoteBooking, excluding: UUID?, _ tx: any StoreTransaction)
        throws -> (text: String, appointment: UUID?)? {
        let minutes = booking.durationMinutes
        guard minutes >= 1 && minutes <= AppointmentRules.maxDurationMinutes else {
            return ("lasts \(minutes) minutes; sched holds 1 to 1440", nil)
        }
        guard let other = try tx.bookedAppointments(overlapping: booking.start, booking.end, excluding: excluding).first
        else { return nil }
        return ("overlaps appointment \(other.number)", other.id)
    }

    private func recordConflict(_ booking: RemoteBooking, reason: String, with appointment: UUID?,
                                _ tx: any StoreTransaction, _ report: inout PullReport) throws {
        // Saving again keeps the time the conflict was first seen.
        try tx.saveSyncConflict(SyncConflict(
            remoteUID: booking.uid, customerName: Self.customerName(booking), email: booking.attendeeEmail,
            start: booking.start, durationMinutes: max(1, booking.durationMinutes), appointmentID: appointment,
            reason: reason, detectedAt: clock.now))
        report.conflicts += 1
    }

    /// The attendee's name made fit for a customer name: control characters become spaces,
    /// and at most 200 characters; the booking's title when there is no name.
    static func customerName(_ booking: RemoteBooking) -> String {
        let raw = booking.attendeeName ?? booking.title
        let cleaned = String(String.UnicodeScalarView(raw.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        })).trimmingCharacters(in: .whitespacesAndNewlines)
        let name = String(String.UnicodeScalarView(cleaned.unicodeScalars.prefix(AppointmentRules.maxNameLength)))
        return name.isEmpty ? "Cal.com booking" : name
    }
}

/// The reschedule links among bookings: each booking's predecessor and successor.
struct ChainIndex {
    private var next: [String: String] = [:]
    private var previous: [String: String] = [:]

    init(_ bookings: some Sequence<RemoteBooking>) {
        for booking in bookings {
            if let to = booking.rescheduledToUID {
                next[booking.uid] = to
                previous[to] = booking.uid
            }
            if let from = booking.rescheduledFromUID {
                previous[booking.uid] = from
                next[from] = booking.uid
            }
        }
    }

    /// The uids of the chain through `uid`, oldest first.
    func chain(through uid: String) -> [String] {
        var first = uid
        var seen: Set<String> = [uid]
        while let earlier = previous[first], seen.insert(earlier).inserted { first = earlier }
        var chain = [first]
        seen = [first]
        while let later = next[chain[chain.count - 1]], seen.insert(later).inserted { chain.append(later) }
        return chain
    }
}

/// What one pull did.
public struct PullReport: Sendable, Equatable {
    /// Bookings Cal.com listed in the range.
    public var read: Int
    public var imported = 0
    /// Appointments moved to follow a reschedule made on Cal.com.
    public var updated = 0
    public var cancelled = 0
    /// Appointments that matched their booking and only gained its uid.
    public var linked = 0
    /// Bookings recorded as conflicts.
    public var conflicts = 0

    public init(read: Int) {
        self.read = read
    }
}
