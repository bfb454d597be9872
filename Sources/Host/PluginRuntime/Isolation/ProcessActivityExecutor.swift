import HostCore

/// Runs one activity type of an isolated plugin in the plugin's worker processes.
///
/// It implements the same `ActivityExecutor` as ``PluginActivityExecutor``: the registry and the
/// runner cannot tell them apart. Whatever happens to the worker (a crash, an abort, a hang
/// killed after cancellation, a malformed reply) becomes this activity's error, naming the
/// plugin, the signal or exit status and the tail of the worker's standard error.
public struct ProcessActivityExecutor: ActivityExecutor {
    public let descriptor: ActivityTypeDescriptor
    let pool: WorkerPool

    init(descriptor: ActivityTypeDescriptor, pool: WorkerPool) {
        self.descriptor = descriptor
        self.pool = pool
    }

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        guard !pool.isClosed else {
            return .failed(
                ActivityError(
                    errorCode: ActivityErrorCode.pluginHostShutDown,
                    message: "plugin '\(pool.configuration.pluginID)' was shut down before the activity ran",
                    failureType: .systemError))
        }
        if Task.isCancelled { return .cancelled }
        switch pool.reserve() {
        case .success(let worker):
            defer { pool.release(worker) }
            return await worker.execute(
                invocation, settings: pool.settingsBytes, context: context, killAfter: pool.configuration.cancellationGrace)
        case .failure(let error):
            return .failed(
                ActivityError(
                    errorCode: ActivityErrorCode.pluginWorkerStartFailed,
                    message: "plugin '\(pool.configuration.pluginID)' ('\(pool.configuration.libraryPath)') "
                        + "could not start a worker process for '\(descriptor.typeName)': \(error)",
                    failureType: .systemError))
        }
    }
}
