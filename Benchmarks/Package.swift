// swift-tools-version:6.1
//
// pipehost benchmarks: one executable per benchmark, built and run in release by scripts/bench.
// Figures and how to reproduce them: BENCHMARKS.md.
import PackageDescription

/// SwiftPM names a path dependency after its folder, so the root package is known by whatever the
/// clone is called (`pipehost`, or a worktree's name).
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map { String($0).lowercased() } ?? "pipehost"

let package = Package(
    name: "pipehost-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "engine-bench",
            dependencies: [
                .product(name: "HostCore", package: root),
                .product(name: "PipelineModel", package: root),
            ],
            path: "Sources/engine-bench"
        ),
    ]
)
