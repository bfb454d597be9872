import PipehostJSON
import PipelineExpressions
import TestSizeTags
import Testing

@Suite("Compile once, evaluate many", .tags(.small))
struct ConcurrencyTests {
    @Test("one compiled expression evaluated from many threads at once gives each scope its own result")
    func concurrentEvaluation() async throws {
        let compiled = try CompiledExpression.compile(
            "@concat(pipeline().parameters.name, '-', string(add(variables('n'), 1)), '-', activity('A').output.rows[0].id)"
        )
        let results = await withTaskGroup(of: (Int, JSONValue?).self) { group in
            for index in 0..<64 {
                group.addTask {
                    let scope = EvaluationScope(
                        parameters: ["name": .string("task\(index)")], variables: ["n": .integer(Int64(index))],
                        activity: EvaluationScope.activityTable([
                            "A": [
                                "output": ["rows": [["id": .integer(Int64(index * 10))]]], "status": "Succeeded",
                                "error": nil,
                            ]
                        ]))
                    var last: JSONValue?
                    for _ in 0..<200 { last = try? compiled.evaluate(in: scope) }
                    return (index, last)
                }
            }
            var collected: [Int: JSONValue?] = [:]
            for await (index, value) in group { collected[index] = value }
            return collected
        }
        #expect(results.count == 64)
        for (index, value) in results {
            #expect(value == .string("task\(index)-\(index + 1)-\(index * 10)"))
        }
    }

    @Test("the cache returns the same compiled expression and stays within its capacity")
    func cache() async throws {
        let cache = ExpressionCache(capacity: 16)
        let first = try cache.compile("@add(1, 2)")
        #expect(first.source == "@add(1, 2)")
        #expect(cache.count == 1)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask { _ = try? cache.compile("@add(\(index % 40), 1)") }
            }
        }
        #expect(cache.count <= 16)
        #expect(throws: ExpressionError.self) { try cache.compile("@add(") }
        #expect(try cache.compile("@add(39, 1)").evaluate(in: EvaluationScope()) == 40)
    }
}
