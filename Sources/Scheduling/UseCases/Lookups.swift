import Foundation
import SchedCore

/// Appointments whose number starts with some digits, upcoming ones first: what a front end
/// offers as someone types a number (the prompt's Tab).
public struct MatchAppointmentNumbers: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let prefix: String
    let includingCancelled: Bool
    let limit: Int

    public init(prefix: String, includingCancelled: Bool, limit: Int) {
        self.prefix = prefix
        self.includingCancelled = includingCancelled
        self.limit = limit
    }

    public func run(_ context: UseCaseContext) throws -> [Appointment] {
        try context.access.read { tx in
            try tx.appointments(numberPrefix: prefix, includingCancelled: includingCancelled,
                                now: context.moment.now, limit: limit)
        }
    }
}

/// Customer names starting with some text, ignoring case: what a front end offers as someone
/// types a name.
public struct MatchCustomerNames: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let prefix: String
    let limit: Int

    public init(prefix: String, limit: Int) {
        self.prefix = prefix
        self.limit = limit
    }

    public func run(_ context: UseCaseContext) throws -> [String] {
        try context.access.read { tx in try tx.customerNames(startingWith: prefix, limit: limit) }
    }
}
