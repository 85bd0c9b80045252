import Foundation
import Testing

/// `/api/auth` and the session gate every other endpoint sits behind (the seed's properties 1
/// and 2, and its three 401 messages).
@Suite("Server: authentication")
struct AuthEndpointTests {
    /// Every protected endpoint, with a body where it takes one.
    static let protected: [(method: String, path: String, json: String?)] = [
        ("GET", "/api/auth/me", nil),
        ("POST", "/api/auth/logout", nil),
        ("GET", "/api/appointments", nil),
        ("POST", "/api/appointments", #"{"customer_name": "Ann", "start_time": "2026-03-03T10:00", "duration_minutes": 30}"#),
        ("GET", "/api/appointments/1", nil),
        ("PUT", "/api/appointments/1", #"{"note": "x"}"#),
        ("DELETE", "/api/appointments/1", nil),
        ("GET", "/api/availability", nil),
        ("GET", "/api/availability/weekly", nil),
        ("PUT", "/api/availability", "[]"),
        ("GET", "/api/availability/overrides", nil),
        ("PUT", "/api/availability/overrides/2026-03-04", #"{"windows": []}"#),
        ("GET", "/api/slots?date=2026-03-03", nil),
        ("GET", "/api/calendar/week", nil),
        ("GET", "/api/settings", nil),
    ]

    @Test func logInGivesABearerTokenForTheConfiguredLifetime() async throws {
        let server = try await LiveServer(tokenLifetime: 1800)
        let reply = try await server.send("POST", "/api/auth/login",
                                    json: #"{"username": "owner", "password": "correct horse battery"}"#)
        #expect(reply.status == 200, "\(reply)")
        #expect(reply.object?["token_type"] as? String == "bearer")
        #expect(reply.object?["expires_in"] as? Int == 1800)
        let token = try #require(reply.object?["access_token"] as? String)
        let me = try await server.send("GET", "/api/auth/me", token: token)
        #expect(me.status == 200 && me.object?["username"] as? String == "owner", "\(me)")
        // The database keeps only the token's hash.
        let stored = try String(contentsOfFile: server.path, encoding: .isoLatin1)
        #expect(!stored.contains(token))
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func aWrongPasswordOrNameIsTheSeedsMessage(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        for body in [#"{"username": "owner", "password": "wrong password"}"#, #"{"username": "nobody", "password": "correct horse battery"}"#] {
            let reply = try await server.send("POST", "/api/auth/login", json: body)
            #expect(reply.status == 401 && reply.message == "Invalid username or password", "\(reply)")
        }
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func everyProtectedEndpointRefusesARequestWithoutAValidToken(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        for endpoint in Self.protected {
            for token in [nil, "sched_not-a-token", ""] {
                let reply = try await server.send(endpoint.method, endpoint.path, json: endpoint.json, token: token)
                #expect(reply.status == 401 && reply.message == "Authentication required",
                        "\(endpoint.method) \(endpoint.path) with \(token ?? "no token"): \(reply)")
            }
        }
        #expect(try server.storedAppointments().isEmpty)
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func anExpiredTokenIsRefusedAsExpiredEverywhere(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend, tokenLifetime: 600)
        let token = try await server.logIn()
        #expect(try await server.send("GET", "/api/appointments", token: token).status == 200)
        server.clock.set(LiveServer.monday.addingTimeInterval(601))
        for endpoint in Self.protected {
            let reply = try await server.send(endpoint.method, endpoint.path, json: endpoint.json, token: token)
            #expect(reply.status == 401 && reply.message == "Token has expired", "\(endpoint.method) \(endpoint.path): \(reply)")
        }
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func logOutRevokesTheToken(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let other = try await server.logIn()
        let out = try await server.send("POST", "/api/auth/logout", token: token)
        #expect(out.status == 204 && out.body.isEmpty, "\(out)")
        let after = try await server.send("GET", "/api/auth/me", token: token)
        #expect(after.status == 401 && after.message == "Authentication required", "\(after)")
        // Another session lives on.
        #expect(try await server.send("GET", "/api/auth/me", token: other).status == 200)
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func loginsFromOneAddressAreRateLimited(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        var statuses: [Int] = []
        var lastReply: Reply?
        for _ in 1...12 {
            let reply = try await server.send("POST", "/api/auth/login", json: #"{"username": "owner", "password": "wrong password"}"#)
            statuses.append(reply.status)
            lastReply = reply
        }
        #expect(statuses.prefix(10).allSatisfy { $0 == 401 }, "\(statuses)")
        #expect(statuses.suffix(2) == [429, 429], "\(statuses)")
        let limited = try #require(lastReply)
        #expect(limited.message?.hasPrefix("Too many login attempts from this address; try again in ") == true, "\(limited)")
        #expect(Int(limited.header("Retry-After") ?? "") != nil, "\(limited.headers)")
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func theDatabaseLockoutAppliesAfterFiveFailures(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        for _ in 1...5 {
            _ = try await server.send("POST", "/api/auth/login", json: #"{"username": "owner", "password": "wrong password"}"#)
        }
        let locked = try await server.send("POST", "/api/auth/login",
                                     json: #"{"username": "owner", "password": "correct horse battery"}"#)
        #expect(locked.status == 401 && locked.message?.hasPrefix("Too many failed logins") == true, "\(locked)")
        await server.stop()
    }
}
