import Hummingbird
import Logging
import NIOPosix
import SchedCore

/// Turns every failure into the API's error body, so that no handler writes one itself; what a
/// 500 hides from the client goes to the log.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger
    let routes: RouteTable

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let refusal as APIError {
            return refusal.response()
        } catch let error as SchedError {
            guard error.kind != .internal else { return hidden(error, request) }
            return APIError(error).response()
        } catch let error as HTTPError {
            switch error.status {
            case .notFound, .methodNotAllowed:
                let allowed = routes.methods(for: request.uri.path)
                guard !allowed.isEmpty else {
                    return APIError(.notFound, ServerMessage.noRoute(request.method.rawValue, request.uri.path)).response()
                }
                var refusal = APIError(.methodNotAllowed, ServerMessage.methodNotAllowed(request.method.rawValue, request.uri.path))
                refusal.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return refusal.response()
            case .contentTooLarge:
                return APIError(.contentTooLarge, ServerMessage.bodyTooLarge).response()
            default:
                guard error.status.code < 500 else { return hidden(error, request) }
                return APIError(error.status, error.body ?? error.status.reasonPhrase).response()
            }
        } catch is NIOThreadPoolError.ThreadPoolInactive {
            // The server is stopping; the request was not carried out.
            return APIError(.serviceUnavailable, ServerMessage.stopping).response()
        } catch {
            return hidden(error, request)
        }
    }

    private func hidden(_ error: any Error, _ request: Request) -> Response {
        logger.error("\(request.method.rawValue) \(request.uri.path) failed: \(String(describing: error))")
        return APIError(.internalServerError, ServerMessage.internalError).response()
    }
}
