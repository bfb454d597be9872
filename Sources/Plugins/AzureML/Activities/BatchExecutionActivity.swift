import PluginKit

/// `AzureMLBatchExecution`: runs a batch job on an Azure ML Studio (classic) web service as a
/// long-running operation (reference/adf.md §3).
///
/// - `start` submits the job (`POST {base}/jobs`), starts it (`POST …/jobs/{id}/start`) and returns
///   the job id as the operation state; the host stores it and owns the waiting.
/// - `poll` reads the status once (`GET …/jobs/{id}`): still running, finished (the output names
///   each result's location), or ended `Failed`/`Cancelled` (the activity fails with the job's
///   `Details`). A transient failure of the status call is retried on the next poll, after a
///   back-off, so a poll never blocks the host's worker thread for long.
/// - `cancel` (cancellation or timeout) sends `DELETE …/jobs/{id}`.
struct BatchExecutionActivity: Sendable {
    let client: ServiceClient
    let pollInterval: Duration

    // MARK: start

    func start(_ call: ActivityCall<JSONValue>) async throws -> OperationStep<BatchJobOperation, JSONValue> {
        let service = try AzureMLLinkedService(call.invocation)
        let endpoint = try service.batchEndpoint()
        let request = try BatchExecutionRequest(
            typeProperties: call.invocation.typeProperties, linkedServices: call.invocation.linkedServices)
        let failures = ServiceFailures(
            operation: .batchExecution, endpoint: endpoint.displayURL,
            scrubber: SecretScrubber([service.apiKey] + request.secrets))
        let log = { (message: String) in call.log(.warning, message) }

        let submitted = try await client.sendRetrying(
            .post, endpoint.submitURL, apiKey: service.apiKey, body: request.json, failures: failures, log: log)
        guard submitted.response.isSuccess else { throw failures.response(submitted.response, attempts: submitted.attempts) }
        guard let jobId = Self.jobId(in: submitted.response) else {
            throw failures.unreadable("a job id that is not a JSON string: \(submitted.response.text.prefix(200))")
        }
        let operation = BatchJobOperation(
            jobId: jobId, base: endpoint.base, submittedAt: ActivityOutputEnvelope.nowMilliseconds(), transientFailures: 0)
        call.log(.info, "submitted Batch Execution job \(jobId) to \(endpoint.displayURL)")

        do {
            try await startJob(operation, apiKey: service.apiKey, failures: failures, log: log)
        } catch {
            // The host never learns this job's id: do not leave it behind.
            await abandon(operation, apiKey: service.apiKey)
            throw error
        }
        call.log(.info, "started job \(jobId)")
        call.reportProgress(nil, "job \(jobId) started")
        return .running(operation, pollAfter: pollInterval)
    }

    private func startJob(
        _ operation: BatchJobOperation, apiKey: String, failures: ServiceFailures, log: @escaping (String) -> Void
    ) async throws {
        let url = operation.endpoint.startURL(job: operation.jobId)
        let started = try await client.sendRetrying(.post, url, apiKey: apiKey, failures: failures, log: log)
        if started.response.isSuccess { return }
        // A start whose answer was lost may have worked; the retry then hears "cannot start a
        // Running job". The job's status tells.
        if started.attempts > 1, ServiceErrorEnvelope(started.response)?.detailCode == "CannotStartJob" {
            let status = try await client.sendRetrying(
                .get, operation.endpoint.jobURL(job: operation.jobId), apiKey: apiKey, failures: failures, log: log)
            if status.response.isSuccess, let parsed = status.response.json.flatMap(BatchScoreStatus.init),
                parsed.code != .notStarted
            {
                return
            }
        }
        throw failures.response(started.response, attempts: started.attempts)
    }

    /// Deletes a submitted job whose start failed or was cancelled, in a task of its own so that
    /// the call's cancellation does not stop the request. Best effort: failures are ignored.
    private func abandon(_ operation: BatchJobOperation, apiKey: String) async {
        let client = client
        await Task {
            _ = try? await client.send(.delete, operation.endpoint.jobURL(job: operation.jobId), apiKey: apiKey)
        }.value
    }

    /// The job id of a submit answer: a JSON string (`"88a3…"`), or bare text.
    static func jobId(in response: ServiceResponse) -> String? {
        var text: Substring
        switch response.json {
        case .string(let value)?:
            text = Substring(value)
        case .integer(let number)?:
            text = Substring(String(number))  // bare text of digits only
        case .some:
            return nil  // JSON, but not a string: not a job id
        case nil:
            text = Substring(response.text)
            while let first = text.first, first == "\"" || first.isWhitespace { text.removeFirst() }
            while let last = text.last, last == "\"" || last.isWhitespace { text.removeLast() }
        }
        guard !text.isEmpty, text.count <= 256, !text.contains(where: { $0 == "/" || $0 == "?" || $0.isWhitespace })
        else { return nil }
        return String(text)
    }

