import Foundation
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// `pipehost activity run --settings` and the message of an activity type whose plugin failed, as
/// real processes of the built binary.
@Suite("activity run settings and refused plugins", .tags(.large), .timeLimit(.minutes(2)))
struct ActivityRunSettingsTests {
    let commands = PluginCommandsTests()

    /// A manifest listing `plugins`, each with `settings` when given.
    func manifest(_ folder: TemporaryFolder, _ plugins: [(path: String, settings: String?)]) throws -> String {
        let entries = plugins.map { plugin in
            "{\"path\": \(JSONSerializer.quoted(plugin.path))" + (plugin.settings.map { ", \"settings\": \($0)" } ?? "") + "}"
        }
        return try folder.write("{\"plugins\": [\(entries.joined(separator: ", "))]}\n", to: "plugins.json")
    }

    @Test("--settings reach the plugin in place of plugins.json's, inline or from a file; without it the manifest's apply")
    func settingsReachThePlugin() throws {
        let folder = try TemporaryFolder("pipehost-activity-settings")
        defer { folder.remove() }
        let plugins = try manifest(folder, [(try CFixtureCompiler.goodPlugin(), #"{"from": "manifest"}"#)])
        let input = try folder.write(#"{"typeProperties": {"x": 1}}"#, to: "activity.json")
        let base = ["activity", "run", "--type", "CFixture.Echo", "--input", input, "--plugins", plugins]

        let inline = try commands.pipehost(base + ["--settings", #"{"from": "command line", "n": 2}"#])
        #expect(inline.status == 0, "\(inline.standardError)")
        // CFixture.Echo answers with the whole invocation it received.
        #expect(try JSONParser.parse(inline.standardOutput)["settings"] == ["from": "command line", "n": 2])

        let file = try folder.write(#"{"from": "file"}"#, to: "settings.json")
        let fromFile = try commands.pipehost(base + ["--settings", "@\(file)"])
        #expect(fromFile.status == 0, "\(fromFile.standardError)")
        #expect(try JSONParser.parse(fromFile.standardOutput)["settings"] == ["from": "file"])

        let manifestOnly = try commands.pipehost(base)
        #expect(manifestOnly.status == 0, "\(manifestOnly.standardError)")
        #expect(try JSONParser.parse(manifestOnly.standardOutput)["settings"] == ["from": "manifest"])
    }

    @Test("--settings go to the plugin's init: a Swift plugin that refuses them is named with its reason")
    func settingsReachInit() throws {
        let folder = try TemporaryFolder("pipehost-activity-settings")
        defer { folder.remove() }
        let swiftPlugin = BuildProducts.library("SwiftFixturePlugin")
        let plugins = try manifest(folder, [(swiftPlugin, nil)])
        let input = try folder.write(#"{}"#, to: "activity.json")
        let result = try commands.pipehost([
            "activity", "run", "--type", "Fixture.Echo", "--input", input, "--plugins", plugins,
            "--settings", #"{"failInit": "the region is unknown"}"#,
        ])
        #expect(result.status == 64)
        #expect(result.standardError.contains("no built-in activity or loaded plugin implements type 'Fixture.Echo'"))
        #expect(result.standardError.contains("declares 'Fixture.Echo' but was refused"))
        #expect(result.standardError.contains("refused to start: the region is unknown"))
    }

    @Test("--settings that are not an object, or for a built-in activity, are usage errors")
    func malformedSettings() throws {
        let folder = try TemporaryFolder("pipehost-activity-settings")
        defer { folder.remove() }
        let plugins = try manifest(folder, [(try CFixtureCompiler.goodPlugin(), nil)])
        let input = try folder.write(#"{}"#, to: "activity.json")
        let array = try commands.pipehost([
            "activity", "run", "--type", "CFixture.Echo", "--input", input, "--plugins", plugins, "--settings", "[1]",
        ])
        #expect(array.status == 64)
        #expect(array.standardError.contains("--settings: a plugin's settings are a JSON object"))
        let wait = try folder.write(#"{"typeProperties": {"waitTimeInSeconds": 1}}"#, to: "wait.json")
        let builtIn = try commands.pipehost([
            "activity", "run", "--type", "Wait", "--input", wait, "--plugins", plugins, "--settings", "{}",
        ])
        #expect(builtIn.status == 64)
        #expect(builtIn.standardError.contains("'Wait' is a control activity built into pipehost and takes no settings"))
    }

    @Test("a pipeline using the type of a refused plugin fails validation naming that plugin and every other that failed")
    func refusedPluginsAreNamed() throws {
        let folder = try TemporaryFolder("pipehost-refused-plugins")
        defer { folder.remove() }
        let broken = try CFixtureCompiler.brokenTable("INIT_FAILS")
        let missing = folder.file("libmissing.so")
        let plugins = try manifest(folder, [(BuildProducts.library("SwiftFixturePlugin"), nil), (broken, nil), (missing, nil)])
        let pipeline = try folder.write(
            """
            {"name": "UsesBroken", "properties": {"activities": [{"name": "A", "type": "Broken.Noop", "typeProperties": {}}]}}
            """, to: "pipeline.json")
        for command in [["run", pipeline], ["validate", pipeline]] {
            let result = try commands.pipehost(command + ["--plugins", plugins])
            #expect(result.status == 64, "\(command[0]): \(result.standardError)")
            let text = result.standardError + result.standardOutput
            #expect(text.contains("implements type 'Broken.Noop'"), "\(command[0])")
            #expect(text.contains("plugin 'org.pipehost.fixture.broken' ('\(broken)') declares 'Broken.Noop' but was refused"))
            #expect(text.contains("cannot reach the license server at 127.0.0.1:9"))
            #expect(text.contains("Other plugins that failed to load: '\(missing)'"))
            #expect(text.contains("does not exist"))
        }
    }
}
