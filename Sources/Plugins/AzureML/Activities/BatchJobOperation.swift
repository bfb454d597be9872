/// The operation state of an `AzureMLBatchExecution` activity, stored by the host with the run:
/// enough to find the remote job again after a host restart, and nothing secret (the API key comes
/// with every call's invocation instead).
///
/// ```json
/// {"jobId": "88a346fd18d34cfe8b7589431c9b5320", "base": "https://…/workspaces/<ws>/services/<id>",
///  "submittedAt": 1714557600000, "transientFailures": 0}
/// ```
struct BatchJobOperation: Codable, Sendable, Equatable {
    /// The job id the service returned on submit.
    var jobId: String
    /// The endpoint's base URL (``BatchEndpoint/base``): the job lives there.
    var base: String
    /// When the job was submitted, in milliseconds since 1970 (UTC), for the output's duration.
    var submittedAt: Int64?
    /// Status polls in a row that failed transiently; the next poll waits longer, and the
    /// activity fails once they exceed the retry limit.
    var transientFailures: Int?

    var endpoint: BatchEndpoint { BatchEndpoint(base: base) }
}
