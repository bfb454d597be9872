import AzureMLEmulator
import Foundation
import HostCore
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// The two scenarios of Microsoft's "Create predictive pipelines using Azure Machine Learning"
/// (transform-data-using-machine-learning.md), through the real plugin against a live emulator.
@Suite(.tags(.medium))
struct BatchExecutionScenarioTests {
    /// Scenario 1: web service inputs and outputs in blob storage, named by `webServiceInputs` and
    /// `webServiceOutputs` with a storage linked service (here a connection string).
    @Test func scenario1TrainsFromBlobsAndWritesTheModelAndEvaluation() async throws {
        try await AzureMLTestBed.with { bed in
            let typeProperties: JSONValue = [
                "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/train.csv"]),
                "webServiceOutputs": AzureMLTestBed.files([
                    "output1": "amltest/output/model.ilearner", "output2": "amltest/output/evaluation.csv",
                ]),
            ]
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", typeProperties, linkedService: bed.azureML(AzureMLTestBed.trainingService),
                    linkedServices: [bed.connectionStringStorage()]),
                context: context)
            let output = try #require(outcome.output, "\(outcome)")
            #expect(output["status"] == "Finished")
            #expect(output["effectiveIntegrationRuntime"] == "pipehost (local)")
            #expect(output["durationInQueue"] == ["integrationRuntimeQueue": 0])
            #expect(output["executionDuration"]?.integerValue != nil)
            let jobId = try #require(output["jobId"]?.stringValue)
            #expect(!jobId.isEmpty)
            let storage = try bed.storage
            #expect(
                output["results"]
                    == [
                        "output1": [
                            "baseLocation": .string(storage.blobEndpoint), "relativeLocation": "amltest/output/model.ilearner",
                        ],
                        "output2": [
                            "baseLocation": .string(storage.blobEndpoint),
                            "relativeLocation": "amltest/output/evaluation.csv",
                        ],
                    ])
            #expect(try bed.blob("amltest/output/model.ilearner").contains("\"coefficients\""))
            #expect(try bed.blob("amltest/output/evaluation.csv").contains("Coefficient of Determination"))
            // The job id is the operation state, saved before every wait.
            let saved = try #require(context.savedStates.first)
            let state = try JSONParser.parse(saved)
            #expect(state["jobId"] == .string(jobId))
            #expect(state["base"]?.stringValue?.hasSuffix("/services/\(try bed.endpoint(AzureMLTestBed.trainingService).serviceId)") == true)
            try expectNoSecrets(in: outcome, context: context, bed: bed)
            for state in context.savedStates {
                let text = String(decoding: state, as: UTF8.self)
                for secret in try bed.secrets { #expect(!text.contains(secret)) }
            }
        }
    }

    /// Scenario 1 with a SAS linked service: `BaseLocation` + `RelativeLocation` + `SasBlobToken`.
    @Test func scenario1ScoresThroughASASLinkedService() async throws {
        try await AzureMLTestBed.with { bed in
            let typeProperties: JSONValue = [
                "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/score.csv"]),
                "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/scored.csv"]),
            ]
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", typeProperties, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                    linkedServices: [bed.sasStorage(container: "amltest", permissions: "rcw")]),
                context: context)
            let output = try #require(outcome.output, "\(outcome)")
            #expect(output["results"]?["output1"]?["relativeLocation"] == "amltest/output/scored.csv")
            let scored = try bed.blob("amltest/output/scored.csv")
            #expect(scored.hasPrefix("building,temperature,humidity,occupancy,Scored Labels"))
            #expect(scored.split(whereSeparator: \.isNewline).count == 13)
            try expectNoSecrets(in: outcome, context: context, bed: bed)
            #expect(!output.description.contains("sig="))
        }
    }

    /// Scenario 2: no inputs or outputs; reader and writer modules take the blobs and the account
    /// from web service parameters (`globalParameters`), names matched exactly.
    @Test func scenario2ReaderAndWriterDrivenByGlobalParameters() async throws {
        try await AzureMLTestBed.with { bed in
            let typeProperties: JSONValue = [
                "globalParameters": [
                    "Source blob": "amltest/input/score.csv", "Destination blob": "amltest/output/rw-scored.csv",
                    "Account name": "mlstorage", "Account key": .string(try bed.storage.key),
                ]
            ]
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", typeProperties, linkedService: bed.azureML(AzureMLTestBed.readerWriterService)),
                context: context)
            let output = try #require(outcome.output, "\(outcome)")
            #expect(output["status"] == "Finished")
            #expect(output["results"] == [:])
            let written = try bed.blob("amltest/output/rw-scored.csv")
            // The service's inline model: 12 + 1.5·temperature − 0.2·humidity + 3·occupancy; B01 is 20.8, 47.4, 25.
            let first = try #require(written.split(whereSeparator: \.isNewline).dropFirst().first)
            let score = try #require(first.split(separator: ",").last.flatMap { Double($0) })
            #expect(abs(score - (12 + 1.5 * 20.8 - 0.2 * 47.4 + 3 * 25)) < 1e-6)
            try expectNoSecrets(in: outcome, context: context, bed: bed)
        }
    }

    /// `mlEndpoint` as the portal showed it, without the query, and without `/jobs`.
    @Test(arguments: ["/jobs?api-version=2.0", "/jobs", "", "/jobs/", "/"])
    func theEndpointIsAcceptedInEveryDocumentedForm(suffix: String) async throws {
        try await AzureMLTestBed.with { bed in
            let endpoint = try bed.endpoint(AzureMLTestBed.scoringService)
            let base = endpoint.batchExecutionURL.replacingOccurrences(of: "/jobs?api-version=2.0", with: "")
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution",
                    [
                        "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/score.csv"]),
                        "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/form.csv"]),
                    ],
                    linkedService: bed.azureML(AzureMLTestBed.scoringService, mlEndpoint: base + suffix),
                    linkedServices: [bed.connectionStringStorage()]))
            #expect(outcome.output?["status"] == "Finished", "\(outcome)")
        }
    }

    /// The key as a plain string, a `SecureString`, or what the host made of a Key Vault
    /// reference (a plain string): all reach the service as `Authorization: Bearer`.
    @Test func theKeyMayBeASecureStringObject() async throws {
        try await AzureMLTestBed.with { bed in
            let endpoint = try bed.endpoint(AzureMLTestBed.scoringService)
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution",
                    [
                        "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/score.csv"]),
                        "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/secure.csv"]),
                    ],
                    linkedService: bed.azureML(
                        AzureMLTestBed.scoringService,
                        apiKey: ["type": "SecureString", "value": .string(endpoint.apiKey)]),
                    linkedServices: [bed.connectionStringStorage()]))
            #expect(outcome.output?["status"] == "Finished", "\(outcome)")
        }
    }

    /// Property names as the docs write them (`FilePath`, `LinkedServiceName`) are accepted.
    @Test func pascalCasePropertyNamesAreAccepted() async throws {
        try await AzureMLTestBed.with { bed in
            let typeProperties: JSONValue = [
                "WebServiceInputs": [
                    "input1": [
                        "FilePath": "amltest/input/score.csv",
                        "LinkedServiceName": ["referenceName": .string(AzureMLTestBed.storageName)],
                    ]
                ],
                "WebServiceOutputs": [
                    "output1": [
                        "FilePath": "amltest/output/pascal.csv",
                        "LinkedServiceName": ["referenceName": .string(AzureMLTestBed.storageName)],
                    ]
                ],
            ]
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", typeProperties, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                    linkedServices: [bed.connectionStringStorage()]))
            #expect(outcome.output?["status"] == "Finished", "\(outcome)")
            #expect(try bed.blobExists("amltest/output/pascal.csv"))
        }
    }
}

/// Checks that no key, account key or SAS signature of the emulator appears in an outcome or in
/// what the plugin logged.
func expectNoSecrets(
    in outcome: ActivityOutcome, context: RecordingContext, bed: AzureMLTestBed,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let texts = [outcome.output?.description, outcome.error.map { "\($0.message) \($0.details?.description ?? "")" }]
        .compactMap { $0 } + context.logs.map(\.message) + bed.logs.all.map(\.message)
    for secret in try bed.secrets {
        for text in texts {
            #expect(!text.contains(secret), "a secret leaked into: \(text)", sourceLocation: sourceLocation)
        }
    }
}
