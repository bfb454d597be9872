import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

/// Every documented validation error of a BES submit, with its HTTP status, `error.code` and
/// `error.details[0].code`.
@Suite(.tags(.medium))
struct BatchExecutionErrorTests {
    enum Case: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case wrongKey, missingKey, missingAPIVersion, wrongAPIVersion, unknownWorkspace, unknownService
        case invalidInputNames, inputsNotSpecified, invalidOutputOverrideName, invalidBlobExtension
        case inputBlobMissing, wrongAccountKey, tamperedSAS, readOnlySASForOutput, unknownAccount
        case invalidConnectionString, missingBlobInformation, missingRequiredParameter, unexpectedParameter
        case duplicateInput, bodyNotJSON

        var testDescription: String { rawValue }

        static let train = "train0000000000000000000000000001"
        static let params = "param0000000000000000000000000001"
        static let azureBase = "https://acct1.blob.core.windows.net/"

        var serviceId: String {
            switch self {
            case .unknownService: "00000000000000000000000000000000"
            case .missingRequiredParameter, .unexpectedParameter: Self.params
            default: Self.train
            }
        }

        var key: String {
            switch self {
            case .wrongKey: "not-the-key"
            case .missingKey: ""
            case .missingRequiredParameter, .unexpectedParameter: "param-key"
            default: "train-key"
            }
        }

        var apiVersion: String? {
            switch self {
            case .missingAPIVersion: nil
            case .wrongAPIVersion: "1.0"
            default: "2.0"
            }
        }

