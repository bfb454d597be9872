import HostCore
import Logging
import PipehostJSON
import PluginRuntime

/// Loads one plugin library the way `pipehost` does (the real loader, the real `.so`) and runs
/// its activities against fixture invocations, for plugin authors' tests in any package.
///
/// ```swift
/// let bed = try PluginTestBed(library: ".build/debug/libMyPlugin.so")
/// defer { bed.shutdown() }
/// let run = await bed.run(try InvocationFixture.activity("Copy it", inPipeline: "Tests/Fixtures/pipeline.json"))
/// let output = try run.requireSucceeded()
/// ```
public final class PluginTestBed: Sendable {
    /// The loaded host; its `plugins` say what the library declared.
    public let host: PluginHost

    /// Loads `library` with `settings`.
    /// - Parameter isolation: `.process` runs the plugin in worker processes (then a crash fails
    ///   the call instead of the test process); needs the `pipehost` executable, found next to the
    ///   running executable or given as `workerExecutable`.
    /// - Throws: ``PluginTestFailure/loadFailed(_:)`` with the loader's message.
    public init(
        library: String, settings: JSONValue? = nil, isolation: PluginIsolation = .inProcess,
        workerExecutable: String? = nil, pollInterval: Duration = .milliseconds(10)
    ) throws(PluginTestFailure) {
        var manifest = PluginManifest.singleLibrary(library, settings: settings)
        manifest.libraries[0].isolation = isolation
        var logger = Logger(label: "pipehost.testing")
        logger.logLevel = .warning
        host = PluginHost.load(
            manifest: manifest,
            options: PluginHostOptions(
                logger: logger, workDirectory: ".pipehost/test-work", defaultPollInterval: pollInterval,
                shutdownTimeout: .seconds(10),
                isolation: IsolationOptions(workerExecutable: workerExecutable, startTimeout: .seconds(30))))
        if let error = host.plugins.first?.error {
            host.shutdown()
            throw .loadFailed("\(error)")
        }
    }

    /// The activity types the plugin serves.
    public var activityTypes: [String] { host.executors.map(\.descriptor.typeName) }

    /// Runs one activity with fake host services and returns what happened.
    public func run(_ invocation: ActivityInvocation, services: FakeHostServices = FakeHostServices()) async
        -> PluginTestRun
    {
        guard let executor = host.executors.first(where: { $0.descriptor.typeName == invocation.activityType }) else {
            let served = activityTypes.joined(separator: ", ")
            return PluginTestRun(
                invocation: invocation,
                outcome: .failed(
                    ActivityError(
                        errorCode: ActivityErrorCode.activityTypeNotSupported,
                        message: "the plugin does not serve '\(invocation.activityType)' (it serves \(served))",
                        failureType: .systemError)),
                services: services)
        }
        let context = services.context
        let outcome = await services.run { await executor.execute(invocation, context: context) }
        return PluginTestRun(invocation: invocation, outcome: outcome, services: services)
    }

    /// Shorthand: runs `type` with these typeProperties and no linked service.
    public func run(
        _ type: String, typeProperties: JSONValue = .object(JSONObject()), services: FakeHostServices = FakeHostServices()
    ) async -> PluginTestRun {
        await run(InvocationFixture.make(type: type, typeProperties: typeProperties), services: services)
    }

    /// Calls the plugin's deinit (or stops its workers). Idempotent.
    public func shutdown() {
        host.shutdown()
    }
}
