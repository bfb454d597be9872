import PipehostJSON
import PipelineModel

/// `Filter`: keeps the items of `items` for which `condition` (evaluated per item, with `item()`)
/// is true. Output: `{"ItemsCount", "FilteredItemsCount", "Value"}`.
public struct FilterActivity: ControlActivityExecutor {
    public let descriptor = builtIn("Filter", "Keeps the items for which a condition is true")
    public let deferredProperties: Set<String> = ["condition"]

    public init() {}

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, control: ControlFlowContext) async -> ActivityOutcome {
        let name = invocation.activityName
        guard case .array(let items)? = invocation.property("items") else {
            let found = invocation.property("items")?.abbreviatedDescription ?? "nothing"
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.invalidExpressionResult,
                message: "The items of Filter '\(name)' must evaluate to an array; they evaluated to \(found)."))
        }
        guard let condition = control.activity.typeProperties[caseInsensitive: "condition"] else {
            return .failed(ActivityError(
                errorCode: ActivityErrorCode.missingCondition, message: "Filter '\(name)' has no condition."))
        }
        var kept: [JSONValue] = []
        for (index, item) in items.enumerated() {
            let verdict: JSONValue
            do throws(ActivityError) {
                verdict = try await control.evaluate(condition, item: item, path: "condition")
            } catch {
                return .failed(error)
            }
            guard case .bool(let keep) = verdict else {
                return .failed(ActivityError(
                    errorCode: ActivityErrorCode.invalidExpressionResult,
                    message: "The condition of Filter '\(name)' must evaluate to true or false; for item \(index) it evaluated to \(verdict.abbreviatedDescription)."))
            }
            if keep { kept.append(item) }
        }
        return .succeeded(output: [
            "ItemsCount": .integer(Int64(items.count)), "FilteredItemsCount": .integer(Int64(kept.count)),
            "Value": .array(kept),
        ])
    }
}
