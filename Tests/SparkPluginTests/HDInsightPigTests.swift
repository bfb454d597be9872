import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// `HDInsightPig`: without a Pig installation it fails with `EngineNotAvailable` and says where
/// pipehost looked; with one (here a stand-in `bin/pig` that records how it was called, to test
/// pipehost's side of the contract) it runs `pig -x local -param … -f <script>` in the job folder.
@Suite("HDInsightPig", .tags(.medium))
struct HDInsightPigTests {
    /// A stand-in `bin/pig`: writes its arguments, one a line, to `calls.txt` beside `bin/`, then
    /// fails like Pig when a `-param fail=yes` is among them.
    static let recordingPig = """
        #!/bin/sh
        here=$(cd "$(dirname "$0")/.." && pwd)
        : > "$here/calls.txt"
        for argument in "$@"; do printf '%s\\n' "$argument" >> "$here/calls.txt"; done
        echo "PIG_HOME=$PIG_HOME cwd=$(pwd)" >> "$here/calls.txt"
        case " $* " in
          *" fail=yes "*) echo "2026-12-07 10:00:00,000 [main] ERROR org.apache.pig.tools.grunt.Grunt - ERROR 1000: Error during parsing."; exit 6 ;;
        esac
        echo "Success!"
        """

    @Test("with no pigHome setting and no PIG_HOME, the activity fails with EngineNotAvailable saying where pipehost looked and how to install Pig")
    func refusedWithoutPig() async throws {
        try #require(ProcessInfo.processInfo.environment["PIG_HOME"] == nil, "the test needs PIG_HOME unset")
        try await SparkTestBed.with { bed in
            try bed.write("A = LOAD 'x';", to: "pig/script.pig")
            let run = await bed.run(bed.invocation("HDInsightPig", ["scriptPath": "pig/script.pig"]))
            let error = try run.requireFailed(code: "EngineNotAvailable", messageContains: "no Pig engine is installed")
            #expect(error.message.contains("pigHome setting (not set) and in PIG_HOME (not set)"), "\(error.message)")
            #expect(error.message.contains("Apache Pig 0.17.0"), "\(error.message)")
            #expect(error.failureType == .userError)
        }
        let empty = try TemporaryFolder("no-pig")
        defer { empty.remove() }
        try await SparkTestBed.with(settings: ["pigHome": .string(empty.path)]) { bed in
            try bed.write("A = LOAD 'x';", to: "pig/script.pig")
            let run = await bed.run(bed.invocation("HDInsightPig", ["scriptPath": "pig/script.pig"]))
            try run.requireFailed(
                code: "EngineNotAvailable", messageContains: "pigHome setting is '\(empty.path)', which has no executable bin/pig")
        }
    }

    @Test("with a Pig installation, pipehost runs pig -x local with -param for each define, the arguments, and -f the fetched script")
    func runsPigWithTheCommandLine() async throws {
        let pig = try TemporaryFolder("fake-pig")
        defer { pig.remove() }
        try FileManager.default.createDirectory(atPath: pig.path + "/bin", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: pig.path + "/bin/pig", contents: Data(Self.recordingPig.utf8), attributes: [.posixPermissions: 0o755])
        try await SparkTestBed.with(settings: ["pigHome": .string(pig.path)]) { bed in
            try bed.write("A = LOAD '$input';\nSTORE A INTO '$output';\n", to: "pig/copy.pig")
            let run = await bed.run(bed.invocation("HDInsightPig", [
                "scriptPath": "pig/copy.pig",
                "defines": ["input": "data/in", "output": "data/out"],
                "arguments": ["-useHCatalog"],
                "getDebugInfo": "None",
            ]))
            let output = try run.requireSucceeded()
            let log = try #require(output["logLocation"]?.stringValue)
            let folder = URL(fileURLWithPath: log).deletingLastPathComponent().path
            let calls = try String(contentsOfFile: pig.path + "/calls.txt", encoding: .utf8)
            #expect(calls == """
                -x
                local
                -param
                input=data/in
                -param
                output=data/out
                -useHCatalog
                -f
                \(folder)/script/copy.pig
                PIG_HOME=\(pig.path) cwd=\(FileManager.default.currentDirectoryPath)

                """)
            #expect(output["sparkMaster"] == nil)
            #expect(try String(contentsOfFile: log, encoding: .utf8).contains("Success!"))

            let failing = await bed.run(bed.invocation("HDInsightPig", [
                "scriptPath": "pig/copy.pig", "defines": ["fail": "yes"],
            ]))
            try failing.requireFailed(code: "2302", messageContains: "ERROR 1000: Error during parsing.")
            #expect(bed.jobProcesses().isEmpty)
        }
    }

    @Test("a missing scriptPath fails with 2103, an empty one with 2331, bad defines with 2104")
    func invalidInput() async throws {
        try await SparkTestBed.with { bed in
            try await bed.run(bed.invocation("HDInsightPig", [:])).requireFailed(code: "2103", messageContains: "typeProperties.scriptPath")
            try await bed.run(bed.invocation("HDInsightPig", ["scriptPath": ""])).requireFailed(code: "2331")
            try await bed.run(bed.invocation("HDInsightPig", ["scriptPath": "a.pig", "defines": ["x": .array([])]]))
                .requireFailed(code: "2104", messageContains: "typeProperties.defines.x")
        }
    }
}
