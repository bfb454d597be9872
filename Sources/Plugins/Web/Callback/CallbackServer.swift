import NIOCore
import NIOHTTP1
import NIOPosix
import PluginKit
import Synchronization

/// The small HTTP server WebHook endpoints call back: `POST {base}/callbacks/{id}` with a JSON
/// body completes the activity waiting on `id`. Started when the first WebHook activity needs
/// it, on the process-wide NIO event loops, bound to `callbackHost:callbackPort` (loopback and
/// a free port unless the settings say otherwise); closed at the plugin's shutdown.
final class CallbackServer: Sendable {
    private let registry: CallbackRegistry
    private let host: String
    private let port: Int
    private let advertisedBase: String?
    private let channel = Mutex<(any Channel)?>(nil)
    private let starting = Mutex<Task<String, any Error>?>(nil)

    /// The largest callback body read.
    static let maximumBodyBytes = 4 * 1024 * 1024

    init(registry: CallbackRegistry, host: String, port: Int, advertisedBase: String?) {
        self.registry = registry
        self.host = host
        self.port = port
        self.advertisedBase = advertisedBase
    }

    /// The base URL of the running server (`http://127.0.0.1:41234`), starting it once.
    func baseURL() async throws -> String {
        let task = starting.withLock { task -> Task<String, any Error> in
            if let task { return task }
            let started = Task { try await self.start() }
            task = started
            return started
        }
        do {
            return try await task.value
        } catch {
            starting.withLock { $0 = nil }  // let a later activity try again
            throw ActivityFailure.systemError(
                "The WebHook callback server could not listen on \(host):\(port): \(error). Set the Web plugin's "
                    + "callbackHost/callbackPort settings in plugins.json to an address this machine can bind.",
                code: ActivityErrorCode.pluginSystemError)
        }
    }

    private func start() async throws -> String {
        let registry = registry
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(CallbackHandler(registry: registry))
                }
            }
            .bind(host: host, port: port).get()
        channel.withLock { $0 = server }
        if let advertisedBase { return advertisedBase }
        let boundPort = server.localAddress?.port ?? port
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(boundPort)"
    }

    func shutdown() {
        let server = channel.withLock { server -> (any Channel)? in
            defer { server = nil }
            return server
        }
        try? server?.close().wait()
    }
}

/// Reads one callback request and answers it.
private final class CallbackHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: CallbackRegistry
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(registry: CallbackRegistry) {
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            tooLarge = false
        case .body(var buffer):
            if body.count + buffer.readableBytes > CallbackServer.maximumBodyBytes {
                tooLarge = true
            } else if !tooLarge {
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        case .end:
            guard let head else { return }
            let (status, message) = handle(head)
            respond(context, head: head, status: status, message: message)
            self.head = nil
            body = []
        }
    }

    private func handle(_ head: HTTPRequestHead) -> (HTTPResponseStatus, String) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let parts = path.split(separator: "/")
        guard parts.count == 2, parts[0] == "callbacks" else { return (.notFound, "No such callback.") }
        guard head.method == .POST || head.method == .PUT else { return (.methodNotAllowed, "Call back with POST.") }
        guard !tooLarge else { return (.payloadTooLarge, "The callback body is larger than 4 MB.") }
        let json: JSONValue
        if body.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) {
            json = .object(JSONObject())
        } else {
            guard let parsed = try? JSONParser.parse(body) else {
                return (.badRequest, "The body passed back to the callback URI must be valid JSON.")
            }
            json = parsed
        }
        guard registry.deliver(String(parts[1]), body: json) else {
            return (
                .notFound,
                "No WebHook activity waits for this callback (it timed out, was cancelled or was called already)."
            )
        }
        return (.ok, "Callback received.")
    }

    private func respond(
        _ context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus, message: String
    ) {
        let bytes = JSONSerializer.bytes(["message": .string(message)])
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        headers.add(name: "Content-Length", value: "\(bytes.count)")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
