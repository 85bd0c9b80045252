import Foundation

/// The calendar service sched keeps in step with (Cal.com), as the domain sees it: no HTTP, no
/// JSON. Each call is one logical operation; the implementation retries what is safe to retry
/// and never creates a booking twice.
public protocol RemoteCalendar: Sendable {
    /// The account the key belongs to; the cheapest call, used to check a key.
    func account() throws(RemoteCalendarError) -> RemoteAccount
    /// The event type bookings are made for, looked up among the account's own; nil when the
    /// account has no event type with that id.
    func eventType(id: Int, username: String) throws(RemoteCalendarError) -> RemoteEventType?
    /// Creates a booking. When an attempt's outcome is unknown (a timeout, a dropped connection,
    /// a 5xx), the bookings around `start` are searched for `appointmentID` in their metadata
    /// before the request is sent again.
    func createBooking(_ request: RemoteBookingRequest) throws(RemoteCalendarError) -> RemoteBooking
    /// Moves a booking; the reply is a new booking with a new uid. When an attempt's outcome is
    /// unknown, the old booking's `rescheduledToUID` is read before the request is sent again.
    func reschedule(uid: String, to start: Date, reason: String?) throws(RemoteCalendarError) -> RemoteBooking
    /// Cancels a booking; cancelling one that is already cancelled succeeds.
    func cancel(uid: String, reason: String) throws(RemoteCalendarError) -> RemoteBooking
    /// One booking, or nil when Cal.com does not know the uid.
    func booking(uid: String) throws(RemoteCalendarError) -> RemoteBooking?
    /// Every booking (cancelled ones included) starting in `[from, to)`, all pages read.
    func bookings(from: Date, to: Date) throws(RemoteCalendarError) -> [RemoteBooking]
    /// Free start times for the event type in `[from, to)`, earliest first.
    func slots(eventTypeID: Int, from: Date, to: Date, zone: String, durationMinutes: Int?)
        throws(RemoteCalendarError) -> [Date]
    /// The schedule Cal.com books against when an event type names none.
    func defaultSchedule() throws(RemoteCalendarError) -> RemoteSchedule
    /// Replaces the schedule's weekly rows, its date overrides and its time zone.
    func replaceSchedule(id: Int, with schedule: RemoteScheduleContent) throws(RemoteCalendarError) -> RemoteSchedule
    /// Sets the booking rules of an event type: buffers, notice, slot interval, limits, window.
    func updateEventTypeRules(id: Int, _ rules: RemoteEventTypeRules) throws(RemoteCalendarError)
}

/// The booking rules an event type keeps, as sched sends them; nil turns a limit or the window off.
public struct RemoteEventTypeRules: Sendable, Equatable {
    public var beforeEventBuffer: Int
    public var afterEventBuffer: Int
    public var minimumBookingNotice: Int
    public var slotInterval: Int
    public var perDay: Int?
    public var perWeek: Int?
    /// Calendar days ahead, rolling.
    public var windowDays: Int?

    public init(beforeEventBuffer: Int, afterEventBuffer: Int, minimumBookingNotice: Int, slotInterval: Int,
                perDay: Int?, perWeek: Int?, windowDays: Int?) {
        self.beforeEventBuffer = beforeEventBuffer
        self.afterEventBuffer = afterEventBuffer
        self.minimumBookingNotice = minimumBookingNotice
        self.slotInterval = slotInterval
        self.perDay = perDay
        self.perWeek = perWeek
        self.windowDays = windowDays
    }
}

/// Why a call to the remote calendar failed. Messages never contain the API key.
public enum RemoteCalendarError: Error, Sendable, Equatable {
    /// Network errors, timeouts, dropped connections and 5xx replies, after the retries.
    case unreachable(String)
    /// 429 and the wait the headers asked for (seconds) was longer than the client waits.
    case rateLimited(retryAfter: TimeInterval?)
    /// 401: the key is wrong, expired or revoked.
    case unauthorized(String)
    /// Any other 4xx, with Cal.com's message: retrying will not help.
    case refused(status: Int, message: String)
    /// A reply that does not have the documented shape.
    case invalidResponse(String)

    /// Whether the same request may succeed later without anything changing locally.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .rateLimited: true
        case .unauthorized, .refused, .invalidResponse: false
        }
    }
}

/// The Cal.com user an API key belongs to.
public struct RemoteAccount: Sendable, Equatable, Codable {
    public var id: Int
    public var username: String
    public var email: String
    public var timeZone: String
    public var defaultScheduleID: Int?

