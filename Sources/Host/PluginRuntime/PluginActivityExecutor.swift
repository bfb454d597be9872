import HostCore
import Logging
import PipehostJSON
import PipehostPluginABI
import PluginContract

/// Adapts one activity type of a loaded plugin to the host's `ActivityExecutor`.
///
/// Every C call runs on the host's worker-thread pool, never on the Swift cooperative pool. A type
/// that is not thread-safe passes a ``SerialGate`` around each call. Long-running operations are
/// started (or, when the runner resumes a run, picked up from the saved state) and then polled on
/// `Task.sleep` timers, holding no thread while they wait; each new state is saved through the
/// execution context before the wait. Task cancellation sets the call's `is_cancelled` and, for an
/// operation, calls the plugin's `cancel`. Every result is validated: a plugin that breaks the
/// contract fails its activity with a message naming the plugin, never the host.
public struct PluginActivityExecutor: ActivityExecutor {
    public let descriptor: ActivityTypeDescriptor
    let plugin: LoadedPlugin
    let functions: ActivityFunctions
    let gate: SerialGate?
    let pool: WorkerThreadPool
    let defaultPollInterval: Duration

    init(
        plugin: LoadedPlugin, declaration: ActivityDeclaration, descriptor pointer: UnsafePointer<ph_activity_descriptor>,
        pool: WorkerThreadPool, defaultPollInterval: Duration
    ) {
        self.plugin = plugin
        descriptor = ActivityTypeDescriptor(
            typeName: declaration.typeName,
            origin: .plugin(
                id: plugin.library.declaration.pluginID, version: plugin.library.declaration.version,
                path: plugin.library.path),
            summary: declaration.summary, isThreadSafe: declaration.isThreadSafe,
            isLongRunning: declaration.isLongRunning, linkedServiceTypes: declaration.linkedServiceTypes)
        functions = ActivityFunctions(
            pluginContext: plugin.pluginContext, run: pointer.pointee.run, start: pointer.pointee.start,
            poll: pointer.pointee.poll, cancel: pointer.pointee.cancel)
        gate = declaration.isThreadSafe ? nil : SerialGate()
        self.pool = pool
        self.defaultPollInterval = defaultPollInterval
    }

