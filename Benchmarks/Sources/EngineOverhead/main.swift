// EngineOverhead SHAPE COUNT [REPETITIONS]
//
// Runs a pipeline of COUNT no-op activities shaped as SHAPE (chain, fanout, foreach) through the
// real runner, with an in-memory run journal recording every activity run, REPETITIONS times
// (default 5), and prints one JSON line: the median wall time, the host overhead per activity,
// and the process's peak resident memory.
import Foundation
import HostCore
import PipehostJSON
import PipelineModel

let arguments = CommandLine.arguments
guard arguments.count >= 3, let shape = PipelineShape(rawValue: arguments[1]), let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: EngineOverhead chain|fanout|foreach COUNT [REPETITIONS]\n".utf8))
    exit(64)
}
let repetitions = arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5

var factory = Factory(name: "bench")
factory.add(shape.pipeline(activities: count, type: "NoOp"))
let registry = try ActivityRegistry([NoOpExecutor()])

/// CPU time of the whole process (every thread), in seconds.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

var seconds: [Double] = []
var cpuSeconds: [Double] = []
var recorded = 0
for _ in 0..<repetitions {
    let journal = RunJournal()
    let observer: any RunObserver = ProcessInfo.processInfo.environment["BENCH_NO_JOURNAL"] == nil ? journal : DiscardingRunObserver()
    let runner = PipelineRunner(factory: factory, registry: registry, observer: observer)
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = processCPUSeconds()
    let record = try await runner.run(pipelineNamed: shape.rawValue)
    let elapsed = clock.now - start
    cpuSeconds.append(processCPUSeconds() - cpuStart)
    guard record.status == .succeeded else {
        FileHandle.standardError.write(Data("run \(record.status.rawValue): \(record.message)\n".utf8))
        exit(1)
    }
    recorded = journal.activityRuns.count
    seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
seconds.sort()
cpuSeconds.sort()
let median = seconds[seconds.count / 2]
let medianCPU = cpuSeconds[cpuSeconds.count / 2]

/// VmHWM: the peak resident set size of this process, in kB.
func peakResidentKilobytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}

let result: JSONValue = [
    "shape": .string(shape.rawValue), "activities": .integer(Int64(count)), "activityRunsRecorded": .integer(Int64(recorded)),
    "repetitions": .integer(Int64(repetitions)), "medianSeconds": .double(median),
    "microsecondsPerActivity": .double(median / Double(count) * 1_000_000),
    "cpuMicrosecondsPerActivity": .double(medianCPU / Double(count) * 1_000_000),
    "peakMemoryMB": .double(Double(peakResidentKilobytes()) / 1024),
]
print(JSONSerializer.serialize(result))
