import Foundation

/// The Cal.com account and event type a database is connected to, as `calcom connect` saved it.
public struct CalcomConnection: Sendable, Equatable {
    /// The stored key; nil when the key comes from `CALCOM_API_KEY` and was not saved.
    public var apiKey: String?
    public var baseURL: String
    public var eventType: RemoteEventType
    public var account: RemoteAccount
    public var connectedAt: Date
    public var lastPushAt: Date?
    public var lastPullAt: Date?

    public init(apiKey: String?, baseURL: String, eventType: RemoteEventType, account: RemoteAccount,
                connectedAt: Date, lastPushAt: Date? = nil, lastPullAt: Date? = nil) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.eventType = eventType
        self.account = account
        self.connectedAt = connectedAt
        self.lastPushAt = lastPushAt
        self.lastPullAt = lastPullAt
    }
}

/// What an outbox entry asks Cal.com to do for one appointment.
public enum SyncChange: String, Sendable, Equatable, Codable {
    /// Make a booking for the appointment.
    case create
    /// Move the booking to the entry's start (and length).
    case reschedule
    /// Cancel the booking.
    case cancel
}

/// One change waiting to reach Cal.com, written in the same transaction as the local change.
public struct SyncEntry: Sendable, Equatable {
    public enum State: String, Sendable, Equatable, Codable {
        /// Will be sent, at or after `nextAttemptAt`.
        case pending
        /// Cal.com refused it (a 4xx other than 429); sent again only by `sync push`.
        case failed
    }

    public var id: Int
    public var appointmentID: UUID
    public var change: SyncChange
    public var start: Date
    public var durationMinutes: Int
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    /// While set and in the future, another process is sending the entry.
    public var claimedUntil: Date?
    public var createdAt: Date

    public init(id: Int, appointmentID: UUID, change: SyncChange, start: Date, durationMinutes: Int,
                state: State = .pending, attempts: Int = 0, nextAttemptAt: Date? = nil, lastError: String? = nil,
                claimedUntil: Date? = nil, createdAt: Date) {
        self.id = id
        self.appointmentID = appointmentID
        self.change = change
        self.start = start
        self.durationMinutes = durationMinutes
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.claimedUntil = claimedUntil
        self.createdAt = createdAt
    }
}

/// A booking on Cal.com that overlaps a local appointment, so pull neither imported nor dropped it.
public struct SyncConflict: Sendable, Equatable {
    public var remoteUID: String
    public var customerName: String
    public var email: String?
    public var start: Date
    public var durationMinutes: Int
    /// The local appointment it overlaps.
    public var appointmentID: UUID?
    /// Why it was not imported, for `sync status`: `overlaps appointment 12`.
    public var reason: String
    public var detectedAt: Date

    public init(remoteUID: String, customerName: String, email: String?, start: Date, durationMinutes: Int,
                appointmentID: UUID?, reason: String, detectedAt: Date) {
        self.remoteUID = remoteUID
        self.customerName = customerName
        self.email = email
        self.start = start
        self.durationMinutes = durationMinutes
        self.appointmentID = appointmentID
        self.reason = reason
        self.detectedAt = detectedAt
    }

    public var end: Date { start.adding(minutes: durationMinutes) }
}
