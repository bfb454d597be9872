// swift-tools-version:6.1
//
// pipehost benchmarks: one release-mode executable per benchmark, each printing medians.
// Run them with scripts/bench (or `swift run -c release <name>` here). Figures: BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "pipehost-benchmarks",
    platforms: [.macOS(.v14)],
    products: [
        // The C procedure of the native-call benchmark, loaded through NativeLibrary like any procedure library.
        .library(name: "BenchmarkProcedures", type: .dynamic, targets: ["BenchmarkProcedures"])
    ],
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
        .target(name: "BenchmarkSupport", path: "Sources/BenchmarkSupport"),
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
