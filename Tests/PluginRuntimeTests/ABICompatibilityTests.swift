import Foundation
import HostCore
import PipehostJSON
import PluginContract
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// Minor versions of the plugin ABI are compatible in both directions: a plugin compiled against
/// the frozen ABI 1.0 header loads in a host whose structs have grown, and a plugin of a later
/// minor (larger structs) loads in this host. One fixture source (`abi_plugin.c`) is compiled
/// against the frozen 1.0 header and against a grown test header (``GrownABIHeader``); a small C
/// host (`grown_host.c`) built against the grown header plays the host of a later minor.
@Suite("ABI minor compatibility", .tags(.medium))
struct ABICompatibilityTests {
    @Test("a plugin built against the frozen 1.0 header has exactly the frozen sizes and loads and runs here")
    func frozenPluginInThisHost() async throws {
        let path = try CFixtureCompiler.abiPlugin(grown: false)
        let host = Fixtures.host([path])
        defer { host.shutdown() }
        #expect(host.failures.isEmpty, "\(host.failures)")
        let output = try #require(await host.run("AbiFixture.Report").output)
        typealias Frozen = StructLayout.FrozenSize
        #expect(output["compiledMinor"] == 0)
        #expect(output["pluginSize"] == .integer(Int64(Frozen.pluginTable)))
        #expect(output["descriptorSize"] == .integer(Int64(Frozen.activityDescriptor)))
        // A 1.0 descriptor ends before 1.1's linked_service_types: read as "does not say".
        #expect(host.plugins.first?.declaration?.activities.map(\.linkedServiceTypes) == [nil])
        #expect(output["resultSize"] == .integer(Int64(Frozen.result)))
        #expect(output["callContextSize"] == .integer(Int64(Frozen.callContext)))
        #expect(output["hostServicesSize"] == .integer(Int64(Frozen.hostServices)))
        #expect(output["hostInfoSize"] == .integer(Int64(Frozen.hostInfo)))
        #expect(output["bufferSize"] == .integer(Int64(Frozen.buffer)))
        #expect(output["hostResultSize"] == .integer(Int64(StructLayout.resultSize)))
    }

    @Test("a plugin of a later minor, with larger structs, loads and runs here; this host's structs are enough for it")
    func grownPluginInThisHost() async throws {
        let path = try CFixtureCompiler.abiPlugin(grown: true)
        let host = Fixtures.host([path])
        defer { host.shutdown() }
        #expect(host.failures.isEmpty, "\(host.failures)")
        let declaration = try #require(host.plugins.first?.declaration)
        #expect(declaration.abiText == "1.\(PluginABIVersion.minor + 1)")
        let output = try #require(await host.run("AbiFixture.Report").output)
        #expect(output["compiledMinor"] == .integer(Int64(PluginABIVersion.minor + 1)))
        #expect(output["pluginSize"] == .integer(Int64(StructLayout.FrozenSize.pluginTable + 8)))
        // The plugin saw this host's 1.0-sized services and did not find the field it knows of.
        #expect(output["hostServicesSizeAtInit"] == .integer(Int64(StructLayout.hostServicesSize)))
        #expect(output["hostServicesAppended"] == "absent")
    }

    @Test("a host of a later minor accepts a 1.0 plugin by the shared rule and reads no field the plugin lacks")
    func frozenPluginInGrownHost() throws {
        let result = try runGrownHost(try CFixtureCompiler.abiPlugin(grown: false))
        #expect(result.status == 0, "\(result.output)")
        let json = try JSONParser.parse(result.output)
        #expect(json["hostMinor"] == .integer(Int64(PluginABIVersion.minor + 1)))
        #expect(json["pluginStructSize"] == .integer(Int64(StructLayout.FrozenSize.pluginTable)))
        #expect(json["pluginAppended"] == "absent")
        #expect(json["descriptorAppended"] == "absent")
        #expect(json["resultAppended"] == 0)
        // The 1.0 plugin accepted the host's grown services, context and result.
        let output = try #require(json["output"])
        #expect(output["compiledMinor"] == 0)
        #expect(output["hostResultSize"] == .integer(Int64(StructLayout.FrozenSize.result + 8)))
        #expect(output["hostCallContextSize"] == .integer(Int64(StructLayout.FrozenSize.callContext + 8)))
        #expect(output["hostServicesSizeAtInit"] == .integer(Int64(StructLayout.FrozenSize.hostServices + 8)))
    }

    @Test("a host and a plugin of the same later minor see each other's appended fields")
    func grownPluginInGrownHost() throws {
        let result = try runGrownHost(try CFixtureCompiler.abiPlugin(grown: true))
        #expect(result.status == 0, "\(result.output)")
        let json = try JSONParser.parse(result.output)
        #expect(json["pluginAppended"] == 11)
        #expect(json["descriptorAppended"] == 22)
        #expect(json["resultAppended"] == 7)
        #expect(json["output"]?["hostServicesAppended"] == 33)
    }

    @Test("a host of a later minor still refuses a table smaller than 1.0's")
    func grownHostRefusesSmallTable() throws {
        let result = try runGrownHost(try CFixtureCompiler.brokenTable("SMALL_TABLE"))
        #expect(result.status == 1)
        let json = try JSONParser.parse(result.output)
        #expect(json["refused"] == "ph_plugin")
        #expect(json["structSize"] == 16)
        #expect(json["required"] == .integer(Int64(StructLayout.FrozenSize.pluginTable)))
    }

    @Test("this host refuses a descriptor smaller than 1.0's with the precise message")
    func smallDescriptor() throws {
        let path = try CFixtureCompiler.brokenTable("SMALL_DESCRIPTOR")
        let error = try #require(Fixtures.loadError(path))
        let required = StructLayout.FrozenSize.activityDescriptor
        #expect(
            error
                == .invalidDescriptor(
                    path: path, index: 0, typeName: nil,
                    problem: "struct_size is 24, but a plugin ABI 1.0 descriptor is at least \(required) bytes; set it "
                        + "to sizeof(ph_activity_descriptor)"))
    }

    private func runGrownHost(_ plugin: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CFixtureCompiler.grownHost())
        process.arguments = [plugin]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
