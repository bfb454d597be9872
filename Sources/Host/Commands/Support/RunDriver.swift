import Foundation
import HostCore
import Logging
import PipehostJSON
import PipelineModel
import RunStore
import Synchronization

/// Drives one pipeline run for `pipehost run`, `runs resume`, `runs rerun` and `activity run`, from
/// reading the plugins' tables to the last line of output.
///
/// ``with(_:logger:_:)`` reads which types the plugins serve (no plugin code runs) and hands the
/// driver to the command, which checks its pipeline with ``validate(_:)`` against ``knownTypes``,
/// may ``startEmulator(_:factoryGlobalParameters:)``, and then
/// ``run(_:options:recording:presentation:_:)``: the plugins start, the run starts, Ctrl-C (or
/// SIGTERM) cancels it, the driver waits for its end, closes the run store's recorder and prints
/// the result. On every path out of `with` — a usage error, an emulator that does not start, a run
/// that fails to start, fails or is cancelled — `defer` tears down what was started, in reverse
/// order: the interrupt handler is removed (inside `run`), the emulator child stopped, the plugins
/// shut down (each plugin's `deinit` called).
final class RunDriver {
    /// The activity types the run can use, from the built-ins and the plugins' tables: what the
    /// command validates against before anything is started.
    let knownTypes: KnownActivityTypes
    /// The Azure ML emulator child, when ``startEmulator(_:factoryGlobalParameters:)`` started one.
    private(set) var emulator: EmulatorProcess?
    /// The started plugins, once ``run(_:options:recording:presentation:_:)`` started them.
    private var plugins: ExecutorSetup?
    /// The command's check of its pipeline, run again once the plugins started if one of them
    /// then refused to (its `init` failed), so that the run is refused as it would have been.
    private var validation: ((KnownActivityTypes) throws(CommandFailure) -> Void)?
    private let selection: PluginSelection
    private let logger: Logger

    private init(knownTypes: KnownActivityTypes, selection: PluginSelection, logger: Logger) {
        self.knownTypes = knownTypes
        self.selection = selection
        self.logger = logger
    }

    /// Reads which activity types the plugins `selection` names serve, runs `body` with a driver,
    /// and tears down whatever was started after it, however it ends. Plugins start only when the
    /// run does: a pipeline refused as invalid starts no plugin and creates no work folder.
    static func with<Result>(
        _ selection: PluginSelection, logger: Logger, _ body: (RunDriver) async throws(CommandFailure) -> Result
    ) async throws(CommandFailure) -> Result {
        let driver = RunDriver(knownTypes: try ExecutorSetup.knownTypes(selection, logger: logger), selection: selection, logger: logger)
        defer { driver.plugins?.shutdown() }
        defer { driver.emulator?.stop() }
        return try await body(driver)
    }

    /// Checks the pipeline against ``knownTypes`` with `validation` (which reports the problems and
    /// throws when the pipeline cannot run), before anything is started.
    func validate(_ validation: @escaping (KnownActivityTypes) throws(CommandFailure) -> Void) throws(CommandFailure) {
        self.validation = validation
        try validation(knownTypes)
    }

    /// Starts the Azure ML emulator child when `options` ask for it (`--emulator FILE`); it is
    /// stopped when ``with(_:logger:_:)`` ends, and ``run(_:options:recording:presentation:_:)``
    /// hands its URL to the run as a global parameter.
    func startEmulator(_ options: EmulatorOptions, factoryGlobalParameters: JSONObject) async throws(CommandFailure) {
        emulator = try await options.start(factoryGlobalParameters: factoryGlobalParameters)
    }

    /// Runs `start` to its end with Ctrl-C cancelling it, records it into `recording` when given,
    /// prints what `presentation` asks for, and returns the exit status (see ``RunExitCode``).
    func run(
        _ factory: Factory, options: RunOptions, recording: RunRecording?, presentation: RunPresentation,
        _ start: @escaping @Sendable (PipelineRunner) async throws(RunStartError) -> PipelineRunRecord
    ) async throws(CommandFailure) -> Int32 {
        let plugins = try ExecutorSetup.load(selection, logger: logger)
        self.plugins = plugins
        let started = KnownActivityTypes(registry: plugins.registry)
        if let validation, !knownTypes.names.isSubset(of: started.names) { try validation(started) }

        var options = options
        if let emulator {
            options.globalParameters = emulator.globalParameters(overriding: options.globalParameters ?? factory.globalParameters)
        }
        let journal = RunJournal()
        var observers: [any RunObserver] = [journal]
        // A run whose lease another process took over (this one stopped renewing it in time) is
        // cancelled here, so that its activities do not run in two processes.
        let stopOnLeaseLoss = RunCanceller()
        let recorder = recording.map {
            RunStoreRecorder(store: $0.store, launch: $0.launch) { _ in stopOnLeaseLoss.cancel() }
        }
        if let recorder {
            observers.append(recorder)
            observers.append(RunIdAnnouncer(storePath: recorder.store.path))
        }
        let live = presentation.showsLiveView ? LiveRunView(stream: .output) : nil
        if let live {
            observers.append(live)
        } else if presentation.showsProgress {
            observers.append(LineRunReporter(stream: .output))
        }
        let runner = PipelineRunner(factory: factory, registry: plugins.registry, options: options, observer: RunObservers(observers))
        let result = await Self.runToEnd(runner, live: live, canceller: stopOnLeaseLoss, start)
        live?.clear()
        await recorder?.close()
        // Stopped before the report, so that it lists what the emulator finished writing.
        emulator?.stop()

        switch result {
        case .failure(let error):
            throw CommandFailure(error.description)
        case .success(let record):
            return try presentation.render(record, journal: journal, emulator: emulator)
        }
    }

    /// Starts the run as a task, turns the first Ctrl-C or SIGTERM into its cancellation (a second
    /// one exits at once), and waits for it.
    private static func runToEnd(
        _ runner: PipelineRunner, live: LiveRunView?, canceller: RunCanceller,
        _ start: @escaping @Sendable (PipelineRunner) async throws(RunStartError) -> PipelineRunRecord
    ) async -> Result<PipelineRunRecord, RunStartError> {
        let task = Task { () async -> Result<PipelineRunRecord, RunStartError> in
            do throws(RunStartError) {
                return .success(try await start(runner))
            } catch {
                return .failure(error)
            }
        }
        canceller.arm { task.cancel() }
        let interrupts = InterruptHandler(cancelling: task) {
            StandardStreams.error.write("\nCancelling the run (Ctrl-C again to quit at once)…\n")
        }
        defer { interrupts.remove() }
        let ticker = live?.startTicking()
        defer { ticker?.cancel() }
        return await task.value
    }
}

/// Where a driven run is recorded: the store and what the run was started with.
struct RunRecording {
    var store: RunStore
    var launch: RunLaunch
}

/// Cancels the run task from a thread outside it (the run store's writer, when the run's lease was
/// taken over), once the task exists; a cancellation asked for before is applied when it is armed.
private final class RunCanceller: Sendable {
    private let state = Mutex<(cancel: (@Sendable () -> Void)?, requested: Bool)>((nil, false))

    func arm(_ cancel: @escaping @Sendable () -> Void) {
        let requested = state.withLock { state in
            state.cancel = cancel
            return state.requested
        }
        if requested { cancel() }
    }

    func cancel() {
        let cancel = state.withLock { state in
            state.requested = true
            return state.cancel
        }
        cancel?()
    }
}
