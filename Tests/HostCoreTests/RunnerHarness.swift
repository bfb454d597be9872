import HostCore
import PipehostJSON
import PipelineModel

/// Builds small factories in code for tests that need more than a scenario file: pipelines from
/// activity JSON, run with a script.
enum RunnerHarness {
    static func activity(
        _ name: String, type: String = "WebActivity", dependsOn: [(String, [String])] = [], typeProperties: JSONValue = [:],
        policy: JSONValue? = nil
    ) -> JSONValue {
        var object: JSONObject = [
            "name": .string(name), "type": .string(type), "typeProperties": typeProperties,
            "dependsOn": .array(dependsOn.map { ["activity": .string($0.0), "dependencyConditions": .array($0.1.map { .string($0) })] }),
        ]
        if let policy { object["policy"] = policy }
        return .object(object)
    }

    static func factory(_ pipelines: [(String, [JSONValue])], parameters: JSONObject = [:], variables: JSONObject = [:]) throws -> Factory {
        var factory = Factory(name: "test-factory")
        for (name, activities) in pipelines {
            let json: JSONValue = [
                "name": .string(name),
                "properties": ["activities": .array(activities), "parameters": .object(parameters), "variables": .object(variables)],
            ]
            let (decoded, problems) = Pipeline.decode(json, at: SourceLocation(file: "\(name).json"))
            guard let pipeline = decoded, problems.isEmpty else { throw HarnessError.invalid(problems.map(\.description)) }
            factory.add(pipeline)
        }
        return factory
    }

    enum HarnessError: Error { case invalid([String]) }

    static func runner(
        _ factory: Factory, script: Script, types: [String] = ["WebActivity"], observer: any RunObserver,
        sleeper: any RunSleeper = RecordingSleeper()
    ) throws -> PipelineRunner {
        let registry = try ActivityRegistry(types.map { ScriptedExecutor(type: $0, script: script) })
        return PipelineRunner(factory: factory, registry: registry, options: RunOptions(sleeper: sleeper), observer: observer)
    }

    /// Waits (without a deadline assertion) until `condition` holds, checking every 10 ms, for at most ten seconds.
    static func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        for _ in 0..<1000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessError.invalid(["condition never held"])
    }
}

