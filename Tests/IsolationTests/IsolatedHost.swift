import HostCore
import PipehostJSON
import PipehostTesting
import PluginRuntime
import PluginTestSupport

/// Test beds that run fixture plugins in worker processes (the `pipehost` built beside the tests).
enum IsolatedHost {
    static func crashing() throws -> PluginTestBed {
        try PluginTestBed(
            library: try CFixtureCompiler.crashingPlugin(), isolation: .process, workerExecutable: BuildProducts.pipehost)
    }

    static func swiftFixture(isolation: PluginIsolation = .process) throws -> PluginTestBed {
        try PluginTestBed(
            library: BuildProducts.library("SwiftFixturePlugin"), isolation: isolation,
            workerExecutable: BuildProducts.pipehost)
    }

    static func misbehaving() throws -> PluginTestBed {
        try PluginTestBed(
            library: try CFixtureCompiler.misbehavingPlugin(), isolation: .process,
            workerExecutable: BuildProducts.pipehost)
    }
}
