import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// The built `azureml-emulator` binary, run as a separate process.
@Suite(.tags(.large), .serialized)
struct CommandLineTests {
    /// `.build/<configuration>/azureml-emulator`, next to the test bundle.
    static var binary: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !folder.path.isEmpty, folder.path != "/" {
            let candidate = folder.appendingPathComponent("azureml-emulator")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return EmulatorFixture.fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/azureml-emulator")
    }

    @Test func printsItsAddressServesAndStopsOnSIGTERM() async throws {
        let fixture = try EmulatorFixture("protocol")
        defer { fixture.remove() }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = [
            "--config", fixture.folder.appendingPathComponent("emulator.json").path, "--port", "0", "--job-duration",
            "10ms",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let firstLine = try #require(try Self.readLine(from: output.fileHandleForReading))
        #expect(firstLine.hasPrefix("listening on http://127.0.0.1:"))
        let baseURL = String(firstLine.dropFirst("listening on ".count))
        let port = try #require(Int(baseURL.split(separator: ":").last ?? ""))
        #expect(port > 0)

        let listing = try await LiveHTTP.send(
            method: .get, url: baseURL + "/emulator/endpoints", headers: [:], body: nil)
        #expect(listing.status == 200)
        #expect(listing.json?[property: "baseURL"] == .string(baseURL))
        #expect(!listing.body.contains("train-key"))

        let body = RequestBodies.batch(inputs: ["input1": RequestBodies.connectionReference("data/score.csv")])
        let submitted = try await LiveHTTP.send(
            method: .post,
            url: baseURL + EmulatorFixture.jobsPath("score0000000000000000000000000001") + "?api-version=2.0",
            headers: ["Authorization": "Bearer score-default-key"], body: body
        )
        #expect(submitted.status == 200)

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test func aBadConfigurationExits64NamingFileAndPath() throws {
        let file = EmulatorFixture.fixturesFolder.appendingPathComponent("invalid/unknown-field.json")
        let (status, errors) = try Self.runToExit(["--config", file.path])
        #expect(status == 64)
        #expect(errors.contains("\(file.path): webServices[0].jobDurration: unknown field"))
    }

    @Test func aBadFlagExits64() throws {
        let file = EmulatorFixture.fixturesFolder.appendingPathComponent("protocol/emulator.json")
        let (status, errors) = try Self.runToExit(["--config", file.path, "--job-duration", "soon"])
        #expect(status == 64)
        #expect(errors.contains("'soon' is not a duration from 0 to 86400s (a day)"))
        let (rateStatus, rateErrors) = try Self.runToExit(["--config", file.path, "--fail-rate", "2"])
        #expect(rateStatus == 64)
        #expect(rateErrors.contains("The value '2' is invalid for '--fail-rate <fail-rate>': give a fraction from 0 to 1"))
    }

    /// One case per class of numeric flag: each out-of-range value is a usage error naming the flag
    /// and its range, before the configuration is even read (no overflow, no trap).
    @Test(arguments: [
        ("--port", "70000", "give a port from 0 to 65535"), ("--port", "-1", "give a port from 0 to 65535"),
        ("--fail-rate", "nan", "give a fraction from 0 to 1"), ("--drop-rate", "inf", "give a fraction from 0 to 1"),
        ("--failing-jobs", "-0.5", "give a fraction from 0 to 1"), ("--fail-status", "404", "give one of 429, 500, 503"),
        ("--job-duration", "1e300s", "is not a duration from 0 to 86400s"), ("--latency", "25h", "is not a duration from 0 to 86400s"),
        ("--fault-seed", "-1", "--fault-seed"), ("--fault-seed", "18446744073709551616", "--fault-seed"),
    ])
    func everyNumericFlagIsRangeChecked(flag: String, value: String, message: String) throws {
        let file = EmulatorFixture.fixturesFolder.appendingPathComponent("protocol/emulator.json")
        // `--flag=value`, so that a negative number is read as the flag's value.
        let (status, errors) = try Self.runToExit(["--config", file.path, "\(flag)=\(value)"])
        #expect(status == 64, "\(errors)")
        #expect(errors.contains(flag), "\(errors)")
        #expect(errors.contains(message), "\(errors)")
    }

    /// What `pipehost run --emulator` relies on: one JSON line naming the URL and the storage
    /// folders, and a stop with status 0 when standard input ends.
    @Test func announcesItselfAsJSONAndStopsWhenItsInputEnds() throws {
        let fixture = try EmulatorFixture("protocol")
        defer { fixture.remove() }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = [
            "--config", fixture.folder.appendingPathComponent("emulator.json").path, "--announce", "json",
            "--stop-on-stdin-eof",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let firstLine = try #require(try Self.readLine(from: output.fileHandleForReading))
        let announcement = try #require(try JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: Any])
        let url = try #require(announcement["listening"] as? String)
        #expect(url.hasPrefix("http://127.0.0.1:"))
        let accounts = try #require(announcement["storageAccounts"] as? [[String: String]])
        #expect(accounts.contains { $0["name"] == "acct1" && $0["folder"]?.hasSuffix("/acct1") == true }, "\(accounts)")
        #expect(accounts.allSatisfy { $0["blobEndpoint"]?.hasPrefix(url + "/blob/") == true })

        try input.fileHandleForWriting.close()
        for _ in 0..<500 where process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        #expect(!process.isRunning, "the emulator still runs 5 s after its input ended")
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    static func runToExit(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// One line of the child's output (blocking read; the emulator prints its first line at once).
    static func readLine(from handle: FileHandle) throws -> String? {
        var bytes: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 1)
            guard let byte = chunk.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
