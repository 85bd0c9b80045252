import Hummingbird
import NIOCore
import SchedLang

/// Responses with a JSON body.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        var text = body.serialized()
        text.append("\n")
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func noContent() -> Response {
        Response(status: .noContent)
    }
}
