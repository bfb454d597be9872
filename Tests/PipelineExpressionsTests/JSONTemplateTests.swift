import PipehostJSON
import PipelineExpressions
import TestSizeTags
import Testing

@Suite("JSON templates", .tags(.small))
struct JSONTemplateTests {
    private let scope = EvaluationScope(parameters: ["file": "in.csv", "n": 3], system: ["RunId": "r1"])

    @Test("evaluates strings, interpolations and Expression objects, and leaves everything else alone")
    func evaluatesDocument() throws {
        let document: JSONValue = [
            "name": "Score",
            "typeProperties": [
                "input": ["filePath": "@pipeline().parameters.file", "count": "@pipeline().parameters.n"],
                "label": "run @{pipeline().RunId}",
                "literal": "@@not an expression",
                "email": "me@example.com",
                "object": ["value": "@add(1, 2)", "type": "Expression"],
                "list": [1, true, nil, "@concat('a', 'b')"],
            ],
        ]
        let result = try JSONTemplate.evaluate(document, in: scope)
        #expect(result["typeProperties"]?["input"]?["filePath"] == "in.csv")
        #expect(result["typeProperties"]?["input"]?["count"] == 3)
        #expect(result["typeProperties"]?["label"] == "run r1")
        #expect(result["typeProperties"]?["literal"] == "@not an expression")
        #expect(result["typeProperties"]?["email"] == "me@example.com")
        #expect(result["typeProperties"]?["object"] == 3)
        #expect(result["typeProperties"]?["list"] == [1, true, nil, "ab"])
        #expect(result["name"] == "Score")
    }

    @Test("reports whether a document holds expressions")
    func containsExpressions() {
        #expect(JSONTemplate.containsExpressions(["a": ["b": "@x()"]]))
        #expect(JSONTemplate.containsExpressions(["a": "x @{y()}"]))
        #expect(JSONTemplate.containsExpressions(["value": "x", "type": "Expression"]))
        #expect(!JSONTemplate.containsExpressions(["a": "me@example.com", "b": [1, 2], "c": nil]))
    }

    @Test("a cache is used and reused")
    func usesCache() throws {
        let cache = ExpressionCache()
        let document: JSONValue = ["a": "@pipeline().parameters.n", "b": "@pipeline().parameters.n"]
        #expect(try JSONTemplate.evaluate(document, in: scope, cache: cache) == ["a": 3, "b": 3])
        #expect(cache.count == 1)
    }
}
