import Foundation
import Testing

/// The database gone from under the server: every request is refused with 503 and the store's
/// reason, and the server goes on answering.
@Suite("Server: database unavailable")
struct UnavailableTests {
    @Test func aDeletedDatabaseFileIsServiceUnavailable() async throws {
        let server = try await LiveServer()
        let token = try await server.logIn()
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: server.path + suffix)
        }
        for (method, path, json) in [("GET", "/api/appointments", nil),
                                     ("POST", "/api/appointments", #"{"customer_name": "Ann", "start_time": "2026-03-03T10:00"}"#),
                                     ("GET", "/api/availability/weekly", nil)] as [(String, String, String?)] {
            let reply = try await server.send(method, path, json: json, token: token)
            #expect(reply.status == 503, "\(method) \(path): \(reply)")
            #expect(reply.message?.hasPrefix("Database unavailable: the file ") == true, "\(reply)")
        }
        await server.stop()
    }
}
