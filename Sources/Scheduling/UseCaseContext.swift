import Foundation
import SchedCore

/// What a use case runs with: the caller's transaction (or the store, when it opens its own),
/// the moment it runs at, the caller's session, and the services bound to them.
public struct UseCaseContext {
    public let access: any StoreAccess
    public let moment: Moment
    /// The caller's session token, as given.
    public let session: SessionToken?
    let scheduler: Scheduler

    public var appointments: AppointmentService { AppointmentService(store: access, clock: scheduler.clock) }
    public var series: SeriesService { SeriesService(store: access, clock: scheduler.clock) }
    public var availability: AvailabilityService { AvailabilityService(store: access, clock: scheduler.clock) }
    public var auth: AuthService { scheduler.auth(access) }
    public var journal: JournalService { JournalService(store: access, clock: scheduler.clock) }
    public var sync: SyncService { SyncService(store: access, clock: scheduler.clock, policy: scheduler.syncPolicy) }

    /// The Cal.com client for the saved connection, with the environment's key and address
    /// taking precedence.
    public func connectedRemote() throws -> any RemoteCalendar {
        try scheduler.calcom.remote(for: sync.requireConnection())
    }

    /// The Cal.com client for an address and key given outright (`calcom connect`).
    public func remote(baseURL: URL, apiKey: String) -> any RemoteCalendar {
        scheduler.calcom.remote(baseURL: baseURL, apiKey: apiKey)
    }
}
