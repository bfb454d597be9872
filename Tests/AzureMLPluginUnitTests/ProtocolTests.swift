import Foundation
import PipehostJSON
import PluginKit
import TestSizeTags
import Testing

@testable import AzureMLPlugin

/// The Batch Execution protocol's pieces: endpoints, request bodies, statuses, errors, retries.
@Suite(.tags(.small))
struct ProtocolTests {
    // MARK: Endpoints

    @Test(arguments: [
        "https://ussouthcentral.services.azureml.net/workspaces/w/services/s/jobs?api-version=2.0",
        "https://ussouthcentral.services.azureml.net/workspaces/w/services/s/jobs",
        "https://ussouthcentral.services.azureml.net/workspaces/w/services/s/JOBS/",
        "https://ussouthcentral.services.azureml.net/workspaces/w/services/s",
        " https://ussouthcentral.services.azureml.net/workspaces/w/services/s/?api-version=2.0#x",
    ])
    func everyDocumentedEndpointFormHasTheSameBase(mlEndpoint: String) throws {
        let endpoint = try BatchEndpoint(mlEndpoint: mlEndpoint)
        #expect(endpoint.base == "https://ussouthcentral.services.azureml.net/workspaces/w/services/s")
        #expect(endpoint.submitURL == endpoint.base + "/jobs?api-version=2.0")
        #expect(endpoint.startURL(job: "j1") == endpoint.base + "/jobs/j1/start?api-version=2.0")
        #expect(endpoint.jobURL(job: "j1") == endpoint.base + "/jobs/j1?api-version=2.0")
        #expect(endpoint.displayURL == endpoint.base + "/jobs")
    }

    @Test(arguments: ["", "ussouthcentral/jobs", "ftp://host/jobs", "https:///jobs"])
    func anEndpointThatIsNotAnHTTPURLIsRefused(mlEndpoint: String) {
        #expect(throws: BatchEndpoint.Problem.notHTTP) { try BatchEndpoint(mlEndpoint: mlEndpoint) }
    }

    // MARK: Requests

    static func storage() throws -> Invocation.LinkedService {
        try linkedService(
        "Storage", type: "AzureStorage",
        typeProperties: ["connectionString": "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5"])
    }
    static func sas() throws -> Invocation.LinkedService {
        try linkedService(
        "Sas", type: "AzureBlobStorage",
        typeProperties: ["sasUri": "https://acct.blob.core.windows.net/out?sv=1&sig=s"])
    }

