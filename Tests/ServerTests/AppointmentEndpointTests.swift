import Foundation
import SchedCore
import Testing

/// `/api/appointments`: the seed's CRUD, its booking refusals with their statuses and messages,
/// and the data-model fields, times in the home zone with its offset.
@Suite("Server: appointments")
struct AppointmentEndpointTests {
    static func book(_ server: LiveServer, _ token: String, _ name: String, _ start: String, minutes: Int = 30) async throws -> Reply {
        try await server.send("POST", "/api/appointments", json: #"{"customer_name": "\#(name)", "start_time": "\#(start)", "duration_minutes": \#(minutes)}"#,
                        token: token)
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func aBookingIsCreatedWithEveryFieldAndReadBack(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let created = try await server.send("POST", "/api/appointments", json: """
            {"customer_name": "Ann Smith", "start_time": "2026-03-03T10:00", "duration_minutes": 45,
             "note": "first visit", "email": "ann@example.com"}
            """, token: token)
        #expect(created.status == 201, "\(created)")
        let body = try #require(created.object)
        #expect(body["customer_name"] as? String == "Ann Smith")
        #expect(body["start_time"] as? String == "2026-03-03T10:00:00+01:00")
        #expect(body["end_time"] as? String == "2026-03-03T10:45:00+01:00")
        #expect(body["duration_minutes"] as? Int == 45)
        #expect(body["note"] as? String == "first visit" && body["email"] as? String == "ann@example.com")
        #expect(body["status"] as? String == "booked")
        #expect(body["created_at"] as? String == "2026-03-02T09:00:00+01:00")
        let id = try #require(body["id"] as? String)
        #expect(created.header("Location") == "/api/appointments/\(id)")
        // Property 8: read back by id, and by its short number.
        for ref in [id, "1"] {
            let read = try await server.send("GET", "/api/appointments/\(ref)", token: token)
            #expect(read.status == 200 && read.object?["id"] as? String == id, "\(read)")
            #expect(read.object?["customer_name"] as? String == "Ann Smith" && read.object?["duration_minutes"] as? Int == 45)
        }
        // A time with an offset is that instant: 09:00Z is 10:00 in Berlin, taken already.
        let same = try await Self.book(server, token, "Bob", "2026-03-03T09:00:00Z")
        #expect(same.status == 409, "\(same)")
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func theSeedsBookingRefusalsKeepTheirStatusAndMessage(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        #expect(try await Self.book(server, token, "Ann", "2026-03-03T10:00").status == 201)
        let cases: [(start: String, minutes: Int, status: Int, message: String)] = [
            ("2026-03-03T10:15", 30, 409, "Time slot is already booked"),
            ("2026-03-03T09:45", 30, 409, "Time slot is already booked"),
            ("2026-03-07T10:00", 30, 400, "Selected time is not available"),
            ("2026-03-03T16:45", 30, 400, "Selected time is not available"),
            ("2026-03-02T08:00", 30, 400, "Cannot book appointments in the past"),
            ("2026-03-03T12:00", 0, 400, "Duration must be positive"),
            ("2026-03-03T12:00", -15, 400, "Duration must be positive"),
        ]
        for refusal in cases {
            let reply = try await Self.book(server, token, "Bob", refusal.start, minutes: refusal.minutes)
            #expect(reply.status == refusal.status, "\(refusal): \(reply)")
            #expect(reply.object?["status"] as? Int == refusal.status)
            let message = reply.message ?? ""
            #expect(message == refusal.message || message.hasPrefix(refusal.message + " ("), "\(refusal): \(reply)")
        }
        #expect(try server.storedAppointments().count == 1)
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func theListIsSortedFilteredByRangeAndUpcomingByDefault(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        for (name, start) in [("C", "2026-03-05T11:00"), ("A", "2026-03-03T09:00"), ("D", "2026-03-10T09:00"), ("B", "2026-03-04T16:00")] {
            #expect(try await Self.book(server, token, name, start).status == 201)
        }
        let all = try await server.send("GET", "/api/appointments", token: token)
        #expect(all.array?.compactMap { $0["customer_name"] as? String } == ["A", "B", "C", "D"], "\(all)")
        let week = try await server.send("GET", "/api/appointments?start=2026-03-02&end=2026-03-08", token: token)
        #expect(week.array?.compactMap { $0["customer_name"] as? String } == ["A", "B", "C"], "\(week)")
        let instants = try await server.send("GET", "/api/appointments?start=2026-03-04T00:00:00%2B01:00&end=2026-03-05T11:00:00%2B01:00",
                                       token: token)
        #expect(instants.array?.compactMap { $0["customer_name"] as? String } == ["B"], "\(instants)")
        // Once the clock passes A, the dashboard's list starts at B.
        server.clock.set(LiveServer.monday.addingTimeInterval(2 * 86_400))
        let upcoming = try await server.send("GET", "/api/appointments", token: server.logIn())
        #expect(upcoming.array?.first?["customer_name"] as? String == "B", "\(upcoming)")
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func aRescheduleKeepsTheDetailsAndPassesEveryCheck(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let ann = try #require(await Self.book(server, token, "Ann", "2026-03-03T10:00", minutes: 45).object?["id"] as? String)
        #expect(try await Self.book(server, token, "Bob", "2026-03-03T14:00").status == 201)
        let moved = try await server.send("PUT", "/api/appointments/\(ann)", json: #"{"start_time": "2026-03-04T11:00"}"#, token: token)
        #expect(moved.status == 200, "\(moved)")
        #expect(moved.object?["start_time"] as? String == "2026-03-04T11:00:00+01:00")
        #expect(moved.object?["customer_name"] as? String == "Ann" && moved.object?["duration_minutes"] as? Int == 45)
        let clash = try await server.send("PUT", "/api/appointments/\(ann)", json: #"{"start_time": "2026-03-03T13:30"}"#, token: token)
        #expect(clash.status == 409 && clash.message?.hasPrefix("Time slot is already booked") == true, "\(clash)")
        let closed = try await server.send("PUT", "/api/appointments/\(ann)", json: #"{"start_time": "2026-03-08T11:00"}"#, token: token)
        #expect(closed.status == 400 && closed.message?.hasPrefix("Selected time is not available") == true, "\(closed)")
        let details = try await server.send("PUT", "/api/appointments/\(ann)", json: #"{"note": "bring forms", "email": null, "customer_name": "Ann B"}"#,
                                      token: token)
        #expect(details.object?["note"] as? String == "bring forms" && details.object?["customer_name"] as? String == "Ann B", "\(details)")
        #expect(details.object?["start_time"] as? String == "2026-03-04T11:00:00+01:00")
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func deleteCancelsAndTheAppointmentStaysReadable(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let id = try #require(await Self.book(server, token, "Ann", "2026-03-03T10:00").object?["id"] as? String)
        let deleted = try await server.send("DELETE", "/api/appointments/\(id)", token: token)
        #expect(deleted.status == 204 && deleted.body.isEmpty, "\(deleted)")
        #expect(try await server.send("GET", "/api/appointments/\(id)", token: token).object?["status"] as? String == "cancelled")
        #expect(try await server.send("GET", "/api/appointments", token: token).array?.isEmpty == true)
        // The slot is free again.
        #expect(try await Self.book(server, token, "Bob", "2026-03-03T10:00").status == 201)
        let missing = try await server.send("DELETE", "/api/appointments/00000000-0000-4000-8000-000000000000", token: token)
        #expect(missing.status == 404 && missing.message == "Appointment 00000000-0000-4000-8000-000000000000 not found", "\(missing)")
        for ref in ["999", "nothing"] {
            let reply = try await server.send("GET", "/api/appointments/\(ref)", token: token)
            #expect(reply.status == 404 && reply.message == "Appointment \(ref) not found", "\(reply)")
        }
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func aMissingDurationIsTheDatabasesDefault(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let reply = try await server.send("POST", "/api/appointments", json: #"{"customer_name": "Ann", "start_time": "2026-03-03T10:00"}"#,
                                    token: token)
        #expect(reply.status == 201 && reply.object?["duration_minutes"] as? Int == 30, "\(reply)")
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func aTimeTheClocksSkipIsRefused(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        _ = try await server.send("PUT", "/api/availability", json: #"[{"day_of_week": 6, "start_time": "00:00", "end_time": "24:00"}]"#,
                            token: token)
        // Berlin goes from 02:00 to 03:00 on Sunday 29 March 2026.
        let reply = try await Self.book(server, token, "Ann", "2026-03-29T02:30")
        #expect(reply.status == 400 && reply.message?.contains("2026-03-29T02:30") == true, "\(reply)")
        await server.stop()
    }
}
