import Foundation
import PipehostJSON
import PipelineExpressions

// Expression throughput, single-threaded, release build:
//   1. parse + evaluate of distinct typical expressions (nothing cached);
//   2. evaluation of already compiled expressions;
//   3. the reference evaluator (`eval.py --mode raw`) on the same distinct expressions, when ORACLE_DIR is set.
// Each of 1 and 2 runs `rounds` times; the median is reported. Rates are per second of this thread's
// CPU time (CLOCK_THREAD_CPUTIME_ID), so other processes on the machine do not distort them; the
// oracle's rate is given both by wall clock and by its process's CPU time.

let arguments = CommandLine.arguments
let rounds = Int(value(of: "--rounds") ?? "") ?? 7
let distinctCount = Int(value(of: "--expressions") ?? "") ?? 300_000
let oracleCount = Int(value(of: "--oracle-expressions") ?? "") ?? 3_000
/// `--phase parse` or `--phase evaluate` runs one part only (for profiling).
let phase = value(of: "--phase")

func value(of option: String) -> String? {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

let scope = try EvaluationScope(state: Workload.state)
/// `--template N` restricts the distinct expressions to one template (for diagnostics).
let onlyTemplate = Int(value(of: "--template") ?? "")
let expressions =
    onlyTemplate.map { template in (0..<distinctCount).map { Workload.expression(template, variant: $0) } }
    ?? Workload.distinct(distinctCount)

// Check once that every expression works, so the benchmark measures success paths.
for template in 0..<Workload.templates.count {
    let text = Workload.expression(template, variant: 7)
    print("  \(text)  →  \(try CompiledExpression.compile(text).evaluate(in: scope))")
}

var sink = 0
if phase == "compile" {
    // Diagnostics: compiling alone, without evaluating.
    var rates: [Double] = []
    for _ in 0..<rounds {
        let start = ThreadClock.now()
        for text in expressions { sink &+= try CompiledExpression.compile(text).isLiteral ? 1 : 2 }
        rates.append(Double(expressions.count) / (ThreadClock.now() - start))
    }
    print("compile only: \(Int(median(rates))) per second, best \(Int(rates.max() ?? 0))")
    rates = []
    for _ in 0..<rounds {
        let start = ThreadClock.now()
        for text in expressions {
            if case .string = try CompiledExpression.compile(text).evaluate(in: scope) { sink &+= 1 }
        }
        rates.append(Double(expressions.count) / (ThreadClock.now() - start))
    }
    print("compile + evaluate: \(Int(median(rates))) per second, best \(Int(rates.max() ?? 0))")
    exit(0)
}
var parseRates: [Double] = []
for _ in 0..<(phase == "evaluate" ? 0 : rounds) {
    let start = ThreadClock.now()
    for text in expressions {
        let value = try CompiledExpression.compile(text).evaluate(in: scope)
        if case .string(let string) = value { sink &+= string.utf8.count } else { sink &+= 1 }
    }
    parseRates.append(Double(expressions.count) / (ThreadClock.now() - start))
}

let compiled = try Workload.templates.indices.map {
    try CompiledExpression.compile(Workload.expression($0, variant: 7))
}
let evaluationsPerRound = 3_000_000
var evaluateRates: [Double] = []
var perTemplate: [[Double]] = Array(repeating: [], count: compiled.count)
for _ in 0..<(phase == "parse" ? 0 : rounds) {
    let start = ThreadClock.now()
    for index in 0..<evaluationsPerRound {
        let value = try compiled[index % compiled.count].evaluate(in: scope)
        if case .string(let string) = value { sink &+= string.utf8.count } else { sink &+= 1 }
    }
    evaluateRates.append(Double(evaluationsPerRound) / (ThreadClock.now() - start))
    for (template, expression) in compiled.enumerated() {
        let count = 500_000
        let templateStart = ThreadClock.now()
        for _ in 0..<count {
            if case .string(let string) = try expression.evaluate(in: scope) { sink &+= string.utf8.count }
        }
        perTemplate[template].append(Double(count) / (ThreadClock.now() - templateStart))
    }
}

if phase != nil { exit(0) }
let parseMedian = median(parseRates)
let evaluateMedian = median(evaluateRates)
print("")
print("parse + evaluate, distinct expressions: \(Int(parseMedian)) per second (median of \(rounds) × \(distinctCount))")
print(
    "evaluate compiled expressions:          \(Int(evaluateMedian)) per second (median of \(rounds) × \(evaluationsPerRound))"
)
for (template, rates) in perTemplate.enumerated() {
    print("    \(Workload.templates[template]): \(Int(median(rates))) per second")
}

if let oracle = OracleRunner.fromEnvironment() {
    let sample = Workload.distinct(oracleCount)
    let (wallRate, cpuRate, failures) = try oracle.throughput(of: sample, state: Workload.state)
    print(
        "oracle (eval.py --mode raw), same expressions: \(Int(wallRate)) per second by wall clock, "
            + "\(Int(cpuRate)) per CPU second, over \(oracleCount)" + (failures > 0 ? " (\(failures) failed!)" : ""))
    let oracleRate = max(wallRate, cpuRate)
    print(
        String(
            format: "ratio to the oracle's better figure: parse + evaluate %.0f×, evaluate compiled %.0f×",
            parseMedian / oracleRate, evaluateMedian / oracleRate))
} else {
    print("oracle: not measured (set ORACLE_DIR, and ORACLE_TOOLS if eval.py is elsewhere)")
}
if sink == 42 { print("") }
