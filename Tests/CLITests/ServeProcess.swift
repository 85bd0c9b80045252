import CalCom
import Foundation
import SchedTestSupport

/// `sched serve --port 0` as its own process on a sandbox's database: the address it prints,
/// requests to it, and what it logged once it is stopped.
final class ServeProcess: @unchecked Sendable {
    let child: Subprocess
    let baseURL: URL
    private let errors: PipeReader
    private let transport = CurlTransport()

    init(_ sandbox: Sandbox, arguments: [String] = []) throws {
        let binary = try SchedBinary.url().path
        child = try Subprocess(binary, ["serve", "--port", "0"] + arguments,
                               environment: sandbox.environment(database: sandbox.database),
                               directory: sandbox.directory.path, input: .pipe, output: .pipe, error: .pipe)
        errors = PipeReader(child.standardError!)
        // The first line on standard output names the address.
        var line = Data()
        let output = child.standardOutput!
        while !line.contains(0x0A) {
            let chunk = output.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let address = text.components(separatedBy: "listening on ").last.flatMap({ URL(string: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }),
              text.hasPrefix("sched serve: listening on http://127.0.0.1:")
        else {
            child.send(SIGKILL)
            _ = child.wait()
            throw NotListening(output: text, errors: String(decoding: errors.wait(), as: UTF8.self))
        }
        baseURL = address
    }

    struct NotListening: Error, CustomStringConvertible {
        let output: String
        let errors: String
        var description: String { "sched serve did not start: \(output) \(errors)" }
    }

    func send(_ method: String, _ path: String, json: String? = nil, token: String? = nil) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try transport.send(HTTPRequest(method: method, url: URL(string: path, relativeTo: baseURL)!.absoluteURL,
                                              headers: headers, body: json.map { Data($0.utf8) }, timeout: 30))
    }

    func logIn() throws -> String {
        let reply = try send("POST", "/api/auth/login",
                             json: #"{"username": "\#(Sandbox.user)", "password": "\#(Sandbox.password)"}"#)
        let object = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
        guard let token = object?["access_token"] as? String else { throw NotListening(output: "\(reply.status)", errors: "") }
        return token
    }

    /// Sends `signal` and waits for the process to end; gives its termination and its log.
    func stop(_ signal: Int32 = SIGTERM, within seconds: TimeInterval = 20) -> (Subprocess.Termination?, String) {
        child.send(signal)
        let termination = child.wait(until: Date().addingTimeInterval(seconds))
        if termination == nil {
            child.send(SIGKILL)
            _ = child.wait()
        }
        return (termination, String(decoding: errors.wait(), as: UTF8.self))
    }
}
