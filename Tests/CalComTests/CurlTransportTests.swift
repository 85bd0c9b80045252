import CalComFake
import Foundation
import Glibc
import Synchronization
import Testing
@testable import CalCom

/// A loopback server that answers each connection with the next canned reply, byte for byte,
/// and keeps the raw requests: for what the transport puts on the wire and how it reads what
/// comes back, below the level the Cal.com fake works at.
private final class RawServer: Sendable {
    let port: UInt16
    private let listener: Int32
    private let state = Mutex<[String]>([])
    private let finished = DispatchSemaphore(value: 0)

    /// The requests received so far, head and body as text.
    var requests: [String] { state.withLock { $0 } }

    init(replies: [String]) throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && listen(socket, 8) == 0
                    && getsockname(socket, generic, &length) == 0
            }
        }
        guard socket >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
        listener = socket
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in
            for reply in replies {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { break }
                let request = Self.readRequest(connection)
                state.withLock { $0.append(request) }
                _ = reply.utf8CString.withUnsafeBufferPointer { write(connection, $0.baseAddress, $0.count - 1) }
                close(connection)
            }
            finished.signal()
        }
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/v2/me")! }

    /// The head and, by its Content-Length, the body of one request.
    private static func readRequest(_ connection: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let text = String(decoding: bytes, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") {
                let head = text[..<end.lowerBound].lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length {
                    return text
                }
            }
            let count = read(connection, &chunk, chunk.count)
            guard count > 0 else { return String(decoding: bytes, as: UTF8.self) }
            bytes += chunk[..<count]
        }
    }
}

@Suite struct CurlTransportTests {
    /// Sends `request` off the cooperative pool, as sched's client does.
    private func send(_ request: HTTPRequest, transport: CurlTransport = CurlTransport()) async throws -> HTTPResponse {
        try await offPool { try transport.send(request) }
    }

    @Test func theRequestGoesOutWithItsMethodHeadersAndBody() async throws {
        let server = try RawServer(replies: ["HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"])
        let request = HTTPRequest(method: "PATCH", url: server.url,
                                  headers: [("Authorization", "Bearer k"), ("Content-Type", "application/json")],
                                  body: Data(#"{"a":1}"#.utf8), timeout: 5)
        let response = try await send(request)
        #expect(response.status == 201)
        #expect(response.body == Data("{}".utf8))
        let sent = try #require(server.requests.first)
        #expect(sent.hasPrefix("PATCH /v2/me HTTP/1.1\r\n"))
        #expect(sent.contains("\r\nAuthorization: Bearer k\r\n"))
        #expect(sent.contains("\r\nContent-Type: application/json\r\n"))
        #expect(sent.contains("\r\nContent-Length: 7\r\n"))
        #expect(!sent.lowercased().contains("expect:"))
        #expect(sent.hasSuffix("\r\n\r\n{\"a\":1}"))
    }

    @Test func aGetCarriesNoBody() async throws {
        let server = try RawServer(replies: ["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"])
        _ = try await send(HTTPRequest(method: "GET", url: server.url, timeout: 5))
        let sent = try #require(server.requests.first)
        #expect(sent.hasPrefix("GET /v2/me HTTP/1.1\r\n"))
        #expect(!sent.lowercased().contains("content-length"))
        #expect(sent.hasSuffix("\r\n\r\n"))
    }

    @Test func aRedirectIsTheReplyNotFollowed() async throws {
        let server = try RawServer(replies: [
            "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        ])
        let response = try await send(HTTPRequest(method: "GET", url: server.url, headers: [("Authorization", "Bearer k")],
                                                  timeout: 5))
        #expect(response.status == 302)
        #expect(response.header("location") == "/elsewhere")
        #expect(server.requests.count == 1)
    }

    @Test func headersOfTheFinalReplyAreReadAndRepeatsJoined() async throws {
        let server = try RawServer(replies: [
            "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
                + "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nX-Tag: a\r\nx-tag: b\r\nContent-Length: 0\r\n\r\n",
        ])
        let response = try await send(HTTPRequest(method: "POST", url: server.url, body: Data(), timeout: 5))
        #expect(response.status == 429)
        #expect(response.header("retry-after") == "3")
        #expect(response.header("X-TAG") == "a, b")
        #expect(response.header("x-interim") == nil)
    }

    @Test func aReplyPastTheLimitIsRefused() async throws {
        let body = String(repeating: "x", count: 5000)
        let server = try RawServer(replies: ["HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + body])
        await #expect(throws: TransportError.failed("the reply from 127.0.0.1 was larger than 1000 bytes")) {
            _ = try await send(HTTPRequest(method: "GET", url: server.url, timeout: 5),
                               transport: CurlTransport(replyLimit: 1000))
        }
    }

    @Test func aLineBreakInAHeaderIsRefusedBeforeAnythingIsSent() async throws {
        let server = try RawServer(replies: ["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"])
        let request = HTTPRequest(method: "GET", url: server.url,
                                  headers: [("Authorization", "Bearer k\r\nX-Injected: 1")], timeout: 5)
        await #expect(throws: TransportError.failed("a header field of the request to 127.0.0.1 holds a line break")) {
            _ = try await send(request)
        }
        #expect(server.requests.isEmpty)
    }

    @Test func aReplyThatNeverComesTimesOut() async throws {
        let server = try RawServer(replies: [])
        let request = HTTPRequest(method: "GET", url: server.url, timeout: 0.3)
        // Timed on the sending thread: the test's own resumption may wait for a busy pool.
        let (outcome, took) = try await offPool { () -> (Result<HTTPResponse, TransportError>, Duration) in
            let started = ContinuousClock.now
            do throws(TransportError) {
                return (.success(try CurlTransport().send(request)), ContinuousClock.now - started)
            } catch {
                return (.failure(error), ContinuousClock.now - started)
            }
        }
        #expect(outcome == .failure(.timedOut))
        #expect(took >= .milliseconds(250) && took < .seconds(3))
    }

    @Test func timeoutsBecomeWholeMillisecondsWithinADay() {
        #expect(CurlTransport.milliseconds(0.3) == 300)
        #expect(CurlTransport.milliseconds(0.0001) == 1)
        #expect(CurlTransport.milliseconds(0) == 1)
        #expect(CurlTransport.milliseconds(-5) == 1)
        #expect(CurlTransport.milliseconds(1e300) == 86_400_000)
        #expect(CurlTransport.milliseconds(.infinity) == 86_400_000)
        #expect(CurlTransport.milliseconds(.nan) == 86_400_000)
    }

    @Test func onlyHTTPAndHTTPSAreSpoken() async throws {
        let request = HTTPRequest(method: "GET", url: URL(fileURLWithPath: "/etc/hostname"), timeout: 5)
        await #expect(throws: TransportError.cannotConnect("the address of the server is not an http or https URL")) {
            _ = try await send(request)
        }
    }
}
