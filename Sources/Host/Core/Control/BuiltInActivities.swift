import PipehostJSON
import PipelineModel

/// The control activities built into the host.
public enum BuiltInActivities {
    /// One executor per built-in activity type.
    public static var all: [any ActivityExecutor] {
        [
            IfConditionActivity(), ForEachActivity(), UntilActivity(), SwitchActivity(), FilterActivity(),
            WaitActivity(), FailActivity(), SetVariableActivity(), AppendVariableActivity(), ExecutePipelineActivity(),
        ]
    }

    /// The built-in type names: no plugin may claim them.
    public static let typeNames: Set<String> = Set(all.map(\.descriptor.typeName))

    /// `registry` plus every built-in activity it does not already have.
    public static func adding(to registry: ActivityRegistry) -> ActivityRegistry {
        var result = registry
        for executor in all { result.registerBuiltIn(executor) }
        return result
    }
}
