// Dispatch of a no-op activity through the plugin ABI, from the bare C call to the async executor.
//
// Usage: PluginDispatchBenchmark --swift-plugin libSwiftFixturePlugin.so --c-plugin libgood_c.so
// (scripts/bench builds both and passes them).
import BenchmarkSupport
import Foundation
import HostCore
import Logging
import PipehostJSON
import PipehostPluginABI
import PluginRuntime

guard let swiftPath = argument("--swift-plugin"), let cPath = argument("--c-plugin") else {
    print("usage: PluginDispatchBenchmark --swift-plugin PATH --c-plugin PATH")
    exit(64)
}

/// The floor: a direct Swift call with the same shape as a plugin's run function.
@inline(never)
func directRun(
    _ pluginContext: UnsafeMutableRawPointer?, _ context: UnsafePointer<ph_call_context>?, _ invocation: UnsafePointer<UInt8>?,
    _ length: UInt64, _ result: UnsafeMutablePointer<ph_result>?
) -> Int32 {
    0
}

var logger = Logger(label: "bench")
logger.logLevel = .warning
let host = PluginHost.load(
    manifest: PluginManifest(libraries: [.init(path: swiftPath), .init(path: cPath)]),
    options: PluginHostOptions(logger: logger, workDirectory: BenchmarkFolders.pluginWork))
guard host.failures.isEmpty else {
    print("plugins failed to load: \(host.failures)")
    exit(1)
}
var registry = ActivityRegistry()
for executor in host.executors { try registry.register(executor) }

// As small an invocation as the format allows (the issue asks for about 200 bytes; the envelope
// of activity, run identifiers and settings alone is about 300).
let invocation = ActivityInvocation(
    activityName: "Noop", activityType: "Fixture.Noop", typeProperties: ["value": 1],
    run: RunIdentifiers(
        dataFactory: "f", pipelineName: "p", pipelineRunId: "r1", activityRunId: "a1", attempt: 1,
        triggerTime: "2024-05-02T01:00:00Z", groupId: "g"))
let invocationBytes = invocation.documentBytes(settings: Array("{}".utf8))
var cInvocation = invocation
cInvocation.activityType = "CFixture.Noop"
let context = ActivityExecutionContext()

// `--profile NAME`: only run one inner path many times, for callgrind.
if let profiled = argument("--profile") {
    guard let executor = registry.executor(for: profiled) as? PluginActivityExecutor else { exit(64) }
    var call = invocation
    call.activityType = profiled
    for _ in 0..<20_000 { _ = executor.executeOnCurrentThread(call, context: context) }
    exit(0)
}

print("invocation JSON: \(invocationBytes.count) bytes")
print("")

// 1. The floor and the bare call through the C table.
let library = try PluginLibrary.load(cPath).get()
guard let descriptor = library.table.pointee.activities?[0], let run = descriptor.pointee.run else {
    print("the C plugin has no run function")
    exit(1)
}
let iterations = 10_000_000
let (floor, bare) = invocationBytes.withUnsafeBufferPointer { bytes in
    // One result struct on the heap: no exclusivity checks of a global in the loops.
    let result = UnsafeMutablePointer<ph_result>.allocate(capacity: 1)
    result.initialize(to: ph_result())
    result.pointee.struct_size = UInt32(MemoryLayout<ph_result>.size)
    defer { result.deallocate() }
    let floor = Timing.perOperation(iterations: iterations) {
        _ = directRun(nil, nil, bytes.baseAddress, UInt64(bytes.count), result)
    }
    let bare = Timing.perOperation(iterations: iterations) {
        _ = run(nil, nil, bytes.baseAddress, UInt64(bytes.count), result)
    }
    return (floor, bare)
}
report("direct Swift call, same signature (the floor)", floor)
report("bare call through the C table (CFixture.Noop)", bare, note: "ratio to floor \(ratio(bare, floor))")

// 2. The synchronous inner path: invocation JSON out, C call, output JSON back, validation.
guard let swiftNoop = registry.executor(for: "Fixture.Noop") as? PluginActivityExecutor,
    let cNoop = registry.executor(for: "CFixture.Noop") as? PluginActivityExecutor
else {
    print("no-op executors missing")
    exit(1)
}
let innerC = Timing.perOperation(iterations: 200_000) {
    _ = cNoop.executeOnCurrentThread(cInvocation, context: context)
}
report("inner path, C plugin (JSON out, call, {} back, validation)", innerC)
let innerSwift = Timing.perOperation(iterations: 200_000) {
    _ = swiftNoop.executeOnCurrentThread(invocation, context: context)
}
report("inner path, Swift plugin (+ PluginKit parsing and encoding)", innerSwift)

// Where the inner path's time goes.
let writeDocument = Timing.perOperation(iterations: 200_000) {
    _ = invocation.documentBytes(settings: Array("{}".utf8))
}
report("  of which: write the invocation document", writeDocument)
let parseInvocation = Timing.perOperation(iterations: 200_000) {
    _ = try? JSONParser.parse(invocationBytes)
}
report("  of which (Swift plugin side): parse the invocation", parseInvocation)

// 3. Through the registry and the async executor: the worker-thread hop included.
let asyncPath = await Timing.perOperation(samples: 11, iterations: 20_000) {
    _ = await registry.executor(for: "Fixture.Noop")?.execute(invocation, context: context)
}
report("registry + async execute, one at a time (thread-pool hop)", asyncPath)
let concurrentTasks = 64
let concurrent = await Timing.perOperation(samples: 11, iterations: 1) {
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<concurrentTasks {
            group.addTask {
                for _ in 0..<500 { _ = await registry.executor(for: "Fixture.Noop")?.execute(invocation, context: context) }
            }
        }
    }
}
let perCall = Timing(samples: concurrent.samples.map { $0 / Double(concurrentTasks * 500) })
report("registry + async execute, 64 tasks at once (per call)", perCall, note: "threads: \(host.workerThreadsStarted)")

host.shutdown()

func ratio(_ value: Timing, _ base: Timing) -> String {
    let r = value.median / base.median
    return "\((r * 100).rounded() / 100)×"
}
