import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// `AzureFunctionActivity` through the real plugin against a local function app.
@Suite("Azure Function activity", .tags(.medium), .timeLimit(.minutes(2)))
struct AzureFunctionActivityTests {
    static func invocation(_ server: TestEndpoint, _ typeProperties: JSONValue, service: ResolvedLinkedService? = nil)
        -> ActivityInvocation
    {
        InvocationFixture.make(
            type: "AzureFunctionActivity", typeProperties: typeProperties,
            linkedService: service ?? WebTestBed.functionApp(server))
    }

    @Test(
        "the function is called at {functionAppUrl}/api/{functionName} with x-functions-key; its object is the output")
    func success() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                Self.invocation(server, ["functionName": "Hello", "method": "POST", "body": ["n": 1]]))
            let output = try run.requireSucceeded()
            #expect(output["greeting"] == "hello")
            #expect(output["received"] == #"{"n":1}"#)
            #expect(
                await server.recorder.last(path: "/api/Hello")?.headers["x-functions-key"] == TestEndpoint.functionKey)
            #expect(!run.everythingShown.contains(TestEndpoint.functionKey))
        }
    }

    @Test("a key given as a SecureString works too")
    func secureKey() async throws {
        try await WebTestBed.with { server, bed in
            let service = WebTestBed.functionApp(
                server, key: ["type": "SecureString", "value": .string(TestEndpoint.functionKey)])
            let run = await bed.run(
                Self.invocation(server, ["functionName": "Hello", "method": "POST", "body": "{}"], service: service))
            let runResult = try run.requireSucceeded()
            #expect(runResult["greeting"] == "hello")
        }
    }

    @Test("an answer that is not a JSON object fails with ADF's 3603")
    func notAnObject() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(Self.invocation(server, ["functionName": "Text", "method": "GET"]))
            try run.requireFailed(code: "3603", messageContains: "Response Content is not a valid JObject.")
        }
    }

    @Test("a failure status fails with ADF's 3608 and the function's message")
    func failureStatus() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(Self.invocation(server, ["functionName": "Broken", "method": "GET"]))
            let error = try run.requireFailed(
                code: "3608",
                messageContains:
                    "Call to provided Azure function 'Broken' failed with status-'500' and message - 'function crashed'."
            )
            #expect(error.failureType == .systemError)
        }
    }

    @Test("a durable function's start answer is the output; a Web activity on statusQueryGetUri waits for the result")
    func durable() async throws {
        try await WebTestBed.with { server, bed in
            let started = await bed.run(
                Self.invocation(server, ["functionName": "orchestrators/Long", "method": "POST", "body": "{}"]))
            let output = try started.requireSucceeded()
            let status = try #require(output["statusQueryGetUri"]?.stringValue)
            #expect(output["id"] == "abc")
            let waited = await bed.run("WebActivity", typeProperties: ["method": "GET", "url": .string(status)])
            let result = try waited.requireSucceeded()
            #expect(result["runtimeStatus"] == "Completed")
            #expect(result["output"]?["answer"] == 42)
            #expect(await server.recorder.count(path: "/runtime/webhooks/durabletask/instances/abc") == 3)
            #expect(!waited.services.savedStates.isEmpty)
            #expect(
                !waited.services.savedStates.contains {
                    String(decoding: $0, as: UTF8.self).contains(TestEndpoint.durableCode)
                })
        }
    }

    @Test("missing and bad settings fail with ADF's 36xx codes")
    func badDefinitions() async throws {
        try await WebTestBed.with { server, bed in
            let noService = InvocationFixture.make(
                type: "AzureFunctionActivity", typeProperties: ["functionName": "Hello", "method": "GET"])
            try await bed.run(noService).requireFailed(code: "3612")
            let noKey = ResolvedLinkedService(
                name: "F", type: "AzureFunction", typeProperties: ["functionAppUrl": .string(server.base)])
            try await bed.run(Self.invocation(server, ["functionName": "Hello", "method": "GET"], service: noKey))
                .requireFailed(code: "3606")
            let noURL = ResolvedLinkedService(name: "F", type: "AzureFunction", typeProperties: ["functionKey": "k"])
            try await bed.run(Self.invocation(server, ["functionName": "Hello", "method": "GET"], service: noURL))
                .requireFailed(code: "3609")
            try await bed.run(Self.invocation(server, ["method": "GET"])).requireFailed(code: "3607")
            try await bed.run(Self.invocation(server, ["functionName": "Hello"])).requireFailed(code: "3611")
            try await bed.run(Self.invocation(server, ["functionName": "Hello", "method": "PATCH"]))
                .requireFailed(code: "3602", messageContains: "Invalid HttpMethod: 'PATCH'.")
            let closed = ResolvedLinkedService(
                name: "F", type: "AzureFunction",
                typeProperties: ["functionAppUrl": "http://127.0.0.1:1", "functionKey": "k"])
            try await bed.run(Self.invocation(server, ["functionName": "Hello", "method": "GET"], service: closed))
                .requireFailed(code: "3610", messageContains: "There was an error while calling endpoint")
        }
    }
}
