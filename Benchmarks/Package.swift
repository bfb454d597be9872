// swift-tools-version:6.1
//
// pipehost benchmarks: one release-mode executable per benchmark, each printing medians.
// Run them with scripts/bench (or `swift run -c release <name>` here). Figures: BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "pipehost-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "pipehost", path: "..")],
    targets: [
        .executableTarget(
            name: "ExpressionThroughput",
            dependencies: [
                .product(name: "PipelineExpressions", package: "pipehost"),
                .product(name: "PipehostJSON", package: "pipehost"),
            ],
            path: "Sources/ExpressionThroughput"
        ),
        .executableTarget(
            name: "ExpressionFuzz",
            dependencies: [
                .product(name: "PipelineExpressions", package: "pipehost")
            ],
            path: "Sources/ExpressionFuzz"
        ),
        // Azure ML: hundreds of Batch Execution activities through the release `pipehost` binary
        // against the emulator in its own process; needs no library of the root package.
        .executableTarget(name: "AzureMLBatchBenchmark", path: "Sources/AzureMLBatchBenchmark"),
        .executableTarget(
            name: "EngineOverhead",
            dependencies: [
                .product(name: "HostCore", package: "pipehost"),
                .product(name: "PipelineModel", package: "pipehost"),
                .product(name: "PipehostJSON", package: "pipehost"),
            ],
            path: "Sources/EngineOverhead"
        ),
    ]
)
