// swift-tools-version:6.1
//
// pipehost's benchmarks: one executable per benchmark, built and run in release
// (`swift run -c release <name>` from this folder, or scripts/bench). Figures go to ../BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "pipehost-benchmarks",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "BenchmarkProcedures", type: .dynamic, targets: ["BenchmarkProcedures"])
    ],
    dependencies: [
        // Named, so that products resolve whatever the checkout folder is called.
        .package(name: "pipehost", path: "..")
    ],
    targets: [
        .target(name: "BenchmarkSupport", path: "Sources/BenchmarkSupport"),
        // The C procedure both the direct call and the libffi call reach.
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