        var body: String {
            let input = RequestBodies.connectionReference("data/train.csv")
            switch self {
            case .invalidInputNames: return RequestBodies.batch(inputs: ["input1": input, "input9": input])
            case .inputsNotSpecified: return RequestBodies.batch()
            case .invalidOutputOverrideName:
                return RequestBodies.batch(
                    inputs: ["input1": input], outputs: ["output7": RequestBodies.connectionReference("m/x.csv")])
            case .invalidBlobExtension:
                return RequestBodies.batch(
                    inputs: ["input1": input], outputs: ["output1": RequestBodies.connectionReference("m/model.csv")])
            case .inputBlobMissing:
                return RequestBodies.batch(inputs: ["input1": RequestBodies.connectionReference("data/absent.csv")])
            case .wrongAccountKey:
                let wrong = "DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=\(EmulatorFixture.acct2Key)"
                return RequestBodies.batch(inputs: [
                    "input1": RequestBodies.connectionReference("data/train.csv", connectionString: wrong)
                ])
            case .tamperedSAS:
                let token = EmulatorFixture.sas(container: "data", blob: "train.csv", permissions: "r")
                    .replacingOccurrences(of: "sp=r", with: "sp=rwd")
                return RequestBodies.batch(inputs: [
                    "input1": RequestBodies.sasReference(base: Self.azureBase, "data/train.csv", token: token)
                ])
            case .readOnlySASForOutput:
                let token = EmulatorFixture.sas(container: "models", blob: nil, permissions: "r", resource: "c")
                return RequestBodies.batch(
                    inputs: ["input1": input],
                    outputs: [
                        "output1": RequestBodies.sasReference(base: Self.azureBase, "models/m.ilearner", token: token)
                    ]
                )
            case .unknownAccount:
                let other =
                    "DefaultEndpointsProtocol=https;AccountName=nosuchaccount;AccountKey=\(EmulatorFixture.acct1Key)"
                return RequestBodies.batch(inputs: [
                    "input1": RequestBodies.connectionReference("data/train.csv", connectionString: other)
                ])
            case .invalidConnectionString:
                return RequestBodies.batch(inputs: [
                    "input1": RequestBodies.connectionReference("data/train.csv", connectionString: "AccountName=acct1")
                ])
            case .missingBlobInformation:
                return RequestBodies.batch(inputs: ["input1": #"{"RelativeLocation":"data/train.csv"}"#])
            case .missingRequiredParameter:
                return RequestBodies.batch(inputs: ["input1": input], parameters: ["Comment": "x"])
            case .unexpectedParameter:
                return RequestBodies.batch(inputs: ["input1": input], parameters: ["Threshold": "1", "threshold": "2"])
            case .duplicateInput: return #"{"Input":\#(input),"Inputs":{"input1":\#(input)}}"#
            case .bodyNotJSON: return "{ this is not json"
            default: return RequestBodies.batch(inputs: ["input1": input])
            }
        }

        /// (HTTP status, error.code, details[0].code, a phrase of details[0].message).
        var expected: (Int, String, String, String) {
            switch self {
            case .wrongKey, .missingKey:
                (401, "Unauthorized", "ScoreRequestUnauthorized", "Invalid credentials provided.")
            case .missingAPIVersion:
                (
                    400, "BadArgument", "BadVersionCall",
                    "Invalid version parameter was passed during the API call: (none)"
                )
            case .wrongAPIVersion: (400, "BadArgument", "BadVersionCall", "during the API call: 1.0.")
            case .unknownWorkspace: (404, "NotFound", "WorkspaceNotFound", "Workspace not found.")
            case .unknownService: (404, "NotFound", "WebServiceNotFound", "Web service not found.")
            case .invalidInputNames:
                (400, "BadArgument", "InvalidInputNames", "specified in the request: input9. Please map")
            case .inputsNotSpecified:
                (400, "BadArgument", "BatchJobInputsNotSpecified", "were not specified with the request: input1.")
            case .invalidOutputOverrideName:
                (400, "BadArgument", "InvalidOutputOverrideName", "Invalid output override name: output7.")
            case .invalidBlobExtension:
                (
                    400, "BadArgument", "InvalidBlobExtension",
                    "The blob reference: m/model.csv has an invalid or missing file extension. Supported file extensions for this output type are: \".ilearner\"."
                )
            case .inputBlobMissing:
                (
                    400, "BadArgument", "BlobNotFound",
                    "Unable to access the provided Azure blob - data/absent.csv.  Azure error message: The specified blob does not exist.."
                )
            case .wrongAccountKey:
                (400, "BadArgument", "BlobNotFound", "Azure error message: Server failed to authenticate the request.")
            case .tamperedSAS: (400, "BadArgument", "BlobNotFound", "Signature did not match.")
            case .readOnlySASForOutput:
                (400, "BadArgument", "BlobNotFound", "not authorized to perform this operation using this permission")
            case .unknownAccount: (400, "BadArgument", "BlobNotFound", "No storage account named 'nosuchaccount'")
            case .invalidConnectionString:
                (400, "BadArgument", "InvalidBlobConnectionString", "neither an AccountKey nor a SharedAccessSignature")
            case .missingBlobInformation:
                (400, "BadArgument", "MissingInputBlobInformation", "Missing Azure storage blob information.")
            case .missingRequiredParameter:
                (400, "BadArgument", "MissingRequiredGlobalParameters", "Missing: Threshold.")
            case .unexpectedParameter: (400, "BadArgument", "UnexpectedParameter", "Unexpected: threshold.")
            case .duplicateInput:
                (400, "BadArgument", "DuplicateInputInBatchCall", "Cannot specify both single and multiple input")
            case .bodyNotJSON: (400, "BadArgument", "RequestBodyInvalid", "error in deserializing the request body")
            }
        }
    }

    @Test(arguments: Transport.allCases, Case.allCases)
    func submitRefusesWithTheDocumentedError(transport: Transport, errorCase: Case) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let path =
                errorCase == .unknownWorkspace
                ? "/workspaces/ffffffffffffffffffffffffffffffff/services/\(Case.train)/jobs?api-version=2.0"
                : EmulatorFixture.jobsPath(errorCase.serviceId)
                    + (errorCase.apiVersion.map { "?api-version=\($0)" } ?? "")
            var headers = ["Content-Type": "application/json"]
            if !errorCase.key.isEmpty { headers["Authorization"] = "Bearer \(errorCase.key)" }
            let reply = try await session.send(.post, path, headers, errorCase.body)
            let (status, code, detail, phrase) = errorCase.expected
            #expect(reply.status == status, "\(reply.body)")
            #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)
            #expect(reply.errorCode == code)
            #expect(
                reply.json?[property: "error"]?[property: "message"]?.stringValue
                    == AzureMLErrorCategory(rawValue: code)?.message)
            #expect(reply.detailCode == detail)
            #expect(reply.detailMessage?.contains(phrase) == true, "\(reply.detailMessage ?? "no message")")
            // Errors never echo secrets.
            #expect(!reply.body.contains(EmulatorFixture.acct1Key) && !reply.body.contains(EmulatorFixture.acct2Key))
            #expect(!reply.body.contains("sig="))
        }
    }

    @Test(arguments: Transport.allCases)
    func statusAndStartCheckKeyAndVersionToo(transport: Transport) async throws {
        try await EmulatorSession.run("protocol", over: transport) { session in
            let path = EmulatorFixture.jobsPath(Case.train) + "/0123"
            let unauthorized = try await session.send(
                .get, path + "?api-version=2.0", ["Authorization": "Bearer nope"], nil)
            #expect(unauthorized.status == 401 && unauthorized.detailCode == "ScoreRequestUnauthorized")
            let badVersion = try await session.send(
                .post, path + "/start?api-version=2.1", ["Authorization": "Bearer train-key"], nil)
            #expect(badVersion.status == 400 && badVersion.detailCode == "BadVersionCall")
            let unknownJob = try await session.send(
                .delete, path + "?api-version=2.0", ["Authorization": "Bearer train-key"], nil)
            #expect(unknownJob.status == 404 && unknownJob.detailCode == "JobNotFound")
        }
    }
}
