// Loading a plugin: dlopen, entry, table validation (and init), measured in fresh processes,
// because a library is loaded once per process and never unloaded.
//
// Usage: PluginLoadBenchmark --plugin PATH [--plugin PATH …] [--warm-up PATH] [--runs N]
// Each run starts this executable again as `--child MODE PATH`; the child times one load and
// prints nanoseconds.
import BenchmarkSupport
import Foundation
import Logging
import PluginRuntime

if let mode = argument("--child"), let path = CommandLine.arguments.last {
    // In "warm" modes another library goes through the loader first, so that the figure holds
    // what loading this plugin costs and not the first use of the host's own loader code.
    if mode.hasPrefix("warm-"), let warmUp = argument("--warm-up") {
        guard case .success = PluginLibrary.load(warmUp) else { exit(2) }
    }
    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    let clock = ContinuousClock()
    let start = clock.now
    switch mode {
    case "validate", "warm-validate":
        guard case .success = PluginLibrary.load(path) else { exit(1) }
    default:
        let host = PluginHost.load(
            manifest: .singleLibrary(path),
            options: PluginHostOptions(logger: logger, workDirectory: BenchmarkFolders.pluginWork))
        guard host.failures.isEmpty else { exit(1) }
    }
    print(Int(Timing.nanoseconds(clock.now - start)))
    exit(0)
}

var plugins: [String] = []
for (index, value) in CommandLine.arguments.enumerated() where value == "--plugin" && index + 1 < CommandLine.arguments.count {
    plugins.append(CommandLine.arguments[index + 1])
}
let runs = argument("--runs").flatMap(Int.init) ?? 41
let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path

let warmUp = argument("--warm-up")

func child(_ mode: String, _ path: String) -> Double? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["--child", mode] + (warmUp.map { ["--warm-up", $0] } ?? []) + [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}

var modes = [("validate", "load + validate, cold loader"), ("init", "load + validate + init (PluginHost), cold")]
if warmUp != nil {
    modes.insert(("warm-validate", "load + validate, loader warmed by another plugin"), at: 1)
    modes.append(("warm-init", "load + validate + init, loader warmed"))
}
for path in plugins {
    let name = URL(fileURLWithPath: path).lastPathComponent
    for (mode, label) in modes {
        let samples = (0..<runs).compactMap { _ in child(mode, path) }
        guard samples.count == runs else {
            print("\(name): a child failed to load the plugin")
            exit(1)
        }
        report("\(name): \(label)", Timing(samples: samples))
    }
}
