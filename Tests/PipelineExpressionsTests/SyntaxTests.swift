import PipehostJSON
import PipelineExpressions
import TestSizeTags
import Testing

@Suite("Template syntax", .tags(.small))
struct SyntaxTests {
    private func evaluate(_ text: String, _ scope: EvaluationScope = EvaluationScope()) throws -> JSONValue {
        try CompiledExpression.compile(text).evaluate(in: scope)
    }

    @Test("a whole-value expression keeps its JSON type; interpolation always gives a string")
    func types() throws {
        let scope = EvaluationScope(parameters: ["myNumber": 42, "myString": "foo"])
        #expect(try evaluate("@pipeline().parameters.myNumber", scope) == 42)
        #expect(try evaluate("@{pipeline().parameters.myNumber}", scope) == "42")
        #expect(try evaluate("Answer is: @{pipeline().parameters.myNumber}", scope) == "Answer is: 42")
        #expect(try evaluate("@createArray(1, 'a')", scope) == [1, "a"])
        #expect(try evaluate("@{createArray(1, 'a')}", scope) == "[1,\"a\"]")
    }

    @Test("escapes and literal text")
    func escapes() throws {
        #expect(try evaluate("@@") == "@")
        #expect(try evaluate(" @") == " @")
        #expect(try evaluate("@@{x}") == "@{x}")
        #expect(try evaluate("a@@{x}") == "a@{x}")
        #expect(try evaluate("user@example.com") == "user@example.com")
        #expect(try evaluate("@'Baba''s'") == "Baba's")
        #expect(try CompiledExpression.compile("plain").isLiteral)
        #expect(try CompiledExpression.compile("@@").isLiteral)
        #expect(try !CompiledExpression.compile("@add(1, 2)").isLiteral)
        #expect(try !CompiledExpression.compile("@{'a'}").isLiteral)
    }

    @Test("function names are matched without regard to case")
    func caseInsensitiveNames() throws {
        #expect(try evaluate("@ADD(1, 2)") == 3)
        #expect(try evaluate("@toupper('a')") == "A")
        #expect(try evaluate("@UtcNow('yyyy')").stringValue?.count == 4)
    }

    @Test("the source text is kept")
    func source() throws {
        let compiled = try CompiledExpression.compile("@add(1, 2)")
        #expect(compiled.source == "@add(1, 2)")
    }

    @Test("null-safe access short-circuits the rest of the chain")
    func nullSafe() throws {
        let scope = EvaluationScope(parameters: ["nul": nil, "obj": ["a": 1]])
        #expect(try evaluate("@pipeline().parameters.nul?.x.y", scope) == nil)
        #expect(try evaluate("@pipeline().parameters.obj?.b", scope) == nil)
        #expect(throws: ExpressionError.self) { try evaluate("@pipeline().parameters.obj?.b.c", scope) }
        #expect(try evaluate("@pipeline()?.TriggeredByPipelineName", scope) == nil)
    }

    @Test("very deep nesting is refused with an error, not a crash")
    func deepNesting() {
        let text = "@" + String(repeating: "not(", count: 5000) + "true" + String(repeating: ")", count: 5000)
        #expect(throws: ExpressionError.self) { try CompiledExpression.compile(text) }
    }
}

@Suite("Scope", .tags(.small))
struct ScopeTests {
    private let scope = EvaluationScope(
        parameters: ["p": "v"], globalParameters: ["g": 1], system: ["RunId": "r1", "Pipeline": "pl"],
        variables: ["counter": 3],
        activity: EvaluationScope.activityTable(["Copy": ["output": ["rows": 5], "status": "Succeeded", "error": nil]]),
        item: ["name": "it"], linkedServiceParameters: ["server": "db1"], datasetParameters: ["path": "/in"],
        trigger: ["scheduledTime": "2024-01-01T00:00:00Z", "outputs": ["windowStartTime": "2023-12-31T00:00:00Z"]])

    private func evaluate(_ text: String) throws -> JSONValue {
        try CompiledExpression.compile(text).evaluate(in: scope)
    }

    @Test("every accessor reads its part of the scope")
    func accessors() throws {
        #expect(try evaluate("@pipeline().parameters.p") == "v")
        #expect(try evaluate("@pipeline().globalParameters.g") == 1)
        #expect(try evaluate("@pipeline().RunId") == "r1")
        #expect(try evaluate("@variables('counter')") == 3)
        #expect(try evaluate("@activity('Copy').output.rows") == 5)
        #expect(try evaluate("@activity('copy').Status") == "Succeeded")
        #expect(try evaluate("@item().name") == "it")
        #expect(try evaluate("@linkedService().server") == "db1")
        #expect(try evaluate("@dataset().path") == "/in")
        #expect(try evaluate("@trigger().outputs.windowStartTime") == "2023-12-31T00:00:00Z")
        #expect(try evaluate("@trigger().scheduledTime") == "2024-01-01T00:00:00Z")
        let pipeline = try evaluate("@pipeline()")
        #expect(pipeline["Pipeline"] == "pl")
        #expect(pipeline["parameters"] == ["p": "v"])
    }

    @Test("accessors outside their context fail with a message that says where they belong")
    func missingContext() {
        let empty = EvaluationScope()
        for (text, word) in [
            ("@item()", "ForEach"), ("@linkedService().x", "linked service"), ("@dataset().x", "dataset"),
            ("@trigger()", "trigger"), ("@activity('X')", "activity 'X'"), ("@variables('v')", "variable 'v'"),
        ] {
            do {
                _ = try CompiledExpression.compile(text).evaluate(in: empty)
                Issue.record("\(text) should fail")
            } catch {
                #expect(error.message.contains(word), "\(error)")
            }
        }
    }
}
