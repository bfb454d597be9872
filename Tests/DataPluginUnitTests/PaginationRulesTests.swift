import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// The pagination rule grammar of ADF's REST connector: keys, values, end conditions and the
/// messages of rules that cannot be read.
@Suite(.tags(.small))
struct PaginationRulesTests {
    private func rules(_ object: JSONObject) throws -> PaginationRules {
        try PaginationRules(.object(object), path: "typeProperties.source.paginationRules")
    }

    @Test(arguments: [
        ("AbsoluteUrl", PaginationRules.Target.url),
        ("QueryParameters.offset", .queryParameter("offset")),
        ("QueryParameters['page size']", .queryParameter("page size")),
        ("Headers.X-Cursor", .header("X-Cursor")),
        ("Headers['x-cursor']", .header("x-cursor")),
        ("Body", .body),
        ("Body.cursor", .bodyMember("cursor")),
        ("Body['cursor']", .bodyMember("cursor")),
        ("AbsoluteUrl.{id}", .placeholder("id", in: .url)),
        ("QueryParameters.{offset}", .placeholder("offset", in: .url)),
        ("Headers.{id}", .placeholder("id", in: .headers)),
        ("Body.{page}", .placeholder("page", in: .body)),
    ])
    func keysNameTheirTarget(key: String, target: PaginationRules.Target) throws {
        let parsed = try rules([key: "$.next"])
        #expect(parsed.rules.map(\.target) == [target])
    }

    @Test func valuesAreJsonPathsHeadersOrRanges() throws {
        let parsed = try rules([
            "AbsoluteUrl": "$['@odata.nextLink']", "Headers.X-Cursor": "Headers['X-Next']",
            "QueryParameters.offset": "RANGE:0:10000:1000", "Body.{page}": "range:1::1",
        ])
        let sources = Dictionary(uniqueKeysWithValues: parsed.rules.map { ($0.key, $0.source) })
        #expect(sources["AbsoluteUrl"] == .bodyPath(JsonPath("$['@odata.nextLink']")!))
        #expect(sources["Headers.X-Cursor"] == .responseHeader("X-Next"))
        #expect(sources["QueryParameters.offset"] == .range(.init(start: 0, end: 10000, step: 1000)))
        #expect(sources["Body.{page}"] == .range(.init(start: 1, end: nil, step: 1)))
        // Ranges come first, so that a finished range ends pagination before anything else.
        #expect(parsed.rules.prefix(2).allSatisfy { if case .range = $0.source { true } else { false } })
        #expect(!parsed.followsLinkHeader)
    }

    @Test func endConditionsMaxRequestsAndRfc5988() throws {
        let parsed = try rules([
            "EndCondition:$.data": "Empty", "EndCondition:$.more": "NonEmpty", "EndCondition:$.done": "Exist",
            "EndCondition:$.next": "NonExist", "EndCondition:headers.Complete": "Const:1", "MaxRequestNumber": "5",
            "SupportRFC5988": "true",
        ])
        #expect(parsed.endConditions.map(\.check) == [.empty, .nonEmpty, .exist, .nonExist, .const("1")])
        #expect(parsed.endConditions.last?.subject == .responseHeader("Complete"))
        #expect(parsed.maximumRequests == 5)
        #expect(parsed.followsLinkHeader)
        #expect(parsed.rules.isEmpty)
    }

    @Test func rfc5988IsOnWithoutRulesAndCanBeTurnedOff() throws {
        #expect(PaginationRules().followsLinkHeader)
        #expect(try rules(["MaxRequestNumber": "3"]).followsLinkHeader)
        #expect(try !rules(["SupportRFC5988": "false"]).followsLinkHeader)
        #expect(try !rules(["AbsoluteUrl": "$.next"]).followsLinkHeader)
    }

    static let badRules: [(JSONObject, String, String)] = [
        (["NextPage": "$.next"], "paginationRules.NextPage", "is not a pagination rule key"),
        (["AbsoluteUrl": "next"], "paginationRules.AbsoluteUrl", "is not a pagination value"),
        (["AbsoluteUrl": "$.a[x]"], "paginationRules.AbsoluteUrl", "is not a JSONPath"),
        (["QueryParameters.o": "RANGE:a:10"], "paginationRules.QueryParameters.o", "expected RANGE:start:end:step"),
        (["QueryParameters.o": "RANGE:0:10:0"], "paginationRules.QueryParameters.o", "expected RANGE:start:end:step"),
        (["QueryParameters.o": "RANGE:10:0:5"], "paginationRules.QueryParameters.o", "never reaches its end 0"),
        (["EndCondition:$.data": "Nothing"], "paginationRules.EndCondition:$.data", "expected Empty, NonEmpty"),
        (["EndCondition:data": "Empty"], "paginationRules.EndCondition:data", "an end condition looks at"),
        (["MaxRequestNumber": "0"], "paginationRules.MaxRequestNumber", "expected a whole number from 1"),
        (["SupportRFC5988": "yes"], "paginationRules.SupportRFC5988", "expected true or false"),
        (["Headers": "$.x"], "paginationRules.Headers", "is not a pagination rule key"),
    ]

    @Test(arguments: badRules)
    func badRulesNameTheRuleAndWhatIsExpected(object: JSONObject, path: String, fragment: String) {
        #expect {
            _ = try rules(object)
        } throws: { error in
            guard let failure = error as? ActivityFailure else { return false }
            return failure.errorCode == "2105" && failure.message.contains(path) && failure.message.contains(fragment)
        }
    }

    @Test func aRuleMustBeAStringAndTheRulesAnObject() {
        #expect(throws: ActivityFailure.self) { _ = try rules(["AbsoluteUrl": ["$.next"]]) }
        #expect(throws: ActivityFailure.self) {
            _ = try PaginationRules(.string("AbsoluteUrl=$.next"), path: "paginationRules")
        }
    }
}
