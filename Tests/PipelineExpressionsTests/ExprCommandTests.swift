import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// `pipehost expr eval` end to end: the built binary, as a separate process.
@Suite("pipehost expr eval", .tags(.large))
struct ExprCommandTests {
    /// The `pipehost` executable that `swift build` put next to this test bundle.
    private static func binary() throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("pipehost")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let missing: URL? = nil
        return try #require(
            missing,
            "the pipehost binary is not next to \(bundle.path); build it first with `swift build --build-tests`")
    }

    private struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

    private func run(_ arguments: [String], input: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }

    @Test("a single expression prints its JSON result")
    func single() throws {
        let result = try run(["expr", "eval", "@concat('a', string(add(1, 2)))"])
        #expect(result.status == 0)
        #expect(result.output == "\"a3\"\n")
        let number = try run(["expr", "eval", "@div(7, 2)"])
        #expect(number.output == "3\n")
    }

    @Test("--state supplies parameters, variables, activities and a pinned clock")
    func state() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipehost-expr-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let state = """
            {"parameters": {"name": "run"}, "variables": {"n": 2},
             "activities": {"Copy": {"output": {"rows": 5}}},
             "environment": {"now": "2018-04-15T13:00:00Z"}}
            """
        try state.write(to: file, atomically: true, encoding: .utf8)
        let result = try run([
            "expr", "eval",
            "@concat(pipeline().parameters.name, '-', string(add(variables('n'), activity('Copy').output.rows)), '-', utcNow('yyyy'))",
            "--state", file.path,
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "\"run-7-2018\"\n")
    }

    @Test("a failing expression prints the error with its column on stderr and exits 1")
    func failure() throws {
        let result = try run(["expr", "eval", "@add(1, 'x')"])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("column 2"))
        #expect(result.error.contains("'String'"))
    }

    @Test(
        "bad usage exits 64",
        arguments: [
            ["expr", "eval"], ["expr", "eval", "--batch", "@add(1, 2)"],
            ["expr", "eval", "@x()", "--state", "/nonexistent/state.json"],
        ])
    func usage(arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status == 64, "\(result.error)")
        #expect(!result.error.isEmpty)
    }

    @Test("--batch answers every line in order, with the same id, in the documented format")
    func batch() throws {
        let input = """
            {"id": 1, "expression": "@add(1, 2)"}
            {"id": "two", "expression": "@pipeline().parameters.a", "state": {"parameters": {"a": [1, {"b": null}]}}}
            {"id": [3], "expression": "@div(1, 0)"}

            {"id": 4, "expression": "@activity('X').status", "state": {"activities": {"X": {"output": {}, "status": "Failed"}}}}
            not json
            {"expression": 5}
            """
        let result = try run(["expr", "eval", "--batch"], input: input)
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(lines.count == 6)
        guard lines.count == 6 else { return }
        #expect(lines[0] == ["id": 1, "ok": true, "result": 3])
        #expect(lines[1] == ["id": "two", "ok": true, "result": [1, ["b": nil]]])
        #expect(lines[2]?["id"] == [3])
        #expect(lines[2]?["ok"] == false)
        #expect(lines[2]?["error"]?.stringValue?.contains("column 2") == true)
        #expect(lines[3] == ["id": 4, "ok": true, "result": "Failed"])
        #expect(lines[4]?["ok"] == false)
        #expect(lines[4]?["id"] == .some(.null))
        #expect(lines[5]?["ok"] == false)
        #expect(lines[5]?["error"]?.stringValue?.contains("expression") == true)
    }

    @Test("--batch flushes each answer before reading the next request")
    func batchFlushesPerLine() throws {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["expr", "eval", "--batch"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer { process.terminate() }
        var reader = LineReader(handle: output.fileHandleForReading)
        for index in 1...3 {
            input.fileHandleForWriting.write(Data("{\"id\": \(index), \"expression\": \"@mul(\(index), 10)\"}\n".utf8))
            // The answer must arrive while stdin is still open.
            let next = reader.nextLine()
            let line = try #require(next)
            #expect(
                try JSONParser.parse(line) == [
                    "id": .integer(Int64(index)), "ok": true, "result": .integer(Int64(index * 10)),
                ])
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

/// Reads lines from a pipe as they arrive.
struct LineReader {
    let handle: FileHandle
    private var buffer = Data()

    init(handle: FileHandle) {
        self.handle = handle
    }

    mutating func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}
