import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore

/// JSON files as sets or arrays of objects, and JSON paths.
@Suite(.tags(.small))
struct JsonFormatTests {
    private func objects(_ text: String) async throws -> [JSONValue] {
        let source = try TextSource(bytes: MemorySource(text, chunkSize: 4), file: "in.json", encoding: .utf8, compression: .none)
        let reader = JsonObjectReader(source: source)
        var values: [JSONValue] = []
        while let value = try await reader.next() { values.append(value) }
        return values
    }

    @Test func objectsOnePerLineOrConcatenatedOrInAnArrayReadAlike() async throws {
        let expected: [JSONValue] = [["a": 1, "s": "x}y"], ["a": 2, "s": "q\"{"]]
        #expect(try await objects("{\"a\":1,\"s\":\"x}y\"}\n{\"a\":2,\"s\":\"q\\\"{\"}\n") == expected)
        #expect(try await objects("{\"a\":1,\"s\":\"x}y\"}{\"a\":2,\"s\":\"q\\\"{\"}") == expected)
        #expect(try await objects(" [ {\"a\":1,\"s\":\"x}y\"} ,\n {\"a\":2,\"s\":\"q\\\"{\"} ] ") == expected)
        #expect(try await objects("[]") == [])
    }

    @Test func brokenJsonFailsNamingTheFile() async throws {
        for text in ["{\"a\":1", "[{\"a\":1}", "{\"a\":}", "[{\"a\":1} {\"b\":2}]"] {
            do {
                _ = try await objects(text)
                Issue.record("expected a failure for \(text)")
            } catch let failure as ActivityFailure {
                #expect(failure.errorCode == "JsonInvalidDataFormat")
                #expect(failure.message.contains("'in.json'"))
            }
        }
    }

    @Test func rowsComeFromTheFirstObjectsMembersOrFromMappedPaths() async throws {
        let text = "{\"id\":1,\"name\":\"Ann\",\"tags\":[\"a\"]}\n{\"id\":2,\"name\":null}\n"
        let plain = try await JsonRowReader.open(
            try TextSource(bytes: MemorySource(text), file: "f", encoding: .utf8, compression: .none), mappedPaths: nil,
            collectionReference: nil)
        #expect(plain.columns.map(\.name) == ["id", "name", "tags"])
        #expect(
            try await allRows(plain) == [
                [.integer(1), .string("Ann"), .string("[\"a\"]")], [.integer(2), .null, .null],
            ])
    }

    @Test func aCollectionReferenceUnrollsAnArray() async throws {
        let text = "{\"order\":\"A\",\"lines\":[{\"sku\":\"x\"},{\"sku\":\"y\"}]}\n{\"order\":\"B\",\"lines\":[{\"sku\":\"z\"}]}"
        let reader = try await JsonRowReader.open(
            try TextSource(bytes: MemorySource(text), file: "f", encoding: .utf8, compression: .none),
            mappedPaths: ["$['order']", "['sku']"], collectionReference: "$['lines']")
        #expect(
            try await allRows(reader) == [
                [.string("A"), .string("x")], [.string("A"), .string("y")], [.string("B"), .string("z")],
            ])
    }

    @Test func jsonPathsReadBracketsDotsAndIndexes() {
        let document: JSONValue = ["a": ["b": [10, 20]], "c d": true]
        #expect(JsonPath("$['a']['b'][1]")?.value(in: document) == 20)
        #expect(JsonPath("$.a.b")?.value(in: document) == [10, 20])
        #expect(JsonPath("['c d']")?.value(in: document) == true)
        #expect(JsonPath("$['missing']")?.value(in: document) == nil)
        #expect(JsonPath("$['a'") == nil)
    }
}

/// Wildcards, time spans and the small parsers.
@Suite(.tags(.small))
struct FileSelectionPieceTests {
    @Test func wildcardsMatchAsADFDoes() {
        #expect(WildcardPattern("*.csv").matches("a.csv"))
        #expect(!WildcardPattern("*.csv").matches("a.csv.bak"))
        #expect(WildcardPattern("data_??.txt").matches("data_01.txt"))
        #expect(!WildcardPattern("data_??.txt").matches("data_1.txt"))
        #expect(WildcardPattern("a*b*c").matches("axxbyyc"))
        #expect(WildcardPattern("^*star").matches("*star"))
        #expect(!WildcardPattern("^*star").matches("xstar"))
        #expect(WildcardPattern.hasWildcard("*.csv"))
        #expect(!WildcardPattern.hasWildcard("plain.csv"))
        #expect(!WildcardPattern.hasWildcard("^*.csv"))
    }

    @Test func aLongNameDoesNotBlowUpTheMatcher() {
        let name = String(repeating: "a", count: 20_000)
        #expect(!WildcardPattern("*a*a*a*b").matches(name))
    }

    @Test func timeSpansReadDaysHoursMinutesSeconds() {
        #expect(ValidationActivity.parseTimeSpan("0.12:00:00") == 43_200)
        #expect(ValidationActivity.parseTimeSpan("7.00:00:00") == 604_800)
        #expect(ValidationActivity.parseTimeSpan("00:00:05") == 5)
        #expect(ValidationActivity.parseTimeSpan("1:2") == nil)
        #expect(ValidationActivity.parseTimeSpan("0.25:00:00") == nil)
    }

    @Test func storePathsJoinAndRelativise() {
        #expect(StorePath.join("a/", "/b", "c.csv") == "a/b/c.csv")
        #expect(StorePath.parent("a/b/c.csv") == "a/b")
        #expect(StorePath.relative("in/x/y.csv", to: "in") == "x/y.csv")
    }

    @Test func typeConversionFollowsTheInterimTypes() {
        #expect(TypeConversion.convert(.string("42"), to: .int32) == .integer(42))
        #expect(TypeConversion.convert(.string("99999999999"), to: .int32) == nil)
        #expect(TypeConversion.convert(.string("true"), to: .boolean) == .boolean(true))
        #expect(TypeConversion.convert(.string("2.5"), to: .double) == .double(2.5))
        #expect(TypeConversion.convert(.string("12.50"), to: .decimal) == .decimal("12.50"))
        #expect(TypeConversion.convert(.string("abc"), to: .decimal) == nil)
        #expect(TypeConversion.convert(.string(""), to: .int64) == .null)
        #expect(TypeConversion.convert(.string("2024-05-01T10:00:00Z"), to: .dateTime) == .dateTime("2024-05-01T10:00:00Z"))
    }
}
