import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginRuntime
import PluginTestSupport
import TestSizeTags
import Testing

/// The native backend through the real plugin and loader: a C library built with `cc`, called
/// through libffi.
@Suite("Stored procedures: native procedure libraries", .tags(.medium), .timeLimit(.minutes(2)))
struct NativeProcedureTests {
    let harness = StoredProcedureHarness()
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder("pipehost-native-procedures")
    }

    func service() throws -> ResolvedLinkedService {
        NativeFixtures.linkedService(path: try NativeFixtures.fixtureLibrary())
    }

    func cleanUp() {
        harness.shutdown()
        folder.remove()
    }

    /// The lines usp_all_types wrote, as name → value.
    func received(_ file: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return values
    }

    @Test("every supported type reaches the C function with its value, in JSON order")
    func everyType() async throws {
        defer { cleanUp() }
        let out = folder.file("all.txt")
        let outcome = try await harness.run(
            [
                "storedProcedureName": "[dbo].[usp_all_types]",
                "storedProcedureParameters": [
                    "out": ["value": .string(out), "type": "String"],
                    "i16": ["value": "-32767", "type": "Int16"],
                    "i32": ["value": 2_147_483_647, "type": "int"],
                    "i64": ["value": "-9223372036854775807", "type": "Int64"],
                    "dbl": ["value": "3.141592653589793", "type": "Double"],
                    "sgl": ["value": 1.5, "type": "single"],
                    "flag": ["value": "true", "type": "Boolean"],
                    "dec": ["value": "12.25", "type": "Decimal"],
                    "text": ["value": "grüße, 世界"],
                    "guid": ["value": "{6F1C2D4E-0C36-4F63-9D55-2F0B3F1E9A10}", "type": "Guid"],
                    "date": ["value": "2024-05-01", "type": "Date"],
                    "dateTime": ["value": "2024-05-01T10:20:30", "type": "DateTime"],
                    "offset": ["value": "2024-05-01T10:20:30+02:00", "type": "DateTimeOffset"],
                    "span": ["value": "1.02:03:04", "type": "TimeSpan"],
                ],
            ], linkedService: try service())
        let output = try #require(outcome.output, "\(outcome)")
        #expect(output["storedProcedure"]?["symbol"] == "usp_all_types")
        #expect(output["storedProcedure"]?["backend"] == "NativeProcedureLibrary")
        #expect(output["effectiveIntegrationRuntime"] == "pipehost (local)")
        let values = try received(out)
        #expect(values["int16"] == "-32767")
        #expect(values["int32"] == "2147483647")
        #expect(values["int64"] == "-9223372036854775807")
        #expect(values["double"] == "3.1415926535897931")
        #expect(values["single"] == "1.5")
        #expect(values["boolean"] == "1")
        #expect(values["decimal"] == "12.25")
        #expect(values["string"] == "grüße, 世界")
        #expect(values["guid"] == "6f1c2d4e-0c36-4f63-9d55-2f0b3f1e9a10")
        #expect(values["date"] == "2024-05-01")
        #expect(values["dateTime"] == "2024-05-01T10:20:30")
        #expect(values["dateTimeOffset"] == "2024-05-01T10:20:30+02:00")
        #expect(values["timeSpan"] == "1.02:03:04")
    }

    @Test("NULL values pass the documented sentinels and NULL pointers")
    func nulls() async throws {
        defer { cleanUp() }
        let out = folder.file("nulls.txt")
        var parameters = JSONObject()
        parameters["out"] = ["value": .string(out)]
        for (name, type) in [
            ("i16", "Int16"), ("i32", "Int32"), ("i64", "Int64"), ("dbl", "Double"), ("sgl", "Single"),
            ("flag", "Boolean"),
            ("dec", "Decimal"), ("text", "String"), ("guid", "Guid"), ("date", "Date"), ("dateTime", "DateTime"),
            ("offset", "DateTimeOffset"), ("span", "TimeSpan"),
        ] {
            parameters[name] = ["value": .null, "type": .string(type)]
        }
        let outcome = try await harness.run(
            ["storedProcedureName": "usp_all_types", "storedProcedureParameters": .object(parameters)],
            linkedService: try service())
        #expect(outcome.output != nil, "\(outcome)")
        let values = try received(out)
        for name in ["int16", "int32", "int64", "boolean"] { #expect(values[name] == "NULL", "\(name)") }
        for name in ["double", "single", "decimal"] { #expect(values[name] == "NaN", "\(name)") }
        for name in ["string", "guid", "date", "dateTime", "dateTimeOffset", "timeSpan"] {
            #expect(values[name] == "NULL-POINTER", "\(name)")
        }
    }

    @Test("a non-zero result fails with ADF's 2402, the number and the library's message")
    func errorNumberAndMessage() async throws {
        // Written with PipehostTesting, the kit plugin authors use (README, "Testing a plugin").
        defer { cleanUp() }
        let bed = try PluginTestBed(library: BuildProducts.library("StoredProcedurePlugin"))
        defer { bed.shutdown() }
        let invocation = InvocationFixture.make(
            type: "SqlServerStoredProcedure",
            typeProperties: [
                "storedProcedureName": "usp_fail",
                "storedProcedureParameters": [
                    "number": ["value": 50017, "type": "Int32"], "message": ["value": "the batch was empty"],
                ],
            ], linkedService: try service())
        let error = try await bed.run(invocation).requireFailed(code: "2402")
        #expect(error.failureType == .userError)
        #expect(
            error.message
                == "Execution fail against sql server. Sql error number: 50017. Error Message: the batch was empty")
        #expect(error.details?["number"] == 50017)
    }

    @Test("a non-zero result without a message says so")
    func errorWithoutMessage() async throws {
        defer { cleanUp() }
        let error = try #require(
            try await harness.run(
                [
                    "storedProcedureName": "usp_fail",
                    "storedProcedureParameters": [
                        "number": ["value": -4, "type": "Int32"], "message": ["value": nil],
                    ],
                ], linkedService: try service()
            ).error)
        #expect(
            error.message
                == "Execution fail against sql server. Sql error number: -4. Error Message: the procedure returned -4 without a message"
        )
    }

    @Test("a procedure the library does not export is a clear error naming library and symbol")
    func missingSymbol() async throws {
        defer { cleanUp() }
        let library = try NativeFixtures.fixtureLibrary()
        let error = try #require(
            try await harness.run(["storedProcedureName": "[dbo].[usp_does_not_exist]"], linkedService: try service())
                .error)
        #expect(error.errorCode == "2402")
        #expect(error.message.contains("Could not find stored procedure '[dbo].[usp_does_not_exist]'"))
        #expect(error.message.contains("exports no function 'usp_does_not_exist'"))
        #expect(error.message.contains(library))
    }

    @Test("a file that is not a shared library, or no file, is a clear error naming it")
    func wrongLibrary() async throws {
        defer { cleanUp() }
        let notALibrary = try folder.write("this is text, not ELF\n", to: "libnot-a-library.so")
        let first = try #require(
            try await harness.run(
                ["storedProcedureName": "usp_x"],
                linkedService: NativeFixtures.linkedService(path: notALibrary, name: "Broken")
            ).error)
        #expect(first.errorCode == "NativeProcedureLibraryUnavailable")
        #expect(first.message.contains("linked service 'Broken'"))
        #expect(first.message.contains("could not be loaded as a shared library"))
        #expect(first.message.contains("libnot-a-library.so"))

        let missing = folder.file("libmissing.so")
        let second = try #require(
            try await harness.run(
                ["storedProcedureName": "usp_x"], linkedService: NativeFixtures.linkedService(path: missing)
            )
            .error)
        #expect(second.message.contains("there is no file at '\(missing)'"))
        #expect(second.message.contains("Set 'typeProperties.path' to a shared library"))
    }

    /// The first-run case: the example linked service's library, in pipehost's build folder, was
    /// not built yet (`swift build --product pipehost` alone builds no libraries).
    @Test("a library missing from {executableDir} says which product to build")
    func unbuiltLibraryInTheBuildFolder() async throws {
        defer { cleanUp() }
        let error = try #require(
            try await harness.run(
                ["storedProcedureName": "usp_x"],
                linkedService: NativeFixtures.linkedService(path: "{executableDir}/libNotBuiltYet.so", name: "RunLog")
            ).error)
        #expect(error.errorCode == "NativeProcedureLibraryUnavailable")
        #expect(error.message.contains("linked service 'RunLog'"))
        #expect(error.message.contains("/libNotBuiltYet.so'"))
        #expect(error.message.contains("is not built yet: build it with `swift build --product NotBuiltYet`"), "\(error.message)")
    }

    @Test("Byte[] cannot be passed to C and fails before calling, naming the parameter")
    func bytesRefused() async throws {
        defer { cleanUp() }
        let error = try #require(
            try await harness.run(
                [
                    "storedProcedureName": "usp_no_arguments",
                    "storedProcedureParameters": ["payload": ["value": "0x0102", "type": "Byte[]"]],
                ], linkedService: try service()
            ).error)
        #expect(error.errorCode == "2105")
        #expect(error.message.contains("'typeProperties.storedProcedureParameters.payload.type'"))
        #expect(error.message.contains("Byte[]"))
    }

    @Test("a schema other than dbo or public joins the symbol with two underscores")
    func schemaMapping() async throws {
        defer { cleanUp() }
        let outcome = try await harness.run(
            [
                "storedProcedureName": "[audit].[usp_in_schema]",
                "storedProcedureParameters": ["value": ["value": 7, "type": "Int32"]],
            ], linkedService: try service())
        #expect(outcome.output?["storedProcedure"]?["symbol"] == "audit__usp_in_schema", "\(outcome)")
        let noArguments = try await harness.run(
            ["storedProcedureName": "public.usp_no_arguments"], linkedService: try service())
        #expect(noArguments.output != nil, "\(noArguments)")
    }

    @Test("many concurrent calls from the host's worker threads: each keeps its own result and message")
    func concurrency() async throws {
        defer { cleanUp() }
        let service = try service()
        _ = try await harness.run(
            [
                "storedProcedureName": "usp_take_count",
                "storedProcedureParameters": ["expected": ["value": "0", "type": "Int64"]],
            ],
            linkedService: service)
        let calls = 200
        let outcomes = try await withThrowingTaskGroup(of: (Int, ActivityOutcome).self) { group in
            for index in 0..<calls {
                group.addTask {
                    let typeProperties: JSONValue =
                        index % 2 == 0
                        ? ["storedProcedureName": "usp_count"]
                        : [
                            "storedProcedureName": "usp_fail",
                            "storedProcedureParameters": [
                                "number": ["value": .integer(Int64(index)), "type": "Int32"],
                                "message": ["value": .string("failure of call \(index)")],
                            ],
                        ]
                    return (index, try await harness.run(typeProperties, linkedService: service))
                }
            }
            var all: [Int: ActivityOutcome] = [:]
            for try await (index, outcome) in group { all[index] = outcome }
            return all
        }
        #expect(outcomes.count == calls)
        for (index, outcome) in outcomes {
            if index % 2 == 0 {
                #expect(outcome.output != nil, "call \(index): \(outcome)")
            } else {
                #expect(
                    outcome.error?.message
                        == "Execution fail against sql server. Sql error number: \(index). Error Message: failure of call \(index)"
                )
            }
        }
        let total = try await harness.run(
            [
                "storedProcedureName": "usp_take_count",
                "storedProcedureParameters": ["expected": ["value": .integer(Int64(calls / 2)), "type": "Int64"]],
            ], linkedService: service)
        #expect(total.output != nil, "\(total)")
    }

    @Test("the example library: usp_log_run_to appends a line per run; bad input gets its number and message")
    func exampleLibrary() async throws {
        defer { cleanUp() }
        let service = NativeFixtures.linkedService(path: NativeFixtures.exampleLibrary, name: "RunLog")
        let log = folder.file("runs.tsv")
        for (run, rows) in [("run-a", 10), ("run-b", 20)] {
            let outcome = try await harness.run(
                [
                    "storedProcedureName": "[dbo].[usp_log_run_to]",
                    "storedProcedureParameters": [
                        "logFile": ["value": .string(log)], "runId": ["value": .string(run), "type": "String"],
                        "rows": ["value": .string("\(rows)"), "type": "Int64"],
                        "score": ["value": "0.5", "type": "Double"],
                    ],
                ], linkedService: service)
            #expect(outcome.output != nil, "\(outcome)")
        }
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first.map { $0.hasSuffix("\trun-a\t10\t0.5") } == true, "\(lines)")
        #expect(lines.last.map { $0.hasSuffix("\trun-b\t20\t0.5") } == true, "\(lines)")

        let error = try #require(
            try await harness.run(
                [
                    "storedProcedureName": "usp_log_run_to",
                    "storedProcedureParameters": [
                        "logFile": ["value": .string(log)], "runId": ["value": "run-c"],
                        "rows": ["value": -1, "type": "Int64"], "score": ["value": 1, "type": "Double"],
                    ],
                ], linkedService: service
            ).error)
        #expect(
            error.message.hasSuffix("Sql error number: 50002. Error Message: usp_log_run: rows must be zero or more"))
    }

    @Test("the example library's linked service file finds the library through {executableDir}")
    func exampleLinkedServiceFile() async throws {
        defer { cleanUp() }
        let file = "\(RepositoryPaths.root)/examples/native-procedures/linkedService/RunLog.json"
        let json = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        let properties = try #require(json["properties"])
        let service = ResolvedLinkedService(
            name: try #require(json["name"]?.stringValue), type: try #require(properties["type"]?.stringValue),
            typeProperties: try #require(properties["typeProperties"]))
        let log = folder.file("from-file.tsv")
        let outcome = try await harness.run(
            [
                "storedProcedureName": "usp_log_run_to",
                "storedProcedureParameters": [
                    "logFile": ["value": .string(log)], "runId": ["value": "r"], "rows": ["value": 1, "type": "Int64"],
                    "score": ["value": nil, "type": "Double"],
                ],
            ], linkedService: service)
        #expect(outcome.output?["storedProcedure"]?["library"] == .string(NativeFixtures.exampleLibrary), "\(outcome)")
        #expect(try String(contentsOfFile: log, encoding: .utf8).hasSuffix("\tr\t1\t\n"))
    }
}
