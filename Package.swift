// swift-tools-version:6.1
//
// pipehost: run Azure Data Factory pipelines on your own machines, every activity type a plugin.
// Layout and import rules: docs/architecture.md. The host never links NIO; plugins and the
// emulator never import host modules; only C types and bytes cross the plugin boundary.
import PackageDescription

/// Swift plugins are never unloaded (dlclose of a Swift image crashes later); `-z nodelete` makes
/// that true even if someone calls dlclose.
let pluginLinkerSettings: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "-z", "-Xlinker", "nodelete"])]

let package = Package(
    name: "pipehost",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pipehost", targets: ["pipehost"]),
        .executable(name: "azureml-emulator", targets: ["azureml-emulator"]),
        .library(name: "PipehostPluginABI", targets: ["PipehostPluginABI"]),
        .library(name: "PipehostJSON", targets: ["PipehostJSON"]),
        .library(name: "PipelineExpressions", targets: ["PipelineExpressions"]),
        .library(name: "DataFlowScript", targets: ["DataFlowScript"]),
        .library(name: "PluginRuntime", targets: ["PluginRuntime"]),
        .library(name: "PluginKit", targets: ["PluginKit"]),
        .library(name: "PipehostTesting", targets: ["PipehostTesting"]),
        // The engine's libraries, for the benchmarks package and for embedding.
        .library(name: "PipelineModel", targets: ["PipelineModel"]),
        .library(name: "PipelineScheduler", targets: ["PipelineScheduler"]),
        .library(name: "HostCore", targets: ["HostCore"]),
        .library(name: "RunStore", targets: ["RunStore"]),
        .library(name: "RunPictures", targets: ["RunPictures"]),
        .library(name: "AzureMLEmulator", targets: ["AzureMLEmulator"]),
        // The plugins that ship with pipehost, one shared library each.
        .library(name: "AzureMLPlugin", type: .dynamic, targets: ["AzureMLPlugin"]),
        .library(name: "StoredProcedurePlugin", type: .dynamic, targets: ["StoredProcedurePlugin"]),
        .library(name: "CustomActivityPlugin", type: .dynamic, targets: ["CustomActivityPlugin"]),
        .library(name: "DataPlugin", type: .dynamic, targets: ["DataPlugin"]),
        .library(name: "WebPlugin", type: .dynamic, targets: ["WebPlugin"]),
        .library(name: "SparkPlugin", type: .dynamic, targets: ["SparkPlugin"]),
        // The example native procedure library (usp_log_run), for NativeProcedureLibrary linked services.
        .library(name: "ExampleNativeProcedures", type: .dynamic, targets: ["ExampleNativeProcedures"]),
        // A real plugin for tests and benchmarks: no-op, echo, sleeping and long-running types.
        .library(name: "SwiftFixturePlugin", type: .dynamic, targets: ["SwiftFixturePlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already in the graph through async-http-client; named so the plugins can tell a refused connection.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        // Already in the graph through async-http-client; named so the Web plugin can turn certificate validation off.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Already in the graph through hummingbird; named so the emulator can run its server in a ServiceGroup.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // MARK: Shared leaves (no Foundation): linked into the host and into every Swift plugin.
        .target(name: "PipehostJSON", path: "Sources/Shared/JSON"),
        // Mapping data flows: the script's parser, syntax tree, printer and stream graph, and the
        // dataflow/*.json resource. Pure Swift, no Spark: the compiler to Spark builds on it.
        .target(name: "DataFlowScript", dependencies: ["PipehostJSON"], path: "Sources/Shared/DataFlowScript"),
        // What an activity call exchanges whoever executes it: ADF's error shape and the error codes,
        // the invocation format's version. The host's engine and the plugin kit both import it.
        .target(name: "ActivityContract", dependencies: ["PipehostJSON"], path: "Sources/Shared/ActivityContract"),
        .target(
            name: "PluginContract",
            dependencies: ["PipehostPluginABI", "PipehostJSON"],
            path: "Sources/Shared/PluginContract"
        ),

        // MARK: Host
        .target(name: "PipehostPluginABI", path: "Sources/Host/PluginABI"),
        // Validation parses data flow scripts (DataFlowScript), to report their errors with the rest.
        .target(name: "PipelineModel", dependencies: ["PipehostJSON", "DataFlowScript"], path: "Sources/Host/Model"),
        .target(
            name: "PipelineExpressions",
            dependencies: ["PipelineModel", "PipehostJSON"],
            path: "Sources/Host/Expressions"
        ),
        .target(name: "PipelineScheduler", dependencies: ["PipelineModel"], path: "Sources/Host/Scheduler"),
        .target(
            name: "HostCore",
            dependencies: [
                "PipelineModel", "PipelineExpressions", "PipelineScheduler", "PipehostJSON", "ActivityContract",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Host/Core"
        ),
        // The loader (dlopen, validation, init, in-process calls) and process isolation
        // (Isolation/: worker processes, the worker protocol, `plugins check`) are one target on
        // purpose: the loader decides per plugin, at load time, whether to start it in worker
        // processes, and a worker process is the same loader run in a child. Two targets would need
        // an injected launcher protocol and `package` access to the loader's internals, which hides
        // that coupling instead of removing it.
        .target(
            name: "PluginRuntime",
            dependencies: [
                "HostCore", "PipelineModel", "ActivityContract", "PipehostPluginABI", "PluginContract", "PipehostJSON",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Host/PluginRuntime"
        ),
        .target(
            name: "RunStore",
            dependencies: ["HostCore", "PipelineModel", "PipehostJSON", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/Host/RunStore"
        ),
        .target(
            name: "RunPictures",
            dependencies: ["HostCore", "PipelineModel"],
            path: "Sources/Host/RunPictures"
        ),
        .target(
            name: "PipehostTesting",
            dependencies: ["HostCore", "PluginRuntime", "PipehostJSON"],
            path: "Sources/Host/Testing"
        ),
        .target(
            name: "PipehostCommands",
            dependencies: [
                "PipelineModel", "PipelineExpressions", "PipelineScheduler", "HostCore", "PluginRuntime",
                "RunStore", "RunPictures", "PipehostJSON", "DataFlowScript",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Host/Commands"
        ),
        .executableTarget(name: "pipehost", dependencies: ["PipehostCommands"], path: "Sources/Host/pipehost"),

        // MARK: Plugins (import PluginKit or the header, never a host module)
        .target(
            name: "PluginKit",
            dependencies: ["PipehostPluginABI", "PluginContract", "ActivityContract", "PipehostJSON"],
            path: "Sources/Plugins/PluginKit"
        ),
        .systemLibrary(
            name: "CFFI",
            path: "Sources/Plugins/CFFI",
            pkgConfig: "libffi",
            providers: [.apt(["libffi-dev"])]
        ),
        .target(
            name: "AzureMLPlugin",
            dependencies: [
                "PluginKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Plugins/AzureML",
            linkerSettings: pluginLinkerSettings
        ),
        // PostgreSQL linked services, connections, pools and SQL error reports, linked statically into
        // the plugins that reach PostgreSQL (stored procedures and Script, the data activities).
        .target(
            name: "PostgresSupport",
            dependencies: [
                "PluginKit", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Plugins/PostgresSupport"
        ),
        .target(
            name: "StoredProcedurePlugin",
            dependencies: [
                "PluginKit", "PostgresSupport", "CFFI", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Plugins/StoredProcedure",
            linkerSettings: pluginLinkerSettings
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/Plugins/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libbz2 ships no pkg-config file on Debian; the module map links it by name.
        .systemLibrary(
            name: "CBzip2",
            path: "Sources/Plugins/CBzip2",
            providers: [.apt(["libbz2-dev"])]
        ),
        // Parquet's page codecs (Formats/Parquet/ParquetCodec.swift).
        .systemLibrary(
            name: "CSnappy",
            path: "Sources/Plugins/CSnappy",
            pkgConfig: "snappy",
            providers: [.apt(["libsnappy-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            path: "Sources/Plugins/CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // The Spark family (Sources/Plugins/Spark): HDInsight, Databricks and Synapse activities run by
        // spark-submit. It reaches storage through DataPluginCore's StorageStaging (package access).
        .target(
            name: "SparkPlugin",
            dependencies: ["SparkPluginCore", "PluginKit"],
            path: "Sources/Plugins/SparkEntry",
            linkerSettings: pluginLinkerSettings
        ),
        .target(
            name: "SparkPluginCore",
            dependencies: [
                "PluginKit", "DataPluginCore",
                // Data flows' PostgreSQL sources and sinks: linked service connection settings.
                "PostgresSupport",
                // ExecuteDataFlow compiles data flow scripts into the plan its driver runs.
                "DataFlowScript",
                // A standalone master's REST submission API (cluster deploy mode).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/Plugins/Spark"
        ),
        // DataPluginCore is the plugin; DataPlugin adds only the exported entry (DataEntry/), so
        // that DataPluginUnitTests link the core beside the other plugins without a duplicate symbol.
        .target(
            name: "DataPlugin",
            dependencies: ["DataPluginCore", "PluginKit"],
            path: "Sources/Plugins/DataEntry",
            linkerSettings: pluginLinkerSettings
        ),
        .target(
            name: "DataPluginCore",
            dependencies: [
                "PluginKit", "PostgresSupport", "CZlib", "CBzip2", "CSnappy", "CZstd",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Plugins/Data"
        ),
        .target(
            name: "WebPlugin",
            dependencies: [
                "PluginKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // SHA-1 thumbprints and RS256 signatures of service principals' client assertions.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Sources/Plugins/Web",
            linkerSettings: pluginLinkerSettings
        ),
        .target(
            name: "CustomActivityPlugin",
            dependencies: ["PipehostPluginABI"],
            path: "Sources/Plugins/CustomActivity",
            cSettings: [.unsafeFlags(["-fvisibility=hidden", "-Wall", "-Wextra", "-Werror"])]
        ),

        .target(
            name: "ExampleNativeProcedures",
            path: "examples/native-procedures",
            exclude: ["linkedService", "README.md"],
            cSettings: [.unsafeFlags(["-fvisibility=hidden", "-Wall", "-Wextra", "-Werror"])]
        ),

        // MARK: Emulator (only HTTP crosses between it and the plugins)
        .target(
            name: "AzureMLEmulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Emulator/AzureMLEmulator"
        ),
        .executableTarget(
            name: "azureml-emulator",
            dependencies: [
                "AzureMLEmulator", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Emulator/azureml-emulator"
        ),

        // MARK: Tests
        .target(name: "TestSizeTags", path: "Tests/Support/TestSizeTags"),
        .target(name: "LiveProcesses", path: "Tests/Support/LiveProcesses"),
        .target(name: "PythonTestSupport", path: "Tests/Support/PythonTestSupport"),
        .target(name: "GeneratedPipelines", dependencies: ["PipehostJSON", "PipelineExpressions"], path: "Tests/Support/GeneratedPipelines"),
        .testTarget(
            name: "PipehostJSONTests",
            dependencies: ["PipehostJSON", "TestSizeTags"],
            path: "Tests/PipehostJSONTests"
        ),
        .testTarget(
            name: "DataFlowScriptTests",
            dependencies: ["DataFlowScript", "PipehostJSON", "TestSizeTags"],
            path: "Tests/DataFlowScriptTests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PluginContractTests",
            dependencies: ["PluginContract", "ActivityContract", "PipehostPluginABI", "PipehostJSON", "TestSizeTags"],
            path: "Tests/PluginContractTests"
        ),
        .testTarget(
            name: "PluginKitTests",
            dependencies: ["PluginKit", "PluginContract", "TestSizeTags"],
            path: "Tests/PluginKitTests"
        ),
        .target(
            name: "PluginTestSupport",
            dependencies: ["HostCore", "PipehostJSON", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Support/PluginTestSupport"
        ),
        .testTarget(
            name: "PluginRuntimeTests",
            dependencies: [
                "PluginRuntime", "HostCore", "PipelineModel", "PluginContract", "PipehostJSON", "PipehostPluginABI",
                "PluginTestSupport", "TestSizeTags", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PluginRuntimeTests"
        ),
        .testTarget(
            name: "IsolationTests",
            dependencies: [
                "PluginRuntime", "PipehostTesting", "HostCore", "PipehostJSON", "PluginTestSupport", "TestSizeTags",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/IsolationTests"
        ),
        .testTarget(
            name: "CustomActivityPluginTests",
            dependencies: ["PluginRuntime", "HostCore", "PipehostJSON", "PluginTestSupport", "TestSizeTags", "PipehostTesting"],
            path: "Tests/CustomActivityPluginTests"
        ),
        .testTarget(
            name: "PluginCommandsTests",
            dependencies: ["PipehostJSON", "PluginTestSupport", "TestSizeTags", "GeneratedPipelines"],
            path: "Tests/PluginCommandsTests"
        ),
        .testTarget(
            name: "StoredProcedurePluginTests",
            dependencies: [
                "PluginRuntime", "HostCore", "PipehostJSON", "PluginTestSupport", "TestSizeTags", "PipehostTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/StoredProcedurePluginTests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "DataPluginPostgresTests",
            dependencies: [
                "DataPluginCore", "PostgresSupport", "PluginKit", "PipehostJSON", "TestSizeTags",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/DataPluginPostgresTests"
        ),
        .target(
            name: "SwiftFixturePlugin",
            dependencies: ["PluginKit"],
            path: "Tests/FixturePlugins/SwiftFixturePlugin",
            linkerSettings: pluginLinkerSettings
        ),
        .testTarget(
            name: "PipelineModelTests",
            dependencies: ["PipelineModel", "PipehostJSON", "TestSizeTags"],
            path: "Tests/PipelineModelTests"
        ),
        .testTarget(
            name: "HostCoreTests",
            dependencies: [
                "HostCore", "PipelineModel", "PipelineScheduler", "PipelineExpressions", "PipehostJSON", "TestSizeTags",
                "GeneratedPipelines", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/HostCoreTests"
        ),
        .testTarget(
            name: "RunStoreTests",
            dependencies: [
                "RunStore", "RunPictures", "HostCore", "PipelineModel", "PipehostJSON", "TestSizeTags",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/RunStoreTests"
        ),
        .testTarget(
            name: "PipelineSchedulerTests",
            dependencies: ["PipelineScheduler", "PipelineModel", "TestSizeTags"],
            path: "Tests/PipelineSchedulerTests"
        ),
        .testTarget(
            name: "PipehostCommandsTests",
            dependencies: ["PipehostJSON", "TestSizeTags", "LiveProcesses"],
            path: "Tests/PipehostCommandsTests"
        ),
        .testTarget(
            name: "PipelineExpressionsTests",
            dependencies: ["PipelineExpressions", "PipehostJSON", "TestSizeTags"],
            path: "Tests/PipelineExpressionsTests"
        ),
        .testTarget(
            name: "AzureMLEmulatorTests",
            dependencies: [
                "AzureMLEmulator", "TestSizeTags", "PythonTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/AzureMLEmulatorTests"
        ),
        .testTarget(
            name: "AzureMLPluginUnitTests",
            dependencies: [
                "AzureMLPlugin", "PluginKit", "PipehostJSON", "TestSizeTags", .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/AzureMLPluginUnitTests"
        ),
        .testTarget(
            name: "WebPluginTests",
            dependencies: [
                "PluginRuntime", "HostCore", "PipehostJSON", "PluginTestSupport", "TestSizeTags", "PipehostTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/WebPluginTests"
        ),
        .testTarget(
            name: "SparkPluginUnitTests",
            dependencies: ["SparkPluginCore", "DataPluginCore", "DataFlowScript", "PluginKit", "PipehostJSON", "TestSizeTags"],
            path: "Tests/SparkPluginUnitTests"
        ),
        // Data flows compiled and run by the data flow driver on real Spark, all in one spark-submit.
        .testTarget(
            name: "DataFlowSparkTests",
            dependencies: ["SparkPluginCore", "DataFlowScript", "PipehostJSON", "PluginTestSupport", "TestSizeTags"],
            path: "Tests/DataFlowSparkTests"
        ),
        .testTarget(
            name: "SparkPluginTests",
            dependencies: [
                "PluginRuntime", "HostCore", "PipehostJSON", "PluginTestSupport", "TestSizeTags", "PipehostTesting", "AzureMLEmulator",
                "LiveProcesses",
            ],
            path: "Tests/SparkPluginTests"
        ),
        .testTarget(
            name: "DataPluginUnitTests",
            dependencies: ["DataPluginCore", "PluginKit", "PipehostJSON", "TestSizeTags", "PythonTestSupport"],
            path: "Tests/DataPluginUnitTests"
        ),
        .testTarget(
            name: "DataPluginTests",
            dependencies: [
                "PluginRuntime", "HostCore", "PipehostJSON", "PluginTestSupport", "TestSizeTags", "PipehostTesting",
                "AzureMLEmulator",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Tests/DataPluginTests"
        ),
        .testTarget(
            name: "AzureMLPluginTests",
            dependencies: [
                "PluginRuntime", "HostCore", "PipehostJSON", "PluginTestSupport", "TestSizeTags", "AzureMLEmulator", "PipehostTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/AzureMLPluginTests"
        ),
    ]
)

// Shared Swift settings for every Swift target.
for target in package.targets where target.type != .system {
    guard !["PipehostPluginABI", "CustomActivityPlugin", "ExampleNativeProcedures"].contains(target.name) else { continue }
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
