// Loading a plugin: dlopen, entry, table validation (and init), measured in fresh processes,
// because a library is loaded once per process and never unloaded.
//
// Usage: PluginLoadBenchmark --plugin PATH [--plugin PATH …] [--runs N]
// Each run starts this executable again as `--child MODE PATH`; the child times one load and
// prints nanoseconds.
import BenchmarkSupport
import Foundation
import PluginRuntime

if let mode = argument("--child"), let path = CommandLine.arguments.last {
    let clock = ContinuousClock()
    let start = clock.now
    switch mode {
    case "validate":
        guard case .success = PluginLibrary.load(path) else { exit(1) }
    default:
        let host = PluginHost.load(
            manifest: .singleLibrary(path), options: PluginHostOptions(workDirectory: "/tmp/pipehost-bench/work"))
        guard host.failures.isEmpty else { exit(1) }
    }
    print(Int(Measurement.nanoseconds(clock.now - start)))
    exit(0)
}

var plugins: [String] = []
for (index, value) in CommandLine.arguments.enumerated() where value == "--plugin" && index + 1 < CommandLine.arguments.count {
    plugins.append(CommandLine.arguments[index + 1])
}
let runs = argument("--runs").flatMap(Int.init) ?? 41
let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path

func child(_ mode: String, _ path: String) -> Double? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["--child", mode, path]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}

for path in plugins {
    let name = URL(fileURLWithPath: path).lastPathComponent
    for (mode, label) in [("validate", "load + validate"), ("init", "load + validate + init (PluginHost)")] {
        let samples = (0..<runs).compactMap { _ in child(mode, path) }
        guard samples.count == runs else {
            print("\(name): a child failed to load the plugin")
            exit(1)
        }
        report("\(name): \(label), first load in a fresh process", Measurement(samples: samples))
    }
}
