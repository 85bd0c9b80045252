import Foundation
import SchedCore

/// Reverts the latest change, or change N and every later one (`undo`).
public struct UndoChanges: UseCase {
    public static let policy = UseCasePolicy.sessionJournal
    let target: Resolving<Int?>

    public init(_ target: @escaping Resolving<Int?>) {
        self.target = target
    }

    public func run(_ context: UseCaseContext) throws -> [JournalEntry] {
        try context.journal.undo(target(context.moment))
    }
}

/// Applies again the change undone last (`redo`).
public struct RedoChange: UseCase {
    public static let policy = UseCasePolicy.sessionJournal

    public init() {}

    public func run(_ context: UseCaseContext) throws -> JournalEntry {
        try context.journal.redo()
    }
}

/// The journal's entries, newest first (`history`).
public struct ShowHistory: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let request: Resolving<(limit: Int?, range: ResolvedRange?)>

    public init(_ request: @escaping Resolving<(limit: Int?, range: ResolvedRange?)>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> [JournalEntry] {
        let (limit, range) = try request(context.moment)
        return try context.journal.history(limit: limit, from: range?.start, before: range?.end)
    }
}

/// Removes the journal's entries made before an instant (`sched history --prune`).
public struct PruneHistory: UseCase {
    public static let policy = UseCasePolicy.sessionJournal
    let before: Resolving<Date>

    public init(_ before: @escaping Resolving<Date>) {
        self.before = before
    }

    public func run(_ context: UseCaseContext) throws -> Int {
        try context.journal.prune(before: before(context.moment))
    }
}
