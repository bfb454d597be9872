import Foundation
import PipehostJSON

/// Why a state document (the `state` of `pipehost expr eval`) could not be read.
public struct ExpressionStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON path of the bad member, e.g. `state.activities.Copy1`.
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}

extension EvaluationScope {
    /// A scope from a state document, the format `pipehost expr eval` reads and expression test
    /// suites are written in (every key optional):
    ///
    ///     {"parameters": {}, "globalParameters": {}, "system": {"RunId": "…", "Pipeline": "…"},
    ///      "variables": {}, "activities": {"Name": {"output": {}, "status": "Succeeded", "error": null}},
    ///      "item": …, "linkedService": {}, "dataset": {}, "trigger": {},
    ///      "environment": {"now": "2024-01-01T00:00:00Z", "guid": "…", "randomSeed": 1}}
    ///
    /// `environment` pins `utcNow()`, `guid()` and `rand()`; without it they are live.
    public init(state: JSONValue, path: String = "state") throws(ExpressionStateError) {
        guard case .object(let object) = state else {
            throw ExpressionStateError(path: path, message: "the state must be a JSON object, not \(state.typeName)")
        }
        func member(_ name: String) throws(ExpressionStateError) -> JSONObject? {
            guard let value = object[name], !value.isNull else { return nil }
            guard case .object(let members) = value else {
                throw ExpressionStateError(
                    path: "\(path).\(name)", message: "expected an object, not \(value.typeName)")
            }
            return members
        }
        let known: Set<String> = [
            "parameters", "globalParameters", "system", "variables", "activities", "item", "linkedService", "dataset",
            "trigger", "environment",
        ]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw ExpressionStateError(
                path: "\(path).\(unknown)",
                message: "unknown key; the state may hold \(known.sorted().joined(separator: ", "))")
        }
        var activities = JSONObject()
        for (name, value) in try member("activities") ?? [:] {
            guard case .object(let result) = value else {
                throw ExpressionStateError(
                    path: "\(path).activities.\(name)", message: "expected {\"output\": …, \"status\": …, \"error\": …}"
                )
            }
            activities[name] = .object([
                "output": result["output"] ?? .null,
                "status": result["status"] ?? "Succeeded",
                "error": result["error"] ?? .null,
            ])
        }
        self.init(
            parameters: try member("parameters") ?? [:],
            globalParameters: try member("globalParameters") ?? [:],
            system: try member("system") ?? [:],
            variables: try member("variables") ?? [:],
            activity: EvaluationScope.activityTable(activities),
            item: object["item"],
            linkedServiceParameters: try member("linkedService"),
            datasetParameters: try member("dataset"),
            trigger: object["trigger"],
            environment: try Self.environment(try member("environment"), path: "\(path).environment"))
    }

    private static func environment(
        _ settings: JSONObject?, path: String
    ) throws(ExpressionStateError) -> EvaluationEnvironment {
        guard let settings else { return .live }
        var environment = EvaluationEnvironment.live
        if let now = settings["now"] {
            guard case .string(let text) = now,
                let time = TimestampParser.parse(
                    text, today: { Timestamp(ticks: Timestamp.unixEpochTicks, kind: .utc) })
            else {
                throw ExpressionStateError(
                    path: "\(path).now", message: "expected a timestamp such as \"2024-01-01T00:00:00Z\"")
            }
            let seconds = Double(time.ticks - Timestamp.unixEpochTicks) / Double(Timestamp.ticksPerSecond)
            let date = Date(timeIntervalSince1970: seconds)
            environment.now = { date }
        }
        if let guid = settings["guid"] {
            guard case .string(let text) = guid else {
                throw ExpressionStateError(path: "\(path).guid", message: "expected a GUID string")
            }
            environment.newGUID = { text }
        }
        if let seed = settings["randomSeed"] {
            guard case .integer(let value) = seed else {
                throw ExpressionStateError(path: "\(path).randomSeed", message: "expected an integer")
            }
            let generator = SeededRandom(seed: UInt64(bitPattern: value))
            environment.random = { lower, upper in generator.next(in: lower, upper) }
        }
        return environment
    }
}

/// A SplitMix64 generator behind a lock, so that `rand()` is repeatable for a given seed.
final class SeededRandom: @unchecked Sendable {
    private var state: UInt64
    private let lock = NSLock()

    init(seed: UInt64) {
        state = seed
    }

    func next(in lower: Int64, _ upper: Int64) -> Int64 {
        guard lower < upper else { return lower }
        lock.lock()
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        lock.unlock()
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let span = UInt64(bitPattern: upper &- lower)
        return lower &+ Int64(bitPattern: z % span)
    }
}
