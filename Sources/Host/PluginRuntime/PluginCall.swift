import HostCore
import PipehostPluginABI
import PluginContract
import Synchronization

/// One call into a plugin (a `run`, `start`, `poll` or `cancel`): the host state that the
/// plugin's services reach through `ph_call_context.host_data`.
///
/// The `ph_call_context` itself lives on the calling thread's stack for the duration of the C call
/// (``withContext(services:activityRunID:attempt:_:)``): plugins must not keep it, as the header
/// says, and the host allocates nothing for it.
final class PluginCall: Sendable {
    let execution: ActivityExecutionContext
    private let cancellation: CallCancellation?

    private static let nextCallID = Atomic<UInt64>(1)

    /// - Parameter cancellation: the flag `is_cancelled` reports; nil for a `cancel` call, which
    ///   must run to its end.
    init(cancellation: CallCancellation?, execution: ActivityExecutionContext) {
        self.execution = execution
        self.cancellation = cancellation
    }

    var isCancelled: Bool { cancellation?.isCancelled ?? false }

    /// Runs `body` with a context for this call, valid until `body` returns.
    func withContext<Result>(
        services: UnsafePointer<ph_host_services>, activityRunID: String, attempt: Int,
        _ body: (UnsafePointer<ph_call_context>) -> Result
    ) -> Result {
        activityRunID.withCString { runID in
            var context = ph_call_context()
            context.struct_size = StructLayout.callContextSize
            context.attempt = UInt32(clamping: attempt)
            context.call_id = Self.nextCallID.add(1, ordering: .relaxed).oldValue
            context.services = services
            context.activity_run_id = runID
            context.host_data = Unmanaged.passUnretained(self).toOpaque()
            return withExtendedLifetime(self) { withUnsafePointer(to: &context) { body($0) } }
        }
    }

    /// The call a context belongs to; nil for NULL (a message outside a call).
    static func from(_ context: UnsafePointer<ph_call_context>?) -> PluginCall? {
        guard let data = context?.pointee.host_data else { return nil }
        return Unmanaged<PluginCall>.fromOpaque(data).takeUnretainedValue()
    }
}

/// The cancellation flag of one activity attempt, shared by every call it makes; set from the
/// task's cancellation handler, read by the plugin through `is_cancelled`.
final class CallCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    var isCancelled: Bool { flag.load(ordering: .acquiring) }

    func cancel() { flag.store(true, ordering: .releasing) }
}
