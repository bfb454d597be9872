import Foundation
import HostCore
import PipehostJSON
import PluginRuntime

extension StoredProcedureHarness {
    var scriptExecutor: (any ActivityExecutor)? {
        host.executors.first { $0.descriptor.typeName == "Script" }
    }

    /// Runs one Script activity through the loaded plugin and returns how it ended.
    func runScript(_ typeProperties: JSONValue, linkedService: ResolvedLinkedService?) async throws -> ActivityOutcome {
        guard let executor = scriptExecutor else {
            throw HarnessError.pluginNotLoaded(host.plugins.map { "\($0.state)" })
        }
        var invocation = Self.invocation(typeProperties, linkedService: linkedService)
        invocation.activityName = "RunScript"
        invocation.activityType = "Script"
        return await executor.execute(invocation, context: ActivityExecutionContext())
    }
}
