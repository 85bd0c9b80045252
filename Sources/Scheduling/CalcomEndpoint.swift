import CalCom
import Foundation
import SchedCore

/// Where Cal.com requests go and the key they carry; never printed.
public struct CalcomEndpoint: Sendable {
    public var baseURL: URL
    public var apiKey: String
    /// Told of each request (method, path, status, duration) when `--verbose` asks for it.
    public var log: (@Sendable (String) -> Void)?

    public init(baseURL: URL, apiKey: String, log: (@Sendable (String) -> Void)? = nil) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.log = log
    }

    /// The address requests go to when neither `url` nor `CALCOM_API_URL` names one.
    public static let defaultBaseURL = CalComConfiguration.defaultBaseURL.absoluteString

    /// An `https://` address, or `http://` to this machine (a local Cal.com or a test server):
    /// the key must not cross a network in clear text.
    public static func validURL(_ text: String) -> URL? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty, components.query == nil,
              let url = components.url else { return nil }
        switch scheme {
        case "https": return url
        case "http": return ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host) ? url : nil
        default: return nil
        }
    }
}

/// The Cal.com settings the environment gives: `CALCOM_API_KEY` and `CALCOM_API_URL` override
/// what `calcom connect` saved.
public struct CalcomEnvironment: Sendable, Equatable {
    public var apiKey: String?
    public var baseURL: String?

    public init(apiKey: String? = nil, baseURL: String? = nil) {
        self.apiKey = apiKey
        self.baseURL = baseURL
    }

    /// Read from the process's environment (or `environment`); empty values count as unset.
    public static func current(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> CalcomEnvironment {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        return CalcomEnvironment(apiKey: value("CALCOM_API_KEY"), baseURL: value("CALCOM_API_URL"))
    }
}

/// How use cases reach Cal.com: the client maker (tests point it at a local server), the
/// environment's overrides and the `--verbose` request log.
public struct CalcomAccess: Sendable {
    public var environment = CalcomEnvironment()
    public var makeRemote: @Sendable (CalcomEndpoint) -> any RemoteCalendar = CalcomAccess.client
    /// Told of each Cal.com request (`--verbose`): method, path, status and duration only.
    public var requestLog: (@Sendable (String) -> Void)?

    public init() {}

    /// The Cal.com API v2 client over libcurl.
    public static let client: @Sendable (CalcomEndpoint) -> any RemoteCalendar = { endpoint in
        var recordLog: (@Sendable (RequestRecord) -> Void)?
        if let log = endpoint.log {
            recordLog = { record in log("calcom: \(record)") }
        }
        return CalComClient(
            configuration: CalComConfiguration(baseURL: endpoint.baseURL, apiKey: endpoint.apiKey),
            log: recordLog)
    }

    /// The client for a saved connection; the environment's key and address come first.
    public func remote(for connection: CalcomConnection) throws -> any RemoteCalendar {
        guard let key = environment.apiKey ?? connection.apiKey else { throw SchedError.calcomKeyRequired }
        let address = environment.baseURL ?? connection.baseURL
        guard let url = CalcomEndpoint.validURL(address) else { throw SchedError.calcomURLInvalid }
        return makeRemote(CalcomEndpoint(baseURL: url, apiKey: key, log: requestLog))
    }

    /// The client for an address and key given outright.
    public func remote(baseURL: URL, apiKey: String) -> any RemoteCalendar {
        makeRemote(CalcomEndpoint(baseURL: baseURL, apiKey: apiKey, log: requestLog))
    }
}
