import Foundation
import NIOCore
import NIOHTTP1

/// Serves one connection of the fake: gathers each request, lets the fake answer it on the event
/// loop, and writes the answer, closes the connection, or does either after a wait.
///
/// It sits behind NIO's HTTP/1.1 server pipeline, which holds back a pipelined request until the
/// response before it has been written, so one request at a time is in hand.
final class HTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private weak var fake: FakeCalCom?
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    /// Set once the connection is gone; a wait that ends later still runs its work but writes nothing.
    private var removed = false

    init(fake: FakeCalCom?) {
        self.fake = fake
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head, let fake else {
                context.close(promise: nil)
                return
            }
            self.head = nil
            let incoming = Incoming(
                method: head.method.rawValue, target: head.uri,
                headers: head.headers.map { (name: $0.name, value: $0.value) }, body: Data(body.readableBytesView))
            perform(fake.handle(incoming), for: head, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
    }

    private func perform(_ answer: Answer, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        switch answer {
        case .reply(let reply):
            guard !removed else { return }
            write(reply, for: request, context: context)
        case .close:
            guard !removed else { return }
            context.close(promise: nil)
        case .wait(let seconds, let then):
            let delay = TimeAmount.nanoseconds(Int64((seconds * 1_000_000_000).rounded()))
            context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                self.perform(then(), for: request, context: context)
            }
        }
    }

    /// Writes `reply` with a `content-length`, keeping the connection open when the request allows it.
    private func write(_ reply: Reply, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        let body = context.channel.allocator.buffer(bytes: reply.body.encoded)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        for (name, value) in reply.headers.sorted(by: { $0.key < $1.key }) {
            headers.replaceOrAdd(name: name, value: value)
        }
        headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        let keepAlive = request.isKeepAlive
        if !keepAlive {
            headers.replaceOrAdd(name: "Connection", value: "close")
        } else if request.version == .http1_0 {
            headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in
                if !self.removed { context.close(promise: nil) }
            }
        }
    }
}
