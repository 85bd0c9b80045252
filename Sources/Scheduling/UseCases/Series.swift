import Foundation
import SchedCore

/// A series as a statement about it leaves it: its details, and what the statement booked or
/// moved and skipped.
public struct SeriesView: Sendable, Equatable {
    public let details: SeriesService.Details
    /// How many occurrences the statement booked or moved; nil for a look-up or an update.
    public let booked: Int?
    /// The occurrences the statement skipped (`skip conflicts`), with why.
    public let skipped: [SkippedOccurrence]

    public init(details: SeriesService.Details, booked: Int? = nil, skipped: [SkippedOccurrence] = []) {
        self.details = details
        self.booked = booked
        self.skipped = skipped
    }
}

extension UseCaseContext {
    func view(_ booking: SeriesService.Booking) throws -> SeriesView {
        SeriesView(details: try series.details(id: booking.series.id), booked: booking.booked.count,
                   skipped: booking.skipped)
    }
}

/// Books a repeating appointment (`book … every …`).
public struct BookSeries: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    let request: Resolving<(NewSeries, skipConflicts: Bool)>

    public init(_ request: @escaping Resolving<(NewSeries, skipConflicts: Bool)>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> SeriesView {
        let (series, skip) = try request(context.moment)
        return try context.view(context.series.book(series, skipConflicts: skip))
    }
}

/// Cancels an occurrence and every later one of its series (`cancel 12 and following`).
public struct CancelFollowing: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    let target: Resolving<AppointmentRef>

    public init(_ target: @escaping Resolving<AppointmentRef>) {
        self.target = target
    }

    public func run(_ context: UseCaseContext) throws -> [Appointment] {
        try context.series.cancelFollowing(target(context.moment))
    }
}

/// Cancels every occurrence of a series from now on (`cancel series 12`).
public struct CancelSeries: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    let target: Resolving<AppointmentRef>

    public init(_ target: @escaping Resolving<AppointmentRef>) {
        self.target = target
    }

    public func run(_ context: UseCaseContext) throws -> [Appointment] {
        try context.series.cancelSeries(target(context.moment))
    }
}

/// Moves every future occurrence of a series (`reschedule series 12 to wed 11:00`).
public struct RescheduleSeries: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    let request: Resolving<(RescheduleAppointment.Request, skipConflicts: Bool)>

    public init(_ request: @escaping Resolving<(RescheduleAppointment.Request, skipConflicts: Bool)>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> SeriesView {
        let (request, skip) = try request(context.moment)
        return try context.view(context.series.reschedule(
            request.appointment, to: request.start, durationMinutes: request.durationMinutes, skipConflicts: skip))
    }
}

/// Changes the fields of a series and of its future occurrences (`update series 12 note …`).
public struct UpdateSeries: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    let request: Resolving<(AppointmentRef, AppointmentChanges)>

    public init(_ request: @escaping Resolving<(AppointmentRef, AppointmentChanges)>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> SeriesView {
        let (target, changes) = try request(context.moment)
        let series = try context.series.update(target, changes)
        return SeriesView(details: try context.series.details(id: series.id))
    }
}

/// A series with its rule, next occurrences and exceptions (`show series 12`).
public struct ShowSeries: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let target: Resolving<AppointmentRef>

    public init(_ target: @escaping Resolving<AppointmentRef>) {
        self.target = target
    }

    public func run(_ context: UseCaseContext) throws -> SeriesView {
        SeriesView(details: try context.series.details(of: target(context.moment)))
    }
}

/// Every active series (`list series`).
public struct ListSeries: UseCase {
    public static let policy = UseCasePolicy.sessionRead

    public init() {}

    public func run(_ context: UseCaseContext) throws -> [SeriesView] {
        try context.series.all(includingCancelled: false).map { SeriesView(details: $0) }
    }
}
