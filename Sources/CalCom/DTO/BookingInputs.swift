import Foundation
import SchedCore

/// `CreateBookingInput_2024_08_13`: the body of `POST /v2/bookings`, with the fields sched sends.
struct CreateBookingInput_2024_08_13: Codable, Equatable {
    /// `CreateBookingAttendee`.
    struct Attendee: Codable, Equatable {
        var name: String
        var email: String?
        /// IANA zone.
        var timeZone: String
        /// One of the schema's language codes (`en`, `pt-BR` …).
        var language: String?
    }

    /// UTC, `2025-11-03T14:00:00Z`.
    var start: String
    var eventTypeId: Int
    /// Only for event types with several lengths.
    var lengthInMinutes: Int?
    var attendee: Attendee
    /// String values only; sched writes `schedAppointmentId`.
    var metadata: [String: String]?

    /// The metadata key holding the local appointment id, a lower-case UUID.
    static let appointmentIDKey = "schedAppointmentId"

    init(start: String, eventTypeId: Int, lengthInMinutes: Int?, attendee: Attendee,
         metadata: [String: String]?) {
        self.start = start
        self.eventTypeId = eventTypeId
        self.lengthInMinutes = lengthInMinutes
        self.attendee = attendee
        self.metadata = metadata
    }

    init(_ request: RemoteBookingRequest) {
        self.init(
            start: CalComDate.string(request.start),
            eventTypeId: request.eventTypeID,
            lengthInMinutes: request.lengthInMinutes,
            attendee: Attendee(name: request.attendeeName, email: request.attendeeEmail,
                               timeZone: request.attendeeTimeZone, language: nil),
            metadata: [Self.appointmentIDKey: request.appointmentID.lowercasedText])
    }
}

/// `RescheduleBookingInput_2024_08_13`: the body of `POST /v2/bookings/{uid}/reschedule`.
struct RescheduleBookingInput_2024_08_13: Codable, Equatable {
    /// UTC, `2025-11-04T15:00:00Z`.
    var start: String
    var reschedulingReason: String?
}

/// `CancelBookingInput_2024_08_13`: the body of `POST /v2/bookings/{uid}/cancel`.
struct CancelBookingInput_2024_08_13: Codable, Equatable {
    var cancellationReason: String
}
