import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Sends requests with Foundation's URLSession and blocks until the reply is in. The session is
/// ephemeral: nothing is cached, no cookies are kept, and redirects are not followed (a redirect
/// would carry the Authorization header to another address).
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// `timeout` bounds each request; a request's own `timeoutInterval` bounds it as well.
    public init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: URLRequest) throws(TransportError) -> HTTPResponse {
        let reply = Mutex<Result<HTTPResponse, TransportError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let host = request.url?.host ?? "the server"
        let task = session.dataTask(with: request) { data, response, error in
            let result = Self.result(data: data, response: response, error: error, host: host)
            reply.withLock { $0 = result }
            done.signal()
        }
        task.resume()
        // URLSession enforces the timeout itself; this bound only guards against a task that
        // never calls back.
        if done.wait(timeout: .now() + request.timeoutInterval + 5) == .timedOut {
            task.cancel()
            throw .timedOut
        }
        switch reply.withLock({ $0 }) {
        case .success(let response): return response
        case .failure(let error): throw error
        case nil: throw .failed("the request ended without a reply")
        }
    }

    private static func result(data: Data?, response: URLResponse?, error: (any Error)?, host: String)
        -> Result<HTTPResponse, TransportError> {
        if let error {
            return .failure(transportError(error, host: host))
        }
        guard let http = response as? HTTPURLResponse else {
            return .failure(.failed("the reply from \(host) was not HTTP"))
        }
        var headers: [String: String] = [:]
        for case let (name as String, value as String) in http.allHeaderFields {
            headers[name] = value
        }
        return .success(HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data()))
    }

    /// Names what went wrong without quoting the request.
    private static func transportError(_ error: any Error, host: String) -> TransportError {
        guard let urlError = error as? URLError else {
            return .failed("the request to \(host) failed")
        }
        switch urlError.code {
        case .timedOut:
            return .timedOut
        case .networkConnectionLost:
            return .connectionLost
        case .cannotConnectToHost, .notConnectedToInternet:
            return .cannotConnect("could not connect to \(host)")
        case .cannotFindHost, .dnsLookupFailed:
            return .cannotConnect("could not find the host \(host)")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return .cannotConnect("the secure connection to \(host) failed")
        case .badServerResponse, .cannotParseResponse:
            return .failed("the reply from \(host) could not be read")
        default:
            return .failed("the request to \(host) failed (network error \(urlError.code.rawValue))")
        }
    }
}

/// Hands a redirect back as the reply instead of following it.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask,
                    willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
                    completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
