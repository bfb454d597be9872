import HostCore
import PipehostJSON
import Synchronization

/// `pipehost plugins check`: a conformance validator in the spirit of clap-validator. Every check
/// runs in its own worker process, so a plugin that crashes is reported by the check that
/// crashed it and the other checks still run. The worker loads the library with the ordinary
/// loader (`RTLD_NOW | RTLD_LOCAL`, table validation, init) and its standard output goes to a
/// capture file, so stray writes are seen.
public enum PluginConformance {
    /// Runs every check on the library at `path`, in order.
    public static func check(library path: String, options: ConformanceOptions = ConformanceOptions()) async
        -> [ConformanceCheck]
    {
        let run = ConformanceRun(path: path, options: options)
        return await run.all()
    }
}

/// One validation: the checks so far and the stdout captured along the way.
final class ConformanceRun: Sendable {
    let path: String
    let options: ConformanceOptions
    /// The settings the workers are started with, serialised for the invocation documents.
    let settingsBytes: [UInt8]
    private let stdoutWrites = Mutex<[String]>([])

    init(path: String, options: ConformanceOptions) {
        self.path = path
        self.options = options
        settingsBytes = JSONSerializer.bytes(options.settings ?? .object(JSONObject()))
    }

    func all() async -> [ConformanceCheck] {
        var checks: [ConformanceCheck] = []
        let clock = ContinuousClock()
        let started = clock.now
        let first = await withWorker(check: "load") { worker -> Result<WorkerConnection, Never> in .success(worker) }
        guard case .success(let worker)? = first.result else {
            let reason = first.failure ?? "the worker did not start"
            checks.append(ConformanceCheck(name: "load", status: .fail, detail: reason))
            checks.append(ConformanceCheck(name: "checks of the activities", status: .skip, detail: "the plugin does not load"))
            return checks
        }
        let activities = worker.activities
        checks.append(
            ConformanceCheck(
                name: "load", status: .pass,
                detail: "dlopen(RTLD_NOW | RTLD_LOCAL), entry, table and init succeeded in a worker in "
                    + "\(milliseconds(clock.now - started)); \(activities.count) activity type(s): "
                    + activities.map(\.type).joined(separator: ", ")))
        checks.append(await lifecycle())
        for activity in activities {
            checks.append(await emptyInvocation(activity.type, isLongRunning: activity.isLongRunning))
            checks.append(await malformedInvocation(activity.type))
            if activity.isThreadSafe && !activity.isLongRunning {
                checks.append(await concurrency(activity.type))
            } else {
                checks.append(
                    ConformanceCheck(
                        name: "concurrency \(activity.type)", status: .skip,
                        detail: activity.isLongRunning
                            ? "long-running: the cancellation check covers it" : "not declared thread-safe"))
            }
            if activity.isLongRunning {
                checks.append(await cancellation(activity.type))
            }
        }
        checks.append(stdoutCheck())
        checks.append(options.deep ? await leaks(activities.map(\.type)) : ConformanceCheck(
            name: "leaks (valgrind)", status: .skip, detail: "run with --deep to check under valgrind"))
        return checks
    }

    // MARK: Checks

    /// init and deinit three times, each in a fresh worker, each within the bound.
    private func lifecycle() async -> ConformanceCheck {
        let name = "init and deinit"
        let clock = ContinuousClock()
        var timings: [String] = []
        for cycle in 1...3 {
            let start = clock.now
            let attempt = await withWorker(check: name) { worker -> Result<Duration?, Never> in
                .success(worker.shutdown(timeout: self.options.lifecycleBound))
            }
            let initTime = clock.now - start
            switch attempt.result {
            case .success(let deinitTime)?:
                guard let deinitTime else {
                    return ConformanceCheck(
                        name: name, status: .fail,
                        detail: "cycle \(cycle): deinit did not finish within \(options.lifecycleBound)"
                            + StderrTail.suffix(attempt.stderr))
                }
                if deinitTime > options.lifecycleBound {
                    return ConformanceCheck(
                        name: name, status: .fail, detail: "cycle \(cycle): deinit took \(milliseconds(deinitTime))")
                }
                timings.append("start+init \(milliseconds(initTime)), deinit \(milliseconds(deinitTime))")
            default:
                return ConformanceCheck(
                    name: name, status: .fail, detail: "cycle \(cycle): \(attempt.failure ?? "the worker did not start")")
            }
        }
        return ConformanceCheck(name: name, status: .pass, detail: "3 cycles: " + timings.joined(separator: "; "))
    }

