import HTTPTypes
import Hummingbird
import SchedCore
import SchedLang

/// A refusal as the API answers it: `{"status": 409, "message": "…", "field": "…"}`.
struct APIError: Error, Sendable {
    let status: HTTPResponse.Status
    let message: String
    /// The request field at fault, for 422s and for unknown fields.
    let field: String?
    /// Extra headers, such as `Retry-After`.
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
    }

    /// A field's value in the wrong shape or range: 422 naming it.
    static func field(_ name: String, _ message: String) -> APIError {
        APIError(.unprocessableContent, message, field: name)
    }

    /// The domain's error with the status the seed gives its kind; a validation message
    /// (`customer_name: Field is required`) is split into its field and the rest.
    init(_ error: SchedError) {
        let status = error.kind.status.map { HTTPResponse.Status(code: $0) } ?? .badRequest
        if error.kind == .validation, let colon = error.message.range(of: ": ") {
            let name = String(error.message[..<colon.lowerBound])
            if !name.isEmpty, !name.contains(" ") {
                self.init(status, String(error.message[colon.upperBound...]), field: name)
                return
            }
        }
        self.init(status, error.message)
    }

    var body: JSONValue {
        var members: [(String, JSONValue)] = [("status", .number(status.code)), ("message", .string(message))]
        if let field { members.append(("field", .string(field))) }
        return .object(members)
    }

    func response() -> Response {
        var response = JSONResponse.make(status, body)
        response.headers.append(contentsOf: headers)
        // HTTP asks a 401 to name the scheme it wants.
        if status == .unauthorized, response.headers[.wwwAuthenticate] == nil {
            response.headers[.wwwAuthenticate] = "Bearer"
        }
        return response
    }
}