    // MARK: poll

    func poll(_ call: ActivityCall<JSONValue>, _ operation: BatchJobOperation) async throws
        -> OperationStep<BatchJobOperation, JSONValue>
    {
        let service = try AzureMLLinkedService(call.invocation)
        let endpoint = operation.endpoint
        let failures = ServiceFailures(
            operation: .batchExecution, endpoint: endpoint.displayURL, scrubber: SecretScrubber([service.apiKey]))
        let outcome = try await client.send(.get, endpoint.jobURL(job: operation.jobId), apiKey: service.apiKey)

        let response: ServiceResponse
        switch outcome {
        case .answered(let answer) where answer.isSuccess || !RetryPolicy.isTransient(status: answer.status):
            response = answer
        case .answered(let answer):
            return try retryLater(call, operation, reason: "answered \(answer.status)", retryAfter: answer.retryAfter) {
                failures.response(answer, attempts: $0)
            }
        case .unreachable(let failure) where !failure.isTransient:
            throw failures.unreachable(failure.reason, attempts: (operation.transientFailures ?? 0) + 1)
        case .unreachable(let failure):
            return try retryLater(call, operation, reason: failures.scrubber.scrub(failure.reason), retryAfter: nil) {
                failures.unreachable(failure.reason, attempts: $0)
            }
        }
        guard response.isSuccess else { throw failures.response(response) }
        guard let status = response.json.flatMap(BatchScoreStatus.init) else {
            throw failures.unreadable("a job status without a StatusCode: \(response.text.prefix(200))")
        }
        switch status.code {
        case .finished:
            call.log(.info, "job \(operation.jobId) finished")
            return .succeeded(output(operation, status))
        case .failed, .cancelled:
            throw failures.jobEnded(jobId: operation.jobId, status: status.code.rawValue, details: status.details)
        case .notStarted, .running:
            call.reportProgress(nil, "job \(operation.jobId) \(status.code.rawValue)")
            var next = operation
            next.transientFailures = 0
            return .running(next, pollAfter: pollInterval)
        }
    }

    /// Counts a transient failure of a status poll and polls again after a back-off, or fails
    /// once the failures in a row exceed the retry limit.
    private func retryLater(
        _ call: ActivityCall<JSONValue>, _ operation: BatchJobOperation, reason: String, retryAfter: Duration?,
        failure: (Int) -> ActivityFailure
    ) throws -> OperationStep<BatchJobOperation, JSONValue> {
        let failuresInARow = (operation.transientFailures ?? 0) + 1
        guard failuresInARow <= client.retry.maxRetries else { throw failure(failuresInARow) }
        call.log(
            .warning,
            "status of job \(operation.jobId): \(reason); polling again (\(failuresInARow) of \(client.retry.maxRetries) retries)")
        var next = operation
        next.transientFailures = failuresInARow
        return .running(next, pollAfter: client.retry.delay(beforeRetry: failuresInARow, retryAfter: retryAfter))
    }

    /// The activity output: the envelope, the job id, its final status and each result's
    /// location (never a key, token or connection string).
    private func output(_ operation: BatchJobOperation, _ status: BatchScoreStatus) -> JSONValue {
        var results = JSONObject()
        for (name, result) in status.results {
            results[name] = [
                "baseLocation": result.baseLocation.map(JSONValue.string) ?? .null,
                "relativeLocation": result.relativeLocation.map(JSONValue.string) ?? .null,
            ]
        }
        let elapsed = operation.submittedAt.map { (ActivityOutputEnvelope.nowMilliseconds() - $0) / 1000 } ?? 0
        return ActivityOutputEnvelope.make(
            executionSeconds: elapsed,
            [("jobId", .string(operation.jobId)), ("status", .string(status.code.rawValue)), ("results", .object(results))])
    }

    // MARK: cancel

    func cancel(_ call: ActivityCall<JSONValue>, _ operation: BatchJobOperation) async throws {
        let service = try AzureMLLinkedService(call.invocation)
        let endpoint = operation.endpoint
        let failures = ServiceFailures(
            operation: .batchExecution, endpoint: endpoint.displayURL, scrubber: SecretScrubber([service.apiKey]))
        let deleted = try await client.sendRetrying(
            .delete, endpoint.jobURL(job: operation.jobId), apiKey: service.apiKey, failures: failures,
            log: { call.log(.warning, $0) })
        // 404: the job is already gone (a lost answer to an earlier DELETE, or an expired job).
        guard deleted.response.isSuccess || deleted.response.status == 404 else {
            throw failures.response(deleted.response, attempts: deleted.attempts)
        }
        call.log(.info, "asked \(endpoint.displayURL) to cancel job \(operation.jobId)")
    }
}
