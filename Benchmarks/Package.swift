// swift-tools-version:6.1
//
// pipehost's benchmarks: one executable per benchmark, built and run in release
// (`scripts/bench`). Figures and how to reproduce them are recorded in ../BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "pipehost-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named, because a path dependency's identity is its folder's name, which differs between
        // clones and worktrees.
        .package(name: "pipehost", path: ".."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "BenchmarkSupport", path: "Sources/BenchmarkSupport"),
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
            name: "PluginLoadBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PluginRuntime", package: "pipehost"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/PluginLoadBenchmark"
        ),
    ]
)
