import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import PipehostJSON
import ServiceLifecycle

/// A local HTTP server on a free loopback port that plays every endpoint the Web plugin's tests
/// call: JSON, text and array answers, failures, a slow answer, the 202-with-Location pattern, a
/// token endpoint, a WebHook endpoint that calls back, Azure Functions (one durable). It records
/// every request so tests can check what the plugin sent.
final class TestEndpoint: Sendable {
    /// A request as the server saw it.
    struct Seen: Sendable {
        var method: String
        var path: String
        var query: String
        /// Header values by lower-case name.
        var headers: [String: String]
        var body: String
    }

    static let basicUser = "etl"
    static let basicPassword = "b4sic-Pa55word"
    static let tenant = "tenant-1"
    static let clientId = "client-1"
    static let clientSecret = "sp-S3cret-value"
    static let token = "issued-T0ken-abc123"
    static let functionKey = "fn-K3y-value-xyz"
    static let durableCode = "durable-C0de-secret"

    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }
    let recorder: Recorder
    private let group: ServiceGroup
    private let runTask: Task<Void, any Error>

    private init(port: Int, recorder: Recorder, group: ServiceGroup, runTask: Task<Void, any Error>) {
        self.port = port
        self.recorder = recorder
        self.group = group
        self.runTask = runTask
    }

    static func start() async throws -> TestEndpoint {
        let recorder = Recorder()
        var logger = Logger(label: "web-plugin-tests")
        logger.logLevel = .critical
        let (bound, announce) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: makeRouter(recorder),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in announce.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application], gracefulShutdownSignals: [], logger: logger))
        let runTask = Task { try await group.run() }
        var port = 0
        for await value in bound {
            port = value
            break
        }
        return TestEndpoint(port: port, recorder: recorder, group: group, runTask: runTask)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await runTask.value
    }

    /// Runs `body` with a started server and stops it afterwards.
    static func with<T>(_ body: (TestEndpoint) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    // MARK: Routes

    private static func makeRouter(_ recorder: Recorder) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RecordingMiddleware(recorder: recorder))

        router.get("json") { _, _ in
            json(["name": "pipehost", "count": 3, "nested": ["ok": true]], headers: [.xTest: "yes"])
        }
        router.post("echo") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            let text = String(buffer: body)
            return json(["received": .string(text), "method": "POST"])
        }
        router.put("echo") { _, _ in json(["method": "PUT"]) }
        router.patch("echo") { _, _ in json(["method": "PATCH"]) }
        router.delete("echo") { _, _ in json(["method": "DELETE"]) }
        router.get("text") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: "hello, web")))
        }
        router.get("array") { _, _ in json([1, 2, 3]) }
        router.get("status/:code") { _, context in
            let code = Int(context.parameters.get("code") ?? "500") ?? 500
            return Response(
                status: .init(code: code), headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: "the endpoint says \(code)")))
        }
        router.get("slow") { _, _ in
            try await Task.sleep(for: .seconds(3))
            return json(["slow": true])
        }
        router.get("big") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: 5 * 1024 * 1024)))
        }
        router.get("redirect") { _, _ in
            Response(status: .found, headers: [.location: "/json"])
        }

        // Basic authentication.
        router.get("basic") { request, _ in
            let expected = "Basic " + Data("\(basicUser):\(basicPassword)".utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else { return Response(status: .unauthorized) }
            return json(["user": .string(basicUser)])
        }

        // The asynchronous request-reply pattern: 202 + Location until the third status call.
        router.post("jobs") { _, _ in
            Response(
                status: .accepted,
                headers: [.location: "/jobs/7/status?code=poll-secret", .retryAfter: "0"])
        }
        router.get("jobs/7/status") { request, _ in
            let polls = await recorder.count(path: "/jobs/7/status")
            guard request.uri.query?.contains("code=poll-secret") == true else { return Response(status: .forbidden) }
            if polls < 3 { return Response(status: .accepted, headers: [.retryAfter: "0"]) }
            return json(["state": "done", "polls": .integer(Int64(polls))])
        }
        router.post("forever") { _, _ in
            Response(status: .accepted, headers: [.location: "/forever/status"])
        }
        router.get("forever/status") { _, _ in
            Response(status: .accepted, headers: [.retryAfter: "0"])
        }

        // Service principal: a token endpoint and a resource that wants its token.
        router.post(":tenant/oauth2/token") { request, context in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
            let fields = Dictionary(
                body.split(separator: "&").map { pair -> (String, String) in
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    return (parts[0], (parts.count > 1 ? parts[1] : "").removingPercentEncoding ?? "")
                }, uniquingKeysWith: { $1 })
            // A client assertion (a certificate's signed JWT) is taken at its word here; the tests
            // check its signature, header and claims from what the recorder kept.
            let assertion =
                fields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                && fields["client_assertion"]?.split(separator: ".").count == 3 && fields["client_secret"] == nil
            guard context.parameters.get("tenant") == tenant, fields["grant_type"] == "client_credentials",
                fields["client_id"] == clientId, fields["client_secret"] == clientSecret || assertion,
                fields["resource"] == "https://resource.example"
            else {
                return json(
                    ["error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."],
                    status: .unauthorized)
            }
            return json(["token_type": "Bearer", "expires_in": "3599", "access_token": .string(token)])
        }
        router.get("protected") { request, _ in
            guard request.headers[.authorization] == "Bearer \(token)" else { return Response(status: .unauthorized) }
            return json(["secret": "plans"])
        }

        // WebHook endpoint: calls back what the body's "reply" says, after a short delay.
        router.post("hook") { request, _ in
            let parsed = try JSONParser.parse(Array(try await request.body.collect(upTo: 1 << 20).readableBytesView))
            guard let callBack = parsed["callBackUri"]?.stringValue else { return Response(status: .badRequest) }
            if let reply = parsed["reply"], !reply.isNull {
                Task {
                    try? await Task.sleep(for: .milliseconds(100))
                    var callback = HTTPClientRequest(url: callBack)
                    callback.method = .POST
                    callback.headers.add(name: "Content-Type", value: "application/json")
                    callback.body = .bytes(JSONSerializer.bytes(reply))
                    let response = try? await HTTPClient.shared.execute(callback, timeout: .seconds(10))
                    await recorder.noteCallback(status: Int(response?.status.code ?? 0))
                }
            }
            return Response(status: .accepted)
        }

        // Azure Functions.
        router.on("api/Hello", method: .post) { request, _ in
            guard request.headers[.functionsKey] == functionKey else {
                return Response(status: .unauthorized)
            }
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            return json(["greeting": "hello", "received": .string(body)])
        }
        router.get("api/Text") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: "plain words")))
        }
        router.get("api/Broken") { _, _ in
            Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "function crashed")))
        }
        router.post("api/orchestrators/Long") { request, _ in
            let host = request.head.authority ?? "127.0.0.1"
            let status = "http://\(host)/runtime/webhooks/durabletask/instances/abc?code=\(durableCode)"
            return json(
                ["id": "abc", "statusQueryGetUri": .string(status)], status: .accepted,
                headers: [.location: status])
        }
        router.get("runtime/webhooks/durabletask/instances/abc") { request, _ in
            guard request.uri.query?.contains("code=\(durableCode)") == true else {
                return Response(status: .unauthorized)
            }
            let polls = await recorder.count(path: "/runtime/webhooks/durabletask/instances/abc")
            if polls < 3 {
                return json(
                    ["runtimeStatus": "Running"], status: .accepted,
                    headers: [
                        .location: "/runtime/webhooks/durabletask/instances/abc?code=\(durableCode)",
                        .retryAfter: "0",
                    ])
            }
            return json(["runtimeStatus": "Completed", "output": ["answer": 42]])
        }
        return router
    }

    private static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:])
        -> Response
    {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: JSONSerializer.bytes(value))))
    }
}

/// What the server saw.
actor Recorder {
    private(set) var requests: [TestEndpoint.Seen] = []
    private(set) var callbackStatuses: [Int] = []

    func record(_ seen: TestEndpoint.Seen) { requests.append(seen) }
    func noteCallback(status: Int) { callbackStatuses.append(status) }

    func count(path: String) -> Int { requests.filter { $0.path == path }.count }
    func last(path: String) -> TestEndpoint.Seen? { requests.last { $0.path == path } }
}

/// Records every request before its route runs.
struct RecordingMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let recorder: Recorder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var request = request
        let buffer = try await request.collectBody(upTo: 8 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        await recorder.record(
            TestEndpoint.Seen(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                headers: headers,
                body: String(buffer: buffer)))
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    /// Header names the test endpoint uses (valid literals; the fallback is never taken).
    static let xTest = HTTPField.Name("X-Test") ?? .via
    static let functionsKey = HTTPField.Name("x-functions-key") ?? .via
}
