@testable import PluginKit
import PluginContract
import TestSizeTags
import Testing

struct ExamplePlugin: Plugin {
    static let id = "com.example.kit-test"
    static let version = "1.2.3"
    static let activities: [ActivityDefinition<ExamplePlugin>] = [
        .run("Example.Echo", input: JSONValue.self) { _, call in call.input },
        .run("Example.Echo", input: JSONValue.self) { _, call in call.input },
        .run("bad name", input: JSONValue.self) { _, call in call.input },
    ]

    init(host: HostServices, settings: JSONValue) throws {}
}

@Suite("PluginKit without a host", .tags(.small))
struct PluginKitTests {
    @Test("problems(in:) reports what the host would refuse")
    func declarationProblems() {
        let problems = PluginExport.problems(in: ExamplePlugin.self)
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("declared twice") })
        #expect(problems.contains { $0.contains("'bad name'") })
    }

    @Test("decoding errors become ADF's property errors")
    func decodingErrors() {
        let missing = ActivityFailure(
            describing: JSONDecodingError(kind: .missingKey, path: "typeProperties.command", message: "missing"))
        #expect(missing.errorCode == "2103")
        #expect(missing.message == "Please provide value for the required property 'typeProperties.command'.")
        let wrongType = ActivityFailure(
            describing: JSONDecodingError(kind: .typeMismatch, path: "typeProperties.n", message: "expected an integer"))
        #expect(wrongType.errorCode == "2104")
        #expect(wrongType.failureType == .userError)
        #expect(ActivityFailure(describing: CancellationError()) == .cancelled)
    }

    @Test("other Swift errors become system errors carrying their description")
    func unknownErrors() {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom happened" } }
        let failure = ActivityFailure(describing: Boom())
        #expect(failure.failureType == .systemError)
        #expect(failure.message == "boom happened")
        #expect(failure.json["errorCode"] == "PluginUnhandledError")
    }

    @Test("the invocation document is read into fields")
    func invocationFields() {
        let invocation = Invocation(json: [
            "abiVersion": .integer(InvocationFormat.abiVersion),
            "activity": ["name": "Run it", "type": "Custom", "typeProperties": ["command": "ls"]],
            "linkedService": ["name": "Batch", "type": "AzureBatch", "typeProperties": ["poolName": "p"]],
            "linkedServices": ["Storage": ["name": "Storage", "type": "AzureBlobStorage", "typeProperties": [:]]],
            "datasets": ["In": ["properties": ["type": "DelimitedText"]]],
            "run": ["pipelineRunId": "p-1", "activityRunId": "a-1", "attempt": 2],
            "settings": ["x": 1],
        ])
        #expect(invocation.activityName == "Run it")
        #expect(invocation.activityType == "Custom")
        #expect(invocation.typeProperties["command"] == "ls")
        #expect(invocation.linkedService?.type == "AzureBatch")
        #expect(invocation.linkedServices["Storage"]?.type == "AzureBlobStorage")
        #expect(invocation.datasets["In"]?["properties"]?["type"] == "DelimitedText")
        #expect(invocation.run.attempt == 2)
        #expect(invocation.run.activityRunId == "a-1")
        #expect(invocation.settings == ["x": 1])
    }

    @Test("resolved datasets are read into typed values: inputs and outputs in order, by name ignoring case")
    func invocationDatasets() throws {
        let lake: JSONValue = ["name": "Lake", "type": "AzureBlobStorage", "typeProperties": ["connectionString": "AccountName=a"]]
        let invocation = Invocation(json: [
            "activity": [
                "name": "Copy", "type": "Copy", "typeProperties": [:],
                "inputs": [["name": "Generic", "type": "DelimitedText", "typeProperties": ["location": ["folderPath": "in"]],
                            "parameters": ["folder": "in"], "linkedServiceName": "Lake", "linkedService": lake,
                            "schema": [["name": "id", "type": "Int32"]]]],
                "outputs": [["name": "Generic", "type": "DelimitedText", "typeProperties": ["location": ["folderPath": "out"]]],
                            "not a dataset"],
            ],
            "datasets": ["Control": ["name": "Control", "type": "PostgreSqlTable", "structure": [["name": "k"]]]],
        ])
        let source = try #require(invocation.inputs.first)
        #expect(invocation.inputs.count == 1)
        #expect(invocation.outputs.count == 1)
        #expect(source.name == "Generic")
        #expect(source.type == "DelimitedText")
        #expect(source.typeProperties["location"]?["folderPath"] == "in")
        #expect(source.parameters == ["folder": "in"])
        #expect(source.linkedService == Invocation.LinkedService(name: "Lake", type: "AzureBlobStorage", typeProperties: ["connectionString": "AccountName=a"]))
        #expect(source.schema == [["name": "id", "type": "Int32"]])
        #expect(invocation.outputs.first?.typeProperties["location"]?["folderPath"] == "out")
        #expect(invocation.outputs.first?.linkedService == nil)
        let control = try #require(invocation.dataset(named: "control"))
        #expect(control.type == "PostgreSqlTable")
        #expect(control.schema == [["name": "k"]])
        #expect(invocation.dataset(named: "Missing") == nil)
    }

    @Test("outputs must encode as objects")
    func outputShape() throws {
        if case .succeeded(let json) = try StepOutcome.succeeded(encoding: ["a": 1] as JSONValue) {
            #expect(json == ["a": 1])
        } else {
            Issue.record("expected success")
        }
        #expect {
            try StepOutcome.succeeded(encoding: "text")
        } throws: { error in
            (error as? ActivityFailure)?.message.contains("must be a JSON object") == true
        }
    }

    @Test("operation states round-trip as JSON and stay under the size limit")
    func operationStates() throws {
        struct JobState: Codable, Equatable { var jobId: String; var polls: Int }
        let bytes = try OperationStateCoding.encode(JobState(jobId: "j-7", polls: 2))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"jobId":"j-7","polls":2}"#)
        #expect(try OperationStateCoding.decode(bytes) as JobState == JobState(jobId: "j-7", polls: 2))
        let huge = String(repeating: "x", count: PluginLimits.maximumStateBytes)
        #expect(throws: ActivityFailure.self) { try OperationStateCoding.encode(JobState(jobId: huge, polls: 0)) }
        #expect(throws: ActivityFailure.self) { try OperationStateCoding.decode(Array("{".utf8)) as JobState }
    }

    @Test("poll delays become whole milliseconds, never 0 for a positive delay")
    func pollDelays() throws {
        let step = OperationStep<Int, JSONValue>.running(1, pollAfter: .microseconds(10))
        guard case .running(_, let milliseconds) = try StepOutcome(step) else {
            Issue.record("expected running")
            return
        }
        #expect(milliseconds == 1)
        guard case .running(_, let seconds) = try StepOutcome(OperationStep<Int, JSONValue>.running(1, pollAfter: .seconds(3)))
        else { return }
        #expect(seconds == 3000)
        guard case .running(_, let fallback) = try StepOutcome(OperationStep<Int, JSONValue>.running(1)) else { return }
        #expect(fallback == 0)
    }
}
