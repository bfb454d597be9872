// swift-tools-version:6.1
//
// pipehost's benchmarks: one release-mode executable per benchmark, each printing medians.
// Run them with scripts/bench (or `swift run -c release <name>` here). Figures and the commands
// that reproduce them are recorded in ../BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "pipehost-benchmarks",
    platforms: [.macOS(.v14)],
    products: [
        // The C procedure of the native-call benchmark, loaded through NativeLibrary like any procedure library.
        .library(name: "BenchmarkProcedures", type: .dynamic, targets: ["BenchmarkProcedures"])
    ],
    dependencies: [
        // Named, because a path dependency's identity is its folder's name, which differs between
        // clones and worktrees.
        .package(name: "pipehost", path: ".."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "BenchmarkSupport", path: "Sources/BenchmarkSupport"),
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
        .executableTarget(
            name: "PluginDispatchBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PluginRuntime", package: "pipehost"),
                .product(name: "HostCore", package: "pipehost"),
                .product(name: "PipehostJSON", package: "pipehost"),
                .product(name: "PipehostPluginABI", package: "pipehost"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/PluginDispatchBenchmark"
        ),
        .executableTarget(
            name: "IsolationBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PluginRuntime", package: "pipehost"),
                .product(name: "HostCore", package: "pipehost"),
                .product(name: "PipehostJSON", package: "pipehost"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/IsolationBenchmark"
        ),
        .executableTarget(
            name: "PluginLoadBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PluginRuntime", package: "pipehost"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/PluginLoadBenchmark"
        ),
        .executableTarget(
            name: "EngineOverhead",
            dependencies: [
                .product(name: "HostCore", package: "pipehost"),
                .product(name: "PipelineModel", package: "pipehost"),
                .product(name: "PipehostJSON", package: "pipehost"),
            ],
            path: "Sources/EngineOverhead"
        ),
        // Azure ML: hundreds of Batch Execution activities through the release `pipehost` binary
        // against the emulator in its own process; needs no library of the root package.
        .executableTarget(name: "AzureMLBatchBenchmark", path: "Sources/AzureMLBatchBenchmark"),
        .target(name: "BenchmarkProcedures", path: "Sources/BenchmarkProcedures"),
        .executableTarget(
            name: "NativeProcedureCallBenchmark",
            dependencies: [
                "BenchmarkSupport", "BenchmarkProcedures",
                .product(name: "StoredProcedurePlugin", package: "pipehost"),
            ],
            path: "Sources/NativeProcedureCallBenchmark"
        ),
        .executableTarget(
            name: "PostgresProcedureCallBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "StoredProcedurePlugin", package: "pipehost"),
            ],
            path: "Sources/PostgresProcedureCallBenchmark"
        ),
    ]
)
