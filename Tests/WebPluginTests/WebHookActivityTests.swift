import HostCore
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
                "WebHook", typeProperties: Self.hook(server, reply: Self.failingReply, extra: [("reportStatusOnCallBack", true)]))
            let error = try run.requireFailed(code: "E42", messageContains: "the job broke")
            #expect(error.failureType == .userError)
        }
    }

    @Test("with reportStatusOnCallBack, a StatusCode of 500 alone fails with WebHookCallbackFailed")
    func reportedStatusOnly() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebHook", typeProperties: Self.hook(server, reply: ["StatusCode": 500], extra: [("reportStatusOnCallBack", true)]))
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
            let run = await bed.run("WebHook", typeProperties: Self.hook(server, reply: nil, extra: [("timeout", "00:00:01")]))
            try run.requireFailed(code: "ActivityTimedOut", messageContains: "did not call back within 00:00:01")
        }
    }

    @Test("a failing endpoint fails the activity with 2108; bad properties name the property")
    func failures() async throws {
        try await WebTestBed.with { server, bed in
            let failing = await bed.run("WebHook", typeProperties: ["method": "POST", "url": .string("\(server.base)/status/500")])
            // /status/:code answers GET only: a POST gets the router's 404 or 405.
            let failingResult = try failing.requireFailed(code: "2108")
            #expect(failingResult.message.contains("Response status code: '4"))
            try await bed.run("WebHook", typeProperties: ["method": "GET", "url": .string("\(server.base)/hook")])
                .requireFailed(code: "2105", messageContains: "'typeProperties.method'")
            try await bed.run("WebHook", typeProperties: ["method": "POST", "url": .string("\(server.base)/hook"), "body": [1, 2]])
                .requireFailed(code: "2105", messageContains: "'typeProperties.body'")
            try await bed.run("WebHook", typeProperties: ["method": "POST", "url": .string("\(server.base)/hook"), "timeout": "soon"])
                .requireFailed(code: "2105", messageContains: "'typeProperties.timeout'")
        }
    }
}
