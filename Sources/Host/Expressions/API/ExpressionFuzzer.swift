import Foundation
import PipehostJSON

/// Random and mutated expression texts, for robustness tests: whatever they contain, compiling and
/// evaluating them must end in a value or an `ExpressionError`, never a crash. Deterministic for a
/// given seed, so a failure can be replayed. Used by the test suite (a short run) and by the
/// `ExpressionFuzz` benchmark (a long one).
public struct ExpressionFuzzer: Sendable {
    private var random: SplitMix64

    public init(seed: UInt64) {
        random = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15)
    }

    /// A scope with a value of every kind, for evaluating fuzzed expressions.
    public static let scope = EvaluationScope(
        parameters: [
            "s": "text", "n": 42, "f": 1.5, "b": true, "nul": nil, "arr": [1, "a", nil, [2]], "obj": ["k": ["x": 1]],
            "date": "2018-03-15T13:00:00Z", "xml": "<a><b>1</b></a>", "big": 9_223_372_036_854_775_807,
        ],
        globalParameters: ["g": "global"],
        system: ["RunId": "r", "Pipeline": "p", "TriggerTime": "2020-01-01T00:00:00Z"],
        variables: ["v": "value", "list": [1, 2, 3]],
        activity: EvaluationScope.activityTable([
            "A": ["output": ["rows": [["id": 1]]], "status": "Succeeded", "error": nil]
        ]),
        item: ["name": "it"], linkedServiceParameters: ["p": 1], datasetParameters: ["p": 2], trigger: ["t": 3],
        environment: .pinned(now: .init(timeIntervalSince1970: 1_600_000_000)))

    /// Valid expressions that mutations start from.
    public static let corpus: [String] = [
        "@concat(pipeline().parameters.s, '-', string(add(1, 2)))", "@activity('A').output.rows[0].id",
        "@formatDateTime(addDays(pipeline().parameters.date, 1), 'yyyy-MM-dd')", "@if(equals(1, 1), 'y', 'n')",
        "a @{pipeline().RunId} b @{variables('v')}", "@json('{\"a\": [1, 2, {\"b\": null}]}')?.a[2]?.b",
        "@xpath(xml(pipeline().parameters.xml), 'sum(/a/b)')", "@substring('hello', 1, 3)", "@@escaped",
        "@split(toUpper('a,b,c'), ',')[1]", "@convertFromUtc('2018-01-01T08:00:00Z', 'Pacific Standard Time', 'D')",
        "@union(createArray(1, 2), variables('list'))", "@base64ToString(base64('é😀'))", "@range(1, 5)[4]",
        "@pipeline()?.TriggeredByPipelineName", "@coalesce(pipeline().parameters.nul, 'x')", "@div(mod(17, 5), 2.0)",
        "@item().name", "@dataUriToString(dataUri('x'))", "@int('1,000')", "@float('1e3')", "@guid('N')",
    ]

    private static let fragments: [String] = [
        "@", "@@", "@{", "}", "(", ")", "[", "]", ",", ".", "?.", "?[", "'", "''", "\"", " ", "\t", "\n", "é", "😀",
        "\u{0}", "\\", "-", "+", "0", "9223372036854775807", "9223372036854775808", "1e400", "-0.0", ".5", "true",
        "NULL", "pipeline()", "item()", "variables('v')", "activity('A')", "xml('<a/>')", "json('[1]')", "'%zz'",
        "'2018-02-30'", "'yyyy-MM-dd'", "createArray()", "range(0, 100000)", "'<a>'", "'/'", "'//*'",
    ]

    private mutating func next() -> UInt64 { random.next() }

    private mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(max(1, bound)))
    }

    /// The next input: half generated from the grammar with random function names and arguments,
    /// half a corpus expression with random insertions, deletions and replacements.
    public mutating func nextExpression() -> String {
        below(2) == 0 ? "@" + generated(depth: 0) : mutated()
    }

    private mutating func generated(depth: Int) -> String {
        if depth > 4 || below(4) == 0 { return literal() }
        let names = FunctionLibrary.names
        var name = names[below(names.count)]
        if below(20) == 0 { name = "notAFunction" }
        let count = below(5)
        var arguments: [String] = []
        for _ in 0..<count { arguments.append(generated(depth: depth + 1)) }
        var text = name + "(" + arguments.joined(separator: ", ") + ")"
        for _ in 0..<below(3) {
            switch below(4) {
            case 0: text += ".k"
            case 1: text += "?.x"
            case 2: text += "[\(below(4) - 1)]"
            default: text += "['k']"
            }
        }
        return text
    }

    private mutating func literal() -> String {
        switch below(9) {
        case 0: return String(Int64(bitPattern: next()) % 1000)
        case 1: return "\(Double(below(10_000)) / 7)"
        case 2: return "'" + Self.fragments[below(Self.fragments.count)].replacingQuotes() + "'"
        case 3: return below(2) == 0 ? "true" : "null"
        case 4:
            return "pipeline().parameters."
                + ["s", "n", "f", "b", "nul", "arr", "obj", "date", "xml", "big", "zz"][below(11)]
        case 5: return "'2018-0\(below(9) + 1)-1\(below(9))T0\(below(9)):00:00Z'"
        case 6: return "'" + ["yyyy", "o", "D", "%", "'", "\\", "fffffff", "t"][below(8)] + "'"
        case 7: return "createArray(\(below(5)), 'x')"
        default: return "json('{\"k\": {\"x\": \(below(3))}}')"
        }
    }

    private mutating func mutated() -> String {
        var scalars = Array(Self.corpus[below(Self.corpus.count)].unicodeScalars)
        for _ in 0..<(1 + below(4)) {
            let position = below(scalars.count + 1)
            switch below(4) {
            case 0:
                scalars.insert(contentsOf: Self.fragments[below(Self.fragments.count)].unicodeScalars, at: position)
            case 1:
                if position < scalars.count { scalars.remove(at: position) }
            case 2:
                if position < scalars.count, let scalar = Unicode.Scalar(UInt32(below(0x7F))) {
                    scalars[position] = scalar
                }
            default:
                scalars = Array(scalars.prefix(position))
            }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var result = ""
        for character in self { result += character == "'" ? "''" : String(character) }
        return result
    }
}
