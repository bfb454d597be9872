import HostCore
import PipehostPluginABI
import PluginContract
import Synchronization

/// One call into a plugin (a `run`, `start`, `poll` or `cancel`): the `ph_call_context` the
/// plugin receives and the host state its services reach through `host_data`.
///
/// The context is freed when the call object dies, which is after the C function returned:
/// plugins must not keep the context (the header says so).
final class PluginCall: @unchecked Sendable {
    // The context memory is written once in init and only read afterwards.
    let context: UnsafeMutablePointer<ph_call_context>
    let execution: ActivityExecutionContext
    private let cancellation: CallCancellation?
    private let activityRunID: UnsafeMutablePointer<CChar>

    private static let nextCallID = Atomic<UInt64>(1)

    /// - Parameter cancellation: the flag `is_cancelled` reports; nil for a `cancel` call, which
    ///   must run to its end.
    init(
        services: UnsafePointer<ph_host_services>, activityRunID: String, attempt: Int,
        cancellation: CallCancellation?, execution: ActivityExecutionContext
    ) {
        self.execution = execution
        self.cancellation = cancellation
        let runID = Array(activityRunID.utf8CString)
        self.activityRunID = UnsafeMutablePointer<CChar>.allocate(capacity: runID.count)
        self.activityRunID.initialize(from: runID, count: runID.count)
        context = UnsafeMutablePointer<ph_call_context>.allocate(capacity: 1)
        context.initialize(to: ph_call_context())
        context.pointee.struct_size = StructLayout.callContextSize
        context.pointee.attempt = UInt32(clamping: attempt)
        context.pointee.call_id = Self.nextCallID.add(1, ordering: .relaxed).oldValue
        context.pointee.services = services
        context.pointee.activity_run_id = UnsafePointer(self.activityRunID)
        context.pointee.host_data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        context.deinitialize(count: 1)
        context.deallocate()
        activityRunID.deallocate()
    }

    var isCancelled: Bool { cancellation?.isCancelled ?? false }

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
