import PipehostJSON
import PipelineExpressions

/// The typical expressions of the benchmark, each in as many distinct variants as needed (a
/// different constant per variant, so that nothing can be cached by text), and the state they read.
enum Workload {
    /// Templates with `K` replaced by the variant number.
    static let templates = [
        "@concat(pipeline().parameters.a, '-', string(add(1, K)))",
        "@activity('X').output.rows[K].id",
        "@formatDateTime(addDays(pipeline().parameters.start, K), 'yyyy-MM-dd')",
    ]

    static let rowCount = 16

    static func expression(_ template: Int, variant: Int) -> String {
        switch template {
        case 0: "@concat(pipeline().parameters.a, '-', string(add(1, \(variant))))"
        case 1: "@activity('X').output.rows[\(variant % rowCount)].id"
        default: "@formatDateTime(addDays(pipeline().parameters.start, \(variant % 1000)), 'yyyy-MM-dd')"
        }
    }

    /// `count` distinct expressions, the templates interleaved.
    static func distinct(_ count: Int) -> [String] {
        (0..<count).map { expression($0 % templates.count, variant: $0 / templates.count) }
    }

    /// The state every expression is evaluated in (also sent to the oracle).
    static let state: JSONValue = [
        "parameters": ["a": "run", "start": "2024-01-31T10:00:00Z"],
        "activities": [
            "X": [
                "output": ["rows": .array((0..<rowCount).map { ["id": .integer(Int64($0))] })],
                "status": "Succeeded", "error": nil,
            ]
        ],
    ]
}
