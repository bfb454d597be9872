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
        #expect(errors.contains("'soon' is not a duration"))
        let (rateStatus, rateErrors) = try Self.runToExit(["--config", file.path, "--fail-rate", "2"])
        #expect(rateStatus == 64)
        #expect(rateErrors.contains("faults.failRate: a rate is a fraction from 0 to 1"))
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
