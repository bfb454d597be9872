import Foundation
import HostCore
import Logging
import PipehostJSON
import PluginRuntime
import PluginTestSupport

/// Building blocks of the plugin runtime tests.
enum Fixtures {
    /// The good Swift fixture plugin that SwiftPM built next to the test binary.
    static var swiftPlugin: String { BuildProducts.library("SwiftFixturePlugin") }

    static func invocation(
        _ type: String, _ typeProperties: JSONValue = [:], name: String = "Activity1", runID: String = UUID().uuidString,
        attempt: Int = 1
    ) -> ActivityInvocation {
        ActivityInvocation(
            activityName: name, activityType: type, typeProperties: typeProperties,
            run: RunIdentifiers(
                dataFactory: "factory", pipelineName: "pipeline", pipelineRunId: "pipeline-run-1", activityRunId: runID,
                attempt: attempt, triggerTime: "2024-05-01T00:00:00Z", groupId: "group-1"))
    }

    static func options(logs: LogStore = LogStore(), threads: Int = 16) -> PluginHostOptions {
        PluginHostOptions(
            logger: logs.logger, workDirectory: NSTemporaryDirectory() + "pipehost-runtime-tests/work",
            workerThreadLimit: threads, defaultPollInterval: .milliseconds(1))
    }

    /// A host over the given libraries (each enabled, with optional settings).
    static func host(
        _ libraries: [String], settings: [String: JSONValue] = [:], activityTypes: [String: String] = [:],
        logs: LogStore = LogStore(), threads: Int = 16
    ) -> PluginHost {
        let manifest = PluginManifest(
            libraries: libraries.map { PluginManifest.Library(path: $0, settings: settings[$0]) },
            activityTypes: activityTypes)
        return PluginHost.load(manifest: manifest, options: options(logs: logs, threads: threads))
    }

    /// The load error of a single library.
    static func loadError(_ path: String) -> PluginLoadError? {
        let host = host([path])
        defer { host.shutdown() }
        return host.plugins.first?.error
    }
}

extension PluginHost {
    func executor(_ type: String) -> (any ActivityExecutor)? {
        executors.first { $0.descriptor.typeName == type }
    }

    /// Runs one activity of `type` and returns its outcome.
    func run(
        _ type: String, _ typeProperties: JSONValue = [:], context: RecordingContext = RecordingContext()
    ) async -> ActivityOutcome {
        guard let executor = executor(type) else {
            return .failed(ActivityError(errorCode: "test", message: "no executor for \(type)"))
        }
        return await executor.execute(Fixtures.invocation(type, typeProperties), context: context.context)
    }
}
