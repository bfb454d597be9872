import AzureMLEmulator
import Foundation
import HostCore
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// `AzureMLUpdateResource` and the retraining flow of update-machine-learning-models.md: train,
/// update the scoring endpoint, score with the new model.
@Suite(.tags(.medium))
struct UpdateResourceTests {
    static func updateProperties(_ path: String = "amltest/output/model.ilearner") -> JSONValue {
        [
            "trainedModelName": .string(AzureMLTestBed.trainedModelName),
            "trainedModelLinkedServiceName": [
                "referenceName": .string(AzureMLTestBed.storageName), "type": "LinkedServiceReference",
            ],
            "trainedModelFilePath": .string(path),
        ]
    }

    /// Scores `amltest/input/score.csv` on an endpoint and returns the scores.
    static func score(_ bed: AzureMLTestBed, endpoint: String, output: String) async throws -> [Double] {
        let outcome = try await bed.run(
            bed.invocation(
                "AzureMLBatchExecution",
                [
                    "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/score.csv"]),
                    "webServiceOutputs": AzureMLTestBed.files(["output1": output]),
                ],
                linkedService: bed.azureML(AzureMLTestBed.scoringService, endpoint),
                linkedServices: [bed.connectionStringStorage()]))
        #expect(outcome.output?["status"] == "Finished", "\(outcome)")
        return try scores(in: bed.blob(output))
    }

    static func scores(in csv: String) throws -> [Double] {
        let lines = csv.split(whereSeparator: \.isNewline)
        let header = try #require(lines.first).split(separator: ",")
        let column = try #require(header.firstIndex(of: "Scored Labels"))
        return try lines.dropFirst().map { line in try #require(Double(line.split(separator: ",")[column])) }
    }

    static func train(_ bed: AzureMLTestBed) async throws {
        let outcome = try await bed.run(
            bed.invocation(
                "AzureMLBatchExecution",
                [
                    "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/train.csv"]),
                    "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/model.ilearner"]),
                ],
                linkedService: bed.azureML(AzureMLTestBed.trainingService),
                linkedServices: [bed.connectionStringStorage()]))
        #expect(outcome.output?["status"] == "Finished", "\(outcome)")
    }

    @Test(arguments: ["connection string", "SAS URI"])
    func retrainingChangesTheScoresOfTheUpdatedEndpointOnly(storage: String) async throws {
        try await AzureMLTestBed.with { bed in
            let before = try await Self.score(bed, endpoint: "retrain", output: "amltest/output/before.csv")
            try await Self.train(bed)

            let storageService =
                storage == "SAS URI"
                ? try bed.sasStorage(container: "amltest", permissions: "r") : try bed.connectionStringStorage()
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLUpdateResource", Self.updateProperties(),
                    linkedService: bed.azureML(AzureMLTestBed.scoringService, "retrain", withUpdateResource: true),
                    linkedServices: [storageService]),
                context: context)
            let output = try #require(outcome.output, "\(outcome)")
            #expect(output["trainedModelName"] == .string(AzureMLTestBed.trainedModelName))
            #expect(
                output["location"]
                    == [
                        "baseLocation": .string(try bed.storage.blobEndpoint),
                        "relativeLocation": "amltest/output/model.ilearner",
                    ])
            #expect(output["effectiveIntegrationRuntime"] == "pipehost (local)")
            #expect(!output.description.contains("sig="))
            try expectNoSecrets(in: outcome, context: context, bed: bed)

            let after = try await Self.score(bed, endpoint: "retrain", output: "amltest/output/after.csv")
            let untouched = try await Self.score(bed, endpoint: "default", output: "amltest/output/default.csv")
            #expect(before.count == 12 && after.count == 12)
            let change = zip(before, after).map { abs($0 - $1) }.max() ?? 0
            #expect(change > 1, "the retrained model should score differently: \(before) vs \(after)")
            #expect(untouched == before, "the default endpoint keeps its model")
        }
    }

    @Test func anEndpointWithoutUpdateResourceURLIsAClearError() async throws {
        try await AzureMLTestBed.with { bed in
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLUpdateResource", Self.updateProperties(),
                    linkedService: bed.azureML(AzureMLTestBed.scoringService, "retrain"),
                    linkedServices: [bed.connectionStringStorage()]))
            let error = try #require(outcome.error, "\(outcome)")
            #expect(error.errorCode == "2103")
            #expect(
                error.message.hasPrefix(
                    "Linked service 'AzureMLLinkedService' has no updateResourceEndpoint. AzureMLUpdateResource needs the Update Resource URL of a non-default endpoint"))
        }
    }

    struct RefusalCase: Sendable, CustomTestStringConvertible {
        var name: String
        var endpoint: String
        var apiKey: JSONValue?
        var typeProperties: JSONValue
        var status: Int
        var detailCode: String
        var quoted: String
        var testDescription: String { name }
    }

    static let refusals: [RefusalCase] = [
        RefusalCase(
            name: "the default endpoint", endpoint: "default", typeProperties: updateProperties(), status: 400,
            detailCode: "DefaultEndpointNotUpdatable",
            quoted: "The request is invalid in the current context. The resources of the default endpoint 'default' cannot be updated. Add a non-default endpoint to the web service and update that endpoint."
        ),
        RefusalCase(
            name: "a wrong key", endpoint: "retrain", apiKey: "wrong-key", typeProperties: updateProperties(),
            status: 401, detailCode: "ManagementRequestUnauthorized",
            quoted: "Request is unauthorized to access resource. Unauthorized"),
        RefusalCase(
            name: "a missing .ilearner", endpoint: "retrain", typeProperties: updateProperties("amltest/output/absent.ilearner"),
            status: 400, detailCode: "BlobNotFound", quoted: ""),
    ]

    @Test(arguments: refusals)
    func refusalsOfTheServiceUseADFsForm(_ refusal: RefusalCase) async throws {
        try await AzureMLTestBed.with { bed in
            try await Self.train(bed)
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLUpdateResource", refusal.typeProperties,
                    linkedService: bed.azureML(
                        AzureMLTestBed.scoringService, refusal.endpoint, apiKey: refusal.apiKey, withUpdateResource: true),
                    linkedServices: [bed.connectionStringStorage()]),
                context: context)
            let error = try #require(outcome.error, "\(outcome)")
            let url = try bed.endpoint(AzureMLTestBed.scoringService, refusal.endpoint).updateResourceURL
            let prefix = "Update Resource failed. The response from the Machine Learning service at endpoint \(url) was '"
            #expect(error.errorCode == "2600")
            #expect(error.failureType == .userError)
            #expect(error.message.hasPrefix(prefix), "\(error.message)")
            if !refusal.quoted.isEmpty { #expect(error.message == prefix + refusal.quoted + "'.") }
            #expect(error.details?["httpStatus"] == .integer(Int64(refusal.status)))
            #expect(error.details?["detailCode"] == .string(refusal.detailCode))
            try expectNoSecrets(in: outcome, context: context, bed: bed)
            #expect(!error.message.contains("sig="))
        }
    }

    @Test func anARMWebServiceIsRefusedWithAReason() async throws {
        try await AzureMLTestBed.with { bed in
            let arm = ResolvedLinkedService(
                name: "ArmService", type: "AzureML",
                typeProperties: [
                    "mlEndpoint": "https://ussouthcentral.services.azureml.net/subscriptions/s/services/x/jobs",
                    "apiKey": "k",
                    "updateResourceEndpoint":
                        "https://management.azure.com/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearning/webServices/w?api-version=2016-05-01-preview",
                ])
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLUpdateResource", Self.updateProperties(), linkedService: arm,
                    linkedServices: [bed.connectionStringStorage()]))
            let error = try #require(outcome.error, "\(outcome)")
            #expect(error.errorCode == "2105")
            #expect(error.message.contains("needs service principal authentication"))
        }
    }

    @Test func aModelPathWithoutContainerIsRefused() async throws {
        try await AzureMLTestBed.with { bed in
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLUpdateResource", Self.updateProperties("model.ilearner"),
                    linkedService: bed.azureML(AzureMLTestBed.scoringService, "retrain", withUpdateResource: true),
                    linkedServices: [bed.connectionStringStorage()]))
            let error = try #require(outcome.error, "\(outcome)")
            #expect(
                error.message
                    == "An invalid value is provided for property 'typeProperties.trainedModelFilePath': expected the container and the blob path, such as models/retrained.ilearner.")
        }
    }
}
