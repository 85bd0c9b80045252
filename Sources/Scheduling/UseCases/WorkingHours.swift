import Foundation
import SchedCore

/// Replaces the working hours of weekdays, or of one date (`available`, `unavailable`,
/// `PUT /api/availability`); gives back what those days now have.
public struct SetWorkingHours: UseCase {
    public static let policy = UseCasePolicy.sessionSetting
    public enum Target {
        case weekdays(Set<Weekday>)
        case date(CivilDate)
    }

    public enum Result {
        case weekly(days: [Weekday], windows: [WeeklyWindow])
        case override(DateOverride?)
    }

    let request: Resolving<(Target, [TimeWindow])>

    public init(_ request: @escaping Resolving<(Target, [TimeWindow])>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> Result {
        let (target, windows) = try request(context.moment)
        let availability = context.availability
        switch target {
        case .weekdays(let days):
            try availability.setWeekly(days: days, windows: windows)
            return .weekly(days: days.sorted(), windows: try availability.weeklySchedule().filter { days.contains($0.day) })
        case .date(let day):
            try availability.setOverride(date: day, windows: windows)
            return .override(try availability.overrides(from: day, through: day).first)
        }
    }
}

/// Replaces every weekly window at once, each day with its own windows; a day given none is
/// closed (`PUT /api/availability`). Gives back the new weekly windows.
public struct ReplaceWeeklyHours: UseCase {
    public static let policy = UseCasePolicy.sessionSetting
    let windows: Resolving<[WeeklyWindow]>

    public init(_ windows: @escaping Resolving<[WeeklyWindow]>) {
        self.windows = windows
    }

    public func run(_ context: UseCaseContext) throws -> [WeeklyWindow] {
        let byDay = Dictionary(grouping: try windows(context.moment), by: \.day)
        let availability = context.availability
        for day in Weekday.allCases {
            try availability.setWeekly(days: [day], windows: byDay[day]?.map(\.window) ?? [])
        }
        return try availability.weeklySchedule()
    }
}

/// The date overrides of a range of dates, both included (`GET /api/availability/overrides`).
public struct ListOverrides: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let range: Resolving<(first: CivilDate, last: CivilDate)>

    public init(_ range: @escaping Resolving<(first: CivilDate, last: CivilDate)>) {
        self.range = range
    }

    public func run(_ context: UseCaseContext) throws -> [DateOverride] {
        let (first, last) = try range(context.moment)
        return try context.availability.overrides(from: first, through: last)
    }
}

/// The weekly windows and the overrides from today on, or each date of a range with its
/// windows and free time (`availability`, `GET /api/availability`).
public struct ShowWorkingHours: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    public enum Result {
        case weekly([WeeklyWindow], overrides: [DateOverride])
        case days([DayAvailability])
    }

    let range: Resolving<ResolvedRange?>

    public init(_ range: @escaping Resolving<ResolvedRange?>) {
        self.range = range
    }

    public func run(_ context: UseCaseContext) throws -> Result {
        let availability = context.availability
        guard let range = try range(context.moment) else {
            return .weekly(try availability.weeklySchedule(),
                           overrides: try availability.overrides(from: context.moment.today, through: nil))
        }
        return .days(try availability.days(from: range.firstDate, through: range.lastDate))
    }
}

/// Bookable starts of a given length within a range (`slots`).
public struct FindSlots: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    public struct Request {
        public let range: ResolvedRange
        public let durationMinutes: Int
        public let everyMinutes: Int?

        public init(range: ResolvedRange, durationMinutes: Int, everyMinutes: Int?) {
            self.range = range
            self.durationMinutes = durationMinutes
            self.everyMinutes = everyMinutes
        }
    }

    let request: Resolving<Request>

    public init(_ request: @escaping Resolving<Request>) {
        self.request = request
    }

    public func run(_ context: UseCaseContext) throws -> [TimeSlot] {
        let request = try request(context.moment)
        let range = request.range
        let found = try context.availability.slots(from: range.firstDate, through: range.lastDate,
                                                   durationMinutes: request.durationMinutes,
                                                   everyMinutes: request.everyMinutes)
        return found.filter { $0.start >= range.start && $0.start < range.end }
    }
}

