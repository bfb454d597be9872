import Foundation
import HTTPTypes
import HostCore
import Hummingbird
import NIOCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// A small HTTP server for the tests, on a free loopback port.
final class TestHttpServer: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the server with the `HttpServer` routes below and any `extraRoutes` (the REST
    /// tests' paged collections).
    static func start(extraRoutes: (Router<BasicRequestContext>) -> Void = { _ in }) async throws -> TestHttpServer {
        let router = Router()
        extraRoutes(router)
        router.get("data/people.csv") { _, _ in "id,name\n1,Ann\n2,Bob\n" }
        router.post("echo") { request, _ -> String in
            let body = try await request.body.collect(upTo: 1 << 20)
            let token = request.headers[HTTPField.Name("X-Token")!] ?? ""
            return "token,body\n\(token),\(String(buffer: body))\n"
        }
        router.get("secret.csv") { request, _ -> Response in
            let expected = "Basic " + Data("ann:s3cret".utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else { return Response(status: .unauthorized) }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "v\nsecret\n")))
        }
        router.get("broken") { _, _ -> Response in Response(status: .internalServerError) }
        let (bound, announce) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in announce.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await application.runService() }
        for await port in bound { return TestHttpServer(port: port, task: task) }
        throw CancellationError()
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// `HttpServer` datasets as Copy and Lookup sources.
@Suite(.tags(.medium))
struct HttpSourceTests {
    private func http(_ server: TestHttpServer, _ properties: JSONObject = [:]) -> JSONValue {
        var typeProperties = properties
        typeProperties["url"] = .string(server.url)
        return ["name": "Web", "type": "HttpServer", "typeProperties": .object(typeProperties)]
    }

    private func dataset(_ bed: DataTestBed, _ server: TestHttpServer, relativeUrl: String, service: JSONObject = [:])
        -> JSONValue
    {
        [
            "name": "WebCsv", "type": "DelimitedText", "parameters": [:],
            "typeProperties": [
                "location": ["type": "HttpServerLocation", "relativeUrl": .string(relativeUrl)],
                "firstRowAsHeader": true,
            ],
            "linkedService": http(server, service),
        ]
    }

    @Test func copyReadsAnHttpResponseIntoAFile() async throws {
        let server = try await TestHttpServer.start()
        try await DataTestBed.with { bed in
            let run = await bed.copy(
                from: dataset(bed, server, relativeUrl: "data/people.csv"), to: bed.csv("K", folderPath: "out"),
                source: ["type": "DelimitedTextSource", "storeSettings": ["type": "HttpReadSettings", "requestMethod": "GET"]])
            let output = try run.requireSucceeded()
            #expect(try bed.read("out/people.csv") == "id,name\r\n1,Ann\r\n2,Bob\r\n")
            #expect(output["rowsCopied"] == 2)
            #expect(output["dataRead"] == 20)
        }
        await server.stop()
    }

    @Test func postWithHeadersAndBodyFeedsALookup() async throws {
        let server = try await TestHttpServer.start()
        try await DataTestBed.with { bed in
            let web = dataset(bed, server, relativeUrl: "echo")
            let run = await bed.run(
                "Lookup",
                [
                    "dataset": DataTestBed.reference("WebCsv"),
                    "source": [
                        "type": "DelimitedTextSource",
                        "storeSettings": [
                            "type": "HttpReadSettings", "requestMethod": "POST", "additionalHeaders": "X-Token: abc\n",
                            "requestBody": "hello", "httpRequestTimeout": "00:00:30",
                        ],
                    ],
                ], datasets: [web])
            let output = try run.requireSucceeded()
            #expect(output == ["firstRow": ["token": "abc", "body": "hello"]])
        }
        await server.stop()
    }

    @Test func basicAuthenticationIsSentAndAWrongPasswordIsRefused() async throws {
        let server = try await TestHttpServer.start()
        try await DataTestBed.with { bed in
            let good = dataset(
                bed, server, relativeUrl: "secret.csv",
                service: ["authenticationType": "Basic", "userName": "ann", "password": "s3cret"])
            let ok = await bed.run(
                "Lookup", ["dataset": DataTestBed.reference("WebCsv"), "source": ["type": "DelimitedTextSource"]],
                datasets: [good])
            let output = try ok.requireSucceeded()
            #expect(output == ["firstRow": ["v": "secret"]])
            let bad = dataset(
                bed, server, relativeUrl: "secret.csv",
                service: ["authenticationType": "Basic", "userName": "ann", "password": "wrong"])
            let refused = await bed.run(
                "Lookup", ["dataset": DataTestBed.reference("WebCsv"), "source": ["type": "DelimitedTextSource"]],
                datasets: [bad])
            let error = try refused.requireFailed(code: "UserErrorAccessDenied", messageContains: "401")
            #expect(!error.message.contains("wrong"))
        }
        await server.stop()
    }

    @Test func http404And500FailTheCopyAndWriteNothing() async throws {
        let server = try await TestHttpServer.start()
        try await DataTestBed.with { bed in
            let missing = await bed.copy(
                from: dataset(bed, server, relativeUrl: "nothing-here.csv"), to: bed.csv("K", folderPath: "out"))
            let notFound = try missing.requireFailed(code: "2200", messageContains: "status code 404")
            #expect(notFound.failureType == .userError)
            let broken = await bed.copy(from: dataset(bed, server, relativeUrl: "broken"), to: bed.csv("K", folderPath: "out"))
            let serverError = try broken.requireFailed(code: "2200", messageContains: "status code 500")
            #expect(serverError.failureType == .systemError)
            #expect(bed.files(under: "out") == [])
        }
        await server.stop()
    }
}
