import Foundation
import HostCore
import Logging
import PipehostJSON
import PluginContract
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

@Suite("Plugin host with real plugins", .tags(.medium))
struct PluginHostTests {
    @Test("the Swift fixture loads and declares its types")
    func swiftFixtureDeclaration() throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let plugin = try #require(host.plugins.first)
        #expect(plugin.state == .loaded)
        let declaration = try #require(plugin.declaration)
        #expect(declaration.pluginID == "org.pipehost.fixture.swift")
        #expect(declaration.version == "1.0.0")
        #expect(declaration.buildTag == BuildTag.current)
        #expect(declaration.abiText == "1.1")
        #expect(plugin.servedTypes.contains("Fixture.Echo"))
        #expect(host.executor("Fixture.Echo")?.descriptor.linkedServiceTypes == ["AzureBlobStorage", "FileServer"])
        #expect(host.executor("Fixture.Noop")?.descriptor.linkedServiceTypes == nil)
        let serial = try #require(host.executor("Fixture.Serial")?.descriptor)
        #expect(!serial.isThreadSafe)
        let countdown = try #require(host.executor("Fixture.Countdown")?.descriptor)
        #expect(countdown.isLongRunning)
        #expect(host.executors.map(\.descriptor.typeName) == host.executors.map(\.descriptor.typeName).sorted())
    }

    @Test("an invocation reaches the plugin with its settings and the host's services")
    func echo() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin], settings: [Fixtures.swiftPlugin: ["greeting": "hi"]])
        defer { host.shutdown() }
        let output = try #require(await host.run("Fixture.Echo", ["value": 42, "nested": ["a": [1, 2]]]).output)
        #expect(output["typeProperties"] == ["value": 42, "nested": ["a": [1, 2]]])
        #expect(output["activityName"] == "Activity1")
        #expect(output["attempt"] == 1)
        #expect(output["settings"] == ["greeting": "hi"])
        #expect(output["hostVersion"] == "pipehost 0.1.0")
        let workDirectory = try #require(output["workDirectory"]?.stringValue)
        #expect(workDirectory.hasPrefix("/") && workDirectory.hasSuffix("pipehost-runtime-tests/work"))
    }

    @Test("typed input errors name the property, as ADF does")
    func inputErrors() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let missing = try #require(await host.run("Fixture.Typed", ["label": "x"]).error)
        #expect(missing.errorCode == "2103")
        #expect(missing.message == "Please provide value for the required property 'typeProperties.count'.")
        let wrongType = try #require(await host.run("Fixture.Typed", ["count": "three"]).error)
        #expect(wrongType.errorCode == "2104")
        #expect(wrongType.message.contains("'typeProperties.count'"))
        #expect(wrongType.message.contains("expected an integer, found the string \"three\""))
        #expect(await host.run("Fixture.Typed", ["COUNT": 4]).output == ["total": 8, "label": "none"])
    }

    @Test("plugin failures arrive in ADF's shape; other Swift errors become system errors")
    func failures() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let failure = try #require(await host.run("Fixture.Fail").error)
        #expect(failure.errorCode == "Fixture42")
        #expect(failure.message == "fixture failure for Activity1")
        #expect(failure.failureType == .userError)
        #expect(failure.details == ["hint": "expected"])
        let thrown = try #require(await host.run("Fixture.Throw").error)
        #expect(thrown.errorCode == "PluginUnhandledError")
        #expect(thrown.failureType == .systemError)
        #expect(thrown.message.contains("unexpected"))
    }

    @Test("logs and progress go to the call's context with their levels")
    func logging() async throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let context = RecordingContext()
        #expect(await host.run("Fixture.Log", context: context).output == [:])
        #expect(context.logs.map(\.level) == [.trace, .debug, .info, .warning, .error])
        #expect(context.logs.last?.message == "message at error")
        #expect(context.progress == [.init(fraction: 0.5, message: "halfway"), .init(fraction: nil, message: "unknown")])
    }

    @Test("messages logged outside a call go to the host's logger, tagged with the plugin")
    func logsOutsideCalls() throws {
        let logs = LogStore()
        let host = Fixtures.host([Fixtures.swiftPlugin, try CFixtureCompiler.goodPlugin()], logs: logs)
        host.shutdown()
        let entries = logs.all
        #expect(entries.contains { $0.message == "fixture plugin initialised" && $0.plugin == "org.pipehost.fixture.swift" })
        #expect(entries.contains { $0.message == "C fixture initialised" && $0.plugin == "org.pipehost.fixture.c" })
        #expect(entries.contains { $0.message == "fixture plugin shut down" })
    }

    @Test("a C plugin runs: empty output, output in host-allocated memory, logs and progress")
    func cPlugin() async throws {
        let host = Fixtures.host([try CFixtureCompiler.goodPlugin()])
        defer { host.shutdown() }
        #expect(await host.run("CFixture.Noop").output == [:])
        let echo = try #require(await host.run("CFixture.Echo", ["x": "é"]).output)
        #expect(echo["activity"]?["typeProperties"] == ["x": "é"])
        #expect(echo["abiVersion"] == 1)
        #expect(echo["run"]?["dataFactory"] == "factory")
        let context = RecordingContext()
        #expect(await host.run("CFixture.Log", context: context).output == [:])
        #expect(context.logs == [.init(level: .warning, message: "hello from C")])
        #expect(context.progress == [.init(fraction: 0.25, message: "a quarter")])
    }

    @Test("disabled plugins and overrides by id are listed but not initialised")
    func disabling() throws {
        let good = try CFixtureCompiler.goodPlugin()
        let manifest = PluginManifest(
            libraries: [PluginManifest.Library(path: good, enabled: false), PluginManifest.Library(path: Fixtures.swiftPlugin)],
            overrides: ["org.pipehost.fixture.swift": PluginManifest.Override(enabled: false)])
        let host = PluginHost.load(manifest: manifest, options: Fixtures.options())
        defer { host.shutdown() }
        #expect(host.plugins.map(\.state) == [.disabled, .disabled])
        #expect(host.plugins[0].declaration == nil)
        #expect(host.plugins[1].pluginID == "org.pipehost.fixture.swift")
        #expect(host.executors.isEmpty)
    }

    @Test("scanned folders load their .so files in name order, with settings by id")
    func scannedFolder() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: Fixtures.swiftPlugin, toPath: folder.file("libb-swift.so"))
        try FileManager.default.copyItem(atPath: try CFixtureCompiler.goodPlugin(), toPath: folder.file("liba-c.so"))
        _ = try folder.write("notes", to: "README.txt")
        let manifest = PluginManifest(
            directories: [PluginManifest.Directory(path: folder.path)],
            overrides: ["org.pipehost.fixture.swift": PluginManifest.Override(settings: ["from": "override"])])
        let host = PluginHost.load(manifest: manifest, options: Fixtures.options())
        defer { host.shutdown() }
        #expect(host.plugins.map(\.pluginID) == ["org.pipehost.fixture.c", "org.pipehost.fixture.swift"])
        #expect(await host.run("Fixture.Echo").output?["settings"] == ["from": "override"])
    }

    @Test("the same file listed twice is loaded once")
    func sameFileTwice() throws {
        let host = Fixtures.host([Fixtures.swiftPlugin, Fixtures.swiftPlugin])
        defer { host.shutdown() }
        #expect(host.plugins.count == 1)
        #expect(host.failures.isEmpty)
    }

    @Test("after shutdown, executors fail with a clear error and deinit ran once")
    func shutdown() async throws {
        let logs = LogStore()
        let host = Fixtures.host([Fixtures.swiftPlugin], logs: logs)
        let executor = try #require(host.executor("Fixture.Noop"))
        host.shutdown()
        host.shutdown()
        let outcome = await executor.execute(Fixtures.invocation("Fixture.Noop"), context: ActivityExecutionContext())
        #expect(outcome.error?.errorCode == "PluginHostShutDown")
        #expect(logs.all.filter { $0.message == "fixture plugin shut down" }.count == 1)
    }

    @Test("the synchronous inner path runs on the calling thread for thread-safe types only")
    func currentThread() throws {
        let host = Fixtures.host([Fixtures.swiftPlugin])
        defer { host.shutdown() }
        let noop = try #require(host.executor("Fixture.Noop") as? PluginActivityExecutor)
        #expect(noop.executeOnCurrentThread(Fixtures.invocation("Fixture.Noop"), context: ActivityExecutionContext()) == .succeeded(output: [:]))
        let serial = try #require(host.executor("Fixture.Serial") as? PluginActivityExecutor)
        let refused = serial.executeOnCurrentThread(Fixtures.invocation("Fixture.Serial", ["milliseconds": 0]), context: ActivityExecutionContext())
        #expect(refused.error?.errorCode == "PluginCallUnsupported")
    }
}
