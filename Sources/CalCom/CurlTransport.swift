import CCurl
import Foundation

/// Sends requests with libcurl and blocks until the reply is in. libcurl is opened the first
/// time a request goes out, so a run without Cal.com work never loads it or the forty libraries
/// it brings (Foundation's URLSession would load them all at start-up). Nothing is cached, no
/// cookies are kept, only http and https are spoken, and redirects are not followed (a
/// redirect would carry the Authorization header to another address): a 3xx is the reply.
public struct CurlTransport: HTTPTransport {
    /// The largest reply body accepted; Cal.com's replies are a few kilobytes.
    public let replyLimit: Int

    public init(replyLimit: Int = 64 << 20) {
        self.replyLimit = replyLimit
    }

    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let host = request.url.host ?? "the server"
        if let reason = sched_http_open() {
            throw .cannotConnect(String(cString: reason))
        }
        let lines = request.headers.map { "\($0.name): \($0.value)" }
        guard !lines.contains(where: { $0.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 } }) else {
            throw .failed("a header field of the request to \(host) holds a line break")
        }
        let cLines = lines.map { strdup($0) }
        defer { cLines.forEach { free($0) } }
        let body = request.body ?? Data()
        var exchange = sched_http_exchange()
        let code = request.method.withCString { method in
            request.url.absoluteString.withCString { url in
                cLines.map { UnsafePointer($0) }.withUnsafeBufferPointer { headerLines in
                    body.withUnsafeBytes { bodyBytes in
                        exchange.method = method
                        exchange.url = url
                        exchange.header_lines = headerLines.baseAddress
                        exchange.header_count = headerLines.count
                        exchange.has_body = request.body == nil ? 0 : 1
                        exchange.body = bodyBytes.baseAddress
                        exchange.body_length = bodyBytes.count
                        exchange.timeout_ms = Self.milliseconds(request.timeout)
                        exchange.reply_limit = replyLimit
                        return sched_http_perform(&exchange)
                    }
                }
            }
        }
        defer { sched_http_release(&exchange) }
        guard code == SCHED_HTTP_OK else { throw error(code: code, host: host) }
        let head = exchange.head.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: exchange.head_length),
                                              as: UTF8.self) } ?? ""
        let reply = exchange.reply.map { Data(bytes: $0, count: exchange.reply_length) } ?? Data()
        return HTTPResponse(status: exchange.status, headers: Self.headers(in: head), body: reply)
    }

    /// `seconds` as libcurl's whole milliseconds: at least 1 (0 would mean no limit) and at most a
    /// day, whatever the configuration holds.
    static func milliseconds(_ seconds: TimeInterval) -> Int {
        let day = 86_400_000.0
        guard seconds.isFinite else { return Int(day) }
        return Int(min(max((seconds * 1000).rounded(.up), 1), day))
    }

    /// The fields of a reply's header block; a field sent more than once has its values joined
    /// with commas, as HTTP allows.
    static func headers(in head: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in head.split(whereSeparator: \.isNewline).dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            if let key = fields.keys.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
                fields[key]? += ", " + value
            } else {
                fields[name] = value
            }
        }
        return fields
    }

    /// Names what went wrong without quoting the request.
    private func error(code: Int32, host: String) -> TransportError {
        switch Int(code) {
        case SCHED_HTTP_OPERATION_TIMEDOUT:
            .timedOut
        case SCHED_HTTP_GOT_NOTHING, SCHED_HTTP_SEND_ERROR, SCHED_HTTP_RECV_ERROR, SCHED_HTTP_PARTIAL_FILE:
            .connectionLost
        case SCHED_HTTP_COULDNT_CONNECT:
            .cannotConnect("could not connect to \(host)")
        case SCHED_HTTP_COULDNT_RESOLVE_HOST, SCHED_HTTP_COULDNT_RESOLVE_PROXY:
            .cannotConnect("could not find the host \(host)")
        case SCHED_HTTP_SSL_CONNECT_ERROR, SCHED_HTTP_PEER_FAILED_VERIFICATION, SCHED_HTTP_SSL_CERTPROBLEM,
             SCHED_HTTP_SSL_CIPHER, SCHED_HTTP_SSL_CACERT_BADFILE, SCHED_HTTP_SSL_ISSUER_ERROR,
             SCHED_HTTP_SSL_PINNEDPUBKEYNOTMATCH, SCHED_HTTP_SSL_INVALIDCERTSTATUS:
            .cannotConnect("the secure connection to \(host) failed")
        case SCHED_HTTP_UNSUPPORTED_PROTOCOL, SCHED_HTTP_URL_MALFORMAT:
            .cannotConnect("the address of \(host) is not an http or https URL")
        case SCHED_HTTP_WEIRD_SERVER_REPLY, SCHED_HTTP_BAD_CONTENT_ENCODING:
            .failed("the reply from \(host) could not be read")
        case SCHED_HTTP_REPLY_TOO_LARGE:
            .failed("the reply from \(host) was larger than \(replyLimit) bytes")
        default:
            .failed("the request to \(host) failed (libcurl error \(code))")
        }
    }
}
