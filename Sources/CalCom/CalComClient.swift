import Foundation
import SchedCore

/// A Cal.com API v2 client: the `RemoteCalendar` sched syncs with. Calls block until done,
/// retries included; call them off Swift's cooperative thread pool.
public final class CalComClient: RemoteCalendar {
    /// The API root the client uses unless told otherwise, `https://api.cal.com/v2`.
    public static let defaultBaseURL = CalComConfiguration.defaultBaseURL

    let configuration: CalComConfiguration
    let transport: any HTTPTransport
    let sleep: @Sendable (TimeInterval) -> Void
    let log: (@Sendable (RequestRecord) -> Void)?
    let clock: any SchedCore.Clock

    /// - Parameters:
    ///   - transport: sends the requests; a `CurlTransport` unless given.
    ///   - sleep: waits between attempts; tests pass one that only records the delays.
    ///   - log: called once per HTTP attempt, with no headers and no bodies.
    ///   - clock: reads "now" for rate-limit resets given as epoch times.
    public init(configuration: CalComConfiguration, transport: (any HTTPTransport)? = nil,
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) },
                log: (@Sendable (RequestRecord) -> Void)? = nil,
                clock: any SchedCore.Clock = SystemClock()) {
        self.configuration = configuration
        self.transport = transport ?? CurlTransport()
        self.sleep = sleep
        self.log = log
        self.clock = clock
    }

    /// The key as it may be shown: `cal_live_…9f2c`.
    public var maskedAPIKey: String {
        APIKey.masked(configuration.apiKey)
    }
}

extension CalComClient: CustomStringConvertible {
    public var description: String {
        "CalComClient(\(configuration.baseURL.absoluteString), key \(maskedAPIKey))"
    }
}
