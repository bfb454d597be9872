import PipehostJSON
import PipelineExpressions
import TestSizeTags
import Testing

/// The generated table: every documented function, its documented examples and its edge cases, with
/// the results ADF gives (see scripts/generate-expression-cases).
@Suite("Expression table", .tags(.small))
struct ExpressionTableTests {
    @Test("the table is large enough to mean something")
    func tableSize() {
        #expect(ExpressionCaseTable.all.count >= 1000)
        #expect(!ExpressionCaseTable.all.contains { $0.id.hasPrefix("unreadable") })
    }

    @Test(arguments: ExpressionCaseTable.all)
    func evaluatesLikeADF(_ testCase: ExpressionCase) throws {
        let scope = try EvaluationScope(state: testCase.state)
        let outcome: Result<JSONValue, ExpressionError> = Result { () throws(ExpressionError) in
            try CompiledExpression.compile(testCase.expression).evaluate(in: scope)
        }
        switch (outcome, testCase.expected) {
        case (.success(let value), let expected?):
            #expect(Portable.value(value) == expected, "\(testCase.note ?? "")")
        case (.success(let value), nil):
            Issue.record("expected a failure but got \(value)")
        case (.failure(let error), let expected?):
            Issue.record("expected \(expected) but failed: \(error)")
        case (.failure(let error), nil):
            #expect(error.expression == testCase.expression)
            #expect(error.column >= 1 && error.column <= max(1, testCase.expression.unicodeScalars.count + 1))
            #expect(!error.message.isEmpty)
        }
    }
}

/// Results as the table writes them: non-finite numbers as Json.NET's strings.
enum Portable {
    static func value(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let double) where !double.isFinite:
            return .string(double.isNaN ? "NaN" : (double < 0 ? "-Infinity" : "Infinity"))
        case .array(let elements): return .array(elements.map(Self.value))
        case .object(let object):
            return .object(JSONObject(uniqueMembers: object.members.map { ($0.key, Self.value($0.value)) }))
        default: return value
        }
    }
}
