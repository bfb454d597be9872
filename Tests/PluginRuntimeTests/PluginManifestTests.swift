import Foundation
import PipehostJSON
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

@Suite("plugins.json", .tags(.small))
struct PluginManifestTests {
    func load(_ text: String) throws -> (PluginManifest, TemporaryFolder) {
        let folder = try TemporaryFolder("pipehost-manifest")
        let path = try folder.write(text, to: "plugins.json")
        return (try PluginManifest.load(from: path), folder)
    }

    func loadError(_ text: String) throws -> PluginManifestError? {
        let folder = try TemporaryFolder("pipehost-manifest")
        defer { folder.remove() }
        let path = try folder.write(text, to: "plugins.json")
        do {
            _ = try PluginManifest.load(from: path)
            return nil
        } catch {
            return error
        }
    }

    @Test("a full manifest: paths relative to the manifest, placeholders, settings, rules")
    func fullManifest() throws {
        let (manifest, folder) = try load(
            """
            {
              "$schema": "https://example.com/plugins.schema.json",
              "version": 1,
              "plugins": [
                {"path": "lib/libone.so", "settings": {"endpoint": "http://127.0.0.1:1"}},
                {"path": "{executableDir}/libAzureMLPlugin.so", "enabled": false},
                {"path": "/opt/plugins/libabs.so", "comment": "absolute"}
              ],
              "directories": ["plugins.d", {"path": "{manifestDir}/more", "enabled": false}],
              "overrides": {"org.example.scanned": {"enabled": false, "settings": {"x": 1}}},
              "activityTypes": {"Custom": "org.pipehost.custom"}
            }
            """)
        defer { folder.remove() }
        let root = FileManager.default.fileExists(atPath: folder.path)
            ? URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path : folder.path
        #expect(manifest.sourcePath == folder.file("plugins.json"))
        #expect(manifest.libraries.map(\.path) == [
            "\(root)/lib/libone.so", "\(BuildProducts.directory)/libAzureMLPlugin.so", "/opt/plugins/libabs.so",
        ])
        #expect(manifest.libraries.map(\.writtenPath)[1] == "{executableDir}/libAzureMLPlugin.so")
        #expect(manifest.libraries.map(\.enabled) == [true, false, true])
        #expect(manifest.libraries[0].settings == ["endpoint": "http://127.0.0.1:1"])
        #expect(manifest.directories.map(\.path) == ["\(root)/plugins.d", "\(root)/more"])
        #expect(manifest.directories.map(\.enabled) == [true, false])
        #expect(manifest.overrides["org.example.scanned"] == PluginManifest.Override(enabled: false, settings: ["x": 1]))
        #expect(manifest.activityTypes == ["Custom": "org.pipehost.custom"])
    }

    @Test("\"isolation\" is read for libraries and overrides")
    func isolation() throws {
        let (manifest, folder) = try load(
            #"{"plugins": [{"path": "a.so", "isolation": "process"}, {"path": "b.so"}], "overrides": {"org.x": {"isolation": "inProcess"}}}"#)
        defer { folder.remove() }
        #expect(manifest.libraries.map(\.isolation) == [.process, nil])
        #expect(manifest.overrides["org.x"]?.isolation == .inProcess)
    }

    @Test("an empty object is a valid manifest with no plugins")
    func emptyManifest() throws {
        let (manifest, folder) = try load("{}")
        defer { folder.remove() }
        #expect(manifest.libraries.isEmpty && manifest.directories.isEmpty)
    }

    static let errors: [(String, String)] = [
        (#"{"plugins": [{"path": "a.so", "enable": false}]}"#,
         #"unknown member "enable" at $.plugins[0]; the members allowed there are "path", "enabled", "settings", "isolation", "comment""#),
        (#"{"plugins": [{"path": "a.so", "isolation": "sandbox"}]}"#,
         #"$.plugins[0].isolation"#),
        (#"{"plugins": [{"enabled": true}]}"#, #"lacks the required member "path" at $.plugins[0]"#),
        (#"{"plugins": [{"path": "a.so", "enabled": "yes"}]}"#,
         #"has the string "yes" at $.plugins[0].enabled; expected true or false"#),
        (#"{"plugins": {"path": "a.so"}}"#, "has an object at $.plugins; expected an array"),
        (#"{"plugins": [{"path": "a.so", "settings": [1]}]}"#,
         "has an array at $.plugins[0].settings; expected an object (the plugin's settings)"),
        (#"{"plugins": [{"path": "{home}/a.so"}]}"#,
         #"uses the unknown placeholder "{home}" at $.plugins[0].path; the placeholders are {executableDir} and {manifestDir}"#),
        (#"{"directories": [3]}"#, #"has the integer 3 at $.directories[0]; expected a folder path"#),
        (#"{"activityTypes": {"Custom": 5}}"#, #"has the integer 5 at $.activityTypes["Custom"]"#),
        (#"{"overrides": {"nodots": {}}}"#, #"at $.overrides["nodots"]; expected a plugin id as key"#),
        (#"{"version": 2}"#, "has the integer 2 at $.version; expected 1"),
        ("{\n  \"plugins\": [\n    {\"path\": \"a.so\",}\n  ]\n}", "is not valid JSON at line 3, column"),
    ]

    @Test("malformed manifests are refused with the file, the JSON path and what was expected", arguments: errors)
    func malformed(text: String, expected: String) throws {
        let error = try #require(try loadError(text))
        #expect(error.description.contains("plugin manifest '"))
        #expect(error.description.contains("plugins.json'"))
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test("a missing manifest file is reported, not replaced by a default")
    func missingFile() {
        #expect {
            try PluginManifest.load(from: "/nonexistent/plugins.json")
        } throws: { error in
            (error as? PluginManifestError) == .unreadable(path: "/nonexistent/plugins.json", reason: "No such file or directory")
        }
        #expect(PluginManifest.locate(explicitPath: "/nonexistent/plugins.json", environment: [:]) == "/nonexistent/plugins.json")
        #expect(
            PluginManifest.locate(explicitPath: nil, environment: ["PIPEHOST_PLUGINS": "/elsewhere/p.json"])
                == "/elsewhere/p.json")
        #expect(
            PluginManifest.locate(explicitPath: "/first.json", environment: ["PIPEHOST_PLUGINS": "/second.json"])
                == "/first.json")
    }

    @Test("the defaults: ./plugins.json, then the package root above the build folder")
    func defaultLocations() throws {
        let locations = PluginManifest.defaultLocations(
            currentDirectory: "/somewhere", executableDirectory: BuildProducts.directory)
        let root = URL(fileURLWithPath: RepositoryPaths.root).resolvingSymlinksInPath().path
        #expect(locations == ["/somewhere/plugins.json", "\(root)/plugins.json"])
        #expect(PluginManifest.defaultLocations(currentDirectory: "/somewhere", executableDirectory: "/usr/bin")
            == ["/somewhere/plugins.json"])
    }

    @Test("the shipped-plugins default lists the shipped libraries next to the executable")
    func shipped() {
        let manifest = PluginManifest.shippedPlugins(executableDirectory: BuildProducts.directory)
        #expect(manifest.sourcePath == nil)
        #expect(manifest.libraries.map(\.path).contains(BuildProducts.library("CustomActivityPlugin")))
        #expect(PluginManifest.shippedPlugins(executableDirectory: "/nonexistent").libraries.isEmpty)
    }

    @Test("the repository's plugins.json finds the shipped plugins in this build")
    func repositoryManifest() throws {
        let manifest = try PluginManifest.load(from: "\(RepositoryPaths.root)/plugins.json")
        let names = manifest.libraries.map { URL(fileURLWithPath: $0.path).lastPathComponent }
        #expect(Set(PluginManifest.shippedLibraryNames).isSubset(of: Set(names)))
        for library in manifest.libraries where PluginManifest.shippedLibraryNames.contains(URL(fileURLWithPath: library.path).lastPathComponent) {
            #expect(library.path.hasPrefix(BuildProducts.directory))
            #expect(FileManager.default.fileExists(atPath: library.path))
        }
    }
}