    @Test func aRequestCarriesInputsOutputsAndStringParametersInOrder() throws {
        let typeProperties: JSONValue = [
            "webServiceInputs": ["input1": ["filePath": "in/a.csv", "linkedServiceName": ["referenceName": "storage"]]],
            "webServiceOutputs": ["output1": ["FilePath": "out/b.csv", "LinkedServiceName": ["referenceName": "Sas"]]],
            "globalParameters": ["Threshold": 0.5, "Count": 3, "Flag": true, "Query": "SELECT 1"],
        ]
        let request = try BatchExecutionRequest(
            typeProperties: typeProperties, linkedServices: ["Storage": try Self.storage(), "Sas": try Self.sas()])
        #expect(
            request.json
                == [
                    "Inputs": [
                        "input1": [
                            "ConnectionString": "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5",
                            "RelativeLocation": "in/a.csv",
                        ]
                    ],
                    "Outputs": [
                        "output1": [
                            "BaseLocation": "https://acct.blob.core.windows.net/", "RelativeLocation": "out/b.csv",
                            "SasBlobToken": "?sv=1&sig=s",
                        ]
                    ],
                    "GlobalParameters": ["Threshold": "0.5", "Count": "3", "Flag": "true", "Query": "SELECT 1"],
                ])
        #expect(request.secrets.contains("a2V5") && request.secrets.contains("?sv=1&sig=s"))
    }

    @Test func aRequestWithoutFilesSendsEmptyObjects() throws {
        let request = try BatchExecutionRequest(typeProperties: [:], linkedServices: [:])
        #expect(request.json == ["Inputs": [:], "Outputs": [:], "GlobalParameters": [:]])
    }

    @Test func anUpdateRequestSignsAReadOnlySASForTheModelBlob() throws {
        let now = Date(timeIntervalSince1970: 1_714_557_600)
        let request = try UpdateResourceRequest(
            typeProperties: [
                "trainedModelName": "Exp [trained model]",
                "trainedModelLinkedServiceName": ["referenceName": "Storage"],
                "trainedModelFilePath": "models/run1/model.ilearner",
            ],
            linkedServices: ["Storage": try Self.storage()], sasLifetime: .seconds(3600), now: now)
        let signer = BlobSASSigner(accountName: "acct", accountKey: "a2V5")
        let grant = BlobSASSigner.readOnlyGrant(lifetime: .seconds(3600), overHTTPS: true, now: now)
        let token = try signer.token(container: "models", blob: "run1/model.ilearner", grant: grant)
        #expect(
            request.json
                == [
                    "Resources": [
                        [
                            "Name": "Exp [trained model]",
                            "Location": [
                                "BaseLocation": "https://acct.blob.core.windows.net/",
                                "RelativeLocation": "models/run1/model.ilearner", "SasBlobToken": .string(token),
                            ],
                        ]
                    ]
                ])
        #expect(token.contains("sp=r") && token.contains("sr=b") && token.contains("spr=https&"))
        #expect(!request.json.description.contains("a2V5"))
    }

    @Test func anUpdateRequestPassesOnTheTokenOfASASLinkedService() throws {
        let request = try UpdateResourceRequest(
            typeProperties: [
                "trainedModelName": "M", "trainedModelLinkedServiceName": ["referenceName": "Sas"],
                "trainedModelFilePath": "out/model.ilearner",
            ],
            linkedServices: ["Sas": try Self.sas()], sasLifetime: .seconds(60))
        #expect(request.baseLocation == "https://acct.blob.core.windows.net/")
        #expect(request.sasBlobToken == "?sv=1&sig=s")
    }

    // MARK: Answers

    @Test(arguments: [
        (JSONValue.string("Running"), BatchScoreStatus.Code.running), (1, .running), (0, .notStarted), (2, .failed),
        (3, .cancelled), (4, .finished), ("Not started", .notStarted), ("finished", .finished),
    ])
    func statusCodesAreReadAsNamesOrNumbers(value: JSONValue, code: BatchScoreStatus.Code) throws {
        let status = try #require(BatchScoreStatus(["StatusCode": value, "Results": nil, "Details": nil]))
        #expect(status.code == code)
    }

    @Test func resultsKeepTheirLocationButNeverTheToken() throws {
        let status = try #require(
            BatchScoreStatus([
                "Status Code": "Finished",
                "Results": [
                    "output1": [
                        "ConnectionString": nil, "BaseLocation": "https://acct.blob.core.windows.net/?sv=1",
                        "RelativeLocation": "c/out.csv", "SasBlobToken": "?sv=2&sig=x",
                    ]
                ],
                "Details": ["reason": "none"],
            ]))
        #expect(status.code == .finished)
        #expect(status.results.map(\.name) == ["output1"])
        #expect(
            status.results.first?.result
                == .init(baseLocation: "https://acct.blob.core.windows.net/", relativeLocation: "c/out.csv"))
        #expect(status.details == #"{"reason":"none"}"#)
    }

    @Test(arguments: [#"{"Results": {}}"#, #"{"StatusCode": "Paused"}"#, #"{"StatusCode": 9}"#, "[]"])
    func anAnswerWithoutAStatusIsNotAStatus(text: String) throws {
        #expect(BatchScoreStatus(try JSONParser.parse(Array(text.utf8))) == nil)
    }

    @Test(arguments: [
        (#""539d0bc2fde945b6ac986b851d0000f0""#, "539d0bc2fde945b6ac986b851d0000f0"),
        ("539d0bc2fde945b6ac986b851d0000f0\r\n", "539d0bc2fde945b6ac986b851d0000f0"),
        (#""a/b""#, nil), ("", nil), ("{}", nil),
    ])
    func theJobIdIsAJSONStringOrBareText(body: String, jobId: String?) {
        let response = ServiceResponse(status: 200, body: Array(body.utf8), retryAfter: nil)
        #expect(BatchExecutionActivity.jobId(in: response) == jobId)
    }

    @Test func theErrorEnvelopeIsQuotedAsADFQuotesIt() throws {
        let body = #"{"error":{"code":"BadArgument","message":"Invalid argument provided.","details":[{"code":"InvalidInputNames","message":"Invalid service input name(s) specified in the request: input9."}]}}"#
        let response = ServiceResponse(status: 400, body: Array(body.utf8), retryAfter: nil)
        let failures = ServiceFailures(operation: .batchExecution, endpoint: "https://h/s/jobs", scrubber: SecretScrubber([]))
        let failure = failures.response(response)
        #expect(failure.errorCode == "2600")
        #expect(failure.failureType == .userError)
        #expect(
            failure.message
                == "Batch Execution failed. The response from the Machine Learning service at endpoint https://h/s/jobs was 'Invalid argument provided. Invalid service input name(s) specified in the request: input9.'.")
        #expect(
            failure.details
                == ["endpoint": "https://h/s/jobs", "httpStatus": 400, "code": "BadArgument", "detailCode": "InvalidInputNames"])
    }

    @Test func anAnswerWithoutEnvelopeIsQuotedByItsStatus() {
        let failures = ServiceFailures(operation: .updateResource, endpoint: "https://h/e", scrubber: SecretScrubber([]))
        let html = ServiceResponse(status: 502, body: Array("<html>bad gateway</html>".utf8), retryAfter: nil)
        #expect(
            failures.response(html, attempts: 5).message
                == "Update Resource failed. The response from the Machine Learning service at endpoint https://h/e was '502 Bad Gateway'.")
        let text = ServiceResponse(status: 418, body: Array("short and stout".utf8), retryAfter: nil)
        #expect(failures.response(text).message.hasSuffix("was '418 HTTP status 418: short and stout'."))
    }

    @Test func secretsEchoedByTheServiceAreScrubbed() {
        let failures = ServiceFailures(
            operation: .batchExecution, endpoint: "https://h/s/jobs", scrubber: SecretScrubber(["s3cr3t-key", "k"]))
        let body = #"{"error":{"code":"BadArgument","message":"Key s3cr3t-key is wrong for k."}}"#
        let message = failures.response(ServiceResponse(status: 400, body: Array(body.utf8), retryAfter: nil)).message
        #expect(message.hasSuffix("was 'Key *** is wrong for k.'."))
    }

    // MARK: Retries

    @Test func backOffGrowsWithinItsBoundsAndHonoursRetryAfter() {
        let policy = RetryPolicy(maxRetries: 4, baseDelay: .milliseconds(500), maxDelay: .seconds(8))
        for retry in 1...8 {
            let ceiling = min(Duration.milliseconds(500) * (1 << (retry - 1)), .seconds(8))
            let delay = policy.delay(beforeRetry: retry, retryAfter: nil)
            #expect(delay >= ceiling / 2 && delay <= ceiling, "retry \(retry): \(delay)")
        }
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(2)) == .seconds(2))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(120)) == .seconds(8))
    }

    @Test(arguments: [408, 429, 500, 502, 503, 504])
    func transientStatusesAreRetried(status: Int) {
        #expect(RetryPolicy.isTransient(status: status))
    }

    @Test(arguments: [200, 400, 401, 403, 404, 409, 413])
    func otherStatusesAreNot(status: Int) {
        #expect(!RetryPolicy.isTransient(status: status))
    }

    // MARK: The plugin

    @Test func thePluginsDeclarationsAreValid() {
        #expect(PluginExport.problems(in: AzureMLPlugin.self).isEmpty)
    }

    @Test func settingsHaveDefaultsAndAreRead() throws {
        #expect(try AzureMLSettings([:]) == AzureMLSettings())
        let settings = try AzureMLSettings([
            "pollIntervalMilliseconds": 250, "maxRetries": 0, "maxConnectionsPerHost": 200,
            "updateResourceSasLifetimeMinutes": 5,
        ])
        #expect(settings.pollInterval == .milliseconds(250))
        #expect(settings.retry.maxRetries == 0)
        #expect(settings.maxConnectionsPerHost == 200)
        #expect(settings.updateResourceSASLifetime == .seconds(300))
    }
}
