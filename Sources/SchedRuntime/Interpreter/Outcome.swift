import Foundation
import SchedCore
import Scheduling

/// What a statement did when its result is not an appointment, a list or a view: the domain
/// results, which `OutcomeReport` renders for people and for `--json`.
public enum Outcome: Sendable, Equatable {
    case homeZoneSet(HomeZone)
    case defaultDurationSet(minutes: Int)
    /// `in` names the database when the command line made the user.
    case userCreated(String, in: String?)
    /// At the prompt a new user is logged in at once; the times read in `zone`.
    case userCreatedAndLoggedIn(String, until: Date, zone: HomeZone)
    case loggedIn(String, until: Date, zone: HomeZone)
    case loggedOut(wasLoggedIn: Bool)
    /// `database` names the database when the command line opened it.
    case currentUser(String?, database: String?)
    case backedUp(database: String, to: String)
    /// `sched copy`: the rows each table of the copy holds.
    case copied(from: String, to: String, rows: [String: Int])
    /// `key` is the key as shown, masked.
    case calcomConnected(ConnectReport, key: String)
    case calcomStatus(SyncStatus, environment: CalcomEnvironment)
    case calcomDisconnected(DisconnectReport)
    case pushed(PushReport)
    case pulled(PullReport)
    /// `sync`: a push, then a pull.
    case synced(PushReport, PullReport)
    case workingHoursSent(AvailabilityPushReport)
    case syncStatus(SyncStatus)
    case exported(count: Int, file: String)
    case imported(ImportReport)
    /// `undo`: the changes reverted, latest first; `redo`: the change applied again.
    case undone([JournalEntry], zone: HomeZone)
    case redone(JournalEntry, zone: HomeZone)
    case history([JournalEntry], zone: HomeZone)
    case historyPruned(Int)
    /// A booking rule set, by its name, and the rules now in force.
    case ruleSet(String, BookingLimits)
    case settings(zone: HomeZone, defaultDuration: Int, BookingLimits)

    /// The one line of a short outcome, which `expect` compares with a string; nil for reports.
    var message: String? {
        switch self {
        case .homeZoneSet, .defaultDurationSet, .userCreated, .userCreatedAndLoggedIn, .loggedIn, .loggedOut, .currentUser, .backedUp,
             .copied, .undone, .redone, .historyPruned, .ruleSet:
            OutcomeReport(zone: .utc).report(self).lines.first
        case .calcomConnected, .calcomStatus, .calcomDisconnected, .pushed, .pulled, .synced, .workingHoursSent,
             .syncStatus, .exported, .imported, .history, .settings:
            nil
        }
    }

    /// What the outcome asks to be told as warnings once it is shown: what an import changed
    /// to take its entries.
    var warnings: [String] {
        guard case .imported(let report) = self else { return [] }
        return report.warnings
    }

    /// What fails a script run once the outcome is shown (an import that refused entries), so
    /// that its exit code tells; `--keep-going` and the prompt take the outcome as it is.
    var failure: SchedError? {
        guard case .imported(let report) = self else { return nil }
        let refused = report.count("refused")
        return refused > 0 ? .importPartlyRefused(report.file, refused: refused, of: report.results.count) : nil
    }
}
