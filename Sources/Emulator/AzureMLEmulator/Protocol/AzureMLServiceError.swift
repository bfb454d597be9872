import HTTPTypes

/// An error answer of the emulated Azure ML service, written as the documented envelope
/// `{"error":{"code":…,"message":…,"details":[{"code":…,"message":…}]}}`.
///
/// The detail codes and their message templates are Microsoft's ("Azure Machine Learning Studio REST API
/// Error Codes", web-service-error-codes.md); codes marked [INF] are the emulator's own where that page
/// has none.
struct AzureMLServiceError: Error, Equatable, Sendable {
    /// The top-level code, which fixes the HTTP status.
    let category: AzureMLErrorCategory
    /// `error.details[0].code`.
    let detailCode: String
    /// `error.details[0].message`.
    let detailMessage: String
    /// A `Retry-After` header value, for throttling answers.
    var retryAfterSeconds: Int? = nil

    var status: HTTPResponse.Status { category.status }

    /// The response body.
    var envelope: WireJSON {
        .object([
            (
                "error",
                .object([
                    ("code", .string(category.rawValue)),
                    ("message", .string(category.message)),
                    (
                        "details",
                        .array([.object([("code", .string(detailCode)), ("message", .string(detailMessage))])])
                    ),
                ])
            )
        ])
    }
}

extension AzureMLServiceError: CustomStringConvertible {
    /// "Invalid argument provided. <detail message>", the text ADF shows for a BES failure.
    var description: String { "\(category.message) \(detailMessage)" }
}

// MARK: - The documented detail codes

extension AzureMLServiceError {
    private static func badArgument(_ code: String, _ message: String) -> Self {
        Self(category: .badArgument, detailCode: code, detailMessage: message)
    }

    static func badVersionCall(_ version: String?) -> Self {
        badArgument(
            "BadVersionCall",
            "Invalid version parameter was passed during the API call: \(version ?? "(none)"). "
                + "Check the API help page for passing the correct version and try again."
        )
    }

    static func batchJobInputsNotSpecified(_ names: [String]) -> Self {
        badArgument(
            "BatchJobInputsNotSpecified",
            "The following required input(s) were not specified with the request: \(names.joined(separator: ", ")). "
                + "Please ensure all input data is specified and try again."
        )
    }

    static func invalidInputNames(_ names: [String]) -> Self {
        badArgument(
            "InvalidInputNames",
            "Invalid service input name(s) specified in the request: \(names.joined(separator: ", ")). "
                + "Please map the input data to the correct service inputs and try again."
        )
    }

    static func invalidOutputOverrideName(_ name: String) -> Self {
        badArgument(
            "InvalidOutputOverrideName",
            "Invalid output override name: \(name). The service does not have an output node with this name. "
                + "Please pass in a correct output node name to override (case sensitivity applies)."
        )
    }

    static func invalidBlobExtension(_ reference: String, supported: [String]) -> Self {
        badArgument(
            "InvalidBlobExtension",
            "The blob reference: \(reference) has an invalid or missing file extension. "
                + "Supported file extensions for this output type are: \"\(supported.joined(separator: ", "))\"."
        )
    }

    static func invalidBlobConnectionString(_ problem: String) -> Self {
        badArgument(
            "InvalidBlobConnectionString",
            "The connection string specified for one of the input/output blobs in invalid: \(problem). "
                + "Please correct this and try again."
        )
    }

    static func blobNotFound(_ reference: String, azureMessage: String) -> Self {
        badArgument(
            "BlobNotFound",
            "Unable to access the provided Azure blob - \(reference).  Azure error message: \(azureMessage)."
        )
    }

    static func missingInputBlobInformation() -> Self {
        badArgument(
            "MissingInputBlobInformation",
            "Missing Azure storage blob information. Provide a valid connection string and relative path or URI and try again."
        )
    }

    static func inputBlobRelativeLocationInvalid() -> Self {
        badArgument(
            "InputBlobRelativeLocationInvalid",
            "No Azure storage blob name provided. Provide a valid blob name and try again."
        )
    }

    static func invalidBlob(_ reference: String) -> Self {
        badArgument(
            "InvalidBlob",
            "Invalid blob specification for blob: \(reference). "
                + "Verify that connection string / relative path or SAS token specification is correct and try again."
        )
    }

    static func missingRequiredGlobalParameters(_ names: [String]) -> Self {
        badArgument(
            "MissingRequiredGlobalParameters",
            "Not all required web service parameter(s) provided. Verify the parameter(s) expected for the module(s) "
                + "are correct and try again. Missing: \(names.joined(separator: ", "))."
        )
    }

    static func unexpectedParameter(_ names: [String]) -> Self {
        badArgument(
            "UnexpectedParameter",
            "Unexpected parameters provided. Verify all parameter names are spelled correctly, only expected "
                + "parameters are passed, and try again. Unexpected: \(names.joined(separator: ", "))."
        )
    }

    static func duplicateInputInBatchCall() -> Self {
        badArgument(
            "DuplicateInputInBatchCall",
            "The batch request is invalid. Cannot specify both single and multiple input at the same time. "
                + "Remove one of these items from the request and try again."
        )
    }

    static func missingJobId() -> Self {
        badArgument(
            "MissingJobId",
            "No job Id provided. A job Id is returned when a job was submitted for the first time. "
                + "Verify the job Id is correct and try again."
        )
    }

    static func requestBodyInvalid(_ problem: String) -> Self {
        badArgument(
            "RequestBodyInvalid",
            "No request body provided or error in deserializing the request body. \(problem)"
        )
    }

    static func cannotStartJob(state: BatchJobState) -> Self {
        Self(
            category: .invalidOperation,
            detailCode: "CannotStartJob",
            detailMessage: "The job cannot be started because it is in \(state.rawValue) state."
        )
    }

    static func scoreRequestUnauthorized() -> Self {
        Self(
            category: .unauthorized, detailCode: "ScoreRequestUnauthorized",
            detailMessage: "Invalid credentials provided.")
    }

    static func managementRequestUnauthorized() -> Self {
        Self(category: .unauthorized, detailCode: "ManagementRequestUnauthorized", detailMessage: "Unauthorized")
    }

    static func workspaceNotFound() -> Self {
        Self(
            category: .notFound,
            detailCode: "WorkspaceNotFound",
            detailMessage: "Workspace not found. Verify the workspace Id is correct and try again."
        )
    }

    static func webServiceNotFound() -> Self {
        Self(
            category: .notFound,
            detailCode: "WebServiceNotFound",
            detailMessage: "Web service not found. Verify the web service Id is correct and try again."
        )
    }

    /// [INF] No documented code names an unknown job; the message mirrors MissingJobId's.
    static func jobNotFound(_ jobId: String) -> Self {
        Self(
            category: .notFound,
            detailCode: "JobNotFound",
            detailMessage: "Job \(jobId) was not found. Verify the job Id is correct and try again."
        )
    }

    /// [INF] The endpoint named in an Update Resource URL does not exist.
    static func endpointNotFound(_ name: String) -> Self {
        Self(
            category: .notFound,
            detailCode: "EndpointNotFound",
            detailMessage:
                "Endpoint '\(name)' was not found on this web service. Verify the endpoint name and try again."
        )
    }
}
