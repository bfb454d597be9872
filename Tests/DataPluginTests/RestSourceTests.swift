import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// `RestService` datasets as Copy and Lookup sources against a local server that pages a
/// collection every way ADF's pagination rules follow (RestTestRoutes).
@Suite(.tags(.medium))
struct RestSourceTests {
    static let peopleCsv = "id,name,team\r\n1,Ann,red\r\n2,Bob,red\r\n3,Cid,blue\r\n4,Dee,blue\r\n5,Eve,green\r\n"

    private static func server() async throws -> TestHttpServer {
        try await TestHttpServer.start(extraRoutes: RestTestRoutes.add)
    }

    private func restService(_ server: TestHttpServer, _ properties: JSONObject = [:]) -> JSONValue {
        var typeProperties = properties
        typeProperties["url"] = .string(server.url)
        return ["name": "Api", "type": "RestService", "typeProperties": .object(typeProperties)]
    }

    private func resource(_ server: TestHttpServer, _ properties: JSONObject, service: JSONObject = [:]) -> JSONValue {
        [
            "name": "People", "type": "RestResource", "parameters": [:], "typeProperties": .object(properties),
            "linkedServiceName": ["referenceName": "Api", "type": "LinkedServiceReference"],
            "linkedService": restService(server, service),
        ]
    }

    /// A translator that takes id, name and team.name from each element of `collection`.
    private func translator(collection: String?) -> JSONValue {
        var object: JSONObject = [
            "type": "TabularTranslator",
            "mappings": [
                ["source": ["path": "['id']"], "sink": ["name": "id"]],
                ["source": ["path": "['name']"], "sink": ["name": "name"]],
                ["source": ["path": "['team']['name']"], "sink": ["name": "team"]],
            ],
        ]
        if let collection { object["collectionReference"] = .string(collection) }
        return .object(object)
    }

    private func source(_ members: JSONObject = [:]) -> JSONObject {
        var source = members
        source["type"] = "RestSource"
        source["requestInterval"] = source["requestInterval"] ?? "00:00:00"
        return source
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var relativeUrl: String
        var rules: JSONObject?
        var collection: String?
        var method: String = "GET"
        var body: String?
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(
            name: "absolute next link in the body", relativeUrl: "items/next-absolute",
            rules: ["AbsoluteUrl": "$.nextLink"], collection: "$['value']"),
        Scenario(
            name: "relative next link under a key with a dot", relativeUrl: "items/next-relative",
            rules: ["AbsoluteUrl": "$['@odata.nextLink']"], collection: "$['value']"),
        Scenario(
            name: "RFC 5988 Link header by default, array pages", relativeUrl: "items/link", rules: nil, collection: nil
        ),
        Scenario(
            name: "offset range into a placeholder", relativeUrl: "items/offset?limit=2&offset={offset}",
            rules: ["QueryParameters.{offset}": "RANGE:0:4:2"], collection: "$['data']"),
        Scenario(
            name: "open range until the data is empty", relativeUrl: "items/offset?limit=2",
            rules: ["QueryParameters.offset": "RANGE:0::2", "EndCondition:$.data": "Empty"], collection: "$['data']"),
        Scenario(
            name: "header cursor from a response header", relativeUrl: "items/header",
            rules: ["Headers.X-Cursor": "Headers.X-Next-Cursor"], collection: "$['value']"),
        Scenario(
            name: "body member from the body until Const:true", relativeUrl: "items/body",
            rules: ["Body.page": "$.nextPage", "EndCondition:$.complete": "Const:true"], collection: "$['value']",
            method: "POST", body: "{\"page\": 1}"),
        Scenario(
            name: "body placeholder range with MaxRequestNumber", relativeUrl: "items/body",
            rules: ["Body.{page}": "RANGE:1::1", "MaxRequestNumber": "3"], collection: "$['value']", method: "POST",
            body: "{\"page\": {page}}"),
    ]

