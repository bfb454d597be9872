import PipehostJSON
import PipelineExpressions

/// Generates pipelines for property tests of the host's input handling: random activities whose
/// numeric and duration settings hold hostile values (huge, negative, fractional, too long for
/// .NET, not numbers at all), written as literals or produced by expressions, with random
/// dependencies. Deterministic for a seed, so a failing case can be replayed.
public struct PipelineGenerator {
    /// What the generated pipelines may cost when they are valid and run for real.
    public enum Budget: Sendable {
        /// Any value: the caller runs with a sleeper that does not wait.
        case anyWait
        /// Waits that are valid are at most one second, so a run on the real clock ends quickly.
        case shortWaits
    }

    private var random: SplitMix64
    private let budget: Budget
    /// The type of the execution activities (a plugin type the caller can run).
    private let executionType: String
    private let executionProperties: JSONValue

    public init(seed: UInt64, budget: Budget, executionType: String, executionProperties: JSONValue = [:]) {
        random = SplitMix64(seed: seed)
        self.budget = budget
        self.executionType = executionType
        self.executionProperties = executionProperties
    }

    /// Integers at and around every bound the host knows, and the ends of 64 bits.
    static let interestingIntegers: [Int64] = [
        0, 1, -1, 5, 29, 30, 50, 51, 86_400, 86_401, 2_147_483_647, 2_147_483_648, -2_147_483_648,
        9_223_372_036_854_775_807, -9_223_372_036_854_775_808, 1_000_000_000_000,
    ]

    /// Durations at and around every bound, and ones that are not durations.
    static let interestingDurations: [String] = [
        "0.00:00:01", "00:00:01", "7.00:00:00", "7.00:00:01", "90.00:00:00", "90.00:00:01", "00:00:00",
        "99999999.00:00:00", "10675199.02:48:05.4775807", "10675199.02:48:05.4775808", "99999999999999999999.00:00:00",
        "-1.00:00:00", "24:00:00", "00:60:60", "1.02:03:04.1234567", "1.02:03:04.12345678", "abc", "", "1e300",
    ]

    /// One pipeline named `name` with 1 to 6 activities.
    public mutating func pipeline(named name: String) -> JSONValue {
        let count = Int(random.next(below: 6)) + 1
        var activities: [JSONValue] = []
        for index in 0..<count {
            var activity = self.activity(named: "A\(index)")
            if index > 0, random.next(below: 2) == 0 {
                let upstream = "A\(random.next(below: UInt64(index)))"
                let conditions = ["Succeeded", "Failed", "Completed", "Skipped"]
                activity["dependsOn"] = [["activity": .string(upstream), "dependencyConditions": [.string(conditions[Int(random.next(below: 4))])]]]
            }
            activities.append(.object(activity))
        }
        return [
            "name": .string(name),
            "properties": ["activities": .array(activities), "variables": ["v": ["type": "String", "defaultValue": ""]]],
        ]
    }

    private mutating func activity(named name: String) -> JSONObject {
        switch random.next(below: 6) {
        case 0, 1:
            var policy = JSONObject()
            if random.next(below: 3) != 0 { policy["timeout"] = duration() }
            if random.next(below: 3) != 0 { policy["retry"] = number() }
            if random.next(below: 3) != 0 { policy["retryIntervalInSeconds"] = number() }
            return ["name": .string(name), "type": .string(executionType), "typeProperties": executionProperties, "policy": .object(policy)]
        case 2:
            return ["name": .string(name), "type": "Wait", "typeProperties": ["waitTimeInSeconds": waitSeconds()]]
        case 3:
            var properties: JSONObject = [
                "expression": "@true",
                "activities": [["name": .string(name + "Inner"), "type": "Wait", "typeProperties": ["waitTimeInSeconds": 0]]],
            ]
            if random.next(below: 4) != 0 { properties["timeout"] = duration() }
            return ["name": .string(name), "type": "Until", "typeProperties": .object(properties)]
        case 4:
            var properties: JSONObject = [
                "items": "@createArray(1, 2, 3)",
                "activities": [["name": .string(name + "Inner"), "type": "Wait", "typeProperties": ["waitTimeInSeconds": 0]]],
            ]
            if random.next(below: 4) != 0 { properties["batchCount"] = number() }
            if random.next(below: 3) == 0 { properties["isSequential"] = .bool(random.next(below: 2) == 0) }
            return ["name": .string(name), "type": "ForEach", "typeProperties": .object(properties)]
        default:
            return ["name": .string(name), "type": "SetVariable", "typeProperties": ["variableName": "v", "value": expressionOf(number())]]
        }
    }

