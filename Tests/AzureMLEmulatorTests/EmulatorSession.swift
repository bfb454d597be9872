import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing

@testable import AzureMLEmulator

/// How a test reaches the emulator: through Hummingbird's router test mode (no sockets) or over a real
/// loopback connection to `AzureMLEmulator.start(…, port: 0)` with async-http-client. Protocol scenarios
/// run both ways.
enum Transport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case router
    case live

    var testDescription: String { rawValue }
}

/// An HTTP answer, the same for both transports.
struct Reply: Sendable {
    let status: Int
    /// Header names lowercased.
    let headers: [String: String]
    let body: String

    var json: WireJSON? { WireJSON.parse(Data(body.utf8)) }
    /// `error.code` of an Azure ML error envelope.
    var errorCode: String? { json?[property: "error"]?[property: "code"]?.stringValue }
    /// `error.details[0].code`.
    var detailCode: String? {
        guard case .array(let details)? = json?[property: "error"]?[property: "details"] else { return nil }
        return details.first?[property: "code"]?.stringValue
    }
    var detailMessage: String? {
        guard case .array(let details)? = json?[property: "error"]?[property: "details"] else { return nil }
        return details.first?[property: "message"]?.stringValue
    }
}

/// A running emulator over one transport, with helpers that speak the protocol as Microsoft's samples do.
struct EmulatorSession: Sendable {
    let fixture: EmulatorFixture
    let transport: Transport
    /// `http://127.0.0.1:PORT` live, `http://emulator.test` in router mode.
    let baseURL: String
    let send: @Sendable (HTTPRequest.Method, String, [String: String], String?) async throws -> Reply

    /// Runs `body` against a fresh copy of `scenario`, then stops the emulator and removes the copy.
    static func run(
        _ scenario: String, over transport: Transport,
        configure: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: @Sendable (EmulatorSession) async throws -> Void
    ) async throws {
        var fixture = try EmulatorFixture(scenario)
        configure(&fixture.configuration)
        defer { fixture.remove() }
        switch transport {
        case .router:
            let (_, application) = try fixture.makeRouterApplication()
            let prepared = fixture
            try await application.test(.router) { client in
                let session = EmulatorSession(fixture: prepared, transport: .router, baseURL: "http://emulator.test") {
                    method, path, headers, text in
                    var fields = HTTPFields()
                    for (name, value) in headers {
                        if let field = HTTPField.Name(name) { fields[field] = value }
                    }
                    let response = try await client.execute(
                        uri: path, method: method, headers: fields, body: text.map { ByteBuffer(string: $0) }
                    )
                    var replyHeaders: [String: String] = [:]
                    for field in response.headers { replyHeaders[field.name.canonicalName] = field.value }
                    return Reply(
                        status: Int(response.status.code), headers: replyHeaders, body: String(buffer: response.body))
                }
                try await body(session)
            }
        case .live:
            let emulator = try await AzureMLEmulator.start(configuration: fixture.configuration)
            let session = EmulatorSession(fixture: fixture, transport: .live, baseURL: emulator.baseURL) {
                method, path, headers, text in
                try await LiveHTTP.send(method: method, url: emulator.baseURL + path, headers: headers, body: text)
            }
            do {
                try await body(session)
            } catch {
                await emulator.stop()
                throw error
            }
            await emulator.stop()
        }
    }

    // MARK: Batch Execution, as the samples drive it

    func submit(_ serviceId: String, key: String, body: String, apiVersion: String? = "2.0") async throws -> Reply {
        try await send(.post, EmulatorFixture.jobsPath(serviceId) + query(apiVersion), authorization(key), body)
    }

    func start(_ serviceId: String, key: String, job: String) async throws -> Reply {
        try await send(
            .post, EmulatorFixture.jobsPath(serviceId) + "/\(job)/start?api-version=2.0", authorization(key), nil)
    }

    func status(_ serviceId: String, key: String, job: String) async throws -> Reply {
        try await send(.get, EmulatorFixture.jobsPath(serviceId) + "/\(job)?api-version=2.0", authorization(key), nil)
    }

    func delete(_ serviceId: String, key: String, job: String) async throws -> Reply {
        try await send(
            .delete, EmulatorFixture.jobsPath(serviceId) + "/\(job)?api-version=2.0", authorization(key), nil)
    }

