import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import SchedCore
import SchedLang
import SchedRuntime
import Scheduling

/// What every handler needs: the scheduler, and a way to run its blocking work (SQLite, password
/// hashing, Cal.com) off the threads that serve connections.
struct Endpoint: Sendable {
    let scheduler: Scheduler
    let threads: NIOThreadPool

    /// Runs `work` on the blocking pool, reads too: a write may wait for another process's lock
    /// and a login hashes for a good part of a second, and even a read answers sooner, at a
    /// lower p99, off the threads that run the handlers (Benchmarks/RESULTS.md).
    func blocking<Output: Sendable>(_ work: @escaping @Sendable () throws -> Output) async throws -> Output {
        try await threads.runIfActive(work)
    }

    /// The bearer token of a request, if it sends one.
    static func session(_ request: Request) -> SessionToken? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : SessionToken(value: token)
    }

    /// A request's body as read off the connection, parsed only when the use case asks for it:
    /// after the session is checked, so that a caller without one learns nothing about it.
    struct Body: Sendable {
        let bytes: [UInt8]
        /// Whether the request says it is JSON (`application/json`, perhaps with a charset, or
        /// a `+json` type).
        let saysJSON: Bool

        /// The JSON it holds; 415 when its type is not JSON, 400 when it is not JSON text.
        func json() throws(APIError) -> JSONInput {
            guard saysJSON else { throw APIError(.unsupportedMediaType, ServerMessage.notJSON) }
            return try JSONInput.parse(bytes)
        }
    }

    /// Reads the body of `request`, refused with 413 beyond the limit.
    static func body(_ request: Request, _ context: ServerContext) async throws -> Body {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, ServerMessage.bodyTooLarge)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, ServerMessage.bodyTooLarge)
        }
        let type = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return Body(bytes: Array(buffer.readableBytesView),
                    saysJSON: type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json")))
    }

    /// A query parameter, nil when absent or empty.
    static func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        return String(value)
    }

    /// An appointment named in a path: its UUID or its number; anything else names none.
    static func appointmentRef(_ text: String) throws(APIError) -> AppointmentRef {
        if let id = UUID(text: text) { return .id(id) }
        if text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) { return .number(number) }
        throw SchedError.appointmentNotFound(text).api
    }
}
