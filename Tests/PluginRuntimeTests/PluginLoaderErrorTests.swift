import Foundation
import HostCore
import PipehostJSON
import PipelineModel
import PluginContract
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// Every loader failure has its own case and a message that names the file (and symbol or field)
/// and says what to do. Each test loads a real file through the real loader.
@Suite("Loader errors", .tags(.medium))
struct PluginLoaderErrorTests {
    @Test("a missing file")
    func fileNotFound() throws {
        let path = "/nonexistent/libnothing.so"
        let error = try #require(Fixtures.loadError(path))
        #expect(error == .fileNotFound(path: path))
        #expect(error.description.contains("'/nonexistent/libnothing.so' does not exist"))
        #expect(error.description.contains("build the plugin first"))
    }

    @Test("a text file named like a library")
    func textFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("this is not a library\n", to: "libtext.so")
        let error = try #require(Fixtures.loadError(path))
        #expect(error == .notSharedObject(path: path, reason: "it is a text file, not an ELF shared library"))
        #expect(error.description.contains("'\(path)' is not a plugin library"))
        #expect(error.description.contains("Point plugins.json at the .so file"))
    }

    @Test("a folder and an object file are not shared libraries")
    func folderAndObjectFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(Fixtures.loadError(folder.path) == .notSharedObject(path: folder.path, reason: "it is a folder"))
        let object = folder.file("plugin.o")
        try CFixtureCompiler.run(
            "/usr/bin/cc", ["-c", "-I", RepositoryPaths.headerDirectory, "\(RepositoryPaths.cFixtures)/good_plugin.c", "-o", object])
        let error = try #require(Fixtures.loadError(object))
        #expect(error.description.contains("it is an object file (.o), not a shared library; link it with -shared"))
    }

    @Test("a library whose dependency is missing")
    func missingDependency() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let dependency = folder.file("libvanishing.c")
        try "int vanishing(void) { return 1; }\n".write(toFile: dependency, atomically: true, encoding: .utf8)
        try CFixtureCompiler.run("/usr/bin/cc", ["-shared", "-fPIC", dependency, "-o", folder.file("libvanishing.so")])
        let plugin = folder.file("libneedsvanishing.so")
        try CFixtureCompiler.run(
            "/usr/bin/cc",
            CFixtureCompiler.flags + [
                "-I", RepositoryPaths.headerDirectory, "\(RepositoryPaths.cFixtures)/good_plugin.c", "-L", folder.path,
                "-Wl,--no-as-needed", "-lvanishing", "-o", plugin,
            ])
        try FileManager.default.removeItem(atPath: folder.file("libvanishing.so"))
        let error = try #require(Fixtures.loadError(plugin))
        guard case .loadFailed(let path, let reason) = error else {
            Issue.record("expected loadFailed, got \(error)")
            return
        }
        #expect(path == plugin)
        #expect(reason.contains("libvanishing.so"))
        #expect(error.description.contains("the dynamic loader could not load '\(plugin)'"))
        #expect(error.description.contains("ldd"))
    }

    @Test("a library without the entry symbol")
    func entryMissing() throws {
        let path = try CFixtureCompiler.brokenTable("NO_ENTRY")
        let error = try #require(Fixtures.loadError(path))
        #expect(error == .entryMissing(path: path))
        #expect(error.description.contains("does not export 'pipehost_plugin_entry_v1'"))
        #expect(error.description.contains("PH_EXPORT"))
    }

    @Test("a plugin that refuses this host's ABI")
    func refusesABI() throws {
        let path = try CFixtureCompiler.brokenTable("REFUSES_ABI")
        let error = try #require(Fixtures.loadError(path))
        #expect(error == .hostABIRefused(path: path, hostMajor: 1, hostMinor: PluginABIVersion.minor))
        #expect(error.description.contains("'pipehost_plugin_entry_v1' in '\(path)' returned NULL"))
        #expect(error.description.contains("built for plugin ABI 1"))
    }

    @Test("a table with the wrong magic")
    func badMagic() throws {
        let path = try CFixtureCompiler.brokenTable("BAD_MAGIC")
        let error = try #require(Fixtures.loadError(path))
        #expect(error == .badMagic(path: path, found: 0x1234_5678))
        #expect(error.description.contains("magic 0x12345678, not PH_PLUGIN_MAGIC (0x4C504850)"))
    }

    @Test("a table whose struct_size is too small")
    func tableTooSmall() throws {
        let path = try CFixtureCompiler.brokenTable("SMALL_TABLE")
        let error = try #require(Fixtures.loadError(path))
        #expect(error == .tableTooSmall(path: path, structSize: 16, required: StructLayout.FrozenSize.pluginTable))
        #expect(error.description.contains("a plugin ABI 1.0 table is at least \(StructLayout.FrozenSize.pluginTable) bytes"))
        #expect(error.description.contains("struct_size 16"))
        #expect(error.description.contains("set struct_size = sizeof(ph_plugin)"))
    }

    @Test("a plugin built for another ABI major")
    func abiMajorMismatch() throws {
        let path = try CFixtureCompiler.brokenTable("WRONG_ABI_MAJOR")
        let error = try #require(Fixtures.loadError(path))
        #expect(error == .abiMajorMismatch(path: path, pluginMajor: 2, hostMajor: 1))
        #expect(error.description.contains("built for plugin ABI 2.x but this host speaks plugin ABI 1.x"))
    }

    @Test("a Swift build tag from another toolchain")
    func buildTagMismatch() throws {
        let path = try CFixtureCompiler.brokenTable("WRONG_BUILD_TAG")
        let error = try #require(Fixtures.loadError(path))
        #expect(
            error
                == .buildTagMismatch(
                    path: path, pluginTag: "swift-5.9.0/x86_64-unknown-linux-gnu", hostTag: BuildTag.current))
        #expect(error.description.contains("built by swift-5.9.0/x86_64-unknown-linux-gnu but this host by \(BuildTag.current)"))
        #expect(error.description.contains("rebuild the plugin with that toolchain"))
    }

    @Test("invalid table fields", arguments: [
        ("BAD_PLUGIN_ID", "the plugin id 'broken' is not reverse-DNS"),
        ("BAD_VERSION", "the version 'one' is not semantic versioning"),
        ("ZERO_ACTIVITIES", "activity_count is 0"),
    ])
    func invalidTable(variant: String, problem: String) throws {
        let path = try CFixtureCompiler.brokenTable(variant)
        let error = try #require(Fixtures.loadError(path))
        guard case .invalidTable(let errorPath, let found) = error else {
            Issue.record("expected invalidTable, got \(error)")
            return
        }
        #expect(errorPath == path)
        #expect(found.contains(problem))
        #expect(error.description.contains("the ph_plugin table of '\(path)' is invalid"))
    }

    @Test("invalid descriptors", arguments: [
        ("BAD_TYPE_NAME", "Broken Type", "contains ' '"),
        ("BAD_FLAGS", "Broken.Noop", "flags has bits this host does not know (0x200)"),
        ("RUN_AND_START", "Broken.Noop", "PH_ACTIVITY_LONG_RUNNING is clear, so run must be set and start, poll and cancel NULL"),
        ("NULL_DESCRIPTOR", nil, "the pointer to it is NULL"),
        ("BAD_LINKED_SERVICE_TYPES", "Broken.Noop",
         "linked_service_types 'AzureBlobStorage,,FileServer' has an empty name; separate names by single commas, without spaces"),
        ("EMPTY_LINKED_SERVICE_TYPES", "Broken.Noop",
         "linked_service_types is empty; set it to NULL when the activity does not say which types it reaches"),
        ("SPACED_LINKED_SERVICE_TYPES", "Broken.Noop",
         "linked_service_types 'AzureBlobStorage, FileServer': the linked service type name ' FileServer' contains ' '"),
    ] as [(String, String?, String)])
    func invalidDescriptor(variant: String, typeName: String?, problem: String) throws {
        let path = try CFixtureCompiler.brokenTable(variant)
        let error = try #require(Fixtures.loadError(path))
        guard case .invalidDescriptor(let errorPath, let index, let name, let found) = error else {
            Issue.record("expected invalidDescriptor, got \(error)")
            return
        }
        #expect(errorPath == path)
        #expect(index == 0)
        #expect(name == typeName)
        #expect(found.contains(problem))
        #expect(error.description.contains("activity descriptor 0"))
    }

    @Test("init fails with the plugin's message")
    func initFailed() throws {
        let path = try CFixtureCompiler.brokenTable("INIT_FAILS")
        let error = try #require(Fixtures.loadError(path))
        #expect(
            error
                == .initFailed(
                    path: path, pluginID: "org.pipehost.fixture.broken",
                    message: "cannot reach the license server at 127.0.0.1:9"))
        #expect(error.description.contains("refused to start: cannot reach the license server"))
        #expect(error.description.contains("Check its \"settings\" in plugins.json"))
    }

    @Test("init returns a status that is not allowed")
    func initMisbehaved() throws {
        let path = try CFixtureCompiler.brokenTable("INIT_BAD_STATUS")
        let error = try #require(Fixtures.loadError(path))
        guard case .initMisbehaved(_, let pluginID, let problem) = error else {
            Issue.record("expected initMisbehaved, got \(error)")
            return
        }
        #expect(pluginID == "org.pipehost.fixture.broken")
        #expect(problem.contains("returned status 42"))
    }

    @Test("a Swift plugin's init that throws")
    func swiftInitThrows() throws {
        let host = Fixtures.host(
            [Fixtures.swiftPlugin], settings: [Fixtures.swiftPlugin: ["failInit": "no credentials configured"]])
        defer { host.shutdown() }
        let error = try #require(host.plugins.first?.error)
        guard case .initFailed(_, let pluginID, let message) = error else {
            Issue.record("expected initFailed, got \(error)")
            return
        }
        #expect(pluginID == "org.pipehost.fixture.swift")
        #expect(message == "no credentials configured")
        #expect(host.executors.isEmpty)
    }

    @Test("two plugins claiming one type without a rule: the second is refused, naming both")
    func duplicateType() throws {
        let good = try CFixtureCompiler.goodPlugin()
        let duplicate = try CFixtureCompiler.brokenTable("DUPLICATE_TYPE")
        let host = Fixtures.host([good, duplicate])
        defer { host.shutdown() }
        #expect(host.plugins[0].state == .loaded)
        let error = try #require(host.plugins[1].error)
        #expect(
            error
                == .duplicateType(
                    path: duplicate, pluginID: "org.pipehost.fixture.duplicate", typeName: "CFixture.Noop",
                    otherPluginID: "org.pipehost.fixture.c", otherPath: good))
        #expect(error.description.contains("\"activityTypes\": {\"CFixture.Noop\": \"org.pipehost.fixture.c\"}"))
        #expect(host.executor("CFixture.Noop")?.descriptor.origin == .plugin(id: "org.pipehost.fixture.c", version: "0.9.1", path: good))
    }

    @Test("a plugin claiming a built-in control activity's type is refused before init, and the built-in stays")
    func claimsBuiltInType() throws {
        let path = try CFixtureCompiler.brokenTable("CLAIMS_BUILT_IN")
        let host = Fixtures.host([path, try CFixtureCompiler.goodPlugin()])
        defer { host.shutdown() }
        let error = try #require(host.plugins[0].error)
        #expect(error == .claimsBuiltInType(path: path, pluginID: "org.pipehost.fixture.broken", typeName: "ForEach"))
        #expect(error.kind == "claimsBuiltInType")
        #expect(error.description.contains("claims the activity type 'ForEach', but 'ForEach' is a control activity built into pipehost"))
        #expect(error.description.contains("'Vendor.ForEach'"))
        #expect(host.plugins[1].state == .loaded)
        #expect(host.executor("ForEach") == nil)
        #expect(host.unavailablePlugins == [
            UnavailablePlugin(
                path: path, pluginID: "org.pipehost.fixture.broken", declaredTypes: ["ForEach"], reason: error.description)
        ])
    }

    @Test("a rule in plugins.json decides which plugin serves a doubly claimed type")
    func duplicateTypeWithRule() throws {
        let good = try CFixtureCompiler.goodPlugin()
        let duplicate = try CFixtureCompiler.brokenTable("DUPLICATE_TYPE")
        let host = Fixtures.host([good, duplicate], activityTypes: ["CFixture.Noop": "org.pipehost.fixture.duplicate"])
        defer { host.shutdown() }
        #expect(host.failures.isEmpty)
        guard case .plugin(let id, _, _)? = host.executor("CFixture.Noop")?.descriptor.origin else {
            Issue.record("no executor for CFixture.Noop")
            return
        }
        #expect(id == "org.pipehost.fixture.duplicate")
        #expect(host.plugins[0].servedBy["CFixture.Noop"] == "org.pipehost.fixture.duplicate")
        #expect(host.executor("CFixture.Echo") != nil)
    }

    @Test("two libraries with the same plugin id")
    func duplicatePluginID() throws {
        let good = try CFixtureCompiler.goodPlugin()
        let twin = try CFixtureCompiler.brokenTable("DUPLICATE_ID")
        let host = Fixtures.host([good, twin])
        defer { host.shutdown() }
        #expect(host.plugins[1].error == .duplicatePluginID(path: twin, pluginID: "org.pipehost.fixture.c", otherPath: good))
        #expect(host.plugins[1].error?.description.contains("keep one of the two") == true)
    }

    @Test("one broken plugin does not stop the others")
    func brokenNeighbours() throws {
        let host = Fixtures.host([
            try CFixtureCompiler.brokenTable("BAD_MAGIC"), Fixtures.swiftPlugin, "/nonexistent/libx.so",
            try CFixtureCompiler.goodPlugin(),
        ])
        defer { host.shutdown() }
        #expect(host.plugins.map(\.state.isLoaded) == [false, true, false, true])
        #expect(host.executor("Fixture.Echo") != nil)
        #expect(host.executor("CFixture.Echo") != nil)
        #expect(host.failures.map(\.kind) == ["badMagic", "fileNotFound"])
    }
}

extension LoadedPluginInfo.State {
    var isLoaded: Bool { self == .loaded }
}