    @Test(arguments: scenarios)
    func copyPagesEveryWayIntoCsv(scenario: Scenario) async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            var members: JSONObject = ["requestMethod": .string(scenario.method)]
            if let rules = scenario.rules { members["paginationRules"] = .object(rules) }
            if let body = scenario.body { members["requestBody"] = .string(body) }
            let run = await bed.copy(
                from: resource(server, ["relativeUrl": .string(scenario.relativeUrl)]),
                to: bed.csv("K", folderPath: "out", fileName: "people.csv"), source: source(members),
                extra: ["translator": translator(collection: scenario.collection)])
            let output = try run.requireSucceeded()
            #expect(try bed.read("out/people.csv") == Self.peopleCsv)
            #expect(output["rowsCopied"] == 5)
        }
        await server.stop()
    }

    @Test func theDatasetsOlderRequestSettingsAndMaxRequestNumberApply() async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            let dataset = resource(
                server,
                [
                    "relativeUrl": "items/next-absolute",
                    "paginationRules": ["AbsoluteUrl": "$.nextLink", "MaxRequestNumber": "2"],
                ])
            let run = await bed.copy(
                from: dataset, to: bed.csv("K", folderPath: "out", fileName: "people.csv"), source: source(),
                extra: ["translator": translator(collection: "$['value']")])
            _ = try run.requireSucceeded()
            #expect(
                try bed.read("out/people.csv")
                    == "id,name,team\r\n1,Ann,red\r\n2,Bob,red\r\n3,Cid,blue\r\n4,Dee,blue\r\n")
        }
        await server.stop()
    }

    @Test func withoutATranslatorTheResponseIsWrittenAsIsToAJsonSink() async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            let run = await bed.copy(
                from: resource(server, ["relativeUrl": "items/next-absolute"]),
                to: bed.dataset("J", type: "Json", folderPath: "out", fileName: "pages.json"),
                source: source(["paginationRules": ["AbsoluteUrl": "$.nextLink"]]), sink: ["type": "JsonSink"])
            _ = try run.requireSucceeded()
            let lines = try bed.read("out/pages.json").split(separator: "\n")
            #expect(lines.count == 3)
            let pages = try lines.map { try JSONParser.parse(String($0)) }
            #expect(pages.map { $0["value"]?.arrayValue?.count } == [2, 2, 1])
            #expect(pages[0]["value"]?[0] == RestTestRoutes.people[0])
            #expect(pages[2]["nextLink"] == nil)
        }
        await server.stop()
    }

    @Test func lookupReadsTheResponses() async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            let elements = await bed.run(
                "Lookup",
                ["dataset": DataTestBed.reference("People"), "source": .object(source()), "firstRowOnly": false],
                datasets: [resource(server, ["relativeUrl": "items/link"])])
            let output = try elements.requireSucceeded()
            #expect(output["count"] == 5)
            #expect(output["value"] == .array(RestTestRoutes.people))
            let first = await bed.run(
                "Lookup",
                [
                    "dataset": DataTestBed.reference("People"),
                    "source": .object(source(["paginationRules": ["AbsoluteUrl": "$.nextLink"]])),
                ],
                datasets: [resource(server, ["relativeUrl": "items/next-absolute"])])
            let firstRow = try first.requireSucceeded()["firstRow"]
            #expect(firstRow?["value"] == .array(RestTestRoutes.page(1)))
        }
        await server.stop()
    }

    @Test func basicAuthenticationIsSentAndAWrongPasswordFailsWithoutShowingIt() async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            let good = resource(
                server, ["relativeUrl": "basic/items"],
                service: [
                    "authenticationType": "Basic", "userName": .string(RestTestRoutes.user),
                    "password": ["type": "SecureString", "value": .string(RestTestRoutes.password)],
                ])
            let ok = await bed.copy(
                from: good, to: bed.csv("K", folderPath: "out", fileName: "people.csv"), source: source(),
                extra: ["translator": translator(collection: "$['value']")])
            _ = try ok.requireSucceeded()
            #expect(try bed.read("out/people.csv") == Self.peopleCsv)
            let wrong = "Wr0ng-password-text"
            let bad = resource(
                server, ["relativeUrl": "basic/items"],
                service: ["authenticationType": "Basic", "userName": "ann", "password": .string(wrong)])
            let refused = await bed.copy(from: bad, to: bed.csv("K", folderPath: "refused"), source: source())
            let error = try refused.requireFailed(
                code: "2200",
                messageContains: "ErrorCode=RestSourceCallFailed,'Message=The HttpStatusCode 401 indicates failure.")
            #expect(error.message.contains("Response payload:{\"error\":\"bad credentials\"}"))
            #expect(error.failureType == .userError)
            let shown = "\(error.message) \(refused.logs.map(\.description))"
            #expect(!shown.contains(wrong))
            #expect(!shown.contains(Data("ann:\(wrong)".utf8).base64EncodedString()))
            #expect(bed.files(under: "refused") == [])
        }
        await server.stop()
    }

    private func servicePrincipal(secret: String) -> JSONObject {
        [
            "authenticationType": "AadServicePrincipal", "servicePrincipalId": .string(RestTestRoutes.clientId),
            "servicePrincipalKey": ["type": "SecureString", "value": .string(secret)],
            "tenant": .string(RestTestRoutes.tenant), "aadResourceId": .string(RestTestRoutes.resource),
        ]
    }

    @Test func aadServicePrincipalGetsATokenFromTheAuthorityHostInTheSettings() async throws {
        let server = try await Self.server()
        try await DataTestBed.with(settings: ["authorityHost": .string(server.url)]) { bed in
            let ok = await bed.copy(
                from: resource(
                    server, ["relativeUrl": "aad/items"], service: servicePrincipal(secret: RestTestRoutes.clientSecret)
                ),
                to: bed.csv("K", folderPath: "out", fileName: "people.csv"), source: source(),
                extra: ["translator": translator(collection: "$['value']")])
            _ = try ok.requireSucceeded()
            #expect(try bed.read("out/people.csv") == Self.peopleCsv)
            let wrong = "not-The-Secret-42"
            let refused = await bed.copy(
                from: resource(server, ["relativeUrl": "aad/items"], service: servicePrincipal(secret: wrong)),
                to: bed.csv("K", folderPath: "refused"), source: source())
            let error = try refused.requireFailed(code: "2200", messageContains: "ErrorCode=RestTokenRequestFailed")
            #expect(error.message.contains("AADSTS7000215: Invalid client secret provided."))
            #expect(error.message.contains("\(server.url)/\(RestTestRoutes.tenant)/oauth2/token"))
            let shown = "\(error.message) \(refused.logs.map(\.description)) \(ok.logs.map(\.description))"
            #expect(!shown.contains(wrong))
            #expect(!shown.contains(RestTestRoutes.clientSecret))
            #expect(!shown.contains(RestTestRoutes.token))
        }
        await server.stop()
    }

    @Test func clientAndServerErrorsFailWithAdfsCodeAndWriteNothing() async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            let missing = await bed.copy(
                from: resource(server, ["relativeUrl": "rest-status/404"]), to: bed.csv("K", folderPath: "out"),
                source: source())
            let notFound = try missing.requireFailed(
                code: "2200", messageContains: "ErrorCode=RestSourceCallFailed,'Message=")
            #expect(
                notFound.message.contains(
                    "The HttpStatusCode 404 indicates failure.\nRequest URL: \(server.url)/rest-status/404"))
            #expect(notFound.failureType == .userError)
            let broken = await bed.copy(
                from: resource(server, ["relativeUrl": "rest-status/503"]), to: bed.csv("K", folderPath: "out"),
                source: source())
            let unavailable = try broken.requireFailed(
                code: "2200", messageContains: "The HttpStatusCode 503 indicates failure.")
            #expect(unavailable.failureType == .systemError)
            let text = await bed.copy(
                from: resource(server, ["relativeUrl": "rest-text"]), to: bed.csv("K", folderPath: "out"),
                source: source())
            try text.requireFailed(code: "2200", messageContains: "ErrorCode=JsonInvalidDataFormat")
            #expect(bed.files(under: "out") == [])
        }
        await server.stop()
    }

    @Test func aSlowEndpointTimesOut() async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            // The endpoint answers after 3 s, so only a timeout that fired makes the copy fail; how long
            // it took is not checked, as the whole suite on two cores stretches any wall-clock bound.
            let run = await bed.copy(
                from: resource(server, ["relativeUrl": "rest-slow"]), to: bed.csv("K", folderPath: "out"),
                source: source(["httpRequestTimeout": "00:00:01"]))
            try run.requireFailed(
                code: "2200",
                messageContains: "ErrorCode=RestRequestTimedOut,'Message=The request to '\(server.url)/rest-slow' "
                    + "got no response within httpRequestTimeout 00:00:01.")
            #expect(bed.files(under: "out") == [])
        }
        await server.stop()
    }

    @Test func aNextLinkThatNeverChangesFailsInsteadOfLooping() async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            let run = await bed.copy(
                from: resource(server, ["relativeUrl": "items/loop"]), to: bed.csv("K", folderPath: "out"),
                source: source(["paginationRules": ["AbsoluteUrl": "$.next"]]),
                extra: ["translator": translator(collection: "$['value']")])
            let error = try run.requireFailed(code: "2200", messageContains: "ErrorCode=RestPaginationFailed")
            // The next link names the URL just requested: the second request would repeat the first.
            #expect(error.message.contains("request 2 to '\(server.url)/items/loop' would repeat request 1"))
            #expect(bed.files(under: "out") == [])
        }
        await server.stop()
    }

    @Test func requestIntervalWaitsBetweenPages() async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            let started = ContinuousClock.now
            let run = await bed.copy(
                from: resource(server, ["relativeUrl": "items/link"]), to: bed.csv("K", folderPath: "out"),
                source: source(["requestInterval": 300]), extra: ["translator": translator(collection: nil)])
            _ = try run.requireSucceeded()
            // Three pages: two waits.
            #expect(ContinuousClock.now - started >= .milliseconds(600))
        }
        await server.stop()
    }

    @Test func restDatasetsAreSourcesOnlyAndTheActivitiesDeclareRestService() async throws {
        let server = try await Self.server()
        try await DataTestBed.with { bed in
            let run = await bed.copy(from: bed.csv("S", folderPath: "in"), to: resource(server, ["relativeUrl": "x"]))
            try run.requireFailed(code: "2200", messageContains: "REST datasets are sources only")
            for activity in ["Copy", "Lookup"] {
                let descriptor = bed.bed.host.executors.first { $0.descriptor.typeName == activity }?.descriptor
                #expect(descriptor?.linkedServiceTypes?.contains("RestService") == true)
            }
        }
        await server.stop()
    }
}