    /// A whole-number setting: half the time a plausible literal (so that some pipelines pass
    /// validation), a quarter an expression producing any value (validation cannot see it; the
    /// activity must check it when it runs), a quarter a hostile literal.
    private mutating func number() -> JSONValue {
        switch random.next(below: 4) {
        case 0, 1: return .integer([0, 1, 2, 3, 30, 50][Int(random.next(below: 6))])
        case 2: return expression(producing: hostileNumber())
        default: return hostileNumber()
        }
    }

    /// An interesting or random integer, a fraction, a huge float, a string, or no number at all.
    private mutating func hostileNumber() -> JSONValue {
        switch random.next(below: 6) {
        case 0, 1: .integer(Self.interestingIntegers[Int(random.next(below: UInt64(Self.interestingIntegers.count)))])
        case 2: .integer(Int64(bitPattern: random.next()))
        case 3: .double([1e300, -1e300, 0.5, 30.0, 1e19, -0.0][Int(random.next(below: 6))])
        case 4: .string(["30", "-5", "99999999999999999999", "thirty", "", "9223372036854775807"][Int(random.next(below: 6))])
        default: .bool(true)
        }
    }

    /// A duration setting, in the same proportions as `number()`.
    private mutating func duration() -> JSONValue {
        switch random.next(below: 4) {
        case 0, 1: return .string(["0.00:00:01", "00:10:00", "0.12:00:00", "7.00:00:00"][Int(random.next(below: 4))])
        case 2: return expression(producing: hostileDuration())
        default: return hostileDuration()
        }
    }

    private mutating func hostileDuration() -> JSONValue {
        switch random.next(below: 4) {
        case 0, 1: .string(Self.interestingDurations[Int(random.next(below: UInt64(Self.interestingDurations.count)))])
        case 2: .string("\(random.next() >> UInt64(random.next(below: 64))).\(two()):\(two()):\(two())")
        default: hostileNumber()
        }
    }

    /// Wait's seconds; with `.shortWaits`, a value that could be valid is 0 or 1.
    private mutating func waitSeconds() -> JSONValue {
        switch budget {
        case .anyWait:
            return number()
        case .shortWaits:
            let hostile: [JSONValue] = [
                .integer(-1), .integer(2_147_483_648), .integer(.max), .integer(.min), .double(1e300), .double(0.5),
                .string("99999999999999999999"), .string("soon"), "@mul(4294967296, 2147483647)", "@sub(0, 5)",
                "@string(9223372036854775807)", "@json('1e300')", .integer(0), .integer(1), "@add(0, 1)",
            ]
            return hostile[Int(random.next(below: UInt64(hostile.count)))]
        }
    }

    private mutating func two() -> String {
        let value = random.next(below: 100)
        return value < 10 ? "0\(value)" : "\(value)"
    }

    /// An expression whose value is `literal` (or the literal's text), in one of ADF's forms.
    private mutating func expression(producing literal: JSONValue) -> JSONValue {
        let text: String
        switch literal {
        case .integer(let value): text = ["@\(value)", "@int('\(value)')", "@string(\(value))", "@add(\(value), 0)"][Int(random.next(below: 4))]
        case .double(let value): text = "@json('\(value)')"
        case .string(let value): text = "@'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
        case .bool(let value): text = "@\(value)"
        default: text = "@null"
        }
        return random.next(below: 2) == 0 ? .string(text) : ["value": .string(text), "type": "Expression"]
    }

    /// A setting written as an expression, for slots whose value the host does not range-check.
    private mutating func expressionOf(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string: value
        default: .string("@string(\(JSONSerializer.serialize(value)))")
        }
    }
}
