import Foundation
import SchedCore

/// Sending a request with retries, and reading the reply.
extension CalComClient {
    /// What a failed attempt means for the next one.
    private enum Verdict {
        /// Give up with this error.
        case fail(RemoteCalendarError)
        /// Try again after `wait` seconds unless the attempts are used up; `outcomeUnknown` when
        /// the request may have taken effect.
        case retry(RemoteCalendarError, wait: TimeInterval, outcomeUnknown: Bool)
    }

    /// Sends `request` until a 2xx reply comes back and returns `read` of it, retrying network
    /// errors, timeouts, 5xx and 429 as the retry policy allows. After an attempt whose outcome
    /// is unknown, `recover` is asked first whether the request already took effect: what it
    /// returns is the answer, and nil means the request may be sent again.
    func exchange<Output>(
        _ request: CalComRequest,
        recover: (() throws(RemoteCalendarError) -> Output?)? = nil,
        read: (HTTPResponse) throws(RemoteCalendarError) -> Output
    ) throws(RemoteCalendarError) -> Output {
        guard let httpRequest = request.httpRequest(configuration) else {
            throw .invalidResponse("\(request.method.rawValue) \(request.path): not a valid URL below \(configuration.baseURL.absoluteString)")
        }
        let policy = configuration.retry
        var attempt = 1
        while true {
            let verdict: Verdict
            switch send(httpRequest, attempt: attempt) {
            case .success(let response) where (200..<300).contains(response.status):
                return try read(response)
            case .success(let response):
                verdict = judge(response, request: request, attempt: attempt)
            case .failure(let error):
                verdict = .retry(.unreachable(redacted("Cal.com cannot be reached: \(error.message)")),
                                 wait: policy.backoff(after: attempt), outcomeUnknown: error.outcomeIsUnknown)
            }
            let error: RemoteCalendarError, wait: TimeInterval, outcomeUnknown: Bool
            switch verdict {
            case .fail(let final): throw final
            case .retry(let failure, let delay, let unknown): (error, wait, outcomeUnknown) = (failure, delay, unknown)
            }
            let lastAttempt = attempt >= policy.maxAttempts
            guard !lastAttempt || (outcomeUnknown && recover != nil) else { throw error }
            sleep(wait)
            if outcomeUnknown, let recover, let found = try recover() {
                return found
            }
            guard !lastAttempt else { throw error }
            attempt += 1
        }
    }

    /// One attempt, logged.
    private func send(_ request: HTTPRequest, attempt: Int) -> Result<HTTPResponse, TransportError> {
        let started = ContinuousClock.now
        let result: Result<HTTPResponse, TransportError>
        do {
            result = .success(try transport.send(request))
        } catch {
            result = .failure(error)
        }
        if let log {
            let outcome: RequestRecord.Outcome = switch result {
            case .success(let response): .status(response.status)
            case .failure(let error): .failure(error)
            }
            log(RequestRecord(method: request.method, path: request.url.path,
                              outcome: outcome, duration: ContinuousClock.now - started, attempt: attempt))
        }
        return result
    }

    /// What a non-2xx reply means.
    private func judge(_ response: HTTPResponse, request: CalComRequest, attempt: Int) -> Verdict {
        let status = response.status
        let message = ErrorOutput.message(in: response.body).map(redacted)
        switch status {
        case 429:
            let wait = RateLimitWait.seconds(in: response.headers, now: clock.now)
            if let wait, wait > configuration.retry.maxRateLimitWait {
                return .fail(.rateLimited(retryAfter: wait))
            }
            return .retry(.rateLimited(retryAfter: wait), wait: wait ?? configuration.retry.backoff(after: attempt),
                          outcomeUnknown: false)
        case 500...599:
            let text = "Cal.com answered \(status)" + (message.map { ": \($0)" } ?? "")
            return .retry(.unreachable(text), wait: configuration.retry.backoff(after: attempt), outcomeUnknown: true)
        case 401:
            return .fail(.unauthorized(message ?? "the API key was not accepted"))
        case 400...499:
            return .fail(.refused(status: status, message: message ?? "Cal.com refused the request (\(status))"))
        default:
            return .fail(.invalidResponse("\(request.method.rawValue) \(request.path): unexpected HTTP status \(status)"))
        }
    }

    /// The `data` of a success reply.
    func payload<Payload: Decodable>(_ type: Payload.Type, of response: HTTPResponse, for request: CalComRequest)
        throws(RemoteCalendarError) -> Payload {
        let envelope = try decode(SuccessEnvelope<Payload>.self, from: response, for: request)
        if let status = envelope.status, status != "success" {
            throw .invalidResponse("\(request.method.rawValue) \(request.path): the reply's status is '\(status)'")
        }
        return envelope.data
    }

    /// The whole body of a success reply, decoded as `type`.
    func decode<Body: Decodable>(_ type: Body.Type, from response: HTTPResponse, for request: CalComRequest)
        throws(RemoteCalendarError) -> Body {
        do {
            return try CalComDate.decoder().decode(type, from: response.body)
        } catch let error as DecodingError {
            throw .invalidResponse(redacted("\(request.method.rawValue) \(request.path): \(Self.summary(of: error))"))
        } catch {
            throw .invalidResponse("\(request.method.rawValue) \(request.path): the reply could not be read")
        }
    }

    /// `text` with the API key masked, should a server ever quote it.
    func redacted(_ text: String) -> String {
        APIKey.redacting(configuration.apiKey, in: text)
    }

    /// A decoding error in a few words, naming the field but not quoting the body.
    private static func summary(of error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            let names = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the reply" : "'" + names.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "the reply has no \(path(context, key))"
        case .valueNotFound(_, let context):
            return "\(path(context)) is null"
        case .typeMismatch(_, let context):
            return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the reply is not JSON"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "the reply does not have the documented shape"
        }
    }
}
