import Foundation
import HostCore
import PipehostJSON
import PipelineModel
import RunStore
import Synchronization

/// A temporary store file and small factories for the store's tests.
struct StoreTestBed {
    let directory: URL
    var path: String { directory.appendingPathComponent("runs.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("runstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    static func activity(
        _ name: String, type: String = "Test.Count", dependsOn: [String] = [], typeProperties: JSONValue = [:], policy: JSONValue? = nil
    ) -> JSONValue {
        var object: JSONObject = [
            "name": .string(name), "type": .string(type), "typeProperties": typeProperties,
            "dependsOn": .array(dependsOn.map { ["activity": .string($0), "dependencyConditions": ["Succeeded"]] }),
        ]
        if let policy { object["policy"] = policy }
        return .object(object)
    }

    static func factory(_ activities: [JSONValue], parameters: JSONObject = [:], variables: JSONObject = [:]) throws -> (Factory, Pipeline) {
        var factory = Factory(name: "test-factory")
        let json: JSONValue = [
            "name": "main",
            "properties": ["activities": .array(activities), "parameters": .object(parameters), "variables": .object(variables)],
        ]
        let (decoded, problems) = Pipeline.decode(json, at: SourceLocation(file: "main.json"))
        guard let pipeline = decoded, problems.isEmpty else { throw TestBedError.invalid(problems.map(\.description)) }
        factory.add(pipeline)
        return (factory, pipeline)
    }

    enum TestBedError: Error { case invalid([String]) }
}

/// `Test.Count`: counts its calls by activity name (and item), succeeds with its typeProperties,
/// and fails when `typeProperties.fail` is true. A fake executor: the store is under test here.
final class CountingExecutor: ActivityExecutor {
    let descriptor = ActivityTypeDescriptor(typeName: "Test.Count", origin: .builtIn, isThreadSafe: true, isLongRunning: false)
    private let calls = Mutex<[String]>([])

    nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        let label = invocation.typeProperties["label"]?.stringValue ?? invocation.activityName
        calls.withLock { $0.append(label) }
        if invocation.typeProperties["fail"]?.boolValue == true {
            return .failed(ActivityError(errorCode: "Count1", message: "\(label) was told to fail"))
        }
        return .succeeded(output: ["saw": invocation.typeProperties])
    }

    /// How many times each label ran.
    var counts: [String: Int] {
        calls.withLock { calls in calls.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
    }
}

extension ActivityRunRecord {
    /// The record without its timestamps, which the store keeps as seconds (to a microsecond).
    var withoutTimes: ActivityRunRecord {
        var copy = self
        copy.activityRunStart = nil
        copy.activityRunEnd = nil
        return copy
    }
}

extension PipelineRunRecord {
    var withoutTimes: PipelineRunRecord {
        var copy = self
        copy.runStart = nil
        copy.runEnd = nil
        return copy
    }
}
