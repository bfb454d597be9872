import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// Every REST failure's code, failure type and message, the plugin's settings, and the REST
/// source settings a Copy or Lookup reads.
@Suite(.tags(.small))
struct RestFailureTests {
    @Test(arguments: [
        (
            RestFailure.callFailed(status: 404, url: "http://h/x", payload: "{\"error\":1}"), "RestSourceCallFailed",
            "The HttpStatusCode 404 indicates failure.\nRequest URL: http://h/x\nResponse payload:{\"error\":1}"
        ),
        (
            .timedOut(url: "http://h/x", timeout: "00:00:01"), "RestRequestTimedOut",
            "no response within httpRequestTimeout 00:00:01"
        ),
        (.unreachable(url: "http://h/x", reason: "refused"), "HttpRequestFailed", "'http://h/x' failed: refused."),
        (.responseTooLarge(url: "u", limit: 64 * 1024 * 1024), "RestResponseTooLarge", "larger than 64 MB"),
        (.notJson(url: "u", reason: "bad"), "JsonInvalidDataFormat", "is not JSON (bad)"),
        (
            .repeatedRequest(url: "u", request: 3, earlier: 2), "RestPaginationFailed",
            "request 3 to 'u' would repeat request 2"
        ),
        (
            .paginationValueNotPrimitive(rule: "AbsoluteUrl", found: "an object"), "RestPaginationFailed",
            "'AbsoluteUrl' found an object"
        ),
        (.tokenRequestFailed(url: "t", reason: "HTTP 401"), "RestTokenRequestFailed", "from 't': HTTP 401."),
    ])
    func codesAndMessages(failure: RestFailure, code: String, fragment: String) {
        #expect(failure.failure.errorCode == code)
        #expect(failure.failure.message.contains(fragment), "\(failure.failure.message)")
    }

    @Test func serverErrorsAndUnreachableEndpointsAreSystemErrors() {
        #expect(RestFailure.callFailed(status: 503, url: "u", payload: "").failure.failureType == .systemError)
        #expect(RestFailure.callFailed(status: 401, url: "u", payload: "").failure.failureType == .userError)
        #expect(RestFailure.unreachable(url: "u", reason: "r").failure.failureType == .systemError)
        #expect(RestFailure.timedOut(url: "u", timeout: "t").failure.failureType == .userError)
    }

    @Test func aCopyNestsTheRestCode() {
        let wrapped = CopyActivity.wrap(
            RestFailure.callFailed(status: 500, url: "u", payload: "").failure, side: .source)
        #expect(
            wrapped.message.hasPrefix("Failure happened on 'Source' side. ErrorCode=RestSourceCallFailed,'Message="))
    }

    @Test func timeSpansAreWrittenAsAdfWritesThem() {
        #expect(RestPageSource.timeSpan(.seconds(100)) == "00:01:40")
        #expect(RestPageSource.timeSpan(.milliseconds(1500)) == "00:00:01.500")
    }

    @Test func settingsTakeAnAuthorityHostAndRefuseUnknownFields() throws {
        #expect(try DataSettings(.null).authorityHost == nil)
        #expect(try DataSettings(["authorityHost": "http://127.0.0.1:9/"]).authorityHost == "http://127.0.0.1:9")
        #expect(throws: ActivityFailure.self) { _ = try DataSettings(["authorityHost": "login.example"]) }
        #expect {
            _ = try DataSettings(["authorityHosts": "http://x"])
        } throws: { error in
            (error as? ActivityFailure)?.message.contains("Unknown setting 'authorityHosts'") == true
        }
    }

    private func dataset(_ typeProperties: JSONObject) throws -> Invocation.Dataset {
        try #require(
            Invocation.Dataset(json: [
                "name": "Rest", "type": "RestResource", "typeProperties": .object(typeProperties),
            ]))
    }

    @Test func theSourceOverridesTheDatasetsOlderRequestSettings() throws {
        let settings = try RestSourceSettings(
            dataset: try dataset([
                "relativeUrl": "items", "requestMethod": "POST", "requestBody": "{}",
                "additionalHeaders": "X-A: 1\nX-B: 2", "paginationRules": ["AbsoluteUrl": "$.next"],
            ]),
            source: [
                "type": "RestSource", "additionalHeaders": ["X-C": "3"], "httpRequestTimeout": "00:00:30",
                "requestInterval": 250,
            ])
        #expect(settings.relativeURL == "items")
        #expect(settings.method == "POST")
        #expect(settings.body == "{}")
        #expect(settings.headers == [.init(name: "X-C", value: "3")])
        #expect(settings.pagination.rules.map(\.target) == [.url])
        #expect(settings.timeout == .seconds(30))
        #expect(settings.interval == .milliseconds(250))
        #expect(
            try RestSourceSettings(dataset: try dataset([:]), source: ["requestInterval": "00:00:02"]).interval
                == .seconds(2))
        #expect(try RestSourceSettings(dataset: try dataset([:]), source: nil).interval == .seconds(1))
    }

    static let badSources: [(JSONObject, String)] = [
        (["requestMethod": "PUT"], "typeProperties.source.requestMethod"),
        (["httpRequestTimeout": "soon"], "typeProperties.source.httpRequestTimeout"),
        (["requestInterval": -5], "typeProperties.source.requestInterval"),
        (["additionalHeaders": "no colon"], "typeProperties.source.additionalHeaders"),
        (["additionalColumns": [["name": "c", "value": "v"]]], "typeProperties.source.additionalColumns"),
    ]

    @Test(arguments: badSources)
    func badSourceSettingsNameTheProperty(source: JSONObject, path: String) {
        #expect {
            _ = try RestSourceSettings(dataset: try dataset([:]), source: .object(source))
        } throws: { error in
            (error as? ActivityFailure)?.message.contains(path) == true
        }
    }
}
