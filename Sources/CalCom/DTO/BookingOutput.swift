import Foundation
import SchedCore

/// `BookingOutput_2024_08_13`: a booking in any reply of the bookings endpoints. Read leniently:
/// `id`, `uid`, `status`, `start` and `end` must be there; the other fields sched reads may be
/// missing or of another shape; fields it does not read are ignored.
struct BookingOutput_2024_08_13: Decodable, Equatable {
    /// `BookingAttendee`, the part sched reads.
    struct Attendee: Decodable, Equatable {
        var name: String?
        var email: String?

        private enum CodingKeys: String, CodingKey {
            case name, email
        }

        init(name: String?, email: String?) {
            self.name = name
            self.email = email
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = container.lenient(String.self, forKey: .name)
            email = container.lenient(String.self, forKey: .email)
        }
    }

    var id: Int
    var uid: String
    /// `accepted`, `pending`, `cancelled` or `rejected`.
    var status: String
    var start: Date
    var end: Date
    var title: String?
    var attendees: [Attendee]
    /// The string values of `metadata`; values of other types are left out.
    var metadata: [String: String]
    var rescheduledToUid: String?
    var rescheduledFromUid: String?
    var cancellationReason: String?

    private enum CodingKeys: String, CodingKey {
        case id, uid, status, start, end, title, attendees, metadata
        case rescheduledToUid, rescheduledFromUid, cancellationReason
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        uid = try container.decode(String.self, forKey: .uid)
        status = try container.decode(String.self, forKey: .status)
        start = try container.decode(Date.self, forKey: .start)
        end = try container.decode(Date.self, forKey: .end)
        title = container.lenient(String.self, forKey: .title)
        attendees = container.lenient([Attendee].self, forKey: .attendees) ?? []
        metadata = container.lenient(StringValues.self, forKey: .metadata)?.values ?? [:]
        rescheduledToUid = container.lenient(String.self, forKey: .rescheduledToUid)
        rescheduledFromUid = container.lenient(String.self, forKey: .rescheduledFromUid)
        cancellationReason = container.lenient(String.self, forKey: .cancellationReason)
    }

    /// The local appointment id sched wrote into the metadata, if any.
    var appointmentID: UUID? {
        metadata[CreateBookingInput_2024_08_13.appointmentIDKey].flatMap(UUID.init(uuidString:))
    }

    /// The booking as the domain sees it; a status outside the schema's four is an invalid reply.
    func remoteBooking() throws(RemoteCalendarError) -> RemoteBooking {
        guard let status = RemoteBooking.Status(rawValue: status) else {
            throw .invalidResponse("booking \(uid) has the unknown status '\(status)'")
        }
        let attendee = attendees.first
        return RemoteBooking(
            id: id, uid: uid, status: status, start: start, end: end, title: title ?? "",
            attendeeName: attendee?.name, attendeeEmail: attendee?.email, appointmentID: appointmentID,
            rescheduledToUID: rescheduledToUid, rescheduledFromUID: rescheduledFromUid,
            cancellationReason: cancellationReason)
    }
}

/// The string values of a JSON object; values of other types are skipped.
struct StringValues: Decodable, Equatable {
    var values: [String: String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var values: [String: String] = [:]
        for key in container.allKeys {
            if let value = container.lenient(String.self, forKey: key) {
                values[key.stringValue] = value
            }
        }
        self.values = values
    }
}

/// `GetBookingsOutput_2024_08_13`: one page of `GET /v2/bookings`.
struct GetBookingsOutput_2024_08_13: Decodable {
    var data: [BookingOutput_2024_08_13]
    var pagination: PaginationMetaDto?

    private enum CodingKeys: String, CodingKey {
        case data, pagination
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decode([BookingOutput_2024_08_13].self, forKey: .data)
        pagination = container.lenient(PaginationMetaDto.self, forKey: .pagination)
    }
}

/// `PaginationMetaDto`, plus the cursor fields of newer servers (`nextCursor`, `hasMore`).
struct PaginationMetaDto: Decodable, Equatable {
    var returnedItems: Int?
    var hasNextPage: Bool?
    var nextCursor: String?
    var hasMore: Bool?

    private enum CodingKeys: String, CodingKey {
        case returnedItems, hasNextPage, nextCursor, hasMore
    }

    init(returnedItems: Int? = nil, hasNextPage: Bool? = nil, nextCursor: String? = nil, hasMore: Bool? = nil) {
        self.returnedItems = returnedItems
        self.hasNextPage = hasNextPage
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        returnedItems = container.lenient(Int.self, forKey: .returnedItems)
        hasNextPage = container.lenient(Bool.self, forKey: .hasNextPage)
        nextCursor = container.lenient(String.self, forKey: .nextCursor)
        hasMore = container.lenient(Bool.self, forKey: .hasMore)
    }
}
