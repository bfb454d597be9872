import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// The run driver tears down what a run started on every path: the Swift fixture plugin logs
/// "fixture plugin shut down" from its `deinit` (seen with `--log-level info`), and the Azure ML
/// emulator child is found by its configuration path among the running processes.
@Suite("runs tear down plugins and the emulator however they end", .tags(.large))
struct RunDriverTests {
    typealias P = PipehostProcess

    static let shutDown = "fixture plugin shut down"
    static let initialised = "fixture plugin initialised"

    /// A folder with a plugins.json listing the Swift fixture plugin.
    struct Scenario {
        let folder: URL
        var manifest: String { folder.appendingPathComponent("plugins.json").path }

        init() throws {
            folder = try P.temporaryFolder()
            let library = P.executable.deletingLastPathComponent().appendingPathComponent("libSwiftFixturePlugin.so").path
            try write(#"{"plugins": [{"path": "\#(library)"}]}"#, to: "plugins.json")
        }

        @discardableResult
        func write(_ text: String, to name: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return url.path
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static func occurrences(of text: String, in output: String) -> Int {
        output.components(separatedBy: text).count - 1
    }

    @Test("a run that succeeds shuts its plugins down once")
    func succeededRun() throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let pipeline = try scenario.write(
            #"{"name": "p", "properties": {"activities": [{"name": "N", "type": "Fixture.Noop", "typeProperties": {}}]}}"#,
            to: "p.json")
        let result = try P.run(["run", pipeline, "--plugins", scenario.manifest, "--log-level", "info", "--no-store"])
        #expect(result.status == 0, "\(result.everything)")
        #expect(Self.occurrences(of: Self.initialised, in: result.error) == 1, "\(result.error)")
        #expect(Self.occurrences(of: Self.shutDown, in: result.error) == 1, "\(result.error)")
    }

    @Test("a run refused as invalid starts no plugin")
    func refusedBeforeStarting() throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let pipeline = try scenario.write(
            #"""
            {"name": "p", "properties": {"activities": [
              {"name": "N", "type": "Fixture.Noop", "typeProperties": {},
               "dependsOn": [{"activity": "Ghost", "dependencyConditions": ["Succeeded"]}]}]}}
            """#, to: "p.json")
        let result = try P.run(["run", pipeline, "--plugins", scenario.manifest, "--log-level", "info", "--no-store"])
        #expect(result.status == 64)
        #expect(result.error.contains("depends on 'Ghost'"), "\(result.error)")
        #expect(Self.occurrences(of: Self.initialised, in: result.error) == 0, "\(result.error)")
        #expect(Self.occurrences(of: Self.shutDown, in: result.error) == 0, "\(result.error)")
    }

    @Test("an emulator that cannot start fails the command with 64, before any plugin started")
    func emulatorFailsToStart() throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let factory = try Self.writeFactory(in: scenario, activityType: "Fixture.Noop")
        let configuration = try scenario.write(#"{"webServices": []}"#, to: "emulator.json")
        let result = try P.run([
            "run", factory, "--plugins", scenario.manifest, "--log-level", "info", "--no-store", "--emulator", configuration,
        ])
        #expect(result.status == 64)
        #expect(result.error.contains("webServices: declare at least one web service"), "\(result.error)")
        #expect(
            result.error.contains(
                "error: --emulator \(configuration): the Azure ML emulator exited with status 64 before it was listening"),
            "\(result.error)")
        #expect(Self.occurrences(of: Self.initialised, in: result.error) == 0, "\(result.error)")
    }

    @Test("the emulator child is stopped when a later step fails (the store cannot be opened)")
    func emulatorStoppedAfterALaterFailure() throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let factory = try Self.writeFactory(in: scenario, activityType: "Fixture.Noop")
        let configuration = try Self.copyExampleEmulator(into: scenario)
        let notAFolder = try scenario.write("x", to: "file")
        let result = try P.run([
            "run", factory, "--plugins", scenario.manifest, "--log-level", "info", "--emulator", configuration,
            "--store", notAFolder + "/runs.sqlite",
        ])
        #expect(result.status == 64, "\(result.everything)")
        #expect(Self.occurrences(of: Self.initialised, in: result.error) == 0, "\(result.error)")
        #expect(Self.processes(mentioning: configuration).isEmpty, "an emulator outlived its run")
    }

    @Test("Ctrl-C cancels the run and stops the emulator child; exit 2")
    func interruptStopsTheEmulator() throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let example = scenario.folder.appendingPathComponent("retrain-and-score")
        try FileManager.default.copyItem(at: P.repositoryRoot.appendingPathComponent("examples/retrain-and-score"), to: example)
        let configuration = example.appendingPathComponent("emulator.json").path
        let running = try P.start([
            "run", example.path, "--pipeline", "RetrainAndScore", "--emulator", configuration, "--no-store",
            "--plugins", P.repositoryRoot.appendingPathComponent("plugins.json").path,
        ])
        for _ in 0..<1500 where !running.outputSoFar.contains("Train (AzureMLBatchExecution) InProgress") {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(!Self.processes(mentioning: configuration).isEmpty, "the emulator is not running: \(running.errorSoFar)")
        kill(running.process.processIdentifier, SIGINT)
        let result = running.finish()
        #expect(result.status == 2, "\(result.everything)")
        #expect(result.output.contains("Pipeline 'RetrainAndScore' Cancelled"))
        #expect(Self.processes(mentioning: configuration).isEmpty, "the emulator outlived the cancelled run")
    }

    @Test("the emulator child stops by itself when pipehost is killed")
    func killedHostLeavesNoEmulator() throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let factory = try Self.writeFactory(in: scenario, activityType: "Wait", typeProperties: #"{"waitTimeInSeconds": 600}"#)
        let configuration = try Self.copyExampleEmulator(into: scenario)
        let running = try P.start(["run", factory, "--emulator", configuration, "--no-store"])
        for _ in 0..<1500 where !running.outputSoFar.contains("InProgress") { Thread.sleep(forTimeInterval: 0.02) }
        #expect(!Self.processes(mentioning: configuration).isEmpty, "the emulator is not running: \(running.errorSoFar)")
        kill(running.process.processIdentifier, SIGKILL)
        _ = running.finish()
        for _ in 0..<500 where !Self.processes(mentioning: configuration).isEmpty { Thread.sleep(forTimeInterval: 0.01) }
        #expect(Self.processes(mentioning: configuration).isEmpty, "the emulator outlived its killed parent")
    }

    @Test("activity run: a refused activity still shuts its plugin down")
    func activityRunRefused() throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let input = try scenario.write(
            #"{"name": "N", "type": "Fixture.Noop", "typeProperties": {}, "dependsOn": [{"activity": "Ghost", "dependencyConditions": ["Succeeded"]}]}"#,
            to: "a.json")
        let result = try P.run(["activity", "run", "--type", "Fixture.Noop", "--input", input, "--plugins", scenario.manifest, "--log-level", "info"])
        #expect(result.status == 64, "\(result.everything)")
        #expect(result.error.contains("depends on 'Ghost'"), "\(result.error)")
        #expect(Self.occurrences(of: Self.initialised, in: result.error) == 0, "\(result.error)")
        #expect(Self.occurrences(of: Self.shutDown, in: result.error) == 0, "\(result.error)")
    }

    @Test("without the azureml-emulator executable next to pipehost, --emulator says what to build")
    func missingEmulatorExecutable() throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let lonely = scenario.folder.appendingPathComponent("bin/pipehost")
        try FileManager.default.createDirectory(at: lonely.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try FileManager.default.linkItem(at: P.executable, to: lonely)
        } catch {
            try FileManager.default.copyItem(at: P.executable, to: lonely)
        }
        let factory = try Self.writeFactory(in: scenario, activityType: "Wait", typeProperties: #"{"waitTimeInSeconds": 0}"#)
        let configuration = try Self.copyExampleEmulator(into: scenario)
        let process = Process()
        process.executableURL = lonely
        process.arguments = ["run", factory, "--emulator", configuration, "--no-store"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        let expected = lonely.deletingLastPathComponent().appendingPathComponent("azureml-emulator").path
        #expect(text.contains("the Azure ML emulator is not built: there is no '\(expected)' next to pipehost"), "\(text)")
        #expect(text.contains("swift build --product azureml-emulator"), "\(text)")
    }

    @Test("pipehost links no NIO: the emulator runs as its own executable")
    func pipehostHasNoNIO() throws {
        let pipehost = try Data(contentsOf: P.executable)
        let emulator = try Data(contentsOf: P.executable.deletingLastPathComponent().appendingPathComponent("azureml-emulator"))
        // Mangled Swift names carry the module with its length: 7NIOCore, 11Hummingbird.
        for module in ["7NIOCore", "8NIOPosix", "11Hummingbird"] {
            #expect(!Self.contains(pipehost, module), "pipehost contains \(module) symbols")
            #expect(Self.contains(emulator, module), "the check cannot see \(module) in azureml-emulator")
        }
    }

    static func contains(_ data: Data, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        return data.withUnsafeBytes { (haystack: UnsafeRawBufferPointer) -> Bool in
            guard let base = haystack.baseAddress, let first = needle.first else { return false }
            var offset = 0
            while offset + needle.count <= haystack.count {
                guard let hit = memchr(base + offset, Int32(first), haystack.count - offset - needle.count + 1) else { return false }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, needle, needle.count) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }

    // MARK: Helpers

    /// A git-integration folder with one pipeline of one activity and the `azureMLBaseUrl` global parameter.
    static func writeFactory(
        in scenario: Scenario, activityType: String, typeProperties: String = "{}"
    ) throws -> String {
        try scenario.write(
            #"{"name": "F", "properties": {"globalParameters": {"azureMLBaseUrl": {"type": "String", "value": "http://127.0.0.1:8790"}}}}"#,
            to: "factory/factory/F.json")
        try scenario.write(
            #"{"name": "p", "properties": {"activities": [{"name": "A", "type": "\#(activityType)", "typeProperties": \#(typeProperties)}]}}"#,
            to: "factory/pipeline/p.json")
        return scenario.folder.appendingPathComponent("factory").path
    }

    /// A copy of the example's emulator configuration and models, at a path unique to the test.
    static func copyExampleEmulator(into scenario: Scenario) throws -> String {
        let example = scenario.folder.appendingPathComponent("example")
        try FileManager.default.copyItem(at: P.repositoryRoot.appendingPathComponent("examples/retrain-and-score"), to: example)
        return example.appendingPathComponent("emulator.json").path
    }

    /// The ids of running processes whose command line mentions `text`.
    static func processes(mentioning text: String) -> [Int32] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap(Int32.init) ?? []
        return ids.filter { id in
            guard let data = FileManager.default.contents(atPath: "/proc/\(id)/cmdline") else { return false }
            let arguments = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            // A zombie has an empty command line; the check is for processes still alive.
            return arguments.contains(text)
        }
    }
}
