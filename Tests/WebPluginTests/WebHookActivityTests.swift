import AsyncHTTPClient
import HostCore
import NIOCore
import NIOHTTP1
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// `WebHook` through the real plugin: the plugin's own callback server, an endpoint that calls it.
@Suite("WebHook activity", .tags(.medium), .timeLimit(.minutes(2)))
struct WebHookActivityTests {
    static func hook(_ server: TestEndpoint, reply: JSONValue?, extra: [(String, JSONValue)] = []) -> JSONValue {
        var body = JSONObject()
        body["message"] = "run it"
        if let reply { body["reply"] = reply }
        var properties: JSONObject = [
            "method": "POST", "url": .string("\(server.base)/hook"), "headers": ["Content-Type": "application/json"],
            "body": .object(body),
        ]
        for (key, value) in extra { properties[key] = value }
        return .object(properties)
    }

    @Test("the endpoint gets a callBackUri in the body; the callback's body is the output")
    func success() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run("WebHook", typeProperties: Self.hook(server, reply: ["Output": ["rows": 12]]))
            let output = try run.requireSucceeded()
            #expect(output["Output"]?["rows"] == 12)
            let sent = try #require(await server.recorder.last(path: "/hook"))
            let body = try JSONParser.parse(sent.body)
            #expect(body["message"] == "run it")
            let callBack = try #require(body["callBackUri"]?.stringValue)
            #expect(callBack.hasPrefix("http://127.0.0.1:"))
            #expect(callBack.contains("/callbacks/"))
            #expect(await server.recorder.callbackStatuses == [200])
            #expect(!run.everythingShown.contains(callBack))
        }
    }

    static let failingReply: JSONValue = [
        "Output": ["partial": true], "Error": ["ErrorCode": "E42", "Message": "the job broke"], "StatusCode": "403",
    ]

    @Test("with reportStatusOnCallBack, a callback with StatusCode 403 and an Error fails the activity with them")
    func reportedFailure() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebHook",
                typeProperties: Self.hook(server, reply: Self.failingReply, extra: [("reportStatusOnCallBack", true)]))
            let error = try run.requireFailed(code: "E42", messageContains: "the job broke")
            #expect(error.failureType == .userError)
        }
    }

    @Test("with reportStatusOnCallBack, a StatusCode of 500 alone fails with WebHookCallbackFailed")
    func reportedStatusOnly() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebHook",
                typeProperties: Self.hook(server, reply: ["StatusCode": 500], extra: [("reportStatusOnCallBack", true)])
            )
            try run.requireFailed(code: "WebHookCallbackFailed", messageContains: "status code 500")
        }
    }

    @Test("without reportStatusOnCallBack, the same callback succeeds")
    func statusIgnored() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run("WebHook", typeProperties: Self.hook(server, reply: Self.failingReply))
            let runResult = try run.requireSucceeded()
            #expect(runResult["StatusCode"] == "403")
        }
    }

    @Test("no callback within timeout fails as timed out, and a late callback is refused")
    func timeout() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebHook", typeProperties: Self.hook(server, reply: nil, extra: [("timeout", "00:00:01")]))
            try run.requireFailed(code: "ActivityTimedOut", messageContains: "did not call back within 00:00:01")
            #expect(try await Self.callBack(server, ["late": true]) == 404)
        }
    }

    @Test("cancelling the wait ends the activity as cancelled, and its callback is refused")
    func cancelled() async throws {
        try await WebTestBed.with { server, bed in
            let services = FakeHostServices(cancelWhen: { $0.message.contains("waiting up to") })
            let run = await bed.run(
                InvocationFixture.make(type: "WebHook", typeProperties: Self.hook(server, reply: nil)),
                services: services)
            try run.requireCancelled()
            #expect(try await Self.callBack(server, ["late": true]) == 404)
        }
    }

    @Test("a callback body that is not JSON is refused with 400 and the activity keeps waiting")
    func invalidCallbackBody() async throws {
        try await WebTestBed.with { server, bed in
            let services = FakeHostServices()
            async let run = bed.run(
                InvocationFixture.make(
                    type: "WebHook", typeProperties: Self.hook(server, reply: nil, extra: [("timeout", "00:00:05")])),
                services: services)
            var uri: String?
            for _ in 0..<200 where uri == nil {
                try await Task.sleep(for: .milliseconds(10))
                uri = try await Self.callBackURI(server)
            }
            let target = try #require(uri)
            #expect(try await Self.post(target, Array("not json".utf8)) == 400)
            #expect(try await Self.post(target, JSONSerializer.bytes(["done": 1])) == 200)
            let result = await run
            #expect(try result.requireSucceeded()["done"] == 1)
        }
    }

    /// The callBackUri the endpoint received last.
    static func callBackURI(_ server: TestEndpoint) async throws -> String? {
        guard let sent = await server.recorder.last(path: "/hook") else { return nil }
        return try JSONParser.parse(sent.body)["callBackUri"]?.stringValue
    }

    /// Calls the last callBackUri with `body`; returns the status.
    static func callBack(_ server: TestEndpoint, _ body: JSONValue) async throws -> Int {
        let uri = try #require(try await callBackURI(server))
        return try await post(uri, JSONSerializer.bytes(body))
    }

    static func post(_ url: String, _ body: [UInt8]) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(body)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return Int(response.status.code)
    }

    @Test("a failing endpoint fails the activity with 2108; bad properties name the property")
    func failures() async throws {
        try await WebTestBed.with { server, bed in
            let failing = await bed.run(
                "WebHook", typeProperties: ["method": "POST", "url": .string("\(server.base)/status/500")])
            // /status/:code answers GET only: a POST gets the router's 404 or 405.
            let failingResult = try failing.requireFailed(code: "2108")
            #expect(failingResult.message.contains("Response status code: '4"))
            try await bed.run("WebHook", typeProperties: ["method": "GET", "url": .string("\(server.base)/hook")])
                .requireFailed(code: "2105", messageContains: "'typeProperties.method'")
            try await bed.run(
                "WebHook", typeProperties: ["method": "POST", "url": .string("\(server.base)/hook"), "body": [1, 2]]
            )
            .requireFailed(code: "2105", messageContains: "'typeProperties.body'")
            try await bed.run(
                "WebHook", typeProperties: ["method": "POST", "url": .string("\(server.base)/hook"), "timeout": "soon"]
            )
            .requireFailed(code: "2105", messageContains: "'typeProperties.timeout'")
        }
    }
}