    /// Submits and starts a job; returns its id.
    func submitAndStart(_ serviceId: String, key: String, body: String) async throws -> String {
        let submitted = try await submit(serviceId, key: key, body: body)
        try #require(submitted.status == 200, "submit answered \(submitted.status): \(submitted.body)")
        let job = try #require(submitted.json?.stringValue, "submit must answer the job id as a JSON string")
        let started = try await start(serviceId, key: key, job: job)
        try #require(started.status == 200, "start answered \(started.status): \(started.body)")
        return job
    }

    /// Polls until the job reaches `Finished`, `Failed` or `Cancelled` (the samples poll every second;
    /// the fixture's jobs last milliseconds). Gives up after 30 s.
    func waitForEnd(_ serviceId: String, key: String, job: String) async throws -> WireJSON {
        for _ in 0..<3000 {
            let reply = try await status(serviceId, key: key, job: job)
            try #require(reply.status == 200, "status answered \(reply.status): \(reply.body)")
            let state = reply.json?[property: "StatusCode"]?.stringValue ?? ""
            if ["Finished", "Failed", "Cancelled"].contains(state) { return try #require(reply.json) }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("job \(job) did not end within 30 s")
        throw CancellationError()
    }

    /// Runs a job to its end and returns the final status.
    func runJob(_ serviceId: String, key: String, body: String) async throws -> WireJSON {
        try await waitForEnd(serviceId, key: key, job: try await submitAndStart(serviceId, key: key, body: body))
    }

    /// GETs `BaseLocation + RelativeLocation + SasBlobToken` of a finished job's output, as the Python
    /// sample downloads results.
    func download(_ result: WireJSON?) async throws -> Reply {
        let base = try #require(result?[property: "BaseLocation"]?.stringValue)
        let relative = try #require(result?[property: "RelativeLocation"]?.stringValue)
        let token = try #require(result?[property: "SasBlobToken"]?.stringValue)
        #expect(result?[property: "ConnectionString"] == .null)
        #expect(base.hasPrefix(baseURL + "/blob/"))
        return try await send(.get, String((base + relative + token).dropFirst(baseURL.count)), [:], nil)
    }

    private func authorization(_ key: String) -> [String: String] {
        ["Authorization": "Bearer \(key)", "Content-Type": "application/json; charset=utf-8"]
    }

    private func query(_ apiVersion: String?) -> String {
        apiVersion.map { "?api-version=\($0)" } ?? ""
    }
}

/// Plain HTTP over loopback with async-http-client.
enum LiveHTTP {
    static func send(method: HTTPRequest.Method, url: String, headers: [String: String], body: String?) async throws
        -> Reply
    {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method.rawValue)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        var replyHeaders: [String: String] = [:]
        for (name, value) in response.headers { replyHeaders[name.lowercased()] = value }
        return Reply(status: Int(response.status.code), headers: replyHeaders, body: String(buffer: bytes))
    }
}

/// Request bodies in the documented BatchExecutionRequest shape.
enum RequestBodies {
    static func connectionReference(
        _ relativeLocation: String, connectionString: String = EmulatorFixture.acct1ConnectionString
    )
        -> String
    {
        #"{"ConnectionString":"\#(connectionString)","RelativeLocation":"\#(relativeLocation)"}"#
    }

    static func sasReference(base: String, _ relativeLocation: String, token: String) -> String {
        #"{"BaseLocation":"\#(base)","RelativeLocation":"\#(relativeLocation)","SasBlobToken":"\#(token)"}"#
    }

    static func batch(
        inputs: [String: String] = [:], outputs: [String: String] = [:], parameters: [String: String] = [:]
    )
        -> String
    {
        func map(_ entries: [String: String]) -> String {
            "{" + entries.sorted { $0.key < $1.key }.map { #""\#($0.key)":\#($0.value)"# }.joined(separator: ",") + "}"
        }
        let parameterText =
            "{"
            + parameters.sorted { $0.key < $1.key }.map { #""\#($0.key)":"\#($0.value)""# }
            .joined(separator: ",") + "}"
        return #"{"Inputs":\#(map(inputs)),"Outputs":\#(map(outputs)),"GlobalParameters":\#(parameterText)}"#
    }
}