    public init(id: Int, username: String, email: String, timeZone: String, defaultScheduleID: Int?) {
        self.id = id
        self.username = username
        self.email = email
        self.timeZone = timeZone
        self.defaultScheduleID = defaultScheduleID
    }
}

/// The event type sched books.
public struct RemoteEventType: Sendable, Equatable, Codable {
    public var id: Int
    public var slug: String
    public var title: String
    public var lengthInMinutes: Int
    /// The other lengths a booking may ask for; empty when the length is fixed.
    public var lengthOptions: [Int]

    public init(id: Int, slug: String, title: String, lengthInMinutes: Int, lengthOptions: [Int] = []) {
        self.id = id
        self.slug = slug
        self.title = title
        self.lengthInMinutes = lengthInMinutes
        self.lengthOptions = lengthOptions
    }
}

/// A booking to create for a local appointment.
public struct RemoteBookingRequest: Sendable, Equatable {
    public var appointmentID: UUID
    public var eventTypeID: Int
    public var start: Date
    /// Sent only when the event type offers several lengths.
    public var lengthInMinutes: Int?
    public var attendeeName: String
    public var attendeeEmail: String
    public var attendeeTimeZone: String

    public init(appointmentID: UUID, eventTypeID: Int, start: Date, lengthInMinutes: Int?,
                attendeeName: String, attendeeEmail: String, attendeeTimeZone: String) {
        self.appointmentID = appointmentID
        self.eventTypeID = eventTypeID
        self.start = start
        self.lengthInMinutes = lengthInMinutes
        self.attendeeName = attendeeName
        self.attendeeEmail = attendeeEmail
        self.attendeeTimeZone = attendeeTimeZone
    }
}

/// A booking as Cal.com reports it.
public struct RemoteBooking: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case accepted, pending, cancelled, rejected
    }

    public var id: Int
    public var uid: String
    public var status: Status
    public var start: Date
    public var end: Date
    public var title: String
    public var attendeeName: String?
    public var attendeeEmail: String?
    /// The local appointment id sched wrote into the booking's metadata, if it made the booking.
    public var appointmentID: UUID?
    public var rescheduledToUID: String?
    public var rescheduledFromUID: String?
    public var cancellationReason: String?

    public init(id: Int, uid: String, status: Status, start: Date, end: Date, title: String,
                attendeeName: String? = nil, attendeeEmail: String? = nil, appointmentID: UUID? = nil,
                rescheduledToUID: String? = nil, rescheduledFromUID: String? = nil,
                cancellationReason: String? = nil) {
        self.id = id
        self.uid = uid
        self.status = status
        self.start = start
        self.end = end
        self.title = title
        self.attendeeName = attendeeName
        self.attendeeEmail = attendeeEmail
        self.appointmentID = appointmentID
        self.rescheduledToUID = rescheduledToUID
        self.rescheduledFromUID = rescheduledFromUID
        self.cancellationReason = cancellationReason
    }

    public var durationMinutes: Int { Int(end.timeIntervalSince(start) / 60) }
}

/// A weekly row or a date override of a Cal.com schedule: `HH:MM` times in the schedule's zone.
public struct RemoteScheduleContent: Sendable, Equatable {
    public struct Weekly: Sendable, Equatable {
        /// English day names as Cal.com writes them: `Monday` … `Sunday`.
        public var days: [String]
        public var startTime: String
        public var endTime: String

        public init(days: [String], startTime: String, endTime: String) {
            self.days = days
            self.startTime = startTime
            self.endTime = endTime
        }
    }

    public struct Override: Sendable, Equatable {
        /// `YYYY-MM-DD`.
        public var date: String
        public var startTime: String
        public var endTime: String

        public init(date: String, startTime: String, endTime: String) {
            self.date = date
            self.startTime = startTime
            self.endTime = endTime
        }
    }

    public var timeZone: String
    public var weekly: [Weekly]
    public var overrides: [Override]

    public init(timeZone: String, weekly: [Weekly], overrides: [Override]) {
        self.timeZone = timeZone
        self.weekly = weekly
        self.overrides = overrides
    }
}

/// A Cal.com schedule: its id, name and content.
public struct RemoteSchedule: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var content: RemoteScheduleContent

    public init(id: Int, name: String, content: RemoteScheduleContent) {
        self.id = id
        self.name = name
        self.content = content
    }
}
