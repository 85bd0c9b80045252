import Foundation

/// The journal of changes: `history`, `undo`, `redo`, and trimming it.
public struct JournalService: Sendable {
    let store: any StoreAccess
    let clock: any Clock

    public init(store: any StoreAccess, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// Entries newest first: the latest `limit`, or those made in [from, before).
    public func history(limit: Int?, from: Date?, before: Date?) throws -> [JournalEntry] {
        if let limit, limit < 0 { throw SchedError.limitNegative }
        return try store.read { tx in try tx.journalEntries(limit: limit, from: from, before: before) }
    }

    /// Reverts the latest change not yet undone, or, given a number, that change and every later
    /// one still in effect, latest first. The result is checked as a booking is: an appointment
    /// it books again must not overlap one booked since, and must lie inside working hours.
    /// Gives back the entries undone, latest first.
    public func undo(_ id: Int?) throws -> [JournalEntry] {
        try store.write { tx in
            let entries: [JournalEntry]
            if let id {
                guard let entry = try tx.journalEntry(id: id) else { throw SchedError.changeNotFound(id) }
                guard entry.state == .done else { throw SchedError.changeNotInEffect(entry.id, entry.state) }
                entries = try tx.journalEntries(in: .done, from: id, newestFirst: true, limit: nil)
            } else {
                entries = try tx.journalEntries(in: .done, from: 0, newestFirst: true, limit: 1)
                guard !entries.isEmpty else { throw SchedError.nothingToUndo }
            }
            var transitions: [AppointmentTransition] = []
            for entry in entries {
                transitions += try tx.applyJournalEntry(id: entry.id, .undo)
                try tx.setJournalState(id: entry.id, .undone)
            }
            try settle(tx, transitions, refusing: { SchedError.undoRefused(entries.last?.id ?? 0, $0) })
            return try entries.map { try tx.journalEntry(id: $0.id) ?? $0 }
        }
    }

    /// Applies again the change undone last, checked as `undo` checks.
    public func redo() throws -> JournalEntry {
        try store.write { tx in
            guard let entry = try tx.journalEntries(in: .undone, from: 0, newestFirst: false, limit: 1).first else {
                throw SchedError.nothingToRedo
            }
            let transitions = try tx.applyJournalEntry(id: entry.id, .redo)
            try tx.setJournalState(id: entry.id, .done)
            try settle(tx, transitions, refusing: { SchedError.redoRefused(entry.id, $0) })
            return try tx.journalEntry(id: entry.id) ?? entry
        }
    }

    /// Removes the entries made before `instant`; gives back how many.
    public func prune(before instant: Date) throws -> Int {
        try store.write { tx in try tx.pruneJournal(before: instant) }
    }

    /// Checks every appointment the entries booked again or moved, and queues for Cal.com what
    /// it must do to match.
    private func settle(_ tx: any StoreTransaction, _ transitions: [AppointmentTransition],
                        refusing: (SchedError) -> SchedError) throws {
        let now = clock.now
        for transition in transitions {
            guard let after = transition.after, after.status == .booked else { continue }
            let before = transition.before
            guard before?.status != .booked || before?.start != after.start
                || before?.durationMinutes != after.durationMinutes else { continue }
            do {
                try BookingRules.checkExplained(tx, start: after.start, minutes: after.durationMinutes, excluding: after.id,
                                                now: now, checksPast: false)
            } catch let error as SchedError {
                throw refusing(error)
            }
        }
        guard try tx.isCalcomConnected() else { return }
        for transition in transitions {
            guard var after = transition.after else { continue }
            let wasBooked = transition.before?.status == .booked
            switch (wasBooked, after.status) {
            case (true, .cancelled):
                try SyncOutbox.record(tx, .cancel, after, now: now)
            case (false, .booked):
                let uid = after.calcomBookingUID
                if try SyncOutbox.takeBackCancel(tx, &after) {
                    if uid != nil { try tx.update(after) }
                    try SyncOutbox.record(tx, .create, after, now: now)
                }
            case (true, .booked):
                if transition.before?.start != after.start || transition.before?.durationMinutes != after.durationMinutes {
                    try SyncOutbox.record(tx, .reschedule, after, now: now)
                }
            case (false, .cancelled):
                break
            }
        }
    }
}
