import AzureMLEmulator
import Foundation
import HostCore
import Logging
import PipehostJSON
import PluginRuntime
import PluginTestSupport
import Synchronization
import TestSizeTags
import Testing

/// Transient failures, cancellation, timeouts and host restarts of a Batch Execution job.
@Suite(.tags(.medium))
struct BatchJobLifecycleTests {
    static let scoreFiles: JSONValue = [
        "webServiceInputs": AzureMLTestBed.files(["input1": "amltest/input/score.csv"]),
        "webServiceOutputs": AzureMLTestBed.files(["output1": "amltest/output/scored.csv"]),
    ]

    /// With fault seed 3 and a 30 % rate the emulator answers the very first request (the submit)
    /// 503 and the next two (the retried submit, the start) normally, then fails some status polls;
    /// the plugin retries each and the activity succeeds with one job.
    @Test func a503IsRetriedAndTheActivitySucceeds() async throws {
        let faults = FaultConfiguration(failRate: 0.3, failStatus: 503)
        try await AzureMLTestBed.with(jobDuration: .milliseconds(600), faults: faults, faultSeed: 3) { bed in
            let context = RecordingContext()
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", Self.scoreFiles, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                    linkedServices: [bed.connectionStringStorage()]),
                context: context)
            #expect(outcome.output?["status"] == "Finished", "\(outcome)")
            let warnings = context.logs.filter { $0.level == .warning }.map(\.message)
            let submitURL = try bed.endpoint(AzureMLTestBed.scoringService).batchExecutionURL
                .replacingOccurrences(of: "?api-version=2.0", with: "")
            #expect(warnings.first == "POST \(submitURL) answered 503; trying again (1 of 4 retries)", "\(warnings)")
            #expect(warnings.contains { $0.contains("answered 503; polling again") }, "\(warnings)")
            #expect(try await bed.totalJobs == 1)
            #expect(try bed.blobExists("amltest/output/scored.csv"))
        }
    }

    /// A service that keeps answering 503 fails the activity in ADF's form once the retries are spent.
    @Test func aServiceThatStaysUnavailableFailsAfterTheRetries() async throws {
        let faults = FaultConfiguration(failRate: 1, failStatus: 503)
        try await AzureMLTestBed.with(faults: faults, settings: ["maxRetries": 2, "retryBaseDelayMilliseconds": 5, "retryMaxDelayMilliseconds": 20]) { bed in
            let outcome = try await bed.run(
                bed.invocation(
                    "AzureMLBatchExecution", Self.scoreFiles, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                    linkedServices: [bed.connectionStringStorage()]))
            let error = try #require(outcome.error, "\(outcome)")
            #expect(error.errorCode == "2600")
            #expect(error.message.hasSuffix("was 'Service is temporarily unavailable. Too many concurrent requests sent.'."), "\(error.message)")
            #expect(error.details?["httpStatus"] == 503)
            #expect(error.details?["attempts"] == 3)
        }
    }

    /// The service goes away while the job runs: the status poll's refused loopback connection
    /// fails the activity at once instead of polling again.
    @Test func aRefusedStatusPollFailsAtOnce() async throws {
        try await AzureMLTestBed.with(jobDuration: .seconds(60)) { bed in
            let context = RecordingContext()
            let executor = try bed.executor("AzureMLBatchExecution")
            let invocation = try bed.invocation(
                "AzureMLBatchExecution", Self.scoreFiles, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                linkedServices: [bed.connectionStringStorage()])
            let task = Task { await executor.execute(invocation, context: context.context) }
            _ = try await Self.firstSavedState(context)
            await bed.emulator.stop()
            let outcome = await task.value
            let error = try #require(outcome.error, "\(outcome)")
            #expect(error.failureType == .systemError)
            #expect(error.message.contains("could not be reached (1 attempt): connection refused by 127.0.0.1:"), "\(error.message)")
            #expect(!context.logs.contains { $0.message.contains("polling again") }, "\(context.logs)")
        }
    }

    /// Cancelling the activity (Ctrl-C, a failed sibling, the runner) sends DELETE: the service
    /// shows the job Cancelled and it never writes its output.
    @Test func cancellingSendsDeleteAndTheServiceShowsTheJobCancelled() async throws {
        try await AzureMLTestBed.with(jobDuration: .seconds(60)) { bed in
            let context = RecordingContext()
            let executor = try bed.executor("AzureMLBatchExecution")
            let invocation = try bed.invocation(
                "AzureMLBatchExecution", Self.scoreFiles, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                linkedServices: [bed.connectionStringStorage()])
            let task = Task { await executor.execute(invocation, context: context.context) }
            let state = try await Self.firstSavedState(context)
            #expect(try await bed.jobCounts()["Running"] == 1)
            task.cancel()
            let outcome = await task.value
            #expect(outcome == .cancelled)
            let status = try await bed.jobStatus(try bed.endpoint(AzureMLTestBed.scoringService), jobId: state.jobId)
            #expect(status["StatusCode"] == "Cancelled", "\(context.logs) \(bed.logs.all)")
            #expect(try await bed.jobCounts()["Cancelled"] == 1)
            #expect(context.logs.contains { $0.message.contains("to cancel job \(state.jobId)") })
            #expect(try !bed.blobExists("amltest/output/scored.csv"))
        }
    }

    /// A cancellation that arrives while a status poll is on the wire (a slow service) still
    /// reaches the service as DELETE once the poll has ended.
    @Test func cancellingDuringASlowPollSendsDelete() async throws {
        try await AzureMLTestBed.with(jobDuration: .seconds(60), faults: FaultConfiguration(latency: EmulatorDuration(.milliseconds(300)))) { bed in
            let context = RecordingContext()
            let executor = try bed.executor("AzureMLBatchExecution")
            let invocation = try bed.invocation(
                "AzureMLBatchExecution", Self.scoreFiles, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                linkedServices: [bed.connectionStringStorage()])
            let task = Task { await executor.execute(invocation, context: context.context) }
            let state = try await Self.firstSavedState(context)
            // The first poll leaves 50 ms after the start and waits 300 ms for its answer.
            try await Task.sleep(for: .milliseconds(150))
            task.cancel()
            #expect(await task.value == .cancelled)
            let status = try await bed.jobStatus(try bed.endpoint(AzureMLTestBed.scoringService), jobId: state.jobId)
            #expect(status["StatusCode"] == "Cancelled", "\(context.logs)")
        }
    }

    /// An attempt that outlives the activity's `policy.timeout` is cancelled by the runner the same
    /// way (task cancellation when the deadline passes); the plugin sends DELETE.
    @Test func aTimeoutSendsDelete() async throws {
        try await AzureMLTestBed.with(jobDuration: .seconds(60)) { bed in
            let context = RecordingContext()
            let executor = try bed.executor("AzureMLBatchExecution")
            let invocation = try bed.invocation(
                "AzureMLBatchExecution", Self.scoreFiles, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                linkedServices: [bed.connectionStringStorage()])
            // The runner's timeout: race the attempt against a deadline, cancel the loser. The
            // deadline falls once the job runs (its state saved), however slow the machine is.
            let outcome = await withTaskGroup(of: ActivityOutcome?.self) { group in
                group.addTask { await executor.execute(invocation, context: context.context) }
                group.addTask {
                    _ = try? await Self.firstSavedState(context)
                    return nil
                }
                var result: ActivityOutcome?
                for await finished in group {
                    group.cancelAll()
                    if let finished { result = finished }
                }
                return result
            }
            #expect(outcome == .cancelled)
            let state = try await Self.firstSavedState(context)
            let status = try await bed.jobStatus(try bed.endpoint(AzureMLTestBed.scoringService), jobId: state.jobId)
            let counts = try await bed.jobCounts()
            #expect(status["StatusCode"] == "Cancelled", "\(context.logs) \(context.savedStates.count) \(counts)")
        }
    }

    /// A host that stopped while the job ran (killed, machine restarted) saved the job id; a new
    /// host loads the plugin again and polls that job instead of submitting a second one.
    @Test func aRestartedHostResumesTheRunningJobByItsId() async throws {
        try await AzureMLTestBed.with(jobDuration: .seconds(2)) { bed in
            let invocation = try bed.invocation(
                "AzureMLBatchExecution", Self.scoreFiles, linkedService: bed.azureML(AzureMLTestBed.scoringService),
                linkedServices: [bed.connectionStringStorage()])
            // The first host: it saves the state, then stops responding for good inside the save,
            // as a killed process would (no cancel, no DELETE).
            let frozen = FrozenSave()
            let firstHost = AzureMLTestBed.loadHost(settings: bed.settings)
            let firstExecutor = try bed.executor("AzureMLBatchExecution", in: firstHost)
            let abandoned = Task {
                await firstExecutor.execute(
                    invocation, context: ActivityExecutionContext(saveOperationState: { await frozen.save($0) }))
            }
            let saved = try await frozen.firstState()
            // One job, started and not cancelled: Running, or already Finished on a slow machine.
            let counts = try await bed.jobCounts()
            #expect(counts["NotStarted"] == 0 && counts["Failed"] == 0 && counts["Cancelled"] == 0, "\(counts)")
            #expect((counts["Running"] ?? 0) + (counts["Finished"] ?? 0) == 1, "\(counts)")

            // The second host, a fresh plugin instance, gets the saved state.
            let secondHost = AzureMLTestBed.loadHost(settings: bed.settings)
            let context = RecordingContext(savedOperationState: saved)
            let outcome = try await bed.run(invocation, context: context, in: secondHost)
            let output = try #require(outcome.output, "\(outcome)")
            let state = try JSONParser.parse(saved)
            #expect(output["jobId"] == state["jobId"])
            #expect(output["status"] == "Finished")
            #expect(try await bed.totalJobs == 1)
            #expect(try await bed.jobCounts()["Finished"] == 1)
            #expect(context.logs.contains { $0.message.contains("resuming the saved operation") })
            #expect(try bed.blobExists("amltest/output/scored.csv"))

            secondHost.shutdown()
            abandoned.cancel()
            frozen.release()
            _ = await abandoned.value
            firstHost.shutdown()
        }
    }

    /// Waits until the executor saved its first operation state and reads it.
    static func firstSavedState(_ context: RecordingContext) async throws -> (jobId: String, base: String) {
        for _ in 0..<12000 {
            if let bytes = context.savedStates.first {
                let json = try JSONParser.parse(bytes)
                return (json["jobId"]?.stringValue ?? "", json["base"]?.stringValue ?? "")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestBedError("no operation state was saved within 60 s")
    }
}

/// A `saveOperationState` that keeps the first state and then does not return until released,
/// standing in for a host process that stopped.
final class FrozenSave: Sendable {
    private let state = Mutex<(saved: [UInt8]?, released: Bool)>((nil, false))

    func save(_ bytes: [UInt8]) async {
        state.withLock { if $0.saved == nil { $0.saved = bytes } }
        while !state.withLock({ $0.released }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    func release() {
        state.withLock { $0.released = true }
    }

    func firstState() async throws -> [UInt8] {
        for _ in 0..<2000 {
            if let saved = state.withLock({ $0.saved }) { return saved }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestBedError("the first host saved no operation state within 10 s")
    }
}
