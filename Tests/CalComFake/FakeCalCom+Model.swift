import Foundation

extension FakeCalCom {
    /// The Cal.com user the API key belongs to, as `GET /v2/me` reports it.
    public struct Account: Sendable, Equatable {
        public var id: Int
        public var username: String
        public var name: String
        public var email: String
        public var timeZone: String
        public var timeFormat: Int
        public var weekStart: String
        public var defaultScheduleId: Int

        public init(
            id: Int = 42, username: String = "jane", name: String = "Jane Host",
            email: String = "jane@example.com", timeZone: String = "Europe/Rome", timeFormat: Int = 24,
            weekStart: String = "Monday", defaultScheduleId: Int = 254
        ) {
            self.id = id
            self.username = username
            self.name = name
            self.email = email
            self.timeZone = timeZone
            self.timeFormat = timeFormat
            self.weekStart = weekStart
            self.defaultScheduleId = defaultScheduleId
        }
    }

    /// An event type of the account, as `GET /v2/event-types` lists it.
    public struct EventType: Sendable, Equatable {
        public var id: Int
        public var slug: String
        public var title: String
        public var lengthInMinutes: Int
        /// The other lengths a booking may ask for; empty when the length is fixed.
        public var lengthInMinutesOptions: [Int]
        public var hidden: Bool
        /// When set, new bookings start out `pending` instead of `accepted`.
        public var requiresConfirmation: Bool
        /// The booking rules a `PATCH /v2/event-types/{id}` set, as sent (the fake does not
        /// apply them to its slots).
        public var beforeEventBuffer = 0
        public var afterEventBuffer = 0
        public var minimumBookingNotice = 0
        public var slotInterval: Int?
        public var bookingLimitsCount: JSONValue?
        public var bookingWindow: JSONValue?

        public init(
            id: Int, slug: String, title: String, lengthInMinutes: Int, lengthInMinutesOptions: [Int] = [],
            hidden: Bool = false, requiresConfirmation: Bool = false
        ) {
            self.id = id
            self.slug = slug
            self.title = title
            self.lengthInMinutes = lengthInMinutes
            self.lengthInMinutesOptions = lengthInMinutesOptions
            self.hidden = hidden
            self.requiresConfirmation = requiresConfirmation
        }

        /// The event type every new account has: id 1001, "30min", 30 minutes, no other lengths.
        public static let thirtyMinutes = EventType(
            id: 1001, slug: "30min", title: "30 Min Meeting", lengthInMinutes: 30)
    }

    /// A person a booking is with.
    public struct Attendee: Sendable, Equatable {
        public var name: String
        public var email: String?
        public var timeZone: String
        public var language: String
        public var phoneNumber: String?
        public var absent: Bool

        public init(
            name: String, email: String?, timeZone: String, language: String = "en",
            phoneNumber: String? = nil, absent: Bool = false
        ) {
            self.name = name
            self.email = email
            self.timeZone = timeZone
            self.language = language
            self.phoneNumber = phoneNumber
            self.absent = absent
        }
    }

    /// The `status` of a booking object (not the list filter's vocabulary).
    public enum BookingStatus: String, Sendable, Equatable, CaseIterable {
        case accepted, pending, cancelled, rejected
    }

    /// A booking as the fake stores it; `BookingOutput_2024_08_13` is rendered from it.
    public struct Booking: Sendable, Equatable {
        public var id: Int
        public var uid: String
        public var title: String
        public var description: String
        public var status: BookingStatus
        public var start: Date
        public var end: Date
        public var eventTypeId: Int
        public var eventTypeSlug: String
        public var location: String
        public var attendees: [Attendee]
        public var guests: [String]
        public var metadata: [String: String]
        public var bookingFieldsResponses: JSONValue
        public var createdAt: Date
        public var updatedAt: Date
        public var cancellationReason: String?
        public var cancelledByEmail: String?
        public var reschedulingReason: String?
        public var rescheduledByEmail: String?
        public var rescheduledFromUid: String?
        public var rescheduledToUid: String?

        /// Length in whole minutes.
        public var duration: Int { Int(end.timeIntervalSince(start) / 60) }
    }

    /// A schedule (working hours), `ScheduleOutput_2024_06_11`.
    public struct Schedule: Sendable, Equatable {
        /// Weekly hours: on each of `days`, from `startTime` to `endTime` ("HH:MM", in the schedule's zone).
        public struct Availability: Sendable, Equatable {
            public var days: [String]
            public var startTime: String
            public var endTime: String

            public init(days: [String], startTime: String, endTime: String) {
                self.days = days
                self.startTime = startTime
                self.endTime = endTime
            }
        }

        /// Hours for one date ("YYYY-MM-DD") that replace the weekly hours of that date.
        public struct Override: Sendable, Equatable {
            public var date: String
            public var startTime: String
            public var endTime: String

            public init(date: String, startTime: String, endTime: String) {
                self.date = date
                self.startTime = startTime
                self.endTime = endTime
            }
        }

        public var id: Int
        public var ownerId: Int
        public var name: String
        public var timeZone: String
        public var isDefault: Bool
        public var availability: [Availability]
        public var overrides: [Override]

        public init(
            id: Int = 254, ownerId: Int = 42, name: String = "Working hours", timeZone: String = "Europe/Rome",
            isDefault: Bool = true,
            availability: [Availability] = [
                Availability(
                    days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], startTime: "09:00", endTime: "17:00"
                )
            ],
            overrides: [Override] = []
        ) {
            self.id = id
            self.ownerId = ownerId
            self.name = name
            self.timeZone = timeZone
            self.isDefault = isDefault
            self.availability = availability
            self.overrides = overrides
        }
    }

    /// A limit of `limit` requests per `windowSeconds`, reported on every response.
    public struct RateLimit: Sendable, Equatable {
        public var limit: Int
        public var windowSeconds: Int

        public init(limit: Int, windowSeconds: Int = 60) {
            self.limit = limit
            self.windowSeconds = windowSeconds
        }
    }

    /// How the fake behaves where Cal.com's behaviour varies or is not pinned down.
    public struct Settings: Sendable, Equatable {
        /// The key a request must carry as `Authorization: Bearer <key>`.
        public var apiKey: String
        /// Adds `nextCursor` and `hasMore` to the bookings list's `pagination` and honours `cursor`,
        /// as newer Cal.com documentation describes.
        public var usesCursorPaging: Bool
        /// A limiter with Cal.com's `X-RateLimit-*-Default` headers; nil means no limit and no headers.
        public var rateLimit: RateLimit?
        /// The fake's "now" (status filters, timestamps); nil means the wall clock.
        public var now: Date?
        /// Refuses bookings outside the schedule's hours, as Cal.com does; off by default so tests
        /// may book any free time.
        public var checksAvailability: Bool

        public init(
            apiKey: String = "cal_test_fake_key", usesCursorPaging: Bool = false, rateLimit: RateLimit? = nil,
            now: Date? = nil, checksAvailability: Bool = false
        ) {
            self.apiKey = apiKey
            self.usesCursorPaging = usesCursorPaging
            self.rateLimit = rateLimit
            self.now = now
            self.checksAvailability = checksAvailability
        }
    }
}
