import Foundation
import PipelineExpressions

// The long fuzz run: random and mutated expressions, compiled and evaluated; any crash ends the process
// (and the run), so finishing is the result. Usage: ExpressionFuzz [--count N] [--seed S]

let arguments = CommandLine.arguments
func value(of option: String) -> String? {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

let count = Int(value(of: "--count") ?? "") ?? 2_000_000
let seed = UInt64(value(of: "--seed") ?? "") ?? UInt64(Date().timeIntervalSince1970)
var fuzzer = ExpressionFuzzer(seed: seed)
var values = 0
var errors = 0
var badColumns = 0
let start = ContinuousClock.now
for index in 1...count {
    let text = fuzzer.nextExpression()
    do {
        _ = try CompiledExpression.compile(text).evaluate(in: ExpressionFuzzer.scope)
        values += 1
    } catch {
        errors += 1
        if error.column < 1 || error.column > text.unicodeScalars.count + 1 || error.expression != text {
            badColumns += 1
            print("bad error position: \(error)")
        }
    }
    if index % 500_000 == 0 { print("  \(index) inputs…") }
}
let elapsed = ContinuousClock.now - start
print(
    "fuzz seed \(seed): \(count) inputs, \(values) values, \(errors) errors, \(badColumns) misplaced errors, no crash, in \(elapsed)"
)
if badColumns > 0 { exit(1) }
