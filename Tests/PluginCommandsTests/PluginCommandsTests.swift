import Foundation
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// `pipehost plugins list` and `pipehost plugins inspect` as real processes of the built binary.
@Suite("pipehost plugins commands", .tags(.large), .timeLimit(.minutes(2)))
struct PluginCommandsTests {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
        /// The process died of a signal (a trap is SIGILL or SIGTRAP) instead of exiting.
        var signalled = false
    }

    func pipehost(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuildProducts.pipehost)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["PIPEHOST_PLUGINS"] = nil
        for (name, value) in environment { variables[name] = value }
        process.environment = variables
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        // Files instead of pipes: nothing to drain while the process runs.
        let capture = try TemporaryFolder("pipehost-cli-output")
        defer { capture.remove() }
        _ = FileManager.default.createFile(atPath: capture.file("out"), contents: nil)
        _ = FileManager.default.createFile(atPath: capture.file("err"), contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: capture.file("out")))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: capture.file("err")))
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: try String(contentsOfFile: capture.file("out"), encoding: .utf8),
            standardError: try String(contentsOfFile: capture.file("err"), encoding: .utf8),
            signalled: process.terminationReason == .uncaughtSignal)
    }

    func manifest(_ folder: TemporaryFolder, _ plugins: [String]) throws -> String {
        let entries = plugins.map { "{\"path\": \(JSONSerializer.quoted($0))}" }.joined(separator: ",\n    ")
        return try folder.write("{\n  \"plugins\": [\n    \(entries)\n  ]\n}\n", to: "plugins.json")
    }

    @Test("list shows loaded and failed plugins as a table, with the reason")
    func listTable() throws {
        let folder = try TemporaryFolder("pipehost-cli")
        defer { folder.remove() }
        let broken = try CFixtureCompiler.brokenTable("WRONG_ABI_MAJOR")
        let path = try manifest(folder, [BuildProducts.library("SwiftFixturePlugin"), broken, "libmissing.so"])
        let result = try pipehost(["plugins", "list", "--plugins", path])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "Manifest: \(path)")
        #expect(lines.contains { $0.hasPrefix("PLUGIN") && $0.contains("ACTIVITY TYPES") && $0.hasSuffix("FILE") })
        #expect(lines.contains {
            $0.hasPrefix("org.pipehost.fixture.swift") && $0.contains("1.0.0") && $0.contains("loaded") && $0.contains("Fixture.Echo")
        })
        #expect(lines.contains { $0.contains("failed") && $0.hasSuffix(broken) })
        #expect(result.standardOutput.contains("built for plugin ABI 2.x but this host speaks plugin ABI 1.x"))
        #expect(result.standardOutput.contains("'\(folder.path)/libmissing.so' does not exist") || result.standardOutput.contains("libmissing.so' does not exist"))
    }

    @Test("list --output json is machine-readable")
    func listJSON() throws {
        let folder = try TemporaryFolder("pipehost-cli")
        defer { folder.remove() }
        let path = try manifest(folder, [BuildProducts.library("SwiftFixturePlugin"), try CFixtureCompiler.brokenTable("NO_ENTRY")])
        let result = try pipehost(["plugins", "list", "--plugins", path, "--output", "json"])
        #expect(result.status == 0)
        let json = try JSONParser.parse(result.standardOutput)
        #expect(json["manifest"] == .string(path))
        let plugins = try #require(json["plugins"]?.arrayValue)
        #expect(plugins.count == 2)
        #expect(plugins[0]["id"] == "org.pipehost.fixture.swift")
        #expect(plugins[0]["state"] == "loaded")
        #expect(plugins[0]["activityTypes"]?.arrayValue?.contains { $0["type"] == "Fixture.Countdown" && $0["longRunning"] == true } == true)
        #expect(plugins[1]["state"] == "failed")
        #expect(plugins[1]["error"]?["kind"] == "entryMissing")
    }

    @Test("the manifest comes from PIPEHOST_PLUGINS when --plugins is absent")
    func environmentVariable() throws {
        let folder = try TemporaryFolder("pipehost-cli")
        defer { folder.remove() }
        let path = try manifest(folder, [BuildProducts.library("SwiftFixturePlugin")])
        let result = try pipehost(["plugins", "list"], environment: ["PIPEHOST_PLUGINS": path])
        #expect(result.standardOutput.hasPrefix("Manifest: \(path)\n"))
    }

    @Test("without a flag, variable or ./plugins.json, the repository's plugins.json is found from the build folder")
    func defaultManifest() throws {
        let folder = try TemporaryFolder("pipehost-cli")
        defer { folder.remove() }
        let result = try pipehost(["plugins", "list", "--output", "json"], directory: folder.path)
        #expect(result.status == 0)
        let json = try JSONParser.parse(result.standardOutput)
        let manifest = try #require(json["manifest"]?.stringValue)
        #expect(manifest.hasSuffix("/plugins.json") && !manifest.hasPrefix(folder.path))
        let custom = json["plugins"]?.arrayValue?.first { $0["id"] == "org.pipehost.custom" }
        #expect(custom?["state"] == "loaded")
    }

    @Test("a malformed manifest is a usage error naming the JSON path")
    func malformedManifest() throws {
        let folder = try TemporaryFolder("pipehost-cli")
        defer { folder.remove() }
        let path = try folder.write(#"{"plugins": [{"path": "a.so", "enabled": "no"}]}"#, to: "plugins.json")
        let result = try pipehost(["plugins", "list", "--plugins", path])
        #expect(result.status == 64)
        #expect(result.standardError.contains("$.plugins[0].enabled"))
        #expect(result.standardError.contains("expected true or false"))
    }

    @Test("inspect prints what a good plugin declares")
    func inspectGood() throws {
        let result = try pipehost(["plugins", "inspect", BuildProducts.library("SwiftFixturePlugin")])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Plugin:   org.pipehost.fixture.swift 1.0.0"))
        #expect(result.standardOutput.contains("State:    loaded"))
        #expect(result.standardOutput.contains("Fixture.Countdown"))
        #expect(result.standardOutput.contains("long-running, thread-safe"))
        #expect(result.standardOutput.contains("Fixture.Serial"))
        #expect(result.standardOutput.contains("synchronous, serialised"))
    }

    @Test("inspect of a refused plugin exits 1 with the precise reason", arguments: [
        ("NO_ENTRY", "does not export 'pipehost_plugin_entry_v1'"),
        ("INIT_FAILS", "refused to start: cannot reach the license server"),
        ("WRONG_BUILD_TAG", "built by swift-5.9.0/x86_64-unknown-linux-gnu"),
    ])
    func inspectRefused(variant: String, reason: String) throws {
        let result = try pipehost(["plugins", "inspect", try CFixtureCompiler.brokenTable(variant)])
        #expect(result.status == 1)
        #expect(result.standardError.contains("refused: "))
        #expect(result.standardError.contains(reason))
    }

    @Test("inspect passes --settings to init; malformed settings are a usage error")
    func inspectSettings() throws {
        let plugin = BuildProducts.library("SwiftFixturePlugin")
        let refused = try pipehost(["plugins", "inspect", plugin, "--settings", #"{"failInit": "missing key"}"#])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("refused to start: missing key"))
        let usage = try pipehost(["plugins", "inspect", plugin, "--settings", "[1]"])
        #expect(usage.status == 64)
        #expect(usage.standardError.contains("--settings must be a JSON object"))
        let missingArgument = try pipehost(["plugins", "inspect"])
        #expect(missingArgument.status == 64)
    }
}
