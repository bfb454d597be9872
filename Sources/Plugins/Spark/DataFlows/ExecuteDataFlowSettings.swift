import DataFlowScript
import DataPluginCore
import PluginKit

/// The `ExecuteDataFlow` activity's typeProperties besides the data flow itself (which the host
/// resolves): `dataFlow.parameters`, `compute`, `traceLevel`, `runConcurrently`,
/// `continueOnError`, `sourceStagingConcurrency`, `staging` and `integrationRuntime`. All are
/// accepted as ADF accepts them; docs/data-flows.md says what each changes here.
struct ExecuteDataFlowSettings {
    /// The data flow parameters' values as the activity gives them (after the host evaluated pipeline expressions).
    let parameterValues: JSONObject
    /// `compute.coreCount`: the shuffle partitions of the job.
    let coreCount: Int
    /// `compute.computeType`: `General`, `MemoryOptimized` or `ComputeOptimized`.
    let computeType: String
    /// `traceLevel`: `Fine`, `Coarse` or `None`.
    let traceLevel: String

    static let computeTypes = ["General", "MemoryOptimized", "ComputeOptimized"]
    static let traceLevels = ["Fine", "Coarse", "None"]

    init(_ reader: PropertyReader) throws(ActivityFailure) {
        let reference = try reader.object("dataFlow")
        parameterValues = try reference.object("parameters").object
        let compute = try reader.object("compute")
        coreCount = try compute.integer("coreCount", in: 1...4096) ?? ExecuteDataFlowActivity.defaultCoreCount
        computeType = try Self.choice(compute, "computeType", Self.computeTypes) ?? "General"
        traceLevel = try Self.choice(reader, "traceLevel", Self.traceLevels) ?? "Fine"
        _ = try reader.bool("runConcurrently")
        _ = try reader.bool("continueOnError")
        _ = try reader.integer("sourceStagingConcurrency", in: 1...1024)
    }

    /// The parameter values for the compiler. ADF writes a data flow parameter's value in the data
    /// flow expression language: `'text'` is the string text, `5` a number, `true()` a boolean; the
    /// literal is read into its JSON value. Other text (an unquoted word, a function call) is passed
    /// as it is, as text.
    var parameters: [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for (name, value) in parameterValues {
            guard case .string(let text) = value else {
                values[name] = value
                continue
            }
            values[name] = (try? DataFlowExpression.parse(text)).flatMap(Self.literal) ?? value
        }
        return values
    }

    private static func literal(_ expression: DataFlowExpression) -> JSONValue? {
        switch expression.kind {
        case .string(let text): return .string(text)
        case .number(let number):
            switch number.value {
            case .integer(let value): return .integer(value)
            case .double(let value): return .double(value)
            }
        case .boolean(let flag): return .bool(flag)
        case .null: return .null
        case .parenthesized(let inner): return literal(inner)
        case .call(let call) where call.arguments.isEmpty && (call.name == "true" || call.name == "false"):
            return .bool(call.name == "true")
        case .unary(.negate, let inner):
            guard case .number(let number) = inner.kind else { return nil }
            switch number.value {
            case .integer(let value): return value == Int64.min ? nil : .integer(-value)
            case .double(let value): return .double(-value)
            }
        default: return nil
        }
    }

    /// An enumerated string property, matched without regard to case, as ADF reads it.
    private static func choice(_ reader: PropertyReader, _ key: String, _ allowed: [String]) throws(ActivityFailure) -> String? {
        guard let written = try reader.string(key) else { return nil }
        guard let match = allowed.first(where: { $0.lowercased() == written.lowercased() }) else {
            throw ActivityFailure.invalidProperty(reader.member(key), "expected one of \(allowed.joined(separator: ", "))")
        }
        return match
    }
}
