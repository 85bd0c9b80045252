import Foundation
import PropertyBased
import SchedCore
import SchedLang
import SchedRuntime
import SchedTestSupport
import Testing

/// The seed's property 13: every appointment in JSON output carries the seed's fields.
@Suite struct JSONPropertyTests {
    static let requiredFields: Set<String> = [
        "start_time", "duration_minutes", "customer_name", "end_time", "id", "number", "status",
    ]

    // Feature: appointment-scheduling-system, Property 13: Appointment Response Contains Required Fields
    @Test("Property 13: Appointment response contains required fields")
    func property13AppointmentResponseContainsRequiredFields() async {
        let booking = zip(Gens.minuteOfDay, Gens.duration, Gens.customerName, Gens.note, Gens.email).map(PlannedBooking.init)
        await propertyCheck(
            count: 100, input: Gens.zone, Gens.futureDate, booking.array(of: 1...5), Gen.int(in: 0...5).optional()
        ) { zone, firstDate, bookings, cancelIndex in
            checking {
                let session = try ScriptFixture(zone, format: .json)
                let placed = bookings.enumerated().map { index, booking in
                    booking.placed(on: Days.adding(firstDate, 2 * index), in: zone)
                }
                let cancelled = cancelIndex.map { $0 % placed.count + 1 }
                let lastDate = Days.adding(firstDate, 2 * (placed.count - 1))
                let booking = ["available daily 00:00-24:00"] + placed.map(\.statement)
                #expect(session.run(booking.joined(separator: "\n")) == .success, "\(session.buffer.standardError)")
                let ids = try (1...placed.count).map { number in
                    try AppointmentService(store: session.store, clock: session.clock).appointment(.number(number))
                        .id.uuidString.lowercased()
                }
                // Looked up by number and by UUID, the UUID written in capitals.
                var reading = ["upcoming", "list from \(firstDate) to \(lastDate)", "show \(placed.count)",
                               "show \(ids[0].uppercased())"]
                if let cancelled { reading += ["cancel \(cancelled)", "show \(cancelled)"] }
                #expect(session.run(reading.joined(separator: "\n")) == .success, "\(session.buffer.standardError)")
                let lines = booking + reading
                let output = session.buffer.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.isEmpty }
                #expect(output.count == lines.count, "one JSON value per statement: \(output)")
                var seen = 0
                for (index, line) in output.enumerated() {
                    let afterCancel = index >= placed.count + 5
                    for object in try Self.appointmentObjects(in: String(line)) {
                        seen += 1
                        Self.check(object, against: placed, ids: ids, zone: zone,
                                   cancelled: afterCancel ? cancelled : nil)
                    }
                }
                #expect(seen == 3 * placed.count + 2 + (cancelled == nil ? 0 : 2), "appointments in the output")
            }
        }
    }

    /// The JSON objects in a line that describe appointments (those naming a customer).
    static func appointmentObjects(in line: String) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        let candidates = (value as? [Any]) ?? [value]
        return candidates.compactMap { $0 as? [String: Any] }.filter { $0["customer_name"] != nil }
    }

    static func check(_ object: [String: Any], against placed: [PlacedBooking], ids: [String], zone: ZoneCase,
                      cancelled: Int?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let missing = requiredFields.subtracting(object.keys)
        #expect(missing.isEmpty, "missing \(missing.sorted()) in \(object)", sourceLocation: sourceLocation)
        guard let number = object["number"] as? Int, placed.indices.contains(number - 1) else {
            Issue.record("no valid number in \(object)", sourceLocation: sourceLocation)
            return
        }
        let booking = placed[number - 1]
        let name = object["customer_name"] as? String ?? ""
        #expect(Array(name.unicodeScalars) == Array(booking.name.unicodeScalars), sourceLocation: sourceLocation)
        #expect(object["duration_minutes"] as? Int == booking.minutes, sourceLocation: sourceLocation)
        #expect(object["id"] as? String == ids[number - 1], sourceLocation: sourceLocation)
        #expect(object["status"] as? String == (cancelled == number ? "cancelled" : "booked"), sourceLocation: sourceLocation)
        #expect((object["note"] as? String) == booking.note, sourceLocation: sourceLocation)
        #expect((object["email"] as? String) == booking.email, sourceLocation: sourceLocation)

        let start = (object["start_time"] as? String).flatMap(parseISO8601)
        let end = (object["end_time"] as? String).flatMap(parseISO8601)
        #expect(start?.instant == booking.start, "start_time \(object["start_time"] ?? "-")", sourceLocation: sourceLocation)
        #expect(end?.instant == booking.start.addingTimeInterval(Double(booking.minutes * 60)),
                "end_time \(object["end_time"] ?? "-")", sourceLocation: sourceLocation)
        if let start, let end {
            #expect(start.offset == zone.offset(atUnix: Int(start.instant.timeIntervalSince1970)), sourceLocation: sourceLocation)
            #expect(end.offset == zone.offset(atUnix: Int(end.instant.timeIntervalSince1970)), sourceLocation: sourceLocation)
        }
    }

    /// Reads `2025-03-04T10:00:00+01:00`: the instant and the offset in seconds.
    static func parseISO8601(_ text: String) -> (instant: Date, offset: Int)? {
        let c = Array(text)
        guard c.count == 25, c[4] == "-", c[7] == "-", c[10] == "T", c[13] == ":", c[16] == ":",
              c[19] == "+" || c[19] == "-", c[22] == ":" else { return nil }
        func int(_ range: Range<Int>) -> Int? { Int(String(c[range])) }
        guard let year = int(0..<4), let month = int(5..<7), let day = int(8..<10), let hour = int(11..<13),
              let minute = int(14..<16), let second = int(17..<19), let offsetHours = int(20..<22),
              let offsetMinutes = int(23..<25), let date = CivilDate(year: year, month: month, day: day)
        else { return nil }
        let offset = (c[19] == "-" ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60)
        let local = Days.number(date) * 86400 + hour * 3600 + minute * 60 + second
        return (Date(timeIntervalSince1970: Double(local - offset)), offset)
    }
}

/// A booking before it is given a date.
struct PlannedBooking: Sendable, CustomStringConvertible {
    let minute: Int
    let duration: Int
    let name: String
    let note: String?
    let email: String?

    var description: String { "\(Source.quoted(name)) at +\(minute)min for \(duration)m" }

    /// On `date`: moved out of a DST gap, cut to end by midnight.
    func placed(on date: CivilDate, in zone: ZoneCase) -> PlacedBooking {
        let wallMinute = zone.bookingInstant(date, minute * 60) == nil ? minute + 60 : minute
        let start = zone.bookingInstant(date, wallMinute * 60) ?? Date(timeIntervalSince1970: 0)
        let room = Int(zone.startOfNextDay(date).timeIntervalSince(start)) / 60
        return PlacedBooking(date: date, wallMinute: wallMinute, start: start, minutes: min(duration, room),
                             name: name, note: note, email: email)
    }
}

struct PlacedBooking: Sendable {
    let date: CivilDate
    let wallMinute: Int
    let start: Date
    let minutes: Int
    let name: String
    let note: String?
    let email: String?

    var statement: String {
        var text = "book \(Source.quoted(name)) at \(Source.dateTime(date, minute: wallMinute)) for \(minutes)m"
        if let note { text += " note \(Source.quoted(note))" }
        if let email { text += " email \(Source.quoted(email))" }
        return text
    }
}
