import Hummingbird
import Synchronization

/// Adds routes to the router and keeps a table of them, so that a path asked with a method it
/// does not take is answered 405 with the methods it does take, not 404.
struct Routes {
    let router: Router<ServerContext>
    let table: RouteTable

    typealias Handler = @Sendable (Request, ServerContext) async throws -> Response

    func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        router.on(RouterPath(path), method: method, use: handler)
        table.add(method, path)
    }
}

/// The methods each routed path takes; filled before the server starts, read while it serves.
final class RouteTable: Sendable {
    private let entries = Mutex<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    func add(_ method: HTTPRequest.Method, _ path: String) {
        entries.withLock { $0.append((path.split(separator: "/"), method)) }
    }

    /// The methods routed for `path`; a parameter segment (`:id`) matches any one segment.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return entries.withLock { entries in
            entries.filter { entry in
                entry.segments.count == segments.count
                    && zip(entry.segments, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
            }.map(\.method)
        }
    }
}
