import PluginKit

/// The activity errors of the Azure ML activities, in ADF's form (reference/adf.md §3.4):
///
/// ```
/// 2600 UserError: Batch Execution failed. The response from the Machine Learning service at endpoint
/// https://…/services/<id>/jobs was 'Invalid argument provided. The blob reference: … has an invalid or
/// missing file extension. …'.
/// ```
///
/// Every text that came from the service passes through the scrubber first, so that a service
/// echoing a key or SAS token cannot leak it into the run's records.
struct ServiceFailures: Sendable {
    /// ADF's error code for Azure ML activity failures.
    static let errorCode = ActivityErrorCode.azureMLFailed

    /// Which call failed, as the message's first words say it.
    enum Operation: String, Sendable {
        case batchExecution = "Batch Execution"
        case updateResource = "Update Resource"
    }

    let operation: Operation
    /// The endpoint as the message names it (no query).
    let endpoint: String
    let scrubber: SecretScrubber

    /// The service answered with an error status.
    func response(_ response: ServiceResponse, attempts: Int = 1) -> ActivityFailure {
        let envelope = ServiceErrorEnvelope(response)
        var quoted = envelope?.quotedText ?? ""
        if quoted.isEmpty {
            let body = response.text.trimmingSpaces
            quoted = "\(response.status) \(HTTPReason.phrase(response.status))"
                + (body.isEmpty || body.hasPrefix("<") ? "" : ": " + String(body.prefix(500)))
        }
        var details: JSONObject = ["endpoint": .string(endpoint), "httpStatus": .integer(Int64(response.status))]
        if let code = envelope?.code { details["code"] = .string(scrubber.scrub(code)) }
        if let detailCode = envelope?.detailCode { details["detailCode"] = .string(scrubber.scrub(detailCode)) }
        if attempts > 1 { details["attempts"] = .integer(Int64(attempts)) }
        return ActivityFailure(
            errorCode: Self.errorCode,
            message: "\(operation.rawValue) failed. The response from the Machine Learning service at endpoint \(endpoint) was '\(scrubber.scrub(quoted))'.",
            failureType: .userError, details: .object(details))
    }

    /// No answer: the connection failed or every try timed out. A SystemError, so that the
    /// activity's retry policy may try again later.
    func unreachable(_ reason: String, attempts: Int) -> ActivityFailure {
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        return ActivityFailure(
            errorCode: Self.errorCode,
            message: "\(operation.rawValue) failed. The Machine Learning service at endpoint \(endpoint) could not be reached (\(tries)): \(scrubber.scrub(reason)).",
            failureType: .systemError,
            details: ["endpoint": .string(endpoint), "attempts": .integer(Int64(attempts))])
    }

    /// The batch job ended `Failed` or `Cancelled`; `details` is the job's `Details`.
    func jobEnded(jobId: String, status: String, details: String?) -> ActivityFailure {
        let explanation = details.map { scrubber.scrub($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "no details were given"
        return ActivityFailure(
            errorCode: Self.errorCode,
            message: "\(operation.rawValue) failed. The Machine Learning service at endpoint \(endpoint) reports that job \(jobId) ended \(status): \(explanation)",
            failureType: .userError,
            details: ["endpoint": .string(endpoint), "jobId": .string(jobId), "status": .string(status)])
    }

    /// The service answered success with something this plugin cannot read.
    func unreadable(_ what: String) -> ActivityFailure {
        ActivityFailure(
            errorCode: Self.errorCode,
            message: "\(operation.rawValue) failed. The Machine Learning service at endpoint \(endpoint) answered with \(scrubber.scrub(what)).",
            failureType: .systemError, details: ["endpoint": .string(endpoint)])
    }
}

/// Replaces known secrets in texts by `***`. Secrets shorter than four characters are left alone:
/// replacing them would garble ordinary words without protecting anything.
struct SecretScrubber: Sendable {
    private let secrets: [String]

    init(_ secrets: [String]) {
        // Longest first, so a connection string goes before the key inside it.
        self.secrets = Set(secrets.filter { $0.count >= 4 }).sorted { $0.count > $1.count }
    }

    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: "***")
        }
        return result
    }
}
