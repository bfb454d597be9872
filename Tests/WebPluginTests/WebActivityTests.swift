import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// `WebActivity` through the real plugin against a local server.
@Suite("Web activity", .tags(.medium), .timeLimit(.minutes(2)))
struct WebActivityTests {
    @Test("the plugin loads and claims WebActivity, WebHook and AzureFunctionActivity")
    func loads() async throws {
        try await WebTestBed.with { _, bed in
            #expect(Set(bed.activityTypes) == ["WebActivity", "WebHook", "AzureFunctionActivity"])
            #expect(bed.host.plugins.first?.declaration?.pluginID == "org.pipehost.web")
        }
    }

    @Test("unknown or out-of-range settings refuse the plugin with the reason")
    func badSettings() {
        for (settings, fragment) in [
            (["bogus": 1] as JSONValue, "Unknown setting 'bogus' of the Web plugin"),
            (["callbackPort": 70000], "'callbackPort' must be a whole number from 0 to 65535"),
            (["authorityHost": "login.example"], "'authorityHost' must be an http:// or https:// URL"),
        ] {
            #expect {
                _ = try PluginTestBed(library: BuildProducts.library("WebPlugin"), settings: settings)
            } throws: { error in
                "\(error)".contains(fragment)
            }
        }
    }

    @Test("a JSON object answer's members are the output, with the response headers and the envelope")
    func getJSON() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity", typeProperties: ["method": "Get", "url": .string("\(server.base)/json")])
            let output = try run.requireSucceeded()
            #expect(output["name"] == "pipehost")
            #expect(output["count"] == 3)
            #expect(output["nested"]?["ok"] == true)
            #expect(output["ADFWebActivityResponseHeaders"]?["X-Test"] == "yes")
            #expect(output["ADFWebActivityResponseHeaders"]?["Content-Type"] == "application/json; charset=utf-8")
            #expect(output["effectiveIntegrationRuntime"] == "pipehost (local)")
            #expect(output["Response"] == nil)
        }
    }

    @Test("a POST sends the JSON body with Content-Type application/json and the headers given")
    func postJSON() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity",
                typeProperties: [
                    "method": "POST", "url": .string("\(server.base)/echo"), "body": ["a": 1, "b": ["x", "y"]],
                    "headers": [["name": "X-Run", "value": "r-1"], ["name": "X-Count", "value": 7]],
                ])
            let output = try run.requireSucceeded()
            #expect(output["received"] == #"{"a":1,"b":["x","y"]}"#)
            let seen = try #require(await server.recorder.last(path: "/echo"))
            #expect(seen.headers["content-type"] == "application/json")
            #expect(seen.headers["x-run"] == "r-1")
            #expect(seen.headers["x-count"] == "7")
        }
    }

    @Test("a string body is sent as it is; PUT, PATCH and DELETE are sent as such")
    func methods() async throws {
        try await WebTestBed.with { server, bed in
            let url = JSONValue.string("\(server.base)/echo")
            let post = await bed.run(
                "WebActivity",
                typeProperties: [
                    "method": "post", "url": url, "body": #"{"raw": true}"#, "headers": ["Content-Type": "text/plain"],
                ])
            let postResult = try post.requireSucceeded()
            #expect(postResult["received"] == #"{"raw": true}"#)
            #expect(await server.recorder.last(path: "/echo")?.headers["content-type"] == "text/plain")
            for method in ["PUT", "PATCH", "DELETE"] {
                let run = await bed.run(
                    "WebActivity", typeProperties: ["method": .string(method), "url": url, "body": "{}"])
                let runResult = try run.requireSucceeded()
                #expect(runResult["method"] == .string(method))
            }
        }
    }

    @Test("text and JSON array answers go under Response as text")
    func textAndArray() async throws {
        try await WebTestBed.with { server, bed in
            let text = await bed.run(
                "WebActivity", typeProperties: ["method": "GET", "url": .string("\(server.base)/text")])
            let textResult = try text.requireSucceeded()
            #expect(textResult["Response"] == "hello, web")
            let array = await bed.run(
                "WebActivity", typeProperties: ["method": "GET", "url": .string("\(server.base)/array")])
            let arrayResult = try array.requireSucceeded()
            #expect(arrayResult["Response"] == "[1,2,3]")
        }
    }

    @Test("4xx and 5xx answers fail with ADF's 2108 and the status code")
    func failures() async throws {
        try await WebTestBed.with { server, bed in
            let notFound = await bed.run(
                "WebActivity", typeProperties: ["method": "GET", "url": .string("\(server.base)/status/404?sig=abc")])
            let error = try notFound.requireFailed(code: "2108")
            #expect(
                error.message.hasPrefix(
                    "Error calling the endpoint '\(server.base)/status/404'. Response status code: '404'."))
            #expect(error.message.contains("the endpoint says 404"))
            #expect(!error.message.contains("sig=abc"))
            #expect(error.failureType == .userError)
            let crash = await bed.run(
                "WebActivity", typeProperties: ["method": "GET", "url": .string("\(server.base)/status/500")])
            let crashResult = try crash.requireFailed(code: "2108")
            #expect(crashResult.failureType == .systemError)
        }
    }

    @Test("no answer within httpRequestTimeout fails with ADF's 2128")
    func timeout() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity",
                typeProperties: [
                    "method": "GET", "url": .string("\(server.base)/slow"), "httpRequestTimeout": "00:00:01",
                ])
            let error = try run.requireFailed(code: "2128")
            #expect(error.message.hasPrefix("No response from the endpoint."))
            #expect(error.message.contains("00:00:01"))
        }
    }

    @Test("a refused connection fails with 2108 and 'NA - Unknown'")
    func refused() async throws {
        try await WebTestBed.with { _, bed in
            let run = await bed.run("WebActivity", typeProperties: ["method": "GET", "url": "http://127.0.0.1:1/x"])
            let error = try run.requireFailed(code: "2108")
            #expect(error.message.contains("Response status code: 'NA - Unknown'"))
            #expect(error.message.contains("connection refused"))
        }
    }

    @Test("an answer over 4 MB fails with ADF's 2001")
    func tooLarge() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity", typeProperties: ["method": "GET", "url": .string("\(server.base)/big")])
            try run.requireFailed(
                code: "2001", messageContains: "The length of execution output is over limit (around 4MB currently).")
        }
    }

    @Test("a redirect is followed")
    func redirect() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity", typeProperties: ["method": "GET", "url": .string("\(server.base)/redirect")])
            let runResult = try run.requireSucceeded()
            #expect(runResult["name"] == "pipehost")
        }
    }

    @Test("202 with a Location is polled until another answer; the Location's query is never stored")
    func asyncPattern() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity", typeProperties: ["method": "POST", "url": .string("\(server.base)/jobs"), "body": "{}"])
            let output = try run.requireSucceeded()
            #expect(output["state"] == "done")
            #expect(output["polls"] == 3)
            #expect(await server.recorder.count(path: "/jobs/7/status") == 3)
            #expect(!run.services.savedStates.isEmpty)
            #expect(!run.everythingShown.contains("poll-secret"))
        }
    }

    @Test("turnOffAsync takes the 202 as the answer")
    func turnOffAsync() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity",
                typeProperties: [
                    "method": "POST", "url": .string("\(server.base)/jobs"), "body": "{}", "turnOffAsync": true,
                ])
            let output = try run.requireSucceeded()
            #expect(output["Response"] == "")
            #expect(output["ADFWebActivityResponseHeaders"]?["Location"] == "/jobs/7/status?code=poll-secret")
            #expect(await server.recorder.count(path: "/jobs/7/status") == 0)
        }
    }

    @Test("cancelling while polling a 202 ends the activity as cancelled")
    func cancelWhilePolling() async throws {
        try await WebTestBed.with { server, bed in
            let services = FakeHostServices(cancelWhen: { $0.message.contains("polling") })
            let run = await bed.run(
                InvocationFixture.make(
                    type: "WebActivity",
                    typeProperties: ["method": "POST", "url": .string("\(server.base)/forever"), "body": "{}"]),
                services: services)
            try run.requireCancelled()
        }
    }

    @Test("Basic authentication with a SecureString password; neither it nor its encoding is shown")
    func basic() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity",
                typeProperties: [
                    "method": "GET", "url": .string("\(server.base)/basic"),
                    "authentication": [
                        "type": "Basic", "username": .string(TestEndpoint.basicUser),
                        "password": ["type": "SecureString", "value": .string(TestEndpoint.basicPassword)],
                    ],
                ])
            let runResult = try run.requireSucceeded()
            #expect(runResult["user"] == .string(TestEndpoint.basicUser))
            let encoded = Data("\(TestEndpoint.basicUser):\(TestEndpoint.basicPassword)".utf8).base64EncodedString()
            #expect(!run.everythingShown.contains(TestEndpoint.basicPassword))
            #expect(!run.everythingShown.contains(encoded))
        }
    }

    static func servicePrincipal(secret: String = TestEndpoint.clientSecret) -> JSONValue {
        [
            "type": "ServicePrincipal", "tenant": .string(TestEndpoint.tenant),
            "servicePrincipalId": .string(TestEndpoint.clientId),
            "servicePrincipalKey": ["type": "SecureString", "value": .string(secret)],
            "resource": "https://resource.example",
        ]
    }

    @Test("ServicePrincipal authentication gets a token from the authority host once and sends it as Bearer")
    func servicePrincipal() async throws {
        try await WebTestBed.with { server, bed in
            let typeProperties: JSONValue = [
                "method": "GET", "url": .string("\(server.base)/protected"), "authentication": Self.servicePrincipal(),
            ]
            let first = await bed.run("WebActivity", typeProperties: typeProperties)
            let firstResult = try first.requireSucceeded()
            #expect(firstResult["secret"] == "plans")
            let second = await bed.run("WebActivity", typeProperties: typeProperties)
            try second.requireSucceeded()
            #expect(await server.recorder.count(path: "/\(TestEndpoint.tenant)/oauth2/token") == 1)
            for run in [first, second] {
                #expect(!run.everythingShown.contains(TestEndpoint.token))
                #expect(!run.everythingShown.contains(TestEndpoint.clientSecret))
            }
        }
    }

    @Test("a refused token request fails with what the authority said, without the secret")
    func servicePrincipalRefused() async throws {
        try await WebTestBed.with { server, bed in
            let run = await bed.run(
                "WebActivity",
                typeProperties: [
                    "method": "GET", "url": .string("\(server.base)/protected"),
                    "authentication": Self.servicePrincipal(secret: "wrong-secret-value"),
                ])
            let error = try run.requireFailed(code: "WebTokenRequestFailed", messageContains: "AADSTS7000215")
            #expect(error.message.contains("/\(TestEndpoint.tenant)/oauth2/token"))
            #expect(!run.everythingShown.contains("wrong-secret-value"))
        }
    }

    @Test("managed identity and credential references fail clearly")
    func unsupportedAuthentication() async throws {
        try await WebTestBed.with { server, bed in
            let url = JSONValue.string("\(server.base)/json")
            let msi = await bed.run(
                "WebActivity",
                typeProperties: [
                    "method": "GET", "url": url,
                    "authentication": ["type": "MSI", "resource": "https://management.azure.com/"],
                ])
            try msi.requireFailed(code: "2403", messageContains: "no managed identity")
            let credential = await bed.run(
                "WebActivity",
                typeProperties: [
                    "method": "GET", "url": url,
                    "authentication": [
                        "type": "ServicePrincipal", "resource": "https://resource.example",
                        "credential": ["referenceName": "factoryCredential", "type": "CredentialReference"],
                    ],
                ])
            try credential.requireFailed(
                code: "WebAuthenticationNotSupported",
                messageContains: "credential reference ('typeProperties.authentication.credential')")
        }
    }

    @Test("bad typeProperties name the property")
    func badProperties() async throws {
        try await WebTestBed.with { server, bed in
            let url = JSONValue.string("\(server.base)/json")
            try await bed.run("WebActivity", typeProperties: ["method": "GET"])
                .requireFailed(code: "2103", messageContains: "'typeProperties.url'")
            try await bed.run("WebActivity", typeProperties: ["url": url])
                .requireFailed(code: "2103", messageContains: "'typeProperties.method'")
            try await bed.run("WebActivity", typeProperties: ["method": "FETCH", "url": url])
                .requireFailed(code: "2105", messageContains: "'typeProperties.method'")
            try await bed.run("WebActivity", typeProperties: ["method": "GET", "url": "ftp://example/x"])
                .requireFailed(code: "2105", messageContains: "'typeProperties.url'")
            try await bed.run(
                "WebActivity", typeProperties: ["method": "GET", "url": url, "httpRequestTimeout": "00:20:00"]
            )
            .requireFailed(code: "2105", messageContains: "'typeProperties.httpRequestTimeout'")
            try await bed.run(
                "WebActivity", typeProperties: ["method": "GET", "url": url, "headers": ["X-Bad": ["a": 1]]]
            )
            .requireFailed(code: "2104", messageContains: "'typeProperties.headers.X-Bad'")
            try await bed.run(
                "WebActivity", typeProperties: ["method": "GET", "url": url, "authentication": ["type": "Digest"]]
            )
            .requireFailed(code: "2105", messageContains: "'typeProperties.authentication.type'")
        }
    }
}
