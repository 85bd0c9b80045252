import Foundation
import Testing

/// The web app and the OpenAPI document as the server hands them out: types, caching, the
/// Content-Security-Policy, and a document that names every endpoint the server answers.
@Suite("Server: web app and OpenAPI document")
struct WebFilesTests {
    @Test func theAppIsServedWithItsTypesAndAStrictPolicy() async throws {
        let server = try await LiveServer()
        let index = try await server.send("GET", "/")
        #expect(index.status == 200 && index.header("Content-Type") == "text/html; charset=utf-8", "\(index.headers)")
        let html = String(decoding: index.body, as: UTF8.self)
        #expect(html.contains("<script type=\"module\""))
        // No inline script: every script element names a file.
        #expect(!html.contains("<script>") && !html.contains("onclick="))
        let policy = try #require(index.header("Content-Security-Policy"))
        #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe"))
        #expect(index.header("X-Content-Type-Options") == "nosniff")
        let etag = try #require(index.header("ETag"))
        #expect(index.header("Cache-Control") == "no-cache")
        let again = try await server.send("GET", "/", headers: [("If-None-Match", etag)])
        #expect(again.status == 304 && again.body.isEmpty, "\(again)")
        let scripts = html.components(separatedBy: "src=\"").dropFirst().compactMap { $0.split(separator: "\"").first }
        #expect(!scripts.isEmpty)
        for script in scripts where script.hasPrefix("/") {
            let file = try await server.send("GET", String(script))
            #expect(file.status == 200 && file.header("Content-Type") == "text/javascript; charset=utf-8", "\(script): \(file.status)")
        }
        await server.stop()
    }

    /// Every path and method the document lists is routed (no "No such endpoint"), with the
    /// document's security: all but login and the document itself need a token.
    @Test func theDocumentListsWhatTheServerAnswers() async throws {
        let server = try await LiveServer()
        let token = try await server.logIn()
        let reply = try await server.send("GET", "/api/openapi.json")
        #expect(reply.status == 200 && reply.header("Content-Type") == "application/json")
        let document = try #require(reply.object)
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations = 0
        for (path, methods) in paths {
            for method in methods.keys where ["get", "put", "post", "delete"].contains(method) {
                operations += 1
                let concrete = path.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{date}", with: "2026-03-04")
                let json = method == "get" || method == "delete" ? nil : "{}"
                let anonymous = try await server.send(method.uppercased(), concrete, json: json)
                #expect(anonymous.message?.hasPrefix("No such endpoint") != true, "\(method) \(path): \(anonymous)")
                let open = ["/api/auth/login", "/api/openapi.json"].contains(path)
                #expect(open || anonymous.status == 401, "\(method) \(path) without a token: \(anonymous)")
                if method == "get" {
                    let answered = try await server.send("GET", concrete, token: token)
                    #expect(answered.status != 404 || path.contains("{id}"), "\(path): \(answered)")
                }
            }
        }
        #expect(operations >= 15, "\(paths.keys.sorted())")
        await server.stop()
    }

    /// Pages from another site may call the API only when `--cors-origin` names theirs.
    @Test func crossOriginCallsNeedTheOriginNamed() async throws {
        let preflight: [(name: String, value: String)] = [
            ("Origin", "https://app.example.com"), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization, content-type"),
        ]
        let closed = try await LiveServer()
        let refused = try await closed.send("OPTIONS", "/api/appointments", headers: preflight)
        #expect(refused.header("Access-Control-Allow-Origin") == nil, "\(refused.headers)")
        let plain = try await closed.send("GET", "/api/settings", headers: [("Origin", "https://app.example.com")])
        #expect(plain.header("Access-Control-Allow-Origin") == nil)
        await closed.stop()

        let open = try await LiveServer(corsOrigin: "https://app.example.com")
        let allowed = try await open.send("OPTIONS", "/api/appointments", headers: preflight)
        #expect(allowed.header("Access-Control-Allow-Origin") == "https://app.example.com", "\(allowed)")
        #expect(allowed.header("Access-Control-Allow-Headers")?.lowercased().contains("authorization") == true)
        let token = try await open.logIn()
        let read = try await open.send("GET", "/api/settings", token: token, headers: [("Origin", "https://app.example.com")])
        #expect(read.status == 200 && read.header("Access-Control-Allow-Origin") == "https://app.example.com", "\(read.headers)")
        await open.stop()
    }
}
