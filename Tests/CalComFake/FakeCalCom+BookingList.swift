import Foundation

extension FakeState {
    /// `GET /v2/bookings`: filters, sorting, and `take`/`skip` paging (or `cursor`, when enabled).
    func listBookings(_ query: [String: String]) throws(APIError) -> Reply {
        var matching = bookings.filter(try bookingFilter(query))
        try sort(&matching, query)
        let take = try integer(query["take"], named: "take", default: 100, range: 1...250)
        var skip = try integer(query["skip"], named: "skip", default: 0, range: 0...Int.max)
        if settings.usesCursorPaging, let cursor = query["cursor"] {
            guard let offset = Self.offset(ofCursor: cursor) else { throw .badRequest("cursor is not valid") }
            skip = offset
        }
        let page = Array(matching.dropFirst(skip).prefix(take))
        let total = matching.count
        var pagination: [(key: String, value: JSONValue)] = [
            ("totalItems", .number(Double(total))),
            ("remainingItems", .number(Double(max(0, total - skip - page.count)))),
            ("returnedItems", .number(Double(page.count))),
            ("itemsPerPage", .number(Double(take))),
            ("currentPage", .number(Double(skip / take + 1))),
            ("totalPages", .number(Double((total + take - 1) / take))),
            ("hasNextPage", .bool(skip + page.count < total)),
            ("hasPreviousPage", .bool(skip > 0)),
        ]
        if settings.usesCursorPaging {
            let hasMore = skip + page.count < total
            pagination.append(("nextCursor", hasMore ? .string(Self.cursor(atOffset: skip + page.count)) : .null))
            pagination.append(("hasMore", .bool(hasMore)))
        }
        return Reply(
            status: 200,
            body: ["status": "success", "data": .array(page.map(render)), "pagination": .object(pagination)])
    }

    private func bookingFilter(_ query: [String: String]) throws(APIError) -> @Sendable (FakeCalCom.Booking) -> Bool {
        let statuses = query["status"].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let known = ["upcoming", "recurring", "past", "cancelled", "unconfirmed"]
        if statuses?.contains(where: { !known.contains($0) }) == true {
            throw .badRequest(CalComMessage.notOneOf("status", known))
        }
        let email = query["attendeeEmail"]?.lowercased()
        let name = query["attendeeName"]?.lowercased()
        let eventTypeIds = try eventTypeIdFilter(query)
        let afterStart = try date(query["afterStart"], named: "afterStart")
        let beforeEnd = try date(query["beforeEnd"], named: "beforeEnd")
        let afterCreatedAt = try date(query["afterCreatedAt"], named: "afterCreatedAt")
        let beforeCreatedAt = try date(query["beforeCreatedAt"], named: "beforeCreatedAt")
        let afterUpdatedAt = try date(query["afterUpdatedAt"], named: "afterUpdatedAt")
        let beforeUpdatedAt = try date(query["beforeUpdatedAt"], named: "beforeUpdatedAt")
        let uid = query["bookingUid"]
        let now = self.now
        return { booking in
            if let statuses, !statuses.contains(where: { Self.booking(booking, hasListStatus: $0, now: now) }) {
                return false
            }
            if let email, !booking.attendees.contains(where: { $0.email?.lowercased() == email }) { return false }
            if let name, !booking.attendees.contains(where: { $0.name.lowercased() == name }) { return false }
            if let eventTypeIds, !eventTypeIds.contains(booking.eventTypeId) { return false }
            if let uid, booking.uid != uid { return false }
            if let afterStart, booking.start < afterStart { return false }
            if let beforeEnd, booking.end > beforeEnd { return false }
            if let afterCreatedAt, booking.createdAt < afterCreatedAt { return false }
            if let beforeCreatedAt, booking.createdAt > beforeCreatedAt { return false }
            if let afterUpdatedAt, booking.updatedAt < afterUpdatedAt { return false }
            if let beforeUpdatedAt, booking.updatedAt > beforeUpdatedAt { return false }
            return true
        }
    }

    /// The list filter's vocabulary, which differs from a booking's own `status`.
    private static func booking(_ booking: FakeCalCom.Booking, hasListStatus status: String, now: Date) -> Bool {
        let live = booking.status == .accepted || booking.status == .pending
        switch status {
        case "upcoming": return live && booking.end >= now
        case "past": return live && booking.end <= now
        case "cancelled": return !live
        case "unconfirmed": return booking.status == .pending && booking.end >= now
        default: return false
        }
    }

    private func eventTypeIdFilter(_ query: [String: String]) throws(APIError) -> Set<Int>? {
        let text = [query["eventTypeId"], query["eventTypeIds"]].compactMap { $0 }.joined(separator: ",")
        guard !text.isEmpty else { return nil }
        var ids: Set<Int> = []
        for part in text.split(separator: ",") {
            guard let id = Int(part.trimmingCharacters(in: .whitespaces)) else {
                throw .badRequest("eventTypeId must be a number")
            }
            ids.insert(id)
        }
        return ids
    }

    private func sort(_ bookings: inout [FakeCalCom.Booking], _ query: [String: String]) throws(APIError) {
        let keys: [(String, KeyPath<FakeCalCom.Booking, Date>)] = [
            ("sortStart", \.start), ("sortEnd", \.end), ("sortCreated", \.createdAt), ("sortUpdatedAt", \.updatedAt),
        ]
        bookings.sort { $0.start == $1.start ? $0.id < $1.id : $0.start < $1.start }
        for (name, keyPath) in keys {
            guard let order = query[name] else { continue }
            guard order == "asc" || order == "desc" else {
                throw .badRequest(CalComMessage.notOneOf(name, ["asc", "desc"]))
            }
            bookings.sort { lhs, rhs in
                if lhs[keyPath: keyPath] == rhs[keyPath: keyPath] { return lhs.id < rhs.id }
                return (lhs[keyPath: keyPath] < rhs[keyPath: keyPath]) == (order == "asc")
            }
            return
        }
    }

    private func integer(_ text: String?, named name: String, default fallback: Int, range: ClosedRange<Int>)
        throws(APIError) -> Int
    {
        guard let text else { return fallback }
        guard let value = Int(text) else { throw .badRequest("\(name) must be a number") }
        if value < range.lowerBound { throw .badRequest("\(name) must not be less than \(range.lowerBound)") }
        if value > range.upperBound { throw .badRequest("\(name) must not be greater than \(range.upperBound)") }
        return value
    }

    private func date(_ text: String?, named name: String) throws(APIError) -> Date? {
        guard let text else { return nil }
        guard let parsed = Timestamps.parseDateOrDateTime(text, in: .gmt) else {
            throw .badRequest("\(name) must be a valid ISO 8601 date string")
        }
        return parsed.date
    }

    /// An opaque cursor for the item at `offset` of the filtered, sorted list.
    private static func cursor(atOffset offset: Int) -> String {
        Data("offset:\(offset)".utf8).base64EncodedString()
    }

    private static func offset(ofCursor cursor: String) -> Int? {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("offset:")
        else { return nil }
        return Int(text.dropFirst("offset:".count)).flatMap { $0 >= 0 ? $0 : nil }
    }
}
