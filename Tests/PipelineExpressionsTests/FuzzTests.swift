import PipehostJSON
import PipelineExpressions
import TestSizeTags
import Testing

@Suite("Fuzzing", .tags(.small))
struct FuzzTests {
    @Test("random and mutated expressions end in a value or an error with a sensible column, never a crash")
    func noCrash() {
        var fuzzer = ExpressionFuzzer(seed: 20_240_601)
        var failures = 0
        for _ in 0..<4_000 {
            let text = fuzzer.nextExpression()
            do {
                _ = try CompiledExpression.compile(text).evaluate(in: ExpressionFuzzer.scope)
            } catch {
                failures += 1
                #expect(error.expression == text)
                #expect(error.column >= 1 && error.column <= text.unicodeScalars.count + 1, "\(error)")
                #expect(!error.message.isEmpty)
            }
        }
        // Most fuzzed inputs are wrong somehow; some must still be right, or the generator is broken.
        #expect(failures > 100 && failures < 4_000)
    }
}
