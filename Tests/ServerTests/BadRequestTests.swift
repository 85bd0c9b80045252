import Foundation
import Testing

/// Input the API refuses: each refusal has its status and a message naming what is wrong, and
/// nothing is written.
@Suite("Server: bad requests")
struct BadRequestTests {
    static let valid = #"{"customer_name": "Ann", "start_time": "2026-03-03T10:00", "duration_minutes": 30}"#

    @Test(arguments: LiveServer.Backend.allCases)
    func malformedBodiesAreRefusedWithTheirReason(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let cases: [(body: String, status: Int, message: String, field: String?)] = [
            ("{\"customer_name\": ", 400, "the body is not valid JSON", nil),
            ("", 400, "the body is not valid JSON", nil),
            ("[1, 2]", 400, "the body must be a JSON object", nil),
            ("\"text\"", 400, "the body must be a JSON object", nil),
            (#"{"customer_name": "Ann", "start_time": "2026-03-03T10:00", "duration": 30}"#, 400, "unknown field 'duration'", "duration"),
            (#"{"customer_name": 7, "start_time": "2026-03-03T10:00"}"#, 422, "must be a string", "customer_name"),
            (#"{"customer_name": "Ann", "start_time": "2026-03-03T10:00", "duration_minutes": "30"}"#, 422, "must be an integer", "duration_minutes"),
            (#"{"customer_name": "Ann", "start_time": "2026-03-03T10:00", "duration_minutes": 30.5}"#, 422, "must be an integer", "duration_minutes"),
            (#"{"customer_name": "Ann", "start_time": "2026-03-03T10:00", "duration_minutes": true}"#, 422, "must be an integer", "duration_minutes"),
            (#"{"customer_name": "Ann", "start_time": "tomorrow"}"#, 422, "must be a date-time such as 2026-12-08T10:00:00+01:00", "start_time"),
            (#"{"customer_name": "Ann", "start_time": "2026-02-30T10:00"}"#, 422, "must be a date-time such as 2026-12-08T10:00:00+01:00", "start_time"),
            (#"{"customer_name": "Ann", "start_time": "2026-03-03T25:00"}"#, 422, "must be a date-time such as 2026-12-08T10:00:00+01:00", "start_time"),
            (#"{"start_time": "2026-03-03T10:00"}"#, 422, "Field is required", "customer_name"),
            (#"{"customer_name": null, "start_time": "2026-03-03T10:00"}"#, 422, "Field is required", "customer_name"),
            (#"{"customer_name": "Ann"}"#, 422, "Field is required", "start_time"),
            (#"{"customer_name": "  ", "start_time": "2026-03-03T10:00"}"#, 422, "Field is required", "customer_name"),
            (#"{"customer_name": "Ann", "start_time": "2026-03-03T10:00", "duration_minutes": 1441}"#, 422, "must be between 1 and 1440", "duration_minutes"),
            (#"{"customer_name": "Ann", "start_time": "2026-03-03T10:00", "email": "not an address"}"#, 422,
             "must be an email address such as name@example.com", "email"),
        ]
        for refusal in cases {
            let reply = try await server.send("POST", "/api/appointments", json: refusal.body, token: token)
            #expect(reply.status == refusal.status, "\(refusal.body): \(reply)")
            #expect(reply.message == refusal.message, "\(refusal.body): \(reply)")
            #expect(reply.field == refusal.field, "\(refusal.body): \(reply)")
        }
        #expect(try server.storedAppointments().isEmpty)
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func aBodyThatIsNotJSONOrTooLargeIsRefused(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let plain = try await server.send("POST", "/api/appointments", json: Self.valid, token: token,
                                    headers: [("Content-Type", "text/plain")])
        #expect(plain.status == 415 && plain.message == "the body must be JSON (Content-Type: application/json)", "\(plain)")
        let large = try await server.send("POST", "/api/appointments", json: #"{"customer_name": ""# + String(repeating: "a", count: 70_000) + "\"}",
                                    token: token)
        #expect(large.status == 413 && large.message == "the body is larger than 64 KB", "\(large)")
        let charset = try await server.send("POST", "/api/appointments", json: Self.valid, token: token,
                                      headers: [("Content-Type", "application/json; charset=utf-8")])
        #expect(charset.status == 201, "\(charset)")
        #expect(try server.storedAppointments().count == 1)
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func badQueriesNameTheParameter(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let cases: [(path: String, field: String)] = [
            ("/api/appointments?start=soon", "start"),
            ("/api/appointments?start=2026-03-05&end=2026-03-01", "end"),
            ("/api/availability?start=2026-13-01", "start"),
            ("/api/availability?start=2026-01-01&end=2028-01-01", "end"),
            ("/api/slots?date=2026-03-03&duration=half", "duration"),
            ("/api/calendar/week?date=03/03/2026", "date"),
        ]
        for bad in cases {
            let reply = try await server.send("GET", bad.path, token: token)
            #expect(reply.status == 422 && reply.field == bad.field, "\(bad.path): \(reply)")
        }
        let unknown = try await server.send("GET", "/api/nothing", token: token)
        #expect(unknown.status == 404 && unknown.message == "No such endpoint: GET /api/nothing", "\(unknown)")
        let method = try await server.send("PATCH", "/api/appointments/7", token: token)
        #expect(method.status == 405 && method.message == "PATCH is not allowed on /api/appointments/7", "\(method)")
        #expect(method.header("Allow") == "GET, PUT, DELETE", "\(method.headers)")
        await server.stop()
    }

    /// Bytes of every kind as a body: a refusal with a message, never a 500 or a write.
    @Test func randomBodiesNeverCrashOrWrite() async throws {
        let server = try await LiveServer()
        let token = try await server.logIn()
        var generator = SystemRandomNumberGenerator()
        let pieces = ["{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "\"customer_name\"", "\"start_time\"",
                      "\u{0}", "\u{FFFF}", "\\u0000", "\\", "9999999999999999999999"]
        for _ in 0..<300 {
            let body = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for path in ["/api/appointments", "/api/appointments/1", "/api/availability/overrides/2026-03-04"] {
                let method = path == "/api/appointments" ? "POST" : "PUT"
                let reply = try await server.send(method, path, json: body, token: token)
                #expect([400, 404, 409, 413, 415, 422].contains(reply.status), "\(method) \(path) \(body.debugDescription): \(reply)")
                #expect(reply.message?.isEmpty == false, "\(body.debugDescription): \(reply)")
            }
        }
        #expect(try server.storedAppointments().isEmpty)
        await server.stop()
    }
}
