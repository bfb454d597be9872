/// The isolation of the engine's work that belongs to no one run's state: attempt tasks and the
/// workers of loop activities. It shares the engine's thread (`RunExecutor`) with every
/// `PipelineRun`, so that moving between a run and this costs no hop: code isolated to either
/// continues inline, where a plain `nonisolated async` function would be queued again first.
@globalActor
actor RunEngine {
    static let shared = RunEngine()

    nonisolated var unownedExecutor: UnownedSerialExecutor { RunExecutor.shared.asUnownedSerialExecutor() }
}
