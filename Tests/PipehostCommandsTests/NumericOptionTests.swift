import Foundation
import PipehostJSON
import TestSizeTags
import Testing

/// Every numeric option of every command is read by the argument parser with its range: a value
/// that is not a number, not finite or out of range is a usage error (exit 64) naming the option
/// and the range, never a trap converting it (`plugins check --call-timeout inf` used to crash).
@Suite("numeric options are range-checked by the parser", .tags(.large))
struct NumericOptionTests {
    typealias P = PipehostProcess

    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var option: String
        var range: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let callTimeout = "give a number of seconds from 0.001 to 86400"
    static let cancelBound = "give a number of seconds from 0.001 to 3600"
    static let limit = "give a whole number of runs from 1 to 1000000"
    static let pollInterval = "give a whole number of milliseconds from 1 to 86400000"
    static let age = "give an age from 0 to 36525d"

    static let cases: [Case] = [
        Case(arguments: ["plugins", "check", "x.so", "--call-timeout", "inf"], option: "--call-timeout", range: callTimeout),
        Case(arguments: ["plugins", "check", "x.so", "--call-timeout", "1e300"], option: "--call-timeout", range: callTimeout),
        Case(arguments: ["plugins", "check", "x.so", "--call-timeout", "nan"], option: "--call-timeout", range: callTimeout),
        Case(arguments: ["plugins", "check", "x.so", "--call-timeout", "0"], option: "--call-timeout", range: callTimeout),
        Case(arguments: ["plugins", "check", "x.so", "--call-timeout=-1"], option: "--call-timeout", range: callTimeout),
        Case(arguments: ["plugins", "check", "x.so", "--call-timeout", "soon"], option: "--call-timeout", range: callTimeout),
        Case(arguments: ["plugins", "check", "x.so", "--cancel-bound", "1e300"], option: "--cancel-bound", range: cancelBound),
        Case(arguments: ["plugins", "check", "x.so", "--cancel-bound", "3600.5"], option: "--cancel-bound", range: cancelBound),
        Case(arguments: ["plugins", "worker", "x.so", "--poll-interval-ms", "0"], option: "--poll-interval-ms", range: pollInterval),
        Case(
            arguments: ["plugins", "worker", "x.so", "--poll-interval-ms", "99999999999999999999"], option: "--poll-interval-ms",
            range: pollInterval),
        Case(arguments: ["runs", "list", "--limit", "0"], option: "--limit", range: limit),
        Case(arguments: ["runs", "list", "--limit=-5"], option: "--limit", range: limit),
        Case(arguments: ["runs", "list", "--limit", "1e3"], option: "--limit", range: limit),
        Case(arguments: ["runs", "list", "--limit", "9223372036854775808"], option: "--limit", range: limit),
        Case(arguments: ["runs", "list", "--since", "1e400d"], option: "--since", range: age),
        Case(arguments: ["runs", "list", "--since", "infd"], option: "--since", range: age),
        Case(arguments: ["runs", "list", "--until=-1d"], option: "--until", range: age),
        Case(arguments: ["runs", "list", "--since", "36526d"], option: "--since", range: age),
        Case(arguments: ["runs", "prune", "--older-than", "1e300w"], option: "--older-than", range: age),
        Case(arguments: ["runs", "prune", "--older-than", "nand"], option: "--older-than", range: age),
    ]

    @Test(arguments: cases)
    func anOutOfRangeValueIsAUsageError(_ example: Case) throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try P.run(example.arguments, directory: folder)
        #expect(result.status == 64, "\(result.everything)")
        #expect(result.error.contains("is invalid for '\(example.option)"), "\(result.error)")
        #expect(result.error.contains(example.range), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".pipehost").path))
    }

    @Test("the largest values in range are taken")
    func theBoundsAreAccepted() throws {
        let folder = try P.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("runs.sqlite").path
        let pipeline = folder.appendingPathComponent("wait.json")
        try Data(#"{"name": "w", "properties": {"activities": [{"name": "W", "type": "Wait", "typeProperties": {"waitTimeInSeconds": 0}}]}}"#.utf8)
            .write(to: pipeline)
        #expect(try P.run(["run", pipeline.path, "--store", store]).status == 0)

        let listed = try P.run(["runs", "list", "--store", store, "--limit", "1000000", "--since", "36525d", "--until", "0s", "--output", "json"])
        #expect(listed.status == 0, "\(listed.everything)")
        #expect(try listed.json().arrayValue?.count == 1, "\(listed.output)")
        let old = try P.run(["runs", "list", "--store", store, "--until", "36525d", "--output", "json"])
        #expect(try old.json().arrayValue?.count == 0, "no run started a century ago: \(old.everything)")
        let recent = try P.run(["runs", "list", "--store", store, "--since", "2000-01-01T00:00:00Z", "--output", "json"])
        #expect(try recent.json().arrayValue?.count == 1, "\(recent.everything)")
        let pruned = try P.run(["runs", "prune", "--store", store, "--older-than", "36525d"])
        #expect(pruned.status == 0, "\(pruned.everything)")
        #expect(pruned.output.contains("Deleted 0 pipeline runs"))
    }
}
