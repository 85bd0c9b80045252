import Foundation
import PropertyBased
import SchedCore
import SchedTestSupport
import Testing

/// The seed's booking properties, through HTTP with requests sent all at once: whatever the mix
/// of overlapping requests, what is stored never overlaps, every 201 is stored as it was sent
/// and read back the same, and the list is in order.
@Suite struct BookingPropertyTests {
    /// A request: a weekday of the week of 2 March 2026 (Tuesday to Friday), a start between 08:00
    /// and 16:45 in quarters, and a length; some end after the 17:00 close or start before 09:00.
    struct Planned: Sendable, CustomStringConvertible {
        let name: String
        let day: Int
        let quarter: Int
        let minutes: Int
        var start: String { String(format: "2026-03-%02dT%02d:%02d", 3 + day, 8 + quarter / 4, quarter % 4 * 15) }
        var description: String { "\(name) \(start) \(minutes)m" }

        static let gen = zip(Gen.letterOrNumber.string(of: 1...20), Gen.int(in: 0...3), Gen.int(in: 0...35),
                             pick([15, 30, 45, 60, 90, 120]))
            .map { name, day, quarter, minutes in Planned(name: name, day: day, quarter: quarter, minutes: minutes) }
    }

    // Feature: appointment-scheduling-system, Property 7: Double Booking Prevention
    // Feature: appointment-scheduling-system, Property 5: Appointment Creation Success
    // Feature: appointment-scheduling-system, Property 8: Appointment Persistence Round Trip
    // Feature: appointment-scheduling-system, Property 14: Appointments Sorted Chronologically
    @Test("Concurrent bookings over HTTP never overlap, and each one made reads back as sent")
    func concurrentBookingsNeverOverlap() async {
        await propertyCheck(count: 100, input: Planned.gen.array(of: 1...12)) { plans in
            do {
                let server = try await LiveServer()
                let token = try await server.logIn()
                let replies = await withTaskGroup(of: (Planned, Reply?).self) { group in
                    for plan in plans {
                        group.addTask {
                            let body = try? JSONSerialization.data(withJSONObject: [
                                "customer_name": plan.name, "start_time": plan.start, "duration_minutes": plan.minutes,
                            ])
                            let reply = try? await server.send("POST", "/api/appointments",
                                                               json: body.map { String(decoding: $0, as: UTF8.self) }, token: token)
                            return (plan, reply)
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                let booked = try server.storedAppointments().filter { $0.status == .booked }.sorted { $0.start < $1.start }
                for (first, second) in zip(booked, booked.dropFirst()) {
                    #expect(first.end <= second.start, "\(first.customerName) and \(second.customerName) overlap: \(plans)")
                }
                let created = replies.filter { $0.1?.status == 201 }
                #expect(created.count == booked.count, "\(replies.map { "\($0.0): \(String(describing: $0.1))" })")
                for (plan, reply) in replies {
                    let status = reply?.status ?? 0
                    let closesLate = plan.quarter * 15 + plan.minutes > 9 * 60 || plan.quarter < 4
                    switch status {
                    case 201:
                        let id = reply?.object?["id"] as? String ?? ""
                        let read = try await server.send("GET", "/api/appointments/\(id)", token: token)
                        #expect(read.object?["customer_name"] as? String == plan.name)
                        #expect((read.object?["start_time"] as? String)?.hasPrefix(plan.start + ":00+01:00") == true, "\(plan): \(read)")
                        #expect(read.object?["duration_minutes"] as? Int == plan.minutes)
                    case 409:
                        #expect(reply?.message?.hasPrefix("Time slot is already booked") == true)
                    case 400:
                        #expect(closesLate && reply?.message?.hasPrefix("Selected time is not available") == true, "\(plan): \(String(describing: reply))")
                    default:
                        Issue.record("\(plan): \(String(describing: reply))")
                    }
                }
                let listed = try await server.send("GET", "/api/appointments", token: token)
                let starts = listed.array?.compactMap { $0["start_time"] as? String } ?? []
                #expect(starts == starts.sorted() && starts.count == booked.count, "\(listed)")
                await server.stop()
            } catch {
                Issue.record("unexpected error: \(error)")
            }
        }
    }
}