    public nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        await execute(
            bytes: invocation.documentBytes(settings: plugin.settingsBytes),
            activityRunID: invocation.run.activityRunId, attempt: invocation.run.attempt, context: context)
    }

    /// Calls the activity with invocation bytes as given, valid or not: `pipehost plugins check`
    /// uses it to see how a plugin answers a malformed invocation.
    nonisolated(nonsending) func execute(bytes: [UInt8], activityRunID: String, attempt: Int, context: ActivityExecutionContext) async
        -> ActivityOutcome
    {
        guard plugin.beginCall() else { return .failed(hostShutDown) }
        defer { plugin.endCall() }
        let request = CallRequest(
            invocation: bytes, activityRunID: activityRunID, attempt: attempt, execution: context,
            cancellation: CallCancellation())
        if descriptor.isLongRunning {
            return await runOperation(request, savedState: context.savedOperationState)
        }
        let outcome = await call(request) { functions, context, bytes, result in
            functions.run.map { run in run(functions.pluginContext, context, bytes.baseAddress, UInt64(bytes.count), result) }
        }
        return finish(outcome, request)
    }

    /// Runs a thread-safe, synchronous activity on the calling thread, without the worker pool:
    /// for callers that own a thread that may block (benchmarks of the inner dispatch path, worker
    /// processes). Other activity types fail with a message saying to use `execute`.
    public func executeOnCurrentThread(
        _ invocation: ActivityInvocation, context: ActivityExecutionContext
    ) -> ActivityOutcome {
        guard descriptor.isThreadSafe, !descriptor.isLongRunning, let run = functions.run else {
            return .failed(
                ActivityError(
                    errorCode: ActivityErrorCode.pluginCallUnsupported,
                    message: "'\(descriptor.typeName)' is not a thread-safe synchronous activity; run it with execute",
                    failureType: .systemError))
        }
        guard plugin.beginCall() else { return .failed(hostShutDown) }
        defer { plugin.endCall() }
        let request = CallRequest(
            invocation: invocation.documentBytes(settings: plugin.settingsBytes),
            activityRunID: invocation.run.activityRunId, attempt: invocation.run.attempt, execution: context,
            cancellation: CallCancellation())
        let outcome = Self.perform(request, functions: functions, services: plugin.services, allowsRunning: false) {
            functions, context, bytes, result in
            run(functions.pluginContext, context, bytes.baseAddress, UInt64(bytes.count), result)
        }
        return finish(outcome, request)
    }

    // MARK: Long-running operations

    private nonisolated(nonsending) func runOperation(_ request: CallRequest, savedState: [UInt8]?) async -> ActivityOutcome {
        var outcome: Result<PluginCallOutcome, PluginMisbehavior>
        if let savedState {
            request.execution.log(.info, "resuming the saved operation of '\(descriptor.typeName)' by polling it")
            outcome = await poll(request, state: savedState)
        } else {
            outcome = await call(request, allowsRunning: true) { functions, context, bytes, result in
                functions.start.map { start in
                    start(functions.pluginContext, context, bytes.baseAddress, UInt64(bytes.count), result)
                }
            }
        }
        // The state of the remote operation as last known, for a cancellation that arrives while
        // a poll is in flight: the plugin's poll then ends early, but the remote job still runs.
        var lastState = savedState
        while case .success(.running(let state, let pollAfter)) = outcome {
            // A durable write per changed state only: most polls return the state they were given.
            if state != lastState { await request.execution.saveOperationState(state) }
            lastState = state
            guard request.cancellation?.isCancelled != true, !Task.isCancelled else {
                return await cancelOperation(request, state: state)
            }
            do {
                try await Task.sleep(for: delay(pollAfter))
            } catch {
                return await cancelOperation(request, state: state)
            }
            outcome = await poll(request, state: state)
        }
        if case .success(.succeeded) = outcome {
            return finish(outcome, request)
        }
        if let lastState, request.cancellation?.isCancelled == true || Task.isCancelled {
            return await cancelOperation(request, state: lastState)
        }
        return finish(outcome, request)
    }

    private nonisolated(nonsending) func poll(_ request: CallRequest, state: [UInt8]) async -> Result<PluginCallOutcome, PluginMisbehavior> {
        await call(request, allowsRunning: true) { functions, context, bytes, result in
            state.withUnsafeBufferPointer { stateBytes in
                functions.poll.map { poll in
                    poll(
                        functions.pluginContext, context, bytes.baseAddress, UInt64(bytes.count),
                        stateBytes.baseAddress, UInt64(stateBytes.count), result)
                }
            }
        }
    }

    /// Asks the plugin to stop the remote operation, then reports the activity as cancelled
    /// whatever the plugin answered (a failed cancel request is logged).
    private nonisolated(nonsending) func cancelOperation(_ request: CallRequest, state: [UInt8]) async -> ActivityOutcome {
        let cancelRequest = CallRequest(
            invocation: request.invocation, activityRunID: request.activityRunID, attempt: request.attempt,
            execution: request.execution, cancellation: nil)
        let outcome = await call(cancelRequest, ignoringCancellation: true) { functions, context, bytes, result in
            state.withUnsafeBufferPointer { stateBytes in
                functions.cancel.map { cancel in
                    cancel(
                        functions.pluginContext, context, bytes.baseAddress, UInt64(bytes.count),
                        stateBytes.baseAddress, UInt64(stateBytes.count), result)
                }
            }
        }
        switch outcome {
        case .success(.failed(let payload)):
            request.execution.log(.warning, "the plugin could not ask the remote side to stop: \(payload.message)")
        case .failure(let misbehavior):
            request.execution.log(.warning, misbehaved(misbehavior).message)
        case .success:
            break
        }
        return .cancelled
    }

    private func delay(_ milliseconds: UInt64) -> Duration {
        guard milliseconds > 0 else { return defaultPollInterval }
        return .milliseconds(Int64(min(milliseconds, 24 * 60 * 60 * 1000)))
    }

    // MARK: Calls

    /// One C call on a worker thread, behind the gate when the type is not thread-safe.
    private nonisolated(nonsending) func call(
        _ request: CallRequest, allowsRunning: Bool = false, ignoringCancellation: Bool = false,
        _ body: @escaping @Sendable (ActivityFunctions, UnsafePointer<ph_call_context>, UnsafeBufferPointer<UInt8>, UnsafeMutablePointer<ph_result>) -> Int32?
    ) async -> Result<PluginCallOutcome, PluginMisbehavior> {
        if let gate {
            guard await gate.acquire(ignoringCancellation: ignoringCancellation) else {
                return .success(.failed(ActivityFailureText.cancelledWhileWaiting))
            }
        }
        defer { gate?.release() }
        let functions = functions
        let services = plugin.services
        return await withTaskCancellationHandler {
            await pool.run {
                Self.perform(request, functions: functions, services: services, allowsRunning: allowsRunning, body)
            }
        } onCancel: {
            request.cancellation?.cancel()
        }
    }

    private static func perform(
        _ request: CallRequest, functions: ActivityFunctions, services: HostServicesTable, allowsRunning: Bool,
        _ body: (ActivityFunctions, UnsafePointer<ph_call_context>, UnsafeBufferPointer<UInt8>, UnsafeMutablePointer<ph_result>) -> Int32?
    ) -> Result<PluginCallOutcome, PluginMisbehavior> {
        let call = PluginCall(cancellation: request.cancellation, execution: request.execution)
        return call.withContext(
            services: services.pointer, activityRunID: request.activityRunID, attempt: request.attempt
        ) { context in
            var result = ph_result()
            result.struct_size = StructLayout.resultSize
            return withUnsafeMutablePointer(to: &result) { result in
                let status = request.invocation.withUnsafeBufferPointer { bytes in body(functions, context, bytes, result) }
                guard let status else {
                    return .failure(PluginMisbehavior("the function for this call is NULL"))
                }
                return PluginResultReader.read(status: status, result: result, allowsRunning: allowsRunning)
            }
        }
    }

    private func finish(_ outcome: Result<PluginCallOutcome, PluginMisbehavior>, _ request: CallRequest) -> ActivityOutcome {
        let cancelled = request.cancellation?.isCancelled ?? false
        switch outcome {
        case .success(.succeeded(let output)):
            return .succeeded(output: output)
        case .success(.failed(let error)):
            if cancelled || Task.isCancelled { return .cancelled }
            return .failed(error)
        case .success(.running):
            return .failed(misbehaved(PluginMisbehavior("it returned PH_STATUS_RUNNING from a call that must finish")))
        case .failure(let misbehavior):
            return .failed(misbehaved(misbehavior))
        }
    }

    private func misbehaved(_ misbehavior: PluginMisbehavior) -> ActivityError {
        let declaration = plugin.library.declaration
        return ActivityError(
            errorCode: ActivityErrorCode.pluginMisbehaved,
            message: "plugin '\(declaration.pluginID)' ('\(plugin.library.path)') misbehaved in activity type "
                + "'\(descriptor.typeName)': \(misbehavior). This is a bug in the plugin; report it to its authors",
            failureType: .systemError)
    }

    private var hostShutDown: ActivityError {
        ActivityError(
            errorCode: ActivityErrorCode.pluginHostShutDown,
            message: "plugin '\(plugin.pluginID)' was shut down before the activity ran", failureType: .systemError)
    }
}

/// The function pointers of one descriptor and the plugin's context.
struct ActivityFunctions: @unchecked Sendable {
    // Static function pointers and an opaque pointer owned by the plugin: safe to share.
    let pluginContext: UnsafeMutableRawPointer?
    let run: ph_activity_run_fn?
    let start: ph_activity_run_fn?
    let poll: ph_activity_operation_fn?
    let cancel: ph_activity_operation_fn?
}

/// What every call of one activity attempt shares.
struct CallRequest: Sendable {
    let invocation: [UInt8]
    let activityRunID: String
    let attempt: Int
    let execution: ActivityExecutionContext
    /// nil for the `cancel` call, which must not see itself as cancelled.
    let cancellation: CallCancellation?
}

enum ActivityFailureText {
    static let cancelledWhileWaiting = ActivityError(
        errorCode: ActivityErrorCode.activityCancelled,
        message: "The activity was cancelled while it waited for its turn.",
        failureType: .userError)
}