    private func emptyInvocation(_ type: String, isLongRunning: Bool) async -> ConformanceCheck {
        let name = "empty-invocation \(type)"
        let attempt = await withWorker(check: name) { worker -> Result<CallReport, Never> in
            .success(
                await self.call(worker, timeout: self.options.callTimeout) { context in
                    await worker.execute(
                        Self.emptyInvocation(type), settings: self.settingsBytes, context: context, killAfter: self.options.cancellationBound)
                })
        }
        return judge(name, attempt, acceptsTimeout: isLongRunning, expectation: "answer an invocation with empty typeProperties")
    }

    private func malformedInvocation(_ type: String) async -> ConformanceCheck {
        let name = "malformed-invocation \(type)"
        let attempt = await withWorker(check: name) { worker -> Result<CallReport, Never> in
            .success(
                await self.call(worker, timeout: self.options.callTimeout) { context in
                    await worker.execute(
                        type: type, rawInvocation: Array("{\"abiVersion\":\(InvocationFormat.abiVersion),\"activity\":[".utf8), context: context,
                        killAfter: self.options.cancellationBound)
                })
        }
        return judge(name, attempt, acceptsTimeout: false, expectation: "answer a truncated, invalid JSON invocation")
    }

    private func concurrency(_ type: String) async -> ConformanceCheck {
        let name = "concurrency \(type)"
        let count = options.concurrentCalls
        let attempt = await withWorker(check: name) { worker -> Result<[CallReport], Never> in
            let reports = await withTaskGroup(of: CallReport.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        await self.call(worker, timeout: self.options.callTimeout) { context in
                            await worker.execute(
                                Self.emptyInvocation(type), settings: self.settingsBytes, context: context, killAfter: self.options.cancellationBound)
                        }
                    }
                }
                var reports: [CallReport] = []
                for await report in group { reports.append(report) }
                return reports
            }
            return .success(reports)
        }
        guard case .success(let reports)? = attempt.result else {
            return ConformanceCheck(name: name, status: .fail, detail: attempt.failure ?? "the worker did not start")
        }
        let verdicts = reports.map { report in
            judge(
                name, WorkerAttempt(result: .success(report), stderr: attempt.stderr), acceptsTimeout: false,
                expectation: "survive \(count) concurrent calls")
        }
        if let failed = verdicts.first(where: { $0.status == .fail }) { return failed }
        return ConformanceCheck(name: name, status: .pass, detail: "\(count) concurrent calls in one worker all answered")
    }

    /// A long-running operation is cancelled 300 ms after it starts; the worker must report the
    /// activity cancelled within the bound without being killed.
    private func cancellation(_ type: String) async -> ConformanceCheck {
        let name = "cancellation \(type)"
        let clock = ContinuousClock()
        let attempt = await withWorker(check: name) { worker -> Result<(ActivityOutcome, Duration, Bool), Never> in
            let task = Task {
                await worker.execute(Self.emptyInvocation(type), settings: self.settingsBytes, context: ActivityExecutionContext(), killAfter: self.options.cancellationBound)
            }
            try? await Task.sleep(for: .milliseconds(300))
            let cancelledAt = clock.now
            task.cancel()
            let outcome = await task.value
            return .success((outcome, clock.now - cancelledAt, worker.isAlive))
        }
        guard case .success(let (outcome, elapsed, alive))? = attempt.result else {
            return ConformanceCheck(name: name, status: .fail, detail: attempt.failure ?? "the worker did not start")
        }
        if !alive {
            return ConformanceCheck(
                name: name, status: .fail,
                detail: "the operation did not end within \(options.cancellationBound) of being cancelled (poll or cancel "
                    + "ignored is_cancelled or blocked); the worker was killed" + StderrTail.suffix(attempt.stderr))
        }
        switch outcome {
        case .cancelled:
            return ConformanceCheck(name: name, status: .pass, detail: "cancelled \(milliseconds(elapsed)) after the request")
        case .succeeded, .failed:
            return ConformanceCheck(
                name: name, status: .pass,
                detail: "the operation ended before the cancellation (\(describe(outcome))); ended \(milliseconds(elapsed)) after it")
        }
    }

    private func stdoutCheck() -> ConformanceCheck {
        let writes = stdoutWrites.withLock { $0 }
        if writes.isEmpty {
            return ConformanceCheck(name: "no stdout writes", status: .pass, detail: "nothing was written to standard output")
        }
        return ConformanceCheck(
            name: "no stdout writes", status: .fail,
            detail: "the plugin wrote to standard output, which is pipehost's own output (and in process isolation "
                + "the protocol channel): " + writes.joined(separator: "; ") + ". Log through the host services instead")
    }

    /// One worker under valgrind: an empty invocation of each type, then deinit; valgrind's exit
    /// status 99 means memory errors or definite leaks.
    private func leaks(_ types: [String]) async -> ConformanceCheck {
        let name = "leaks (valgrind)"
        guard let valgrind = CaptureFile.valgrind() else {
            return ConformanceCheck(name: name, status: .skip, detail: "valgrind is not installed (apt-get install valgrind)")
        }
        let executable = options.workerExecutable ?? IsolationOptions().resolvedWorkerExecutable
        let capture = CaptureFile.makePath()
        defer { CaptureFile.remove(capture) }
        let arguments = [
            "--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
            "--quiet", executable,
        ] + workerArguments(capture: capture)
        let started = WorkerConnection.start(executable: valgrind, arguments: arguments, timeout: .seconds(120)) { death in
            "under valgrind: \(death.explanation)"
        }
        guard case .success(let worker) = started else {
            if case .failure(let error) = started { return ConformanceCheck(name: name, status: .fail, detail: "\(error)") }
            return ConformanceCheck(name: name, status: .fail, detail: "the worker did not start under valgrind")
        }
        for type in types {
            _ = await call(worker, timeout: .seconds(60)) { context in
                await worker.execute(Self.emptyInvocation(type), settings: self.settingsBytes, context: context, killAfter: .seconds(10))
            }
            guard worker.isAlive else { break }
        }
        worker.shutdown(timeout: .seconds(60))
        let exit = worker.process.reap()
        switch exit {
        case .exited(0):
            return ConformanceCheck(name: name, status: .pass, detail: "no memory errors or definite leaks")
        case .exited(99):
            return ConformanceCheck(
                name: name, status: .fail,
                detail: "valgrind found memory errors or definite leaks" + StderrTail.suffix(worker.stderrTail.text))
        default:
            return ConformanceCheck(
                name: name, status: .fail, detail: "the worker under valgrind \(exit)" + StderrTail.suffix(worker.stderrTail.text))
        }
    }

    // MARK: Running

    /// The outcome of one call, or how it timed out.
    struct CallReport: Sendable {
        var outcome: ActivityOutcome
        /// The check cancelled the call after `callTimeout`.
        var timedOut: Bool
        var workerAlive: Bool
    }

    struct WorkerAttempt<Value: Sendable>: Sendable {
        /// nil when the worker did not start.
        var result: Result<Value, Never>?
        var failure: String?
        var stderr: String

        init(result: Result<Value, Never>?, failure: String? = nil, stderr: String) {
            self.result = result
            self.failure = failure
            self.stderr = stderr
        }
    }

    /// Starts a fresh worker for one check, runs `body`, shuts the worker down and records stdout writes.
    private func withWorker<Value: Sendable>(
        check: String, _ body: @Sendable (WorkerConnection) async -> Result<Value, Never>
    ) async -> WorkerAttempt<Value> {
        let capture = CaptureFile.makePath()
        defer { CaptureFile.remove(capture) }
        let executable = options.workerExecutable ?? IsolationOptions().resolvedWorkerExecutable
        let path = path
        let started = WorkerConnection.start(
            executable: executable, arguments: workerArguments(capture: capture), timeout: options.lifecycleBound
        ) { death in
            "the plugin '\(path)' failed: \(death.explanation)"
        }
        let attempt: WorkerAttempt<Value>
        switch started {
        case .failure(let error):
            attempt = WorkerAttempt(result: nil, failure: "\(error)", stderr: "")
        case .success(let worker):
            let result = await body(worker)
            if worker.isAlive { worker.shutdown(timeout: options.lifecycleBound) }
            attempt = WorkerAttempt(result: result, stderr: worker.stderrTail.text)
        }
        let written = CaptureFile.firstBytes(capture)
        if written.count > 0 {
            stdoutWrites.withLock {
                $0.append("\(written.count) byte(s) during '\(check)', starting \(JSONSerializer.quoted(written.text))")
            }
        }
        return attempt
    }

    private func workerArguments(capture: String) -> [String] {
        var arguments = ["plugins", "worker", path, "--stdout-to", capture, "--work-directory", ".pipehost/work"]
        if let settings = options.settings { arguments += ["--settings", JSONSerializer.serialize(settings)] }
        return arguments
    }

    /// Runs one call, cancelling it after `timeout`.
    private func call(
        _ worker: WorkerConnection, timeout: Duration,
        _ body: @escaping @Sendable (ActivityExecutionContext) async -> ActivityOutcome
    ) async -> CallReport {
        let timedOut = Atomic<Bool>(false)
        let task = Task { await body(ActivityExecutionContext()) }
        let timer = Task {
            try await Task.sleep(for: timeout)
            timedOut.store(true, ordering: .releasing)
            task.cancel()
        }
        let outcome = await task.value
        timer.cancel()
        return CallReport(outcome: outcome, timedOut: timedOut.load(ordering: .acquiring), workerAlive: worker.isAlive)
    }

    /// The codes that mean the plugin did not answer on its own: its worker crashed, was killed
    /// or broke the protocol, or the plugin broke the contract.
    static let workerOrContractFailures: Set<String> = [
        ActivityErrorCode.pluginWorkerCrashed, ActivityErrorCode.pluginWorkerKilled,
        ActivityErrorCode.pluginWorkerProtocolError, ActivityErrorCode.pluginWorkerStartFailed,
        ActivityErrorCode.pluginMisbehaved,
    ]

    /// Pass when the plugin answered (success or an error of its own), fail on a crash, a
    /// contract violation, or no answer within the timeout.
    private func judge(
        _ name: String, _ attempt: WorkerAttempt<CallReport>, acceptsTimeout: Bool, expectation: String
    ) -> ConformanceCheck {
        guard case .success(let report)? = attempt.result else {
            return ConformanceCheck(name: name, status: .fail, detail: attempt.failure ?? "the worker did not start")
        }
        // A worker that died on its own is a crash, even when the timer fired too: on a loaded
        // machine the timer's task may run before the call's, though the crash came first.
        if case .failed(let error) = report.outcome, error.errorCode == ActivityErrorCode.pluginWorkerCrashed {
            return ConformanceCheck(name: name, status: .fail, detail: "did not \(expectation): \(error.message)")
        }
        if report.timedOut {
            if !report.workerAlive {
                return ConformanceCheck(
                    name: name, status: .fail,
                    detail: "no answer within \(options.callTimeout), and the call ignored cancellation for "
                        + "\(options.cancellationBound), so the worker was killed (an endless loop or a blocking call "
                        + "that never checks is_cancelled)" + StderrTail.suffix(attempt.stderr))
            }
            if acceptsTimeout {
                return ConformanceCheck(
                    name: name, status: .pass,
                    detail: "the operation was still running after \(options.callTimeout) and stopped when cancelled")
            }
            return ConformanceCheck(
                name: name, status: .fail,
                detail: "did not \(expectation) within \(options.callTimeout) (it ended when cancelled)")
        }
        switch report.outcome {
        case .failed(let error) where Self.workerOrContractFailures.contains(error.errorCode):
            return ConformanceCheck(name: name, status: .fail, detail: "did not \(expectation): \(error.message)")
        case .failed(let error):
            return ConformanceCheck(name: name, status: .pass, detail: "answered with an error: \(error.errorCode): \(error.message.prefix(160))")
        case .succeeded(let output):
            return ConformanceCheck(
                name: name, status: .pass,
                detail: "succeeded with valid JSON output (\(JSONSerializer.serialize(output).utf8.count) bytes)")
        case .cancelled:
            return ConformanceCheck(name: name, status: .pass, detail: "reported itself cancelled")
        }
    }

    private func describe(_ outcome: ActivityOutcome) -> String {
        switch outcome {
        case .succeeded: "succeeded"
        case .failed(let error): "failed: \(error.errorCode)"
        case .cancelled: "cancelled"
        }
    }

    static func emptyInvocation(_ type: String) -> ActivityInvocation {
        ActivityInvocation(
            activityName: "conformance-check", activityType: type, typeProperties: .object(JSONObject()),
            run: RunIdentifiers(
                dataFactory: "pipehost-check", pipelineName: "pipehost-check",
                pipelineRunId: "00000000-0000-0000-0000-000000000000",
                activityRunId: "00000000-0000-0000-0000-000000000001", attempt: 1,
                triggerTime: "2026-01-01T00:00:00Z", groupId: "00000000-0000-0000-0000-000000000000"))
    }
}

func milliseconds(_ duration: Duration) -> String {
    let micro = duration / .microseconds(1)
    return micro >= 10_000 ? "\(Int(micro / 1000)) ms" : "\(Double(Int(micro / 10)) / 100) ms"
}
