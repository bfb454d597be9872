import HostCore

/// An in-process executor that does nothing: the benchmark measures the host around it.
struct NoOpExecutor: ActivityExecutor {
    let descriptor = ActivityTypeDescriptor(
        typeName: "NoOp", origin: .plugin(id: "bench.noop", version: "1", path: "<in-process>"), isThreadSafe: true,
        isLongRunning: false)

    nonisolated(nonsending) func execute(_ invocation: ActivityInvocation, context: ActivityExecutionContext) async -> ActivityOutcome {
        .succeeded(output: [:])
    }
}