/// Each date of a range with its windows, appointments and free time (`agenda`).
public struct ShowAgenda: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    let range: Resolving<(first: CivilDate, last: CivilDate)>

    public init(_ range: @escaping Resolving<(first: CivilDate, last: CivilDate)>) {
        self.range = range
    }

    public func run(_ context: UseCaseContext) throws -> [AgendaDay] {
        let (first, last) = try range(context.moment)
        return try Self.days(from: first, through: last, context)
    }

    static func days(from first: CivilDate, through last: CivilDate, _ context: UseCaseContext) throws -> [AgendaDay] {
        let zone = context.moment.zone
        let days = try context.availability.days(from: first, through: last)
        let booked = try context.appointments.appointments(from: zone.startOfDay(first), to: zone.startOfDay(last.adding(days: 1)))
        let byDate = Dictionary(grouping: booked) { zone.civil($0.start).date }
        return days.map { day in
            AgendaDay(date: day.date, windows: day.windows, isOverride: day.isOverride,
                      appointments: byDate[day.date] ?? [], free: day.slots.filter(\.available))
        }
    }
}

/// The agenda of a week or month (`calendar`), and the appointments that run into its first
/// date from the day before.
public struct ShowCalendar: UseCase {
    public static let policy = UseCasePolicy.sessionRead
    public struct Result {
        public let days: [AgendaDay]
        public let runningIn: [Appointment]
    }

    let range: Resolving<(first: CivilDate, last: CivilDate)>

    public init(_ range: @escaping Resolving<(first: CivilDate, last: CivilDate)>) {
        self.range = range
    }

    public func run(_ context: UseCaseContext) throws -> Result {
        let (first, last) = try range(context.moment)
        // An appointment lasts at most a day, so one running into the first date starts within
        // the day before it.
        let opening = context.moment.zone.startOfDay(first)
        let runningIn = try context.appointments.appointments(from: opening.addingTimeInterval(-86_400), to: opening)
            .filter { $0.end > opening }
        return Result(days: try ShowAgenda.days(from: first, through: last, context), runningIn: runningIn)
    }
}

/// Sets the length of a booking that gives none (`set default duration`).
public struct SetDefaultDuration: UseCase {
    public static let policy = UseCasePolicy.sessionSetting
    let minutes: Resolving<Int>

    public init(_ minutes: @escaping Resolving<Int>) {
        self.minutes = minutes
    }

    public func run(_ context: UseCaseContext) throws -> Int {
        try context.appointments.setDefaultDuration(minutes(context.moment))
    }
}

/// Makes a zone the home zone (`set timezone`).
public struct SetHomeZone: UseCase {
    public static let policy = UseCasePolicy.sessionSetting
    let identifier: Resolving<String>

    public init(_ identifier: @escaping Resolving<String>) {
        self.identifier = identifier
    }

    public func run(_ context: UseCaseContext) throws -> HomeZone {
        try context.appointments.setZone(identifier(context.moment))
    }
}

/// Sets one booking rule: buffers, minimum notice, slot interval, limits, window (`set buffer
/// before 10m`, …).
public struct SetBookingRule: UseCase {
    public static let policy = UseCasePolicy.sessionSetting
    let rule: Resolving<BookingRule>

    public init(_ rule: @escaping Resolving<BookingRule>) {
        self.rule = rule
    }

    public func run(_ context: UseCaseContext) throws -> BookingLimits {
        try context.appointments.setRule(rule(context.moment))
    }
}

/// The settings: the home zone, the default duration and the booking rules (`show settings`).
public struct ShowSettings: UseCase {
    public static let policy = UseCasePolicy.sessionRead

    public init() {}

    public func run(_ context: UseCaseContext) throws -> (moment: Moment, limits: BookingLimits) {
        (context.moment, try context.appointments.bookingLimits())
    }
}
