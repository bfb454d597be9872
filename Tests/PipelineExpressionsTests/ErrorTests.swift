import PipehostJSON
import PipelineExpressions
import TestSizeTags
import Testing

@Suite("Errors", .tags(.small))
struct ErrorTests {
    private func failure(_ text: String, _ scope: EvaluationScope = EvaluationScope()) -> ExpressionError? {
        do {
            _ = try CompiledExpression.compile(text).evaluate(in: scope)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "parse errors name the expression, the column and what was expected",
        arguments: [
            ("@add(1, 2", 10, "expected ',' or ')'"),
            ("@add(1,,2)", 8, "expected a function call or a literal"),
            ("@foo(1)", 2, "'foo' is not defined"),
            ("@add(1)", 2, "expects exactly 2 parameters but was given 1"),
            ("@concat('a', 'b", 14, "not terminated"),
            ("x @{add(1, 2)", 3, "not terminated"),
            ("@pipeline().", 13, "expected a property name"),
            ("@'abc'[0]", 7, "expected the end of the expression"),
            ("@9223372036854775808", 2, "does not fit in a 64-bit integer"),
            ("@add(1, 2) x", 12, "expected the end of the expression"),
            ("@é(1)", 2, "'é' is not defined"),
        ])
    func parseErrors(text: String, column: Int, fragment: String) throws {
        let error = try #require(failure(text))
        #expect(error.expression == text)
        #expect(error.column == column, "\(error)")
        #expect(error.message.contains(fragment), "\(error)")
        #expect(error.description.contains("column \(column)"))
    }

    @Test(
        "evaluation errors say which value had the wrong type, at the call's column",
        arguments: [
            ("@add(1, 'a')", 2, "second parameter to be an integer or a float", "'String'"),
            ("@concat('a', toUpper(1))", 14, "parameter to be a string", "'Integer'"),
            ("@if(1, 2, 3)", 2, "first parameter to be a boolean", "'Integer'"),
            ("@div(1, 0)", 2, "cannot divide by zero", ""),
            ("@pipeline().parameters.missing", 24, "'missing' doesn't exist", ""),
            ("@createArray(1)[5]", 16, "outside the bounds", ""),
            ("@formatDateTime('nope')", 2, "could not read the timestamp 'nope'", ""),
        ])
    func evaluationErrors(text: String, column: Int, fragment: String, typeName: String) throws {
        let error = try #require(failure(text))
        #expect(error.expression == text)
        #expect(error.column == column, "\(error)")
        #expect(error.message.contains(fragment), "\(error)")
        #expect(error.message.contains(typeName), "\(error)")
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let error = try #require(failure("@concat('é😀', foo())"))
        #expect(error.column == 15)
    }

    @Test("JSONTemplate adds the JSON path of the failing string")
    func jsonPath() throws {
        let document: JSONValue = [
            "typeProperties": ["webServiceInputs": ["input1": ["filePath": "@add(1, 'x')"]], "list": ["ok", "@bad("]]
        ]
        do {
            _ = try JSONTemplate.evaluate(document, in: EvaluationScope())
            Issue.record("should fail")
        } catch {
            #expect(error.jsonPath == "typeProperties.webServiceInputs.input1.filePath")
            #expect(
                error.description.hasPrefix(
                    "typeProperties.webServiceInputs.input1.filePath: expression '@add(1, 'x')'"))
        }
        do {
            _ = try JSONTemplate.evaluate(["a b": ["@bad("]], in: EvaluationScope(), path: "root")
            Issue.record("should fail")
        } catch {
            #expect(error.jsonPath == "root['a b'][0]")
        }
    }
}
