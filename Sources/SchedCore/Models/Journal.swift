import Foundation

/// One change in the journal: a statement that changed the schedule (or an `--atomic` run of
/// them), with the rows it changed, which `undo` puts back and `redo` applies again.
public struct JournalEntry: Sendable, Equatable {
    /// Numbers grow with each change and are never reused.
    public let id: Int
    public let at: Date
    /// The statement as written, secrets masked.
    public let statement: String
    public let state: JournalState
    /// How many rows it changed.
    public let rows: Int
    /// How many statements made it: more than one for an `--atomic` run, whose first
    /// statement `statement` is.
    public let statements: Int

    public init(id: Int, at: Date, statement: String, state: JournalState, rows: Int, statements: Int = 1) {
        self.id = id
        self.at = at
        self.statement = statement
        self.state = state
        self.rows = rows
        self.statements = statements
    }
}

public enum JournalState: String, Sendable, Equatable, CaseIterable {
    /// In effect.
    case done
    /// Reverted by `undo`; `redo` applies it again.
    case undone
    /// Reverted, then left behind by a later change: it can no longer be applied again.
    case dropped
}

/// Which way the rows of an entry are applied.
public enum JournalDirection: Sendable {
    /// Back to the rows as they were before the change.
    case undo
    /// On to the rows as the change left them.
    case redo
}

/// An appointment as it stood before and after a journal entry was applied (nil where there
/// was no row), so that the service can check the result and tell Cal.com.
public struct AppointmentTransition: Sendable, Equatable {
    public let before: Appointment?
    public let after: Appointment?

    public init(before: Appointment?, after: Appointment?) {
        self.before = before
        self.after = after
    }
}
