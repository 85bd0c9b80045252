import Foundation
import SchedCore

/// Books an appointment (`book`, `POST /api/appointments`).
public struct BookAppointment: UseCase {
    public static let policy = UseCasePolicy.sessionBooking
    let appointment: Resolving<NewAppointment>

    public init(_ appointment: @escaping Resolving<NewAppointment>) {
        self.appointment = appointment
    }

    public func run(_ context: UseCaseContext) throws -> Appointment {
        try context.appointments.book(appointment(context.moment))
    }
}

/// Moves an appointment, keeping its length unless a new one is given (`reschedule`).
public struct RescheduleAppointment: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    public struct Request {
        public let appointment: AppointmentRef
        public let start: Date
        public let durationMinutes: Int?

        public init(appointment: AppointmentRef, start: Date, durationMinutes: Int?) {
            self.appointment = appointment
            self.start = start
            self.durationMinutes = durationMinutes
        }
    }

    let request: Resolving<Request>

    public init(_ request: @escaping Resolving<Request>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> Appointment {
        let request = try request(context.moment)
        return try context.appointments.reschedule(request.appointment, to: request.start,
                                                   durationMinutes: request.durationMinutes)
    }
}

/// Changes fields of an appointment; a new time passes every booking check (`update`).
public struct UpdateAppointment: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    let request: Resolving<(AppointmentRef, AppointmentChanges)>

    public init(_ request: @escaping Resolving<(AppointmentRef, AppointmentChanges)>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> Appointment {
        let (target, changes) = try request(context.moment)
        return try context.appointments.update(target, changes)
    }
}

/// Cancels a booked appointment (`cancel`, `DELETE /api/appointments/{id}`).
public struct CancelAppointment: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    let target: Resolving<AppointmentRef>

    public init(_ target: @escaping Resolving<AppointmentRef>) {
        self.target = target
    }

    public func run(_ context: UseCaseContext) throws -> Appointment {
        try context.appointments.cancel(target(context.moment))
    }
}

/// Cancels several booked appointments, all or none (`cancel 12, 13, 15`).
public struct CancelAppointments: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    let targets: Resolving<[AppointmentRef]>

    public init(_ targets: @escaping Resolving<[AppointmentRef]>) {
        self.targets = targets
    }

    public func run(_ context: UseCaseContext) throws -> [Appointment] {
        try context.appointments.cancel(targets(context.moment))
    }
}

/// Books a cancelled appointment again at its time, checked as a booking is (`restore`).
public struct RestoreAppointment: UseCase {
    public static let policy = UseCasePolicy.sessionChange
    let target: Resolving<AppointmentRef>

    public init(_ target: @escaping Resolving<AppointmentRef>) {
        self.target = target
    }

    public func run(_ context: UseCaseContext) throws -> Appointment {
        try context.appointments.restore(target(context.moment))
    }
}

/// Appointments whose customer, note or email has the words of a text (`find`).
public struct FindAppointments: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let request: Resolving<(text: String, range: ResolvedRange?)>

    public init(_ request: @escaping Resolving<(text: String, range: ResolvedRange?)>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> [Appointment] {
        let (text, range) = try request(context.moment)
        return try context.appointments.find(text, from: range?.start, to: range?.end)
    }
}

/// Cancelled appointments starting in a range, or at any time (`list cancelled`).
public struct ListCancelledAppointments: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let range: Resolving<ResolvedRange?>

    public init(_ range: @escaping Resolving<ResolvedRange?>) {
        self.range = range
    }

    public func run(_ context: UseCaseContext) throws -> [Appointment] {
        let range = try range(context.moment)
        return try context.appointments.cancelledAppointments(from: range?.start, to: range?.end)
    }
}

/// One appointment, cancelled ones included (`show`).
public struct ShowAppointment: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let target: Resolving<AppointmentRef>

    public init(_ target: @escaping Resolving<AppointmentRef>) {
        self.target = target
    }

    public func run(_ context: UseCaseContext) throws -> Appointment {
        try context.appointments.appointment(target(context.moment))
    }
}

/// Booked appointments starting in a range, or from now on without one (`list`).
public struct ListAppointments: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let range: Resolving<ResolvedRange?>

    public init(_ range: @escaping Resolving<ResolvedRange?>) {
        self.range = range
    }

    public func run(_ context: UseCaseContext) throws -> [Appointment] {
        guard let range = try range(context.moment) else { return try context.appointments.upcoming(limit: nil) }
        return try context.appointments.appointments(from: range.start, to: range.end)
    }
}

/// The next booked appointments from now on, at most `limit` (`upcoming`, the dashboard).
public struct UpcomingAppointments: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let limit: Resolving<Int?>

    public init(_ limit: @escaping Resolving<Int?>) {
        self.limit = limit
    }

    public func run(_ context: UseCaseContext) throws -> [Appointment] {
        try context.appointments.upcoming(limit: limit(context.moment))
    }
}

/// Why a time could not be booked, or nil when it could (`expect free`, `expect busy`).
public struct CheckBookable: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let request: Resolving<(start: Date, durationMinutes: Int)>

    public init(_ request: @escaping Resolving<(start: Date, durationMinutes: Int)>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> SchedError? {
        let (start, minutes) = try request(context.moment)
        do {
            try context.appointments.checkBookable(start: start, durationMinutes: minutes, excluding: nil)
        } catch let refusal as SchedError where refusal.kind == .invalid || refusal.kind == .conflict {
            return refusal
        }
        return nil
    }
}
