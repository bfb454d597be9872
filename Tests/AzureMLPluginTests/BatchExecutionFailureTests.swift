import AzureMLEmulator
import Foundation
import HostCore
import PipehostJSON
import PluginTestSupport
import TestSizeTags
import Testing

/// How Batch Execution failures reach the activity: in ADF's form (`2600`, `UserError`,
/// "Batch Execution failed. The response from the Machine Learning service at endpoint … was '…'.").
@Suite(.tags(.medium))
struct BatchExecutionFailureTests {
    static let scoreFiles: JSONValue = [
        "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/score.csv"]),
        "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/scored.csv"]),
    ]

    /// The prefix ADF gives every error the service answered.
    static func prefix(_ endpoint: EmulatedEndpoint) -> String {
        let jobs = endpoint.batchExecutionURL.replacingOccurrences(of: "?api-version=2.0", with: "")
        return "Batch Execution failed. The response from the Machine Learning service at endpoint \(jobs) was '"
    }

    @Test func aWrongKeyFailsWith401InADFForm() async throws {
        try await AzureMLTestBed.with { bed in
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", Self.scoreFiles,
                    linkedService: bed.azureML(AzureMLTestBed.scoringService, apiKey: "not-the-key"),
                    linkedServices: [bed.connectionStringStorage()]),
                context: context)
            let error = try #require(outcome.error, "\(outcome)")
            let endpoint = try bed.endpoint(AzureMLTestBed.scoringService)
            #expect(error.errorCode == "2600")
            #expect(error.failureType == .userError)
            #expect(
                error.message
                    == Self.prefix(endpoint) + "Request is unauthorized to access resource. Invalid credentials provided.'.")
            #expect(error.details?["httpStatus"] == 401)
            #expect(error.details?["detailCode"] == "ScoreRequestUnauthorized")
            #expect(try await bed.totalJobs == 0)
            #expect(!error.message.contains("not-the-key"))
        }
    }

    /// One case per documented validation error the service checks before it accepts a job.
    struct ValidationCase: Sendable, CustomTestStringConvertible {
        var name: String
        var service: String
        var typeProperties: JSONValue
        var detailCode: String
        var quoted: String
        var testDescription: String { name }
    }

    static let validationCases: [ValidationCase] = [
        ValidationCase(
            name: "InvalidInputNames", service: AzureMLTestBed.scoringService,
            typeProperties: [
                "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/score.csv", "input9": "amltest/input/score.csv"]),
                "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/scored.csv"]),
            ],
            detailCode: "InvalidInputNames",
            quoted: "Invalid argument provided. Invalid service input name(s) specified in the request: input9. Please map the input data to the correct service inputs and try again."
        ),
        ValidationCase(
            name: "BatchJobInputsNotSpecified", service: AzureMLTestBed.scoringService,
            typeProperties: ["webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/scored.csv"])],
            detailCode: "BatchJobInputsNotSpecified",
            quoted: "Invalid argument provided. The following required input(s) were not specified with the request: input1. Please ensure all input data is specified and try again."
        ),
        ValidationCase(
            name: "InvalidOutputOverrideName", service: AzureMLTestBed.scoringService,
            typeProperties: [
                "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/score.csv"]),
                "webServiceOutputs": AzureMLTestBed.files(["Output1": "amltest/output/scored.csv"]),
            ],
            detailCode: "InvalidOutputOverrideName",
            quoted: "Invalid argument provided. Invalid output override name: Output1. The service does not have an output node with this name. Please pass in a correct output node name to override (case sensitivity applies)."
        ),
        ValidationCase(
            name: "InvalidBlobExtension", service: AzureMLTestBed.trainingService,
            typeProperties: [
                "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/train.csv"]),
                "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/model.csv"]),
            ],
            detailCode: "InvalidBlobExtension",
            quoted: "Invalid argument provided. The blob reference: amltest/output/model.csv has an invalid or missing file extension. Supported file extensions for this output type are: \".ilearner\"."
        ),
        ValidationCase(
            name: "MissingRequiredGlobalParameters", service: AzureMLTestBed.readerWriterService,
            typeProperties: ["globalParameters": ["Source blob": "amltest/input/score.csv"]],
            detailCode: "MissingRequiredGlobalParameters",
            quoted: "Invalid argument provided. Not all required web service parameter(s) provided. Verify the parameter(s) expected for the module(s) are correct and try again. Missing: Account key, Account name, Destination blob."
        ),
        ValidationCase(
            name: "UnexpectedParameter (names are case-sensitive)", service: AzureMLTestBed.scoringService,
            typeProperties: [
                "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/score.csv"]),
                "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/scored.csv"]),
                "globalParameters": ["threshold": "0.5"],
            ],
            detailCode: "UnexpectedParameter",
            quoted: "Invalid argument provided. Unexpected parameters provided. Verify all parameter names are spelled correctly, only expected parameters are passed, and try again. Unexpected: threshold."
        ),
        ValidationCase(
            name: "BlobNotFound", service: AzureMLTestBed.scoringService,
            typeProperties: [
                "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/absent.csv"]),
                "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/scored.csv"]),
            ],
            detailCode: "BlobNotFound",
            quoted: "Invalid argument provided. Unable to access the provided Azure blob - amltest/input/absent.csv.  Azure error message: The specified blob does not exist.."
        ),
    ]

    @Test(arguments: validationCases)
    func documentedValidationErrorsSurfaceInTheActivityError(_ validation: ValidationCase) async throws {
        try await AzureMLTestBed.with { bed in
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", validation.typeProperties, linkedService: bed.azureML(validation.service),
                    linkedServices: [bed.connectionStringStorage()]),
                context: context)
            let error = try #require(outcome.error, "\(outcome)")
            #expect(error.errorCode == "2600")
            #expect(error.failureType == .userError)
            #expect(error.message == Self.prefix(try bed.endpoint(validation.service)) + validation.quoted + "'.")
            #expect(error.details?["httpStatus"] == 400)
            #expect(error.details?["code"] == "BadArgument")
            #expect(error.details?["detailCode"] == .string(validation.detailCode))
            #expect(try await bed.totalJobs == 0)
            try expectNoSecrets(in: outcome, context: context, bed: bed)
        }
    }

    /// A job that the service accepts but whose module fails ends `Failed`: the activity fails
    /// with the job's `Details`.
    @Test func aJobEndingFailedFailsTheActivityWithItsDetails() async throws {
        try await AzureMLTestBed.with { bed in
            let bad = try bed.storage.fileURL(relativeLocation: "amltest/input/no-occupancy.csv")
            try "building,temperature,humidity\nB01,20.8,47.4\n".write(to: bad, atomically: true, encoding: .utf8)
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution",
                    [
                        "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/no-occupancy.csv"]),
                        "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/never.csv"]),
                    ],
                    linkedService: bed.azureML(AzureMLTestBed.scoringService),
                    linkedServices: [bed.connectionStringStorage()]))
            let error = try #require(outcome.error, "\(outcome)")
            let endpoint = try bed.endpoint(AzureMLTestBed.scoringService)
            let jobs = endpoint.batchExecutionURL.replacingOccurrences(of: "?api-version=2.0", with: "")
            let jobId = try #require(error.details?["jobId"]?.stringValue)
            #expect(error.errorCode == "2600")
            #expect(error.failureType == .userError)
            #expect(
                error.message.hasPrefix(
                    "Batch Execution failed. The Machine Learning service at endpoint \(jobs) reports that job \(jobId) ended Failed: "))
            #expect(error.message.contains("occupancy"), "\(error.message)")
            let status = try await bed.jobStatus(endpoint, jobId: jobId)
            #expect(status["StatusCode"] == "Failed")
            #expect(try !bed.blobExists("amltest/output/never.csv"))
        }
    }

    @Test func aJobTheServiceFailsOnPurposeFailsTheActivity() async throws {
        try await AzureMLTestBed.with(faults: FaultConfiguration(failingJobRate: 1)) { bed in
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", Self.scoreFiles, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                    linkedServices: [bed.connectionStringStorage()]))
            let error = try #require(outcome.error, "\(outcome)")
            #expect(error.message.contains("ended Failed: "))
            #expect(error.message.contains("Injected failure"))
        }
    }

    /// Problems the plugin finds before it calls the service, each naming the property.
    struct InputCase: Sendable, CustomTestStringConvertible {
        var name: String
        var typeProperties: JSONValue
        var linkedService: @Sendable (AzureMLTestBed) throws -> ResolvedLinkedService?
        var linkedServices: @Sendable (AzureMLTestBed) throws -> [ResolvedLinkedService]
        var code: String
        var message: String
        var testDescription: String { name }
    }

    static let inputCases: [InputCase] = [
        InputCase(
            name: "no linked service", typeProperties: scoreFiles, linkedService: { _ in nil },
            linkedServices: { try [$0.connectionStringStorage()] }, code: "2103",
            message: "Please provide value for the required property 'linkedServiceName'."),
        InputCase(
            name: "not an AzureML linked service", typeProperties: scoreFiles,
            linkedService: { try $0.connectionStringStorage(name: "Blob") },
            linkedServices: { try [$0.connectionStringStorage()] }, code: "2105",
            message: "Linked service 'Blob' is of type 'AzureStorage'; AzureMLBatchExecution needs an AzureML (Studio classic) linked service with mlEndpoint and apiKey."),
        InputCase(
            name: "no mlEndpoint", typeProperties: scoreFiles,
            linkedService: { _ in ResolvedLinkedService(name: "ML", type: "AzureML", typeProperties: ["apiKey": "k"]) },
            linkedServices: { try [$0.connectionStringStorage()] }, code: "2103",
            message: "Please provide value for the required property 'linkedService(ML).typeProperties.mlEndpoint'."),
        InputCase(
            name: "no apiKey", typeProperties: scoreFiles,
            linkedService: { _ in
                ResolvedLinkedService(name: "ML", type: "AzureML", typeProperties: ["mlEndpoint": "http://127.0.0.1:1/jobs"])
            },
            linkedServices: { try [$0.connectionStringStorage()] }, code: "2103",
            message: "Please provide value for the required property 'linkedService(ML).typeProperties.apiKey'."),
        InputCase(
            name: "an mlEndpoint that is not a URL", typeProperties: scoreFiles,
            linkedService: { try $0.azureML(AzureMLTestBed.scoringService, mlEndpoint: "ussouthcentral/jobs") },
            linkedServices: { try [$0.connectionStringStorage()] }, code: "2105",
            message: "An invalid value is provided for property 'linkedService(AzureMLLinkedService).typeProperties.mlEndpoint': expected the Batch Requests URL of the web service endpoint, such as https://ussouthcentral.services.azureml.net/workspaces/<workspace>/services/<service>/jobs?api-version=2.0."),
        InputCase(
            name: "a storage linked service that was not passed", typeProperties: scoreFiles,
            linkedService: { try $0.azureML(AzureMLTestBed.scoringService) }, linkedServices: { _ in [] },
            code: "2105",
            message: "The linked service 'StorageLinkedService' named at typeProperties.webServiceInputs.input1.linkedServiceName was not passed to the activity; check that the factory has a linked service of that name."),
        InputCase(
            name: "no filePath",
            typeProperties: [
                "webServiceInputs": ["input1": ["linkedServiceName": ["referenceName": "StorageLinkedService"]]]
            ],
            linkedService: { try $0.azureML(AzureMLTestBed.scoringService) },
            linkedServices: { try [$0.connectionStringStorage()] }, code: "2103",
            message: "Please provide value for the required property 'typeProperties.webServiceInputs.input1.filePath'."),
        InputCase(
            name: "webServiceInputs not an object", typeProperties: ["webServiceInputs": ["amltest/input/score.csv"]],
            linkedService: { try $0.azureML(AzureMLTestBed.scoringService) },
            linkedServices: { try [$0.connectionStringStorage()] }, code: "2104",
            message: "The type of the property 'typeProperties.webServiceInputs' is incorrect: expected an object, found an array."),
        InputCase(
            name: "a global parameter that is an object", typeProperties: ["globalParameters": ["Source blob": ["a": 1]]],
            linkedService: { try $0.azureML(AzureMLTestBed.readerWriterService) }, linkedServices: { _ in [] },
            code: "2104",
            message: "The type of the property 'typeProperties.globalParameters.Source blob' is incorrect: expected a string, found an object."),
        InputCase(
            name: "a storage linked service with a service principal", typeProperties: scoreFiles,
            linkedService: { try $0.azureML(AzureMLTestBed.scoringService) },
            linkedServices: { _ in
                [
                    ResolvedLinkedService(
                        name: "StorageLinkedService", type: "AzureBlobStorage",
                        typeProperties: [
                            "serviceEndpoint": "https://acct.blob.core.windows.net/", "servicePrincipalId": "app",
                        ])
                ]
            },
            code: "2105",
            message: "Linked service 'StorageLinkedService' authenticates with a service principal or managed identity; an Azure ML Batch Execution request can only pass storage access as a connection string or a SAS URI. Give the linked service a connectionString or a sasUri."),
        InputCase(
            name: "a connection string without a key", typeProperties: scoreFiles,
            linkedService: { try $0.azureML(AzureMLTestBed.scoringService) },
            linkedServices: { _ in
                [
                    ResolvedLinkedService(
                        name: "StorageLinkedService", type: "AzureStorage",
                        typeProperties: ["connectionString": "DefaultEndpointsProtocol=https;AccountName=acct"])
                ]
            },
            code: "2105",
            message: "An invalid value is provided for property 'linkedService(StorageLinkedService).typeProperties.connectionString': the connection string has neither an AccountKey nor a SharedAccessSignature."),
    ]

    @Test(arguments: inputCases)
    func inputProblemsNameTheProperty(_ input: InputCase) async throws {
        try await AzureMLTestBed.with { bed in
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", input.typeProperties, linkedService: input.linkedService(bed),
                    linkedServices: input.linkedServices(bed)))
            let error = try #require(outcome.error, "\(outcome)")
            #expect(error.errorCode == input.code)
            #expect(error.failureType == .userError)
            #expect(error.message == input.message)
            #expect(try await bed.totalJobs == 0)
        }
    }

    /// Nothing listens on a loopback port: nothing will start listening because the plugin waits,
    /// so the activity fails at the first refused connection — named as refused, not "reset" — as a
    /// SystemError whose message says how to start the Azure ML emulator.
    @Test func aRefusedLoopbackConnectionFailsAtOnceWithHowToStartTheEmulator() async throws {
        try await AzureMLTestBed.with(settings: ["maxRetries": 4, "retryBaseDelayMilliseconds": 1000]) { bed in
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", Self.scoreFiles,
                    linkedService: bed.azureML(
                        AzureMLTestBed.scoringService, mlEndpoint: "http://127.0.0.1:9/workspaces/w/services/s/jobs"),
                    linkedServices: [bed.connectionStringStorage()]),
                context: context)
            let error = try #require(outcome.error, "\(outcome)")
            #expect(error.errorCode == "2600")
            #expect(error.failureType == .systemError)
            #expect(
                error.message.hasPrefix(
                    "Batch Execution failed. The Machine Learning service at endpoint http://127.0.0.1:9/workspaces/w/services/s/jobs "
                        + "could not be reached (1 attempt): connection refused by 127.0.0.1:9: nothing is listening on that port."),
                "\(error.message)")
            #expect(error.message.contains("`pipehost run … --emulator FILE`"))
            #expect(error.message.contains("`azureml-emulator --config FILE --port 9`"))
            #expect(!error.message.contains("reset"))
            #expect(error.details?["attempts"] == 1)
            // No retry (four from 1 s would be logged and take seconds): the refusal ends the call at once.
            #expect(!context.logs.contains { $0.message.contains("trying again") })
        }
    }

    /// A genuinely transient failure (the service closes every connection without answering) is
    /// still retried, and the activity fails as a SystemError once the retries are spent.
    @Test func aConnectionClosedWithoutAnswerIsRetried() async throws {
        let faults = FaultConfiguration(dropRate: 1)
        try await AzureMLTestBed.with(faults: faults, settings: ["maxRetries": 2, "retryBaseDelayMilliseconds": 1]) { bed in
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", Self.scoreFiles, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                    linkedServices: [bed.connectionStringStorage()]),
                context: context)
            let error = try #require(outcome.error, "\(outcome)")
            #expect(error.failureType == .systemError)
            #expect(error.message.contains("could not be reached (3 attempts): "), "\(error.message)")
            #expect(context.logs.filter { $0.message.contains("trying again") }.count == 2)
        }
    }
}
