import Foundation
import SchedCore

/// Creating, moving, cancelling and reading bookings (`cal-api-version: 2024-08-13`).
extension CalComClient {
    public func createBooking(_ request: RemoteBookingRequest) throws(RemoteCalendarError) -> RemoteBooking {
        let call = CalComRequest.createBooking(CreateBookingInput_2024_08_13(request))
        do {
            return try exchange(call, recover: { () throws(RemoteCalendarError) in
                try self.existingBooking(for: request)
            }, read: { response throws(RemoteCalendarError) in
                try self.firstBooking(in: response, for: call)
            })
        } catch .refused(status: 400, let message) {
            // The HTTP stack may resend a request on a reused connection that died without a
            // reply; the copy is then refused because the slot is taken, by the booking itself.
            if let made = try existingBooking(for: request) { return made }
            throw .refused(status: 400, message: message)
        }
    }

    public func reschedule(uid: String, to start: Date, reason: String?) throws(RemoteCalendarError) -> RemoteBooking {
        let input = RescheduleBookingInput_2024_08_13(start: CalComDate.string(start), reschedulingReason: reason)
        let call = CalComRequest.reschedule(uid: uid, input)
        return try exchange(call, recover: { () throws(RemoteCalendarError) in
            try self.rescheduledBooking(from: uid, to: start)
        }, read: { response throws(RemoteCalendarError) in
            try self.firstBooking(in: response, for: call)
        })
    }

    public func cancel(uid: String, reason: String) throws(RemoteCalendarError) -> RemoteBooking {
        let call = CalComRequest.cancel(uid: uid, CancelBookingInput_2024_08_13(cancellationReason: reason))
        do {
            return try exchange(call, recover: { () throws(RemoteCalendarError) in
                try self.cancelledBooking(uid: uid)
            }, read: { response throws(RemoteCalendarError) in
                try self.firstBooking(in: response, for: call, preferring: uid)
            })
        } catch .refused(status: 400, let message) {
            // Cancelling a booking that is already cancelled is refused; it is done all the same.
            if let cancelled = try cancelledBooking(uid: uid) { return cancelled }
            throw .refused(status: 400, message: message)
        }
    }

    public func booking(uid: String) throws(RemoteCalendarError) -> RemoteBooking? {
        let call = CalComRequest.booking(uid: uid)
        do {
            return try exchange(call) { response throws(RemoteCalendarError) in
                let items = try self.payload(OneOrMany<BookingOutput_2024_08_13>.self, of: response, for: call).items
                return try (items.first { $0.uid == uid } ?? items.first)?.remoteBooking()
            }
        } catch .refused(status: 404, _) {
            return nil
        }
    }

    public func bookings(from: Date, to: Date) throws(RemoteCalendarError) -> [RemoteBooking] {
        // `beforeEnd` bounds the end, so a booking starting just before `to` needs room to end;
        // sched's bookings last at most a day.
        let listed = try listBookings(afterStart: from, beforeEnd: to.addingTimeInterval(Self.longestBooking))
        var bookings: [RemoteBooking] = []
        for output in listed where output.start >= from && output.start < to {
            bookings.append(try output.remoteBooking())
        }
        return bookings.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// The longest booking the listings make room for.
    static let longestBooking: TimeInterval = 24 * 3600

    /// Every booking `GET /v2/bookings` lists for the window, all pages read, each uid once.
    func listBookings(afterStart: Date, beforeEnd: Date) throws(RemoteCalendarError) -> [BookingOutput_2024_08_13] {
        var page = CalComRequest.Page.skip(0)
        var seenCursors: Set<String> = []
        var seenUIDs: Set<String> = []
        var listed: [BookingOutput_2024_08_13] = []
        for _ in 0..<Self.maxPages {
            let call = CalComRequest.bookings(afterStart: afterStart, beforeEnd: beforeEnd, page: page)
            let output = try exchange(call) { response throws(RemoteCalendarError) in
                try self.decode(GetBookingsOutput_2024_08_13.self, from: response, for: call)
            }
            listed += output.data.filter { seenUIDs.insert($0.uid).inserted }
            guard let next = Self.page(after: page, output) else { break }
            if case .cursor(let cursor) = next, !seenCursors.insert(cursor).inserted { break }
            page = next
        }
        return listed
    }

    /// A bound on pages read, against a server whose paging never ends.
    static let maxPages = 1000

    /// The page after `page`: by cursor when the server gives one, else by offset while it says
    /// there is a next page; nil after the last.
    static func page(after page: CalComRequest.Page, _ output: GetBookingsOutput_2024_08_13) -> CalComRequest.Page? {
        let pagination = output.pagination
        if let cursor = pagination?.nextCursor, !cursor.isEmpty {
            return pagination?.hasMore == false ? nil : .cursor(cursor)
        }
        guard pagination?.hasNextPage == true, !output.data.isEmpty, case .skip(let skip) = page else { return nil }
        return .skip(skip + output.data.count)
    }

    /// The booking a reply carries; for a recurring event type, whose reply lists the
    /// occurrences, the one with `uid` or else the first.
    private func firstBooking(in response: HTTPResponse, for call: CalComRequest, preferring uid: String? = nil)
        throws(RemoteCalendarError) -> RemoteBooking {
        let items = try payload(OneOrMany<BookingOutput_2024_08_13>.self, of: response, for: call).items
        guard let output = items.first(where: { $0.uid == uid }) ?? items.first else {
            throw .invalidResponse("\(call.method.rawValue) \(call.path): the reply holds no booking")
        }
        return try output.remoteBooking()
    }

    /// The booking an earlier attempt of `request` made, found by the appointment id in its
    /// metadata among the bookings around its start. Only a live one counts: a cancelled booking
    /// with the same id is an earlier booking of the appointment, cancelled on purpose (a change
    /// of length is sent as a cancel and a new booking).
    func existingBooking(for request: RemoteBookingRequest) throws(RemoteCalendarError) -> RemoteBooking? {
        let listed = try listBookings(afterStart: request.start.addingTimeInterval(-3600),
                                      beforeEnd: request.start.addingTimeInterval(Self.longestBooking + 3600))
        let dead = [RemoteBooking.Status.cancelled.rawValue, RemoteBooking.Status.rejected.rawValue]
        let match = listed.first { $0.appointmentID == request.appointmentID && !dead.contains($0.status) }
        return try match?.remoteBooking()
    }

    /// The booking `uid` was moved to, when an earlier attempt moved it to `start`; a move to
    /// another time was made by someone else.
    func rescheduledBooking(from uid: String, to start: Date) throws(RemoteCalendarError) -> RemoteBooking? {
        guard let old = try booking(uid: uid), let newUID = old.rescheduledToUID,
              let moved = try booking(uid: newUID), moved.start == start else { return nil }
        return moved
    }

    /// The booking `uid` when it is cancelled already.
    func cancelledBooking(uid: String) throws(RemoteCalendarError) -> RemoteBooking? {
        guard let booking = try booking(uid: uid), booking.status == .cancelled else { return nil }
        return booking
    }
}
