import Crypto
import Foundation
import Hummingbird
import NIOCore

/// The web app's files and the OpenAPI document, read into memory once at start-up; each is
/// served with its type and an ETag, and revalidated rather than cached blindly, so that a new
/// release is seen on the next load.
struct WebFiles: Sendable {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let etag: String
    }

    /// By URL path: `/index.html`, `/js/main.js`.
    let files: [String: File]
    let openAPI: File

    /// Reads the resources beside the executable, where SwiftPM puts them.
    static func load() throws -> WebFiles {
        let folder = try resourceFolder()
        var files: [String: File] = [:]
        let web = folder.appendingPathComponent("web")
        let walker = FileManager.default.enumerator(at: web, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(web.standardizedFileURL.path.count))
            files[path] = try file(url)
        }
        guard files["/index.html"] != nil else { throw WebFilesMissing(path: web.path) }
        return WebFiles(files: files, openAPI: try file(folder.appendingPathComponent("openapi.json")))
    }

    private static func file(_ url: URL) throws -> File {
        let data = try Data(contentsOf: url)
        let digest = SHA256.hash(data: data).prefix(12).map { byte in
            (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
        return File(bytes: ByteBuffer(bytes: data), contentType: contentType(url.pathExtension), etag: "\"\(digest)\"")
    }

    static func contentType(_ fileExtension: String) -> String {
        switch fileExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "webmanifest": "application/manifest+json"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    /// `sched_SchedServer.resources` beside the executable (symbolic links followed), else the
    /// source tree this binary was built from.
    private static func resourceFolder() throws -> URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidates = [
            executable.deletingLastPathComponent().appendingPathComponent("sched_SchedServer.resources/Resources"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources"),
        ]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("web").path) {
            return candidate
        }
        throw WebFilesMissing(path: candidates[0].path)
    }

    /// The response for `file`: 304 when the client's copy is current.
    static func response(_ file: File, _ request: Request) -> Response {
        var headers: HTTPFields = [.contentType: file.contentType, .eTag: file.etag, .cacheControl: "no-cache"]
        if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == file.etag
        }) == true {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.bytes.readableBytes)
        return Response(status: .ok, headers: headers,
                        body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: file.bytes))
    }
}

/// The web app's files are not where the build put them.
struct WebFilesMissing: Error, CustomStringConvertible {
    let path: String
    var description: String { ServerMessage.webFilesMissing(path) }
}

/// Serves the web app at `/` for GET and HEAD; anything else goes on to the router.
struct WebFilesMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let web: WebFiles

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let path = request.uri.path
        if path == "/api/openapi.json" { return WebFiles.response(web.openAPI, request) }
        guard !path.hasPrefix("/api/"), let file = web.files[path == "/" ? "/index.html" : path] else {
            return try await next(request, context)
        }
        return WebFiles.response(file, request)
    }
}
