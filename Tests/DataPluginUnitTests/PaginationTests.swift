import PipehostJSON
import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// Pagination without a server: the requests each kind of rule builds from the responses, and
/// every way pagination ends.
@Suite(.tags(.small))
struct PaginationTests {
    static let base = "https://api.example/v1"

    private func pagination(
        _ rules: JSONObject, url: String = "\(base)/items", headers: [RestRequest.Header] = [], body: String? = nil
    ) throws -> Pagination {
        Pagination(
            rules: try PaginationRules(.object(rules), path: "paginationRules"),
            template: RestRequest(method: body == nil ? "GET" : "POST", url: url, headers: headers, body: body),
            baseURL: Self.base)
    }

    private func page(_ body: JSONValue?, status: Int = 200, headers: [String: String] = [:]) -> RestResponse {
        RestResponse(
            status: status, headers: headers.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) },
            body: body)
    }

    @Test func anAbsoluteOrRelativeNextLinkInTheBodyIsTheNextUrl() throws {
        var paging = try pagination(["AbsoluteUrl": "$.paging.next"])
        #expect(try paging.first().url == "\(Self.base)/items")
        let second = try paging.next(after: page(["paging": ["next": "https://other.example/items?after=x"]]))
        #expect(second?.url == "https://other.example/items?after=x")
        let third = try paging.next(after: page(["paging": ["next": "/items?after=y"]]))
        #expect(third?.url == "\(Self.base)/items?after=y")
        #expect(try paging.next(after: page(["paging": [:]])) == nil)
        #expect(try paging.next(after: page(["paging": ["next": ""]])) == nil)
        #expect(try paging.next(after: page(["paging": ["next": nil]])) == nil)
    }

    @Test func withoutRulesTheRfc5988LinkHeaderIsFollowed() throws {
        var paging = try pagination([:])
        _ = try paging.first()
        let link = "<\(Self.base)/items?page=1>; rel=\"prev\", <items?page=3>; rel=\"next\""
        let next = try paging.next(after: page([], headers: ["Link": link]))
        #expect(next?.url == "https://api.example/v1/items?page=3")
        #expect(try paging.next(after: page([])) == nil)
        var off = try pagination(["SupportRFC5988": "false"])
        _ = try off.first()
        #expect(try off.next(after: page([], headers: ["Link": link])) == nil)
    }

    @Test func aRangeStartsWithTheFirstRequestAndEndsAfterItsEnd() throws {
        var paging = try pagination(["QueryParameters.offset": "RANGE:0:4:2"], url: "\(Self.base)/items?limit=2")
        var urls = [try paging.first().url]
        while let next = try paging.next(after: page(["data": [1]])) { urls.append(next.url) }
        #expect(
            urls == [
                "\(Self.base)/items?limit=2&offset=0", "\(Self.base)/items?limit=2&offset=2",
                "\(Self.base)/items?limit=2&offset=4",
            ])
    }

    @Test func placeholdersAreReplacedInTheUrlHeadersAndBody() throws {
        var url = try pagination(["QueryParameters.{offset}": "RANGE:0::10"], url: "\(Self.base)/items?offset={offset}")
        #expect(try url.first().url == "\(Self.base)/items?offset=0")
        #expect(try url.next(after: page([:]))?.url == "\(Self.base)/items?offset=10")
        var headers = try pagination(["Headers.{id}": "RANGE:1:2:1"], headers: [.init(name: "X-Id", value: "id-{id}")])
        #expect(try headers.first().header("X-Id") == "id-1")
        #expect(try headers.next(after: page([:]))?.header("X-Id") == "id-2")
        #expect(try headers.next(after: page([:])) == nil)
        var body = try pagination(["Body.{page}": "RANGE:1::1"], body: "{\"page\": {page}}")
        #expect(try body.first().body == "{\"page\": 1}")
        #expect(try body.next(after: page([:]))?.body == "{\"page\": 2}")
        var cursor = try pagination(["QueryParameters.{c}": "$.next"], url: "\(Self.base)/items?c={c}")
        #expect(try cursor.first().url == "\(Self.base)/items?c=")
        #expect(try cursor.next(after: page(["next": "a b&c"]))?.url == "\(Self.base)/items?c=a%20b%26c")
    }

    @Test func valuesFromTheBodyOrHeadersSetQueryParametersHeadersAndBody() throws {
        var query = try pagination(["QueryParameters.page": "$.nextPage"], url: "\(Self.base)/items?page=1&size=2")
        _ = try query.first()
        #expect(try query.next(after: page(["nextPage": 2]))?.url == "\(Self.base)/items?page=2&size=2")
        var header = try pagination(["Headers.X-Cursor": "Headers.X-Next-Cursor"])
        _ = try header.first()
        #expect(try header.next(after: page([:], headers: ["x-next-cursor": "c2"]))?.header("X-Cursor") == "c2")
        #expect(try header.next(after: page([:])) == nil)
        var member = try pagination(["Body.cursor": "$.next"], body: "{\"size\":2}")
        _ = try member.first()
        let next = try member.next(after: page(["next": 7]))
        #expect(try JSONParser.parse(Array((next?.body ?? "").utf8)) == ["size": 2, "cursor": 7])
        var whole = try pagination(["Body": "$.nextBody"], body: "{}")
        _ = try whole.first()
        #expect(try whole.next(after: page(["nextBody": "{\"after\":\"x\"}"]))?.body == "{\"after\":\"x\"}")
    }

    static let bodyConditions: [(String, String, JSONValue, Bool)] = [
        ("EndCondition:$.data", "Empty", ["data": []], true),
        ("EndCondition:$.data", "Empty", ["data": [1]], false),
        ("EndCondition:$.data", "NonEmpty", ["data": [1]], true),
        ("EndCondition:$.data", "NonEmpty", ["data": ""], false),
        ("EndCondition:$.Complete", "Exist", ["Complete": true], true),
        ("EndCondition:$.Complete", "Exist", [:], false),
        ("EndCondition:$.data", "NonExist", [:], true),
        ("EndCondition:$.data", "NonExist", ["data": nil], false),
        ("EndCondition:$.Complete", "Const:true", ["Complete": true], true),
        ("EndCondition:$.Complete", "Const:true", ["Complete": false], false),
        ("EndCondition:$.state", "Const:done", ["state": "done"], true),
        ("EndCondition:$", "Empty", [], true),
    ]

    @Test(arguments: bodyConditions)
    func endConditionsOnTheBody(key: String, check: String, body: JSONValue, ends: Bool) throws {
        var paging = try pagination([key: .string(check), "QueryParameters.o": "RANGE:0::1"])
        _ = try paging.first()
        #expect((try paging.next(after: page(body)) == nil) == ends)
    }

    @Test func endConditionsOnHeaders() throws {
        var constant = try pagination(["EndCondition:headers.Complete": "Const:1", "QueryParameters.o": "RANGE:0::1"])
        _ = try constant.first()
        #expect(try constant.next(after: page([:], headers: ["Complete": "0"])) != nil)
        #expect(try constant.next(after: page([:], headers: ["complete": "1"])) == nil)
        var exists = try pagination(["EndCondition:headers.CompleteTime": "Exist", "QueryParameters.o": "RANGE:0::1"])
        _ = try exists.first()
        #expect(try exists.next(after: page([:])) != nil)
        #expect(try exists.next(after: page([:], headers: ["CompleteTime": "20220920"])) == nil)
    }

    @Test func noContentAnEmptyBodyAndMaxRequestNumberEndPagination() throws {
        var paging = try pagination(["QueryParameters.o": "RANGE:0::1"])
        _ = try paging.first()
        #expect(try paging.next(after: page(nil, status: 204)) == nil)
        #expect(try paging.next(after: page(nil)) == nil)
        var limited = try pagination(["QueryParameters.o": "RANGE:0::1", "MaxRequestNumber": "3"])
        _ = try limited.first()
        #expect(try limited.next(after: page([:])) != nil)
        #expect(try limited.next(after: page([:])) != nil)
        #expect(try limited.next(after: page([:])) == nil)
        #expect(limited.sent == 3)
    }

    @Test func aRepeatedRequestFailsInsteadOfLooping() throws {
        var paging = try pagination(["AbsoluteUrl": "$.next"])
        _ = try paging.first()
        _ = try paging.next(after: page(["next": .string("\(Self.base)/items?page=2")]))
        #expect {
            _ = try paging.next(after: page(["next": .string("\(Self.base)/items?page=2")]))
        } throws: { error in
            let failure = error as? ActivityFailure
            return failure?.errorCode == "RestPaginationFailed" && failure?.message.contains("request 3") == true
                && failure?.message.contains("would repeat request 2") == true
        }
    }

    @Test func aNextValueThatIsAnObjectFails() throws {
        var paging = try pagination(["AbsoluteUrl": "$.paging"])
        _ = try paging.first()
        #expect(throws: ActivityFailure.self) { _ = try paging.next(after: page(["paging": ["next": "x"]])) }
    }

    @Test func linkHeadersAreParsedAsRfc5988Says() {
        let url = "https://h/a/b?x=1"
        #expect(LinkHeader.next(in: "<https://h/n>; rel=next", requestURL: url) == "https://h/n")
        #expect(LinkHeader.next(in: "<https://h/p>; rel=\"prev\"", requestURL: url) == nil)
        #expect(
            LinkHeader.next(in: "<https://h/x,y>; title=\"a, b\"; rel=\"last next\"", requestURL: url)
                == "https://h/x,y")
        #expect(LinkHeader.next(in: "</c?page=2>; rel=\"next\"", requestURL: url) == "https://h/c?page=2")
        #expect(LinkHeader.next(in: "garbage", requestURL: url) == nil)
        #expect(LinkHeader.next(in: nil, requestURL: url) == nil)
    }

    @Test func queryParametersAreReplacedOrAppendedAndUrlsJoined() {
        #expect(RestRequest.settingQueryParameter("p", to: "2", in: "https://h/x") == "https://h/x?p=2")
        #expect(
            RestRequest.settingQueryParameter("p", to: "2", in: "https://h/x?a=1&p=1&p=0#f") == "https://h/x?a=1&p=2#f")
        #expect(RestRequest.join(base: "https://h/api/", "/items") == "https://h/api/items")
        #expect(RestRequest.join(base: "https://h/api", "") == "https://h/api")
        #expect(RestRequest.join(base: "https://h/api", "https://o/x") == "https://o/x")
    }
}
