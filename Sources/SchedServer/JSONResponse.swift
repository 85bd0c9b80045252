import Hummingbird
import NIOCore
import SchedLang

/// Responses with a JSON body.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        var bytes = body.utf8()
        bytes.append(0x0A)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func noContent() -> Response {
        Response(status: .noContent)
    }
}
