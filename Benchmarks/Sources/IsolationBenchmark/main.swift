// Process isolation: dispatch of a no-op activity on a warm worker (beside the in-process
// figure), worker start, and how soon a crash fails its activity.
//
// Usage: IsolationBenchmark --pipehost PATH --swift-plugin libSwiftFixturePlugin.so --crash-plugin libcrashing_c.so
// (scripts/bench isolation builds them and passes them).
import BenchmarkSupport
import Foundation
import HostCore
import Logging
import PipehostJSON
import PluginRuntime

func argument(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

guard let pipehost = argument("--pipehost"), let swiftPlugin = argument("--swift-plugin"),
    let crashPlugin = argument("--crash-plugin")
else {
    print("usage: IsolationBenchmark --pipehost PATH --swift-plugin PATH --crash-plugin PATH")
    exit(64)
}

let logger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    return logger
}()

func load(_ path: String, isolation: PluginIsolation, workers: Int = 1) -> PluginHost {
    var manifest = PluginManifest.singleLibrary(path)
    manifest.libraries[0].isolation = isolation
    let host = PluginHost.load(
        manifest: manifest,
        options: PluginHostOptions(
            logger: logger, workDirectory: BenchmarkFolders.pluginWork,
            isolation: IsolationOptions(workerExecutable: pipehost, workersPerPlugin: workers)))
    guard host.failures.isEmpty else {
        print("plugin failed to load: \(host.failures)")
        exit(1)
    }
    return host
}

func invocation(_ type: String) -> ActivityInvocation {
    ActivityInvocation(
        activityName: "Noop", activityType: type, typeProperties: ["value": 1],
        run: RunIdentifiers(
            dataFactory: "f", pipelineName: "p", pipelineRunId: "r1", activityRunId: "a1", attempt: 1,
            triggerTime: "2024-05-02T01:00:00Z", groupId: "g"))
}

func microseconds(_ seconds: Double) -> String { Measurement.format(seconds * 1e6) + " µs" }
func milliseconds(_ seconds: Double) -> String { Measurement.format(seconds * 1e3, digits: 2) + " ms" }

let context = ActivityExecutionContext()
let noop = invocation("Fixture.Noop")

// 1. Dispatch of a no-op, in process and on a warm worker, sequential calls.
let inProcess = load(swiftPlugin, isolation: .inProcess)
let isolated = load(swiftPlugin, isolation: .process)
guard let local = inProcess.executors.first(where: { $0.descriptor.typeName == "Fixture.Noop" }),
    let remote = isolated.executors.first(where: { $0.descriptor.typeName == "Fixture.Noop" })
else { exit(1) }
for _ in 0..<2000 {
    _ = await local.execute(noop, context: context)
    _ = await remote.execute(noop, context: context)
}
func perCall(_ executor: any ActivityExecutor, calls: Int) async -> Double {
    await Measurement.medianSeconds(runs: 15) {
        for _ in 0..<calls { _ = await executor.execute(noop, context: context) }
    } / Double(calls)
}
let localSeconds = await perCall(local, calls: 5000)
let remoteSeconds = await perCall(remote, calls: 5000)
print("no-op dispatch, in process:                 median \(microseconds(localSeconds)) per call")
print("no-op dispatch, process-isolated warm worker: median \(microseconds(remoteSeconds)) per call (target ≤ 50 µs; \(Measurement.format(remoteSeconds / localSeconds))× in process)")
inProcess.shutdown()
isolated.shutdown()

// 2. Worker start: spawn, exec, dlopen, init, hello — a fresh host each time (the first load
// of the library into the host happens before the loop).
var startSamples: [Double] = []
for _ in 0..<21 {
    let clock = ContinuousClock()
    let start = clock.now
    let host = load(swiftPlugin, isolation: .process)
    startSamples.append(Measurement.nanoseconds(start.duration(to: clock.now)) / 1e9)
    host.shutdown()
}
print("worker start (spawn → hello), fresh host:   median \(milliseconds(Measurement.median(startSamples))) (target ≤ 20 ms)")

// 3. Crash to failed activity: a call whose plugin raises SIGSEGV at once, on a warm worker;
// measured from the call to its failed outcome, so it includes the dispatch (an upper bound on
// detection). A new worker is started (unmeasured) before each sample.
let crashing = load(crashPlugin, isolation: .process)
guard let segfault = crashing.executors.first(where: { $0.descriptor.typeName == "Crash.Segfault" }),
    let fine = crashing.executors.first(where: { $0.descriptor.typeName == "Crash.Fine" })
else { exit(1) }
var crashSamples: [Double] = []
for _ in 0..<21 {
    _ = await fine.execute(invocation("Crash.Fine"), context: context)  // warm a worker
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = await segfault.execute(invocation("Crash.Segfault"), context: context)
    crashSamples.append(Measurement.nanoseconds(start.duration(to: clock.now)) / 1e9)
    guard case .failed(let error) = outcome, error.errorCode == ActivityErrorCode.pluginWorkerCrashed else {
        print("unexpected outcome of the crash: \(outcome)")
        exit(1)
    }
}
crashing.shutdown()
print("crash → activity failed (call to outcome):  median \(milliseconds(Measurement.median(crashSamples))) (target ≤ 100 ms)")
