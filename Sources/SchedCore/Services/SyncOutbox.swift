import Foundation

/// Writes the Cal.com side of a local change into the outbox, inside the change's own
/// transaction, so the intent to sync is never lost.
enum SyncOutbox {
    /// Records `change` for the appointment as it now stands; nothing when Cal.com is not
    /// connected. A create that has never been sent absorbs later changes: a move updates it,
    /// and a cancel removes it, since nothing exists on Cal.com yet.
    static func record(_ tx: any StoreTransaction, _ change: SyncChange, _ appointment: Appointment, now: Date) throws {
        guard try tx.isCalcomConnected() else { return }
        let open = try tx.syncEntries(appointmentID: appointment.id)
        // Only a create no process has claimed yet is known not to have reached Cal.com.
        if appointment.calcomBookingUID == nil, var create = open.first(where: { $0.change == .create }),
           create.attempts == 0 {
            switch change {
            case .cancel:
                for entry in open { try tx.deleteSyncEntry(id: entry.id) }
                return
            case .reschedule:
                create.start = appointment.start
                create.durationMinutes = appointment.durationMinutes
                try tx.updateSyncEntry(create)
                return
            case .create:
                break
            }
        }
        try tx.insertSyncEntry(
            appointmentID: appointment.id, change: change, start: appointment.start,
            durationMinutes: appointment.durationMinutes, now: now)
    }

    /// For an appointment booked again after a cancel (`restore`, an undo): a cancel the outbox
    /// has not sent yet is dropped, and the booking on Cal.com stays; otherwise the old booking is
    /// gone there, so its uid is cleared from `appointment`, and the caller records a create once
    /// the appointment is saved. Gives back whether a create is needed.
    static func takeBackCancel(_ tx: any StoreTransaction, _ appointment: inout Appointment) throws -> Bool {
        let unsent = try tx.syncEntries(appointmentID: appointment.id).filter { $0.change == .cancel && $0.attempts == 0 }
        for entry in unsent {
            try tx.deleteSyncEntry(id: entry.id)
        }
        guard unsent.isEmpty else { return false }
        appointment.calcomBookingUID = nil
        return true
    }
}
