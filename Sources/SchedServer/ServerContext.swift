import Hummingbird
import NIOCore

/// What a request carries through the router besides the request: the client's address, for
/// the login rate limit.
struct ServerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's IP address, without its port.
    let clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The API takes no body larger than this; a larger one is refused with 413 before it is read whole.
    var maxUploadSize: Int { 64 * 1024 }
}
