// swift-tools-version:6.1
//
// pipehost's benchmarks: one executable per benchmark, built and run in release (scripts/bench).
// Figures and the commands that reproduce them are recorded in ../BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "pipehost-benchmarks",
    platforms: [.macOS(.v14)],
    products: [
        // Azure ML: hundreds of Batch Execution jobs through the built `pipehost` binary against
        // the emulator running in its own process.
        .executable(name: "azureml-batch-benchmark", targets: ["AzureMLBatchBenchmark"]),
    ],
    targets: [
        .executableTarget(name: "AzureMLBatchBenchmark", path: "Sources/AzureMLBatchBenchmark"),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
