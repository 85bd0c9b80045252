import Foundation
import SchedCore

/// One thing a caller can ask of sched, whatever the front end: the language, or HTTP.
///
/// `Scheduler.run` surrounds it with what its policy asks for: the session check, the
/// transaction, and the push to Cal.com after the commit.
public protocol UseCase {
    associatedtype Output
    /// Decided where each use case is defined; there is no default, so a new one must say.
    static var policy: UseCasePolicy { get }
    func run(_ context: UseCaseContext) throws -> Output
}

/// What a use case needs around it.
public struct UseCasePolicy: Sendable, Equatable {
    public enum Transaction: Sendable, Equatable {
        /// Reads in one transaction, with its session check: one consistent state.
        case reads
        /// Reads and writes in one write transaction with its session check: all or nothing.
        case writes
        /// As `writes`, but only books (`Store.book`): beside other bookings of other weeks.
        case books
        /// Opens its own transactions, so that none is held while it waits on Cal.com or hashes a
        /// password.
        case opensItsOwn
    }

    public let needsSession: Bool
    public let transaction: Transaction
    /// Whether it can change the schedule: appointments, working hours, settings, the Cal.com
    /// connection and outbox (not the sessions a login opens).
    public let changesSchedule: Bool
    /// Whether it may add to the Cal.com outbox, so that a push follows its commit.
    public let queuesSync: Bool
    /// Whether it talks to Cal.com itself; refused inside a run, whose write lock it would hold
    /// over HTTP, and whose changes Cal.com would keep if the run rolled back.
    public let callsCalcom: Bool
    /// Whether what it changes is a change of its own in the journal, which `undo` reverts.
    public let recordsChange: Bool

    public init(needsSession: Bool, transaction: Transaction, changesSchedule: Bool, queuesSync: Bool, callsCalcom: Bool,
                recordsChange: Bool = false) {
        self.needsSession = needsSession
        self.transaction = transaction
        self.changesSchedule = changesSchedule
        self.queuesSync = queuesSync
        self.callsCalcom = callsCalcom
        self.recordsChange = recordsChange
    }

    /// Reads under a session.
    public static let sessionRead = UseCasePolicy(
        needsSession: true, transaction: .reads, changesSchedule: false, queuesSync: false, callsCalcom: false)
    /// Changes appointments under a session, and queues them for Cal.com.
    public static let sessionChange = UseCasePolicy(
        needsSession: true, transaction: .writes, changesSchedule: true, queuesSync: true, callsCalcom: false,
        recordsChange: true)
    /// Books an appointment under a session, and queues it for Cal.com.
    public static let sessionBooking = UseCasePolicy(
        needsSession: true, transaction: .books, changesSchedule: true, queuesSync: true, callsCalcom: false,
        recordsChange: true)
    /// Changes settings or working hours under a session; Cal.com hears of them only by `sync availability`.
    public static let sessionSetting = UseCasePolicy(
        needsSession: true, transaction: .writes, changesSchedule: true, queuesSync: false, callsCalcom: false,
        recordsChange: true)
    /// Undoes or redoes journal entries under a session, and queues what Cal.com must hear of it;
    /// not itself a change in the journal.
    public static let sessionJournal = UseCasePolicy(
        needsSession: true, transaction: .writes, changesSchedule: true, queuesSync: true, callsCalcom: false)
    /// Exchanges changes with Cal.com under a session, between its own transactions.
    public static let sessionSync = UseCasePolicy(
        needsSession: true, transaction: .opensItsOwn, changesSchedule: true, queuesSync: false, callsCalcom: true)
    /// Asks Cal.com something under a session, and keeps nothing.
    public static let sessionCalcomRead = UseCasePolicy(
        needsSession: true, transaction: .opensItsOwn, changesSchedule: false, queuesSync: false, callsCalcom: true)
    /// Works on the user and its sessions, which need none to begin with.
    static func account(_ transaction: Transaction) -> UseCasePolicy {
        UseCasePolicy(needsSession: false, transaction: transaction, changesSchedule: false, queuesSync: false, callsCalcom: false)
    }
}

/// The home zone and the instant "now" for one use case, so every part of it reads the same.
public struct Moment: Sendable, Equatable {
    public let zone: HomeZone
    public let now: Date
    /// The length of a booking that gives none.
    public let defaultDurationMinutes: Int

    public init(zone: HomeZone, now: Date, defaultDurationMinutes: Int = AppointmentRules.defaultDurationMinutes) {
        self.zone = zone
        self.now = now
        self.defaultDurationMinutes = defaultDurationMinutes
    }

    public var today: CivilDate { zone.civil(now).date }
}

/// What a use case's input is made from: a front end may need the zone and "now" of the
/// transaction it runs in (the language's `tomorrow 10:00`), or may know it outright (HTTP).
public typealias Resolving<Input> = (Moment) throws -> Input
