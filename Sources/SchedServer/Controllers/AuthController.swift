import Foundation
import Hummingbird
import SchedCore
import SchedLang
import Scheduling

/// `/api/auth`: log in for a bearer token, log out, and who the token belongs to.
struct AuthController: Sendable {
    let endpoint: Endpoint
    let limit: LoginRateLimit

    func add(to routes: Routes) {
        routes.add(.post, "/api/auth/login", login)
        routes.add(.post, "/api/auth/logout", logout)
        routes.add(.get, "/api/auth/me", me)
    }

    @Sendable func login(_ request: Request, context: ServerContext) async throws -> Response {
        if let wait = limit.admit(context.clientAddress, at: endpoint.scheduler.clock.now) {
            var refusal = APIError(.tooManyRequests, ServerMessage.loginRateLimited(seconds: wait))
            refusal.headers[.retryAfter] = String(wait)
            throw refusal
        }
        let body = try await Endpoint.body(request, context)
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            var fields = try JSONFields(body.json())
            let name = try fields.requiredString("username")
            let password = try fields.requiredString("password")
            try fields.finish()
            let session = try scheduler.run(LogIn { _ in (name, password) }, session: nil).output.get()
            let seconds = max(0, Int(session.expiresAt.timeIntervalSince(scheduler.clock.now).rounded()))
            return JSONResponse.make(.ok, .object([
                ("access_token", .string(session.token.value)),
                ("token_type", .string("bearer")),
                ("expires_in", .number(seconds)),
            ]))
        }
    }

    @Sendable func logout(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            _ = try scheduler.authenticate(session)
            _ = try scheduler.run(LogOut(), session: session)
            return JSONResponse.noContent()
        }
    }

    @Sendable func me(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let user = try scheduler.authenticate(session)
            return JSONResponse.make(.ok, .object([("username", .string(user.username))]))
        }
    }
}
