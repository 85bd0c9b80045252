import Foundation

/// Something that goes wrong with one request, for testing how a client copes.
public enum Fault: Sendable, Equatable {
    /// 500 with Cal.com's error envelope; the operation is not applied.
    case serverError
    /// 500 with Nest's bare body `{"statusCode":500,"message":"Internal server error"}`.
    case bareServerError
    /// Waits, then handles the request normally.
    case delay(seconds: Double)
    /// Holds the request without applying it, then closes the connection without a response.
    case timeout(seconds: Double)
    /// Applies the operation, then holds the response: it succeeds on the server while the client times out.
    case applyThenDelay(seconds: Double)
    /// Closes the connection without a response; the operation is not applied.
    case dropConnection
    /// Applies the operation, then closes the connection without a response.
    case applyThenDrop
    /// 429 with `ThrottlerException` and `X-RateLimit-Reset-Default: resetSeconds`.
    case rateLimited(resetSeconds: Int)
}

/// Which requests a queued fault applies to.
public struct FaultTarget: Sendable, Equatable {
    /// The method, e.g. "POST"; nil matches every method.
    public var method: String?
    /// A path such as `/v2/bookings/*/cancel` where `*` stands for one segment; nil matches every path.
    public var path: String?
    /// Text the request body must contain (a booking's start, to fail one occurrence of many);
    /// nil matches every body.
    public var bodyContains: String?

    public init(method: String? = nil, path: String? = nil, bodyContains: String? = nil) {
        self.method = method
        self.path = path
        self.bodyContains = bodyContains
    }

    /// Every request.
    public static let any = FaultTarget()

    func matches(method requestMethod: String, path requestPath: String, body: Data = Data()) -> Bool {
        if let method, method.uppercased() != requestMethod { return false }
        if let bodyContains, !String(decoding: body, as: UTF8.self).contains(bodyContains) { return false }
        guard let path else { return true }
        let pattern = path.split(separator: "/", omittingEmptySubsequences: true)
        let segments = requestPath.split(separator: "/", omittingEmptySubsequences: true)
        guard pattern.count == segments.count else { return false }
        return zip(pattern, segments).allSatisfy { $0 == "*" || $0 == $1 }
    }
}

/// Faults waiting for requests: a queue of targeted faults first, then an optional random mode.
struct FaultPlan: Sendable {
    private var queue: [(fault: Fault, target: FaultTarget)] = []
    private var random: (rate: Double, kinds: [Fault], generator: SplitMix64)?

    mutating func enqueue(_ fault: Fault, for target: FaultTarget) {
        queue.append((fault, target))
    }

    mutating func startRandom(rate: Double, seed: UInt64, kinds: [Fault]) {
        random = (rate, kinds, SplitMix64(seed: seed))
    }

    mutating func stopRandom() { random = nil }

    mutating func clear() {
        queue.removeAll()
        random = nil
    }

    var pendingCount: Int { queue.count }

    /// Takes the fault for a request: the first queued one whose target matches, else a random draw.
    mutating func take(method: String, path: String, body: Data = Data()) -> Fault? {
        if let index = queue.firstIndex(where: { $0.target.matches(method: method, path: path, body: body) }) {
            return queue.remove(at: index).fault
        }
        guard var (rate, kinds, generator) = random, !kinds.isEmpty else { return nil }
        defer { random = (rate, kinds, generator) }
        guard generator.nextUnit() < rate else { return nil }
        return kinds[Int(generator.next() % UInt64(kinds.count))]
    }
}

/// A small seeded generator (SplitMix64), so random fault runs, and the tests that drive them,
/// repeat exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in 0..<1.
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
