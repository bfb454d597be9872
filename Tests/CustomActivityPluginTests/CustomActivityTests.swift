import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// ADF's Custom activity through the real loader: the plugin built with plain `cc` from the
/// header alone (and, in one test, the SwiftPM-built copy).
@Suite("Custom activity plugin", .tags(.medium), .timeLimit(.minutes(2)))
struct CustomActivityTests {
    let host: PluginHost
    let work: TemporaryFolder

    init() throws {
        work = try TemporaryFolder("pipehost-custom")
        let manifest = PluginManifest(libraries: [
            PluginManifest.Library(path: try CFixtureCompiler.customActivityPlugin(), settings: ["cancelGraceMilliseconds": 200])
        ])
        host = PluginHost.load(manifest: manifest, options: PluginHostOptions(workDirectory: work.path))
    }

    func run(_ typeProperties: JSONValue, invocation: (inout ActivityInvocation) -> Void = { _ in }) async throws
        -> ActivityOutcome
    {
        let executor = try #require(host.executors.first { $0.descriptor.typeName == "Custom" })
        var call = ActivityInvocation(
            activityName: "MyCustomActivity", activityType: "Custom", typeProperties: typeProperties,
            run: RunIdentifiers(
                dataFactory: "factory", pipelineName: "pipeline", pipelineRunId: "p-1", activityRunId: "activity-run-7",
                attempt: 1, triggerTime: "2024-05-01T00:00:00Z", groupId: "g"))
        invocation(&call)
        return await executor.execute(call, context: ActivityExecutionContext())
    }

    @Test("the cc-built plugin exports only the entry and loads as a C-ABI plugin")
    func builtWithCC() throws {
        defer { cleanUp() }
        let plugin = try #require(host.plugins.first)
        #expect(plugin.state == .loaded)
        #expect(plugin.declaration?.buildTag == "c-abi")
        #expect(plugin.declaration?.pluginID == "org.pipehost.custom")
        let symbols = try shell("nm -D --defined-only '\(plugin.path)' | awk '{print $3}'")
        #expect(symbols.split(separator: "\n") == ["pipehost_plugin_entry_v1"])
    }

    @Test("the SwiftPM-built plugin loads too")
    func builtBySwiftPM() {
        defer { cleanUp() }
        let host = PluginHost.load(
            manifest: .singleLibrary(BuildProducts.library("CustomActivityPlugin")),
            options: PluginHostOptions(workDirectory: work.path))
        defer { host.shutdown() }
        #expect(host.plugins.first?.state == .loaded)
        #expect(host.executors.map(\.descriptor.typeName) == ["Custom"])
    }

    @Test("exit code 0 succeeds with ADF's output: exit code, output files, last lines")
    func success() async throws {
        defer { cleanUp() }
        let output = try #require(try await run(["command": "echo hello; echo oops >&2; printf 'a\\nb\\nc\\n'"]).output)
        #expect(output["exitcode"] == 0)
        #expect(output["stdoutTail"] == "hello\na\nb\nc")
        #expect(output["stderrTail"] == "oops")
        #expect(output["effectiveIntegrationRuntime"] == "pipehost (local)")
        let outputs = (output["outputs"]?.arrayValue ?? []).compactMap { $0.stringValue }
        #expect(outputs.count == 2 && outputs[0].hasSuffix("/stdout.txt") && outputs[1].hasSuffix("/stderr.txt"))
        #expect(try String(contentsOfFile: outputs[0], encoding: .utf8) == "hello\na\nb\nc\n")
        let folder = try #require(output["workingDirectory"]?.stringValue)
        #expect(folder.hasPrefix("\(work.path)/custom/activity-run-7-"))
        #expect(folder.hasSuffix("/wd"))
    }

    /// Written with PipehostTesting, the kit plugin authors use (README, "Testing a plugin").
    @Test("a non-zero exit fails with ADF's code 2500 and the exit code")
    func failure() async throws {
        defer { cleanUp() }
        let bed = try PluginTestBed(
            library: try CFixtureCompiler.customActivityPlugin(), settings: ["cancelGraceMilliseconds": 200])
        defer { bed.shutdown() }
        let run = await bed.run("Custom", typeProperties: ["command": "echo broken >&2; exit 3"])
        let error = try run.requireFailed(code: "2500", messageContains: "The command exited with code 3")
        #expect(error.failureType == .userError)
        #expect(error.details?["exitcode"] == 3)
        #expect(error.details?["stderrTail"] == "broken")
    }

    @Test("a command that does not exist says so")
    func notFound() async throws {
        defer { cleanUp() }
        let error = try #require(try await run(["command": "definitely-not-a-command-4711"]).error)
        #expect(error.errorCode == "2500")
        #expect(error.message.contains("The command could not be found: the shell exited with code 127"))
        #expect(error.details?["stderrTail"]?.stringValue?.contains("definitely-not-a-command-4711") == true)
    }

    @Test("a missing command property is ADF's 2103")
    func missingCommand() async throws {
        defer { cleanUp() }
        let error = try #require(try await run(["folderPath": "x"]).error)
        #expect(error.errorCode == "2103")
        #expect(error.message == "Please provide value for the required property 'command'.")
    }

