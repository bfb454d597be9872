import PipehostJSON
import PipelineModel

/// Runs pipelines of one factory with a set of executors: the entry point of the engine.
///
/// Each run is carried out by a `PipelineRun` actor, which drives the pure scheduler of each
/// container, evaluates expressions just before an activity runs, resolves its linked services,
/// applies its policy (timeout per attempt, retries) and reports every state change to the
/// observer. Blocking work happens only inside executors, never on the runner's tasks.
public struct PipelineRunner: Sendable {
    public let factory: Factory
    public let registry: ActivityRegistry
    public let options: RunOptions
    public let observer: any RunObserver
    /// Every secret the runs resolved; share it with anything else that writes run data.
    public let redactor: SecretRedactor

    /// - Parameter registry: the executors; built-in control activities are added when missing.
    public init(
        factory: Factory, registry: ActivityRegistry, options: RunOptions = RunOptions(),
        observer: any RunObserver = DiscardingRunObserver(), redactor: SecretRedactor = SecretRedactor()
    ) {
        self.factory = factory
        self.registry = BuiltInActivities.adding(to: registry)
        self.options = options
        self.observer = observer
        self.redactor = redactor
    }

    /// Runs a pipeline to its end and returns its record. Cancelling the calling task cancels the
    /// run: running activities are cancelled (plugins' cancel is called) and recorded as
    /// Cancelled, and the run ends Cancelled. Child runs started without waiting are awaited (or
    /// cancelled) before this returns.
    ///
    /// - Parameter parameters: values by name; missing ones take their defaults.
    public func run(
        pipelineNamed name: String, parameters: JSONObject = [:],
        parametersLocation: SourceLocation = SourceLocation(file: "<command line>", jsonPath: "--param")
    ) async throws(RunStartError) -> PipelineRunRecord {
        let environment = makeEnvironment()
        guard let pipeline = factory.pipeline(named: name) else {
            throw .unknownPipeline(name: name, available: factory.pipelines.map(\.name))
        }
        let run = try PipelineRun.start(
            pipeline: pipeline, parameters: parameters, parametersLocation: parametersLocation,
            invocation: .topLevel, environment: environment)
        return await execute(run, environment: environment)
    }

    /// Runs a pipeline again from a snapshot of an earlier run that stopped (cancelled, or the
    /// host went away): activities that finished keep their status and output and are not run
    /// again, finished loop iterations are not repeated, variables keep their values, and
    /// long-running operations resume from their saved state. The run keeps its run id.
    ///
    /// - Parameter parameters: values for SecureString parameters, which snapshots do not keep.
    public func resume(_ snapshot: RunSnapshot, parameters: JSONObject = [:]) async throws(RunStartError) -> PipelineRunRecord {
        let environment = makeEnvironment()
        guard let pipeline = factory.pipeline(named: snapshot.pipelineRun.pipelineName) else {
            throw .unknownPipeline(name: snapshot.pipelineRun.pipelineName, available: factory.pipelines.map(\.name))
        }
        let run = try PipelineRun.resume(pipeline: pipeline, snapshot: snapshot, parameters: parameters, environment: environment)
        return await execute(run, environment: environment)
    }

    private func makeEnvironment() -> RunEnvironment {
        RunEnvironment(factory: factory, registry: registry, options: options, observer: observer, redactor: redactor)
    }

    private func execute(_ run: PipelineRun, environment: RunEnvironment) async -> PipelineRunRecord {
        await withTaskExecutorPreference(RunExecutor.shared) {
            let record = await withTaskCancellationHandler {
                await run.execute().record
            } onCancel: {
                environment.cancelDetachedRuns()
            }
            await environment.waitForDetachedRuns()
            environment.deadlines.close()
            return record
        }
    }
}
