import Foundation
import HostCore
import PipehostJSON
import PluginRuntime
import PluginTestSupport

/// The real stored procedure plugin (`libStoredProcedurePlugin.so`, built by SwiftPM) loaded
/// through the real loader, and a way to run one activity call through it.
struct StoredProcedureHarness {
    let host: PluginHost

    init(settings: JSONValue = [:]) {
        let manifest = PluginManifest(libraries: [
            PluginManifest.Library(path: BuildProducts.library("StoredProcedurePlugin"), settings: settings)
        ])
        host = PluginHost.load(manifest: manifest, options: PluginHostOptions())
    }

    var executor: (any ActivityExecutor)? {
        host.executors.first { $0.descriptor.typeName == "SqlServerStoredProcedure" }
    }

    /// The invocation of one SqlServerStoredProcedure activity.
    static func invocation(
        _ typeProperties: JSONValue, linkedService: ResolvedLinkedService?, activityRunID: String = UUID().uuidString
    ) -> ActivityInvocation {
        ActivityInvocation(
            activityName: "CallProcedure", activityType: "SqlServerStoredProcedure", typeProperties: typeProperties,
            linkedService: linkedService,
            run: RunIdentifiers(
                dataFactory: "factory", pipelineName: "pipeline", pipelineRunId: "run-1", activityRunId: activityRunID,
                attempt: 1, triggerTime: "2024-05-01T00:00:00Z", groupId: "run-1"))
    }

    /// Runs one call and returns how it ended.
    func run(_ typeProperties: JSONValue, linkedService: ResolvedLinkedService?) async throws -> ActivityOutcome {
        guard let executor else { throw HarnessError.pluginNotLoaded(host.plugins.map { "\($0.state)" }) }
        return await executor.execute(
            Self.invocation(typeProperties, linkedService: linkedService), context: ActivityExecutionContext())
    }

    func shutdown() {
        host.shutdown()
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case pluginNotLoaded([String])

    var description: String { "the stored procedure plugin did not load: \(self)" }
}

/// Native procedure libraries for the tests, built with the system's C compiler.
enum NativeFixtures {
    static var headerFolder: String { "\(RepositoryPaths.root)/examples/native-procedures/include" }

    /// The tests' own library (Fixtures/native_fixture.c).
    static func fixtureLibrary() throws -> String {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/native_fixture.c"
        ).path
        return try CFixtureCompiler.library(
            "native_fixture", sources: [source], includes: [headerFolder], extraArguments: ["-lm"])
    }

    /// The example library as SwiftPM builds it for the README's commands.
    static var exampleLibrary: String { BuildProducts.library("ExampleNativeProcedures") }

    static func linkedService(path: String, name: String = "NativeProcedures") -> ResolvedLinkedService {
        ResolvedLinkedService(name: name, type: "NativeProcedureLibrary", typeProperties: ["path": .string(path)])
    }
}