    @Test("activity.json, linkedServices.json and datasets.json have ADF's shapes; outputs.json becomes customOutput")
    func contractFiles() async throws {
        defer { cleanUp() }
        let typeProperties: JSONValue = [
            "command": #"cat activity.json > ../activity.copy; cat linkedServices.json > ../services.copy; cat datasets.json > ../datasets.copy; echo '{"rows": 12, "ok": true}' > outputs.json"#,
            "referenceObjects": [
                "linkedServices": [["referenceName": "BlobStore", "type": "LinkedServiceReference"]],
                "datasets": [["referenceName": "InputFiles", "type": "DatasetReference"]],
            ],
            "extendedProperties": [
                "connectionString": ["type": "SecureString", "value": "aSampleSecureString"], "retries": "3",
            ],
        ]
        let output = try #require(
            try await run(typeProperties) { call in
                call.linkedServices = [
                    "BlobStore": ResolvedLinkedService(
                        name: "BlobStore", type: "AzureBlobStorage", typeProperties: ["connectionString": "secret-conn"])
                ]
                call.datasets = ["InputFiles": ["properties": ["type": "DelimitedText", "typeProperties": ["folderPath": "in"]]]]
            }.output)
        #expect(output["customOutput"] == ["rows": 12, "ok": true])
        let taskFolder = URL(fileURLWithPath: try #require(output["workingDirectory"]?.stringValue)).deletingLastPathComponent().path
        let activity = try JSONParser.parse(try String(contentsOfFile: "\(taskFolder)/activity.copy", encoding: .utf8))
        #expect(activity["name"] == "MyCustomActivity")
        #expect(activity["type"] == "Custom")
        #expect(activity["typeProperties"]?["extendedProperties"]?["connectionString"]?["value"] == "aSampleSecureString")
        let services = try JSONParser.parse(try String(contentsOfFile: "\(taskFolder)/services.copy", encoding: .utf8))
        #expect(services == [[
            "name": "BlobStore", "properties": ["type": "AzureBlobStorage", "typeProperties": ["connectionString": "secret-conn"]],
        ]])
        let datasets = try JSONParser.parse(try String(contentsOfFile: "\(taskFolder)/datasets.copy", encoding: .utf8))
        #expect(datasets == [["name": "InputFiles", "properties": ["type": "DelimitedText", "typeProperties": ["folderPath": "in"]]]])
    }

    @Test("a reference the host did not resolve is a clear user error")
    func unresolvedReference() async throws {
        defer { cleanUp() }
        let error = try #require(
            try await run([
                "command": "true", "referenceObjects": ["linkedServices": [["referenceName": "Nowhere"]]],
            ]).error)
        #expect(error.errorCode == "2105")
        #expect(error.message.contains("referenceObjects.linkedServices[0] names 'Nowhere', which the host did not resolve"))
    }

    @Test("folderPath's files are copied into the working folder, flattened as ADF does")
    func folderPath() async throws {
        defer { cleanUp() }
        let app = try TemporaryFolder("pipehost-custom-app")
        defer { app.remove() }
        try FileManager.default.createDirectory(atPath: app.file("lib"), withIntermediateDirectories: true)
        _ = try app.write("#!/bin/sh\necho from-app \"$(cat data.txt)\"\n", to: "run.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: app.file("run.sh"))
        _ = try app.write("nested-data", to: "lib/data.txt")
        let output = try #require(try await run(["command": "./run.sh", "folderPath": .string(app.path)]).output)
        #expect(output["stdoutTail"] == "from-app nested-data")

        _ = try app.write("again", to: "data.txt")
        let duplicate = try #require(try await run(["command": "./run.sh", "folderPath": .string(app.path)]).error)
        #expect(duplicate.errorCode == "2508")
        #expect(duplicate.message.contains("duplicate files"))

        let missing = try #require(try await run(["command": "true", "folderPath": "/nonexistent/app"]).error)
        #expect(missing.errorCode == "2507")
        #expect(missing.message == "The folder path does not exist or is empty: /nonexistent/app")
    }

    @Test("cancellation stops the command's whole process group")
    func cancellation() async throws {
        defer { cleanUp() }
        let marker = work.file("pgid")
        let executor = try #require(host.executors.first { $0.descriptor.typeName == "Custom" })
        let invocation = ActivityInvocation(
            activityName: "Sleepy", activityType: "Custom",
            typeProperties: ["command": .string("echo $$ > '\(marker)'; sleep 300 & sleep 300; wait")],
            run: RunIdentifiers(
                dataFactory: "f", pipelineName: "p", pipelineRunId: "p", activityRunId: "cancel-me", attempt: 1,
                triggerTime: "t", groupId: "g"))
        let task = Task { await executor.execute(invocation, context: ActivityExecutionContext()) }
        var groupID: Int32?
        while groupID == nil {
            try await Task.sleep(for: .milliseconds(10))
            groupID = (try? String(contentsOfFile: marker, encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let group = try #require(groupID)
        #expect(!livingMembers(ofProcessGroup: group).isEmpty)
        task.cancel()
        #expect(await task.value == .cancelled)
        // SIGKILL is delivered asynchronously; the members vanish (or become zombies) right after.
        var remaining = livingMembers(ofProcessGroup: group)
        for _ in 0..<500 where !remaining.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            remaining = livingMembers(ofProcessGroup: group)
        }
        #expect(remaining.isEmpty, "processes still alive in group \(group): \(remaining)")
    }

    /// Processes of a group that are not zombies, from /proc.
    func livingMembers(ofProcessGroup group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the command name: state, ppid, pgrp.
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
        }
    }

    func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func cleanUp() {
        host.shutdown()
        work.remove()
    }
}
