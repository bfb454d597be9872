import Foundation
import PluginKit

/// The cluster-deploy-mode side of the long-running operation: the job is a driver the standalone
/// master runs on a worker, known by its submission id (``ClusterSubmission``, kept in the
/// ``JobState``), so any host polls, or kills, it through the master's REST server.
extension JobRunner {
    /// How long a master may stay unreachable before its job is given up.
    static let unreachableLimitMilliseconds: Int64 = 120_000

    func startClusterMode(
        _ call: ActivityCall<JSONValue>, job: SparkJob, submission: SparkSubmission, context: JobContext,
        onDemand: StandaloneCluster?
    ) async throws(ActivityFailure) -> OperationStep<JobState, JSONValue> {
        let cluster = context.cluster
        let request = try ClusterModeJob.request(
            submission, cluster: cluster, installation: try context.installation(), folder: context.folder)
        guard let restURL = cluster.restURL else {
            throw ActivityFailure.systemError(
                "Failed to submit Spark job. Error: 'no REST server is known for \(cluster.master)'", code: SparkErrorCode.sparkSubmissionFailed)
        }
        let text = "POST \(restURL)/v1/submissions/create\n" + JSONSerializer.serialize(request, options: .pretty) + "\n"
        FileManager.default.createFile(atPath: context.folder.path + "/command.txt", contents: Data(text.utf8))
        let answer: JSONValue
        do {
            answer = try await rest.create(restURL, request: request)
        } catch {
            throw ActivityFailure.systemError(
                "Failed to submit Spark job. Error: 'the master's REST server: \(error.description)'", code: SparkErrorCode.sparkSubmissionFailed)
        }
        guard answer["success"]?.boolValue == true, let id = answer["submissionId"]?.stringValue else {
            throw ActivityFailure.systemError(
                "Failed to submit Spark job. Error: '\(answer["message"]?.stringValue ?? JSONSerializer.serialize(answer))'",
                code: SparkErrorCode.sparkSubmissionFailed)
        }
        onDemand?.touch()
        let state = JobState(
            folder: context.folder.path, process: nil, startedAt: Self.now(), master: cluster.master,
            clusterInUse: cluster.description, failureCode: job.failureCode,
            debugInfo: call.input.objectValue?[caseInsensitive: "getDebugInfo"]?.stringValue ?? "None",
            logLinkedService: Self.logLinkedService(call, cluster: cluster),
            submission: ClusterSubmission(id: id, restURL: restURL), clusterFolder: onDemand?.folder)
        call.log(.info, "Submitted \(call.invocation.activityType) job as \(id) to \(restURL) (cluster deploy mode on \(cluster.master)); job folder \(context.folder.path).")
        return .running(state, pollAfter: .milliseconds(500))
    }

    func pollClusterMode(
        _ call: ActivityCall<JSONValue>, _ state: JobState, _ submission: ClusterSubmission
    ) async throws(ActivityFailure) -> OperationStep<JobState, JSONValue> {
        let answer: JSONValue
        do {
            answer = try await rest.status(submission.restURL, submission: submission.id)
        } catch {
            if let cluster = state.clusterFolder, StandaloneCluster.load(folder: cluster) == nil {
                throw ActivityFailure.systemError(
                    "The on-demand cluster that ran submission \(submission.id) no longer runs (its timeToLive ran out, or it "
                        + "was stopped), so the job's end is unknown. Cluster folder: '\(cluster)'.", code: SparkErrorCode.jobNotFound)
            }
            var next = state
            let since = submission.unreachableSince ?? Self.now()
            next.submission?.unreachableSince = since
            guard Self.now() - since < Self.unreachableLimitMilliseconds else {
                throw ActivityFailure.systemError(
                    "The Spark master's REST server has not answered about submission \(submission.id) for "
                        + "\(Self.unreachableLimitMilliseconds / 1000) s: \(error.description)", code: SparkErrorCode.jobNotFound)
            }
            call.log(.warning, "The Spark master's REST server did not answer about \(submission.id): \(error.description)")
            return .running(next, pollAfter: .seconds(2))
        }
        guard answer["success"]?.boolValue == true, let driverState = answer["driverState"]?.stringValue else {
            throw ActivityFailure.systemError(
                "The Spark master at \(submission.restURL) does not know submission \(submission.id) (any more): "
                    + (answer["message"]?.stringValue ?? JSONSerializer.serialize(answer)), code: SparkErrorCode.jobNotFound)
        }
        guard ClusterModeJob.finalStates.contains(driverState) else {
            var next = state
            next.submission?.unreachableSince = nil
            return .running(next, pollAfter: Self.pollInterval(elapsedMilliseconds: Self.now() - state.startedAt))
        }
        let folder = JobFolder(path: state.folder)
        let found = ClusterModeJob.collectDriverLog(submission.id, clusterFolder: state.clusterFolder, into: folder)
        let applicationId = folder.applicationId()
        let failed = driverState != "FINISHED"
        let logLocation =
            try await storeDebugInfo(call, state, folder: folder, failed: failed)
            ?? (found ? folder.driverLog : "the driver's stderr in the work folder of worker \(answer["workerId"]?.stringValue ?? "?")")
        guard failed else {
            let duration = max(0, Self.now() - state.startedAt)
            return .succeeded(
                .object(try successOutput(state, folder: folder, applicationId: applicationId, logLocation: logLocation, duration: duration)))
        }
        let lines = DriverLog.tail(folder.driverLog)
        let error = answer["message"]?.stringValue ?? DriverLog.error(in: lines) ?? lines.suffix(3).joined(separator: " | ")
        let application = applicationId.map { ", application id: \($0)" } ?? ""
        throw ActivityFailure(
            errorCode: state.failureCode,
            message: "\(call.invocation.activityType) job failed: its driver \(submission.id) ended \(driverState) on "
                + "\(state.master ?? submission.restURL)\(application). Driver error: "
                + "\(error.isEmpty ? "(the log names none)" : error). See '\(logLocation)' for more details.",
            failureType: .userError,
            details: ["driverState": .string(driverState), "submissionId": .string(submission.id), "logLocation": .string(logLocation)])
    }

    /// Kills the driver through the master, then waits (up to 20 s) until the master reports it
    /// ended and no process of the job is left on this machine.
    func cancelClusterMode(_ call: ActivityCall<JSONValue>, _ state: JobState, _ submission: ClusterSubmission) async throws(ActivityFailure) {
        let answer = try? await rest.kill(submission.restURL, submission: submission.id)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(20))
        var driverState = "unknown"
        while clock.now < deadline {
            if let status = try? await rest.status(submission.restURL, submission: submission.id) {
                driverState = status["driverState"]?.stringValue ?? driverState
            }
            let local = MarkedProcesses.ids(marker: "PIPEHOST_SPARK_JOB", value: state.folder)
            if ClusterModeJob.finalStates.contains(driverState), local.isEmpty { break }
            try? await Task.sleep(for: .milliseconds(200))
        }
        ClusterModeJob.collectDriverLog(submission.id, clusterFolder: state.clusterFolder, into: JobFolder(path: state.folder))
        call.log(
            .info, "Asked the master to kill \(submission.id) (\(answer?["message"]?.stringValue ?? "no answer")); its driver state: \(driverState).")
    }
}
