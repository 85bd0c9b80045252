import Foundation
import Testing

/// Clients at once: the server answers them side by side, and the booking check and write are
/// one transaction, so exactly one of many bookings of one slot succeeds.
@Suite("Server: concurrent clients")
struct ConcurrentBookingTests {
    @Test(arguments: LiveServer.Backend.allCases)
    func fiftyClientsBookingOneSlotGetOneCreatedAndFortyNineConflicts(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        for round in 0..<3 {
            let start = "2026-03-0\(3 + round)T10:00"
            // Fifty requests in flight at once, each on a thread of its own.
            let seen = await withTaskGroup(of: (Int, String).self) { group in
                for client in 0..<50 {
                    group.addTask {
                        let reply = try? await server.send("POST", "/api/appointments", json: """
                            {"customer_name": "Client \(client)", "start_time": "\(start)", "duration_minutes": 30}
                            """, token: token)
                        return (reply?.status ?? 0, reply?.message ?? "")
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(seen.filter { $0.0 == 201 }.count == 1, "round \(round): \(seen)")
            #expect(seen.filter { $0.0 == 409 && $0.1.hasPrefix("Time slot is already booked") }.count == 49, "round \(round): \(seen)")
        }
        #expect(try server.storedAppointments().count == 3)
        await server.stop()
    }
}
