import Foundation

/// Hundreds of Azure ML Batch Execution activities through the release `pipehost` binary, against
/// the emulator in a separate process with fixed-length jobs. For each workload shape it reports
/// the median wall time against the ideal (jobs back to back at full concurrency), the host's peak
/// thread count, and its CPU time per activity. Every run must succeed with every activity
/// Succeeded, or the benchmark fails.
@main
struct AzureMLBatchBenchmark {
    static func main() {
        do {
            let options = try BenchmarkOptions(arguments: Array(CommandLine.arguments.dropFirst()))
            try run(options)
        } catch {
            FileHandle.standardError.write(Data("azureml-batch-benchmark: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: BenchmarkOptions) throws {
        print(
            "Azure ML Batch Execution: \(options.activities) activities, \(options.jobSeconds) s jobs, poll every \(options.pollMilliseconds) ms, \(options.runs) runs each, median reported"
        )
        for variant in options.variants {
            var rounds: [Round] = []
            for index in 1...options.runs {
                let round = try runOnce(variant, options: options)
                print(
                    "  \(variant.rawValue) run \(index): wall \(format(round.measurement.wallSeconds)) s, pipeline \(format(round.pipelineSeconds)) s, peak threads \(round.measurement.peakThreads), CPU \(format(round.measurement.cpuSeconds)) s"
                )
                rounds.append(round)
            }
            let ideal = options.idealSeconds(variant)
            let wall = median(rounds.map(\.measurement.wallSeconds))
            let pipeline = median(rounds.map(\.pipelineSeconds))
            let cpu = median(rounds.map(\.measurement.cpuSeconds))
            let peak = rounds.map(\.measurement.peakThreads).max() ?? 0
            let shape =
                variant == .forEach
                ? "ForEach of \(options.activities), batchCount \(options.batchCount)"
                : "\(options.activities) independent activities"
            print(
                """
                \(shape):
                  ideal \(format(ideal)) s; median wall \(format(wall)) s (\(format(wall / ideal))× ideal), \
                median pipeline run \(format(pipeline)) s (\(format(pipeline / ideal))× ideal)
                  peak host threads \(peak); host CPU \(format(cpu)) s, \(format(cpu / Double(options.activities) * 1000)) ms per activity
                """)
        }
    }

    struct Round {
        var measurement: HostMeasurement
        /// `durationInMs` of the pipeline run record: from the run's start to its end, without
        /// process start-up and plugin loading.
        var pipelineSeconds: Double
    }

    static func runOnce(_ variant: BenchmarkOptions.Variant, options: BenchmarkOptions) throws -> Round {
        let factory = try BenchmarkFactory(options: options)
        defer { factory.remove() }
        let emulator = try EmulatorProcess(
            executable: options.path("azureml-emulator"), configuration: factory.emulatorConfiguration,
            jobSeconds: options.jobSeconds)
        defer { emulator.stop() }
        try factory.writeFactory(baseURL: emulator.baseURL, options: options)
        let measurement = try HostProcess.measure(
            options.path("pipehost"),
            [
                "run", factory.factoryFolder, "--pipeline", variant.pipelineName, "--plugins", factory.pluginManifest,
                "--output", "json",
            ],
            workDirectory: factory.folder)
        guard measurement.exitStatus == 0 else {
            throw BenchmarkFailure(
                "pipehost exited with \(measurement.exitStatus): \(measurement.standardError.suffix(2000))")
        }
        return Round(measurement: measurement, pipelineSeconds: try check(measurement, variant: variant, options: options))
    }

    /// Checks that the run succeeded with every Batch Execution activity Succeeded, and returns
    /// the pipeline run's duration.
    static func check(
        _ measurement: HostMeasurement, variant: BenchmarkOptions.Variant, options: BenchmarkOptions
    ) throws -> Double {
        guard let document = try JSONSerialization.jsonObject(with: measurement.standardOutput) as? [String: Any],
            let run = document["pipelineRun"] as? [String: Any], let activities = document["activityRuns"] as? [[String: Any]]
        else { throw BenchmarkFailure("pipehost's --output json was not a run records document") }
        guard run["status"] as? String == "Succeeded" else {
            throw BenchmarkFailure("the pipeline run ended \(run["status"] ?? "?"): \(run["message"] ?? "")")
        }
        let succeeded = activities.filter {
            $0["activityType"] as? String == "AzureMLBatchExecution" && $0["status"] as? String == "Succeeded"
        }
        guard succeeded.count == options.activities else {
            throw BenchmarkFailure("\(succeeded.count) of \(options.activities) Batch Execution activities succeeded")
        }
        let milliseconds = (run["durationInMs"] as? NSNumber)?.doubleValue ?? 0
        return milliseconds / 1000
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
