import Foundation
import SchedCore

/// Checks a Cal.com key and event type and saves the connection, queueing what Cal.com lacks
/// (`calcom connect`).
public struct ConnectCalcom: UseCase {
    public static let policy = UseCasePolicy(
        needsSession: true, transaction: .opensItsOwn, changesSchedule: true, queuesSync: true, callsCalcom: true)
    public struct Request {
        public let baseURL: URL
        public let apiKey: String
        /// Whether the key is saved; one from the environment is not.
        public let savesKey: Bool
        public let eventTypeID: Int

        public init(baseURL: URL, apiKey: String, savesKey: Bool, eventTypeID: Int) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.savesKey = savesKey
            self.eventTypeID = eventTypeID
        }
    }

    let request: Resolving<Request>

    public init(_ request: @escaping Resolving<Request>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> ConnectReport {
        let request = try request(context.moment)
        return try context.sync.connect(
            context.remote(baseURL: request.baseURL, apiKey: request.apiKey),
            apiKey: request.savesKey ? request.apiKey : nil, baseURL: request.baseURL.absoluteString,
            eventTypeID: request.eventTypeID)
    }
}

/// Forgets the connection and drops the outbox (`calcom disconnect`).
public struct DisconnectCalcom: UseCase {
    public static let policy = UseCasePolicy.sessionSetting

    public init() {}

    public func run(_ context: UseCaseContext) throws -> DisconnectReport {
        try context.sync.disconnect()
    }
}

/// The connection, the outbox and the conflicts (`calcom status`, `sync status`).
public struct SyncState: UseCase {
    public static let policy = UseCasePolicy.sessionRead

    public init() {}

    public func run(_ context: UseCaseContext) throws -> SyncStatus {
        try context.sync.status()
    }
}

/// The slots Cal.com offers on a date (`calcom slots`).
public struct CalcomSlots: UseCase {
    public static let policy = UseCasePolicy.sessionCalcomRead
    let request: Resolving<(date: CivilDate, durationMinutes: Int?)>

    public init(_ request: @escaping Resolving<(date: CivilDate, durationMinutes: Int?)>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> [TimeSlot] {
        let (date, minutes) = try request(context.moment)
        return try context.sync.remoteSlots(context.connectedRemote(), on: date, durationMinutes: minutes)
    }
}

/// Sends every queued change now, waiting out no back-off (`sync push`).
public struct PushToCalcom: UseCase {
    public static let policy = UseCasePolicy.sessionSync

    public init() {}

    public func run(_ context: UseCaseContext) throws -> PushReport {
        let sync = context.sync
        let connection = try sync.requireConnection()
        return try sync.push(try context.scheduler.calcom.remote(for: connection), connection: connection, force: true)
    }
}

/// Reads Cal.com's bookings in a range, by default the next 90 days, into the schedule
/// (`sync pull`).
public struct PullFromCalcom: UseCase {
    public static let policy = UseCasePolicy.sessionSync
    let range: Resolving<ResolvedRange?>

    public init(_ range: @escaping Resolving<ResolvedRange?>) {
        self.range = range
    }

    public func run(_ context: UseCaseContext) throws -> PullReport {
        let now = context.moment.now
        let range = try range(context.moment)
        return try context.sync.pull(context.connectedRemote(), from: range?.start ?? now,
                                     to: range?.end ?? now.addingTimeInterval(90 * 86400))
    }
}

/// Sends the working hours to Cal.com's schedule (`sync availability`).
public struct PushWorkingHours: UseCase {
    public static let policy = UseCasePolicy.sessionSync

    public init() {}

    public func run(_ context: UseCaseContext) throws -> AvailabilityPushReport {
        try context.sync.pushAvailability(context.connectedRemote())
    }
}
