import AsyncHTTPClient
import DataPluginCore
import Foundation
import PluginKit

/// What an activity's preparation gets: the call, its job folder and cluster, and the plugin's
/// installation and storage access.
struct JobContext: Sendable {
    let call: ActivityCall<JSONValue>
    let folder: JobFolder
    let cluster: SparkCluster
    let settings: SparkSettings
    let staging: StorageStaging
    /// The plugin's work root (job folders, the Hive warehouse and metastore).
    let workRoot: String

    /// The located Spark installation; fails with a message saying how to install one.
    func installation() throws(ActivityFailure) -> SparkInstallation { try SparkInstallation.locate(settings) }
}

/// The long-running operation every activity of the family shares: `start` prepares the job
/// (the activity's part) and spawns it, `poll` watches its exit status, `cancel` stops its whole
/// process tree. Nothing but the ``JobState`` is kept between calls, so a host started after
/// this one ended goes on polling, and cancels, the same job.
struct JobRunner: Sendable {
    let settings: SparkSettings
    let staging: StorageStaging
    let workRoot: String
    /// Standalone masters' REST servers (cluster deploy mode, on-demand clusters' readiness).
    let rest: MasterREST
    /// The on-demand standalone clusters this plugin started or adopted.
    let clusters: OnDemandClusters

    init(settings: SparkSettings, staging: StorageStaging, workRoot: String) {
        self.settings = settings
        self.staging = staging
        self.workRoot = workRoot
        rest = MasterREST(client: HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup))
        clusters = OnDemandClusters(root: workRoot + "/clusters", rest: rest)
    }

    /// Stops the on-demand clusters and closes the storage and HTTP clients (plugin shutdown).
    func shutdown() {
        clusters.shutdown()
        staging.shutdown()
        try? rest.client.syncShutdown()
    }

    /// How long a job asked to stop gets before it is killed.
    static let terminationGrace: Duration = .seconds(5)

    func start(
        _ call: ActivityCall<JSONValue>,
        prepare: @Sendable (JobContext) async throws(ActivityFailure) -> SparkJob
    ) async throws(ActivityFailure) -> OperationStep<JobState, JSONValue> {
        let (cluster, onDemand) = try await clusters.provide(
            try SparkCluster.resolve(call.invocation.linkedService, settings: settings), call: call, settings: settings)
        let folder = try JobFolder.create(root: workRoot, run: call.invocation.run)
        let context = JobContext(
            call: call, folder: folder, cluster: cluster, settings: settings, staging: staging, workRoot: workRoot)
        let job = try await prepare(context)
        if case .sparkSubmit(let submission) = job.command, ClusterModeJob.applies(to: cluster) {
            return try await startClusterMode(call, job: job, submission: submission, context: context, onDemand: onDemand)
        }
        var environment = ProcessInfo.processInfo.environment
        var command: [String]
        switch job.command {
        case .sparkSubmit(let submission):
            let installation = try context.installation()
            command = SparkSubmitCommand.arguments(submission, cluster: cluster, installation: installation, folder: folder)
            environment["SPARK_HOME"] = installation.home
            environment["PYSPARK_PYTHON"] = installation.python
            environment["PYSPARK_DRIVER_PYTHON"] = installation.python
            if let java = installation.javaHome { environment["JAVA_HOME"] = java }
        case .program(let program):
            command = program
        }
        if !job.setup.isEmpty {
            // `set -e`, then each setup program, then the command in the shell's place.
            let steps = job.setup.map { $0.map(Self.shellQuoted).joined(separator: " ") }
            command = ["/bin/sh", "-c", (["set -e"] + steps + ["exec \"$@\""]).joined(separator: "\n"), "pipehost-setup"] + command
        }
        environment["SPARK_LOCAL_IP"] = "127.0.0.1"
        // Every process of the job inherits it: whoever looks for the job's processes finds them all.
        environment["PIPEHOST_SPARK_JOB"] = folder.path
        for (name, value) in job.environment { environment[name] = value }
        try writeCommand(command, to: folder)
        let process: JobProcess.Identity
        do {
            // The job runs in the folder pipehost runs in: relative paths in its arguments mean what
            // relative paths of FileServer linked services mean.
            process = try JobProcess.spawn(
                command, folder: folder.path, directory: FileManager.default.currentDirectoryPath,
                environment: environment.map { "\($0)=\($1)" })
        } catch {
            throw ActivityFailure.systemError(
                "Failed to submit Spark job. Error: '\(error.description)'", code: SparkErrorCode.sparkSubmissionFailed)
        }
        let typeProperties = call.input
        let state = JobState(
            folder: folder.path, process: process, startedAt: Self.now(),
            master: { if case .sparkSubmit = job.command { cluster.master } else { nil } }(),
            clusterInUse: cluster.description, failureCode: job.failureCode,
            debugInfo: typeProperties.objectValue?[caseInsensitive: "getDebugInfo"]?.stringValue ?? "None",
            logLinkedService: Self.logLinkedService(call, cluster: cluster),
            storeOnSuccess: job.storeOnSuccess.isEmpty ? nil : job.storeOnSuccess,
            processedSources: job.processedSources.isEmpty ? nil : job.processedSources, report: job.report,
            clusterFolder: onDemand?.folder)
        call.log(.info, "Started \(call.invocation.activityType) job in \(folder.path) on \(cluster.description).")
        return .running(state, pollAfter: .milliseconds(10))
    }

    func poll(_ call: ActivityCall<JSONValue>, _ state: JobState) async throws(ActivityFailure) -> OperationStep<JobState, JSONValue> {
        if let cluster = state.clusterFolder { clusters.adopt(folder: cluster) }
        if let submission = state.submission { return try await pollClusterMode(call, state, submission) }
        let folder = JobFolder(path: state.folder)
        guard let process = state.process else {
            throw ActivityFailure.systemError("The job's state names neither a process nor a submission: '\(state.folder)'.", code: state.failureCode)
        }
        if let status = folder.exitStatusValue() {
            _ = JobProcess.isRunning(process)  // reaps the shell when this process started it
            return try await finish(call, state, folder: folder, status: status)
        }
        if JobProcess.isRunning(process) {
            return .running(state, pollAfter: Self.pollInterval(elapsedMilliseconds: Self.now() - state.startedAt))
        }
        // The shell may have written its status between the two looks.
        if let status = folder.exitStatusValue() { return try await finish(call, state, folder: folder, status: status) }
        try await storeDebugInfo(call, state, folder: folder, failed: true)
        throw ActivityFailure.systemError(
            "The job's process (\(process.pid)) ended without an exit status: it was killed, or the machine "
                + "restarted. Its log: '\(folder.driverLog)'.", code: state.failureCode)
    }

    func cancel(_ call: ActivityCall<JSONValue>, _ state: JobState) async throws(ActivityFailure) {
        if let submission = state.submission { return try await cancelClusterMode(call, state, submission) }
        if let process = state.process { try? await Self.stop(process) }
        call.log(.info, "Stopped the job in \(state.folder).")
    }

    /// Asks the job's process group to stop, then kills what is left after the grace period.
    static func stop(_ process: JobProcess.Identity) async throws {
        JobProcess.signalGroup(process, SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: terminationGrace)
        while JobProcess.groupIsAlive(process), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard JobProcess.groupIsAlive(process) else { return }
        JobProcess.signalGroup(process, SIGKILL)
        let killDeadline = clock.now.advanced(by: .seconds(5))
        while JobProcess.groupIsAlive(process), clock.now < killDeadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Polls often while the job is young (most of a short job is the JVM starting) and less as it
    /// ages: about a thousandth of its age (a 10 s job is seen ending within 10 ms), between 10 ms
    /// and 2 s. A poll reads two small files in /proc and the job folder, and its state does not
    /// change, so the host writes nothing for it.
    static func pollInterval(elapsedMilliseconds: Int64) -> Duration {
        .milliseconds(min(2_000, max(10, elapsedMilliseconds / 1_000)))
    }

    private func finish(
        _ call: ActivityCall<JSONValue>, _ state: JobState, folder: JobFolder, status: Int32
    ) async throws(ActivityFailure) -> OperationStep<JobState, JSONValue> {
        let duration = max(0, Self.now() - state.startedAt)
        let applicationId = folder.applicationId()
        let logLocation = try await storeDebugInfo(call, state, folder: folder, failed: status != 0) ?? folder.driverLog
        let report = state.report == .dataFlow ? try DataFlowRunReport.read(folder: folder.path) : nil
        guard status == 0 else {
            if let failure = report?.activityFailure() { throw failure }
            let lines = DriverLog.tail(folder.driverLog)
            let error = DriverLog.error(in: lines) ?? lines.suffix(3).joined(separator: " | ")
            let job = applicationId.map { "application id: \($0)" } ?? "job folder: \(folder.path)"
            throw ActivityFailure(
                errorCode: state.failureCode,
                message: "\(call.invocation.activityType) job failed with exit code \(status), \(job). "
                    + "Driver error: \(error.isEmpty ? "(the log names none)" : error). See '\(logLocation)' for more details.",
                failureType: .userError,
                details: ["exitCode": .integer(Int64(status)), "logLocation": .string(logLocation)])
        }
        for folder in state.storeOnSuccess ?? [] {
            try await folder.store(call, staging: staging, code: state.failureCode)
        }
        for source in state.processedSources ?? [] {
            try await source.apply(
                files: report?.sourceFiles[source.stream] ?? [], call, staging: staging, code: state.failureCode)
        }
        var output = try successOutput(state, folder: folder, applicationId: applicationId, logLocation: logLocation, duration: duration)
        for (key, value) in report?.output ?? JSONObject() { output[key] = value }
        return .succeeded(.object(output))
    }

    /// The most the driver may add to the output (a notebook's exit value): ADF's 4 MB output limit.
    static let maximumDriverOutputBytes = 4 << 20

    /// ADF's output of a job that succeeded, with what the driver added in `pipehost-output.json`
    /// (an output over ADF's limit fails the activity as ADF fails it).
    func successOutput(
        _ state: JobState, folder: JobFolder, applicationId: String?, logLocation: String, duration: Int64
    ) throws(ActivityFailure) -> JSONObject {
        var output = JSONObject()
        output["clusterInUse"] = .string(state.clusterInUse)
        output["jobId"] = .string(applicationId ?? state.submission?.id ?? URL(fileURLWithPath: folder.path).lastPathComponent)
        if let submission = state.submission { output["submissionId"] = .string(submission.id) }
        if let applicationId { output["applicationId"] = .string(applicationId) }
        if let master = state.master { output["sparkMaster"] = .string(master) }
        output["ExecutionProgress"] = "Succeeded"
        output["logLocation"] = .string(logLocation)
        output["executionDuration"] = .integer(duration / 1000)
        let size = (try? FileManager.default.attributesOfItem(atPath: folder.driverOutput)[.size] as? Int) ?? 0
        guard size <= Self.maximumDriverOutputBytes else {
            throw ActivityFailure.outputTooLarge(
                "The job's output ('\(folder.driverOutput)', its exit value) is \(size) bytes: return a smaller value, "
                    + "or write the data to storage and return its path.")
        }
        if let data = FileManager.default.contents(atPath: folder.driverOutput),
            case .object(let extra)? = try? JSONParser.parse(Array(data))
        {
            for (key, value) in extra { output[key] = value }
        }
        return output
    }

    /// Copies the driver log and the event log to the debug storage when `getDebugInfo` asks
    /// (`Always`, or `Failure` for a failed job); returns where they went.
    @discardableResult
    func storeDebugInfo(
        _ call: ActivityCall<JSONValue>, _ state: JobState, folder: JobFolder, failed: Bool
    ) async throws(ActivityFailure) -> String? {
        let wanted = state.debugInfo.lowercased() == "always" || (failed && state.debugInfo.lowercased() == "failure")
        guard wanted, let name = state.logLinkedService,
            let service = call.invocation.linkedServices.first(where: { $0.key.lowercased() == name.lowercased() })?.value
        else { return nil }
        let logs = folder.path + "/debug-info"
        let files = FileManager.default
        try? files.removeItem(atPath: logs)
        try? files.createDirectory(atPath: logs, withIntermediateDirectories: true)
        try? files.copyItem(atPath: folder.driverLog, toPath: logs + "/driver.log")
        try? files.copyItem(atPath: folder.events, toPath: logs + "/events")
        let run = call.invocation.run
        let path = "adfjobs/\(run.activityRunId)/attempt-\(run.attempt)"
        do {
            _ = try await staging.store(folder: logs, to: path, in: service)
        } catch {
            call.log(.warning, "Could not copy the job's logs to '\(name)': \(error.message)")
            return nil
        }
        return "\(name):\(path)"
    }

    /// The storage debug logs go to: the activity's job or script storage, else the cluster's.
    static func logLinkedService(_ call: ActivityCall<JSONValue>, cluster: SparkCluster) -> String? {
        for key in ["sparkJobLinkedService", "scriptLinkedService", "jarLinkedService", "fileLinkedService"] {
            if let name = call.input.objectValue?[caseInsensitive: key]?["referenceName"]?.stringValue { return name }
        }
        return cluster.storageLinkedService
    }

    /// The command line in `command.txt` beside the log, shell-quoted: whoever reads the job folder
    /// can run it again by hand (the benchmark does, to measure pipehost's overhead).
    private func writeCommand(_ command: [String], to folder: JobFolder) throws(ActivityFailure) {
        let text = command.map(Self.shellQuoted).joined(separator: " ") + "\n"
        FileManager.default.createFile(atPath: folder.path + "/command.txt", contents: Data(text.utf8))
    }

    /// `text` as one word of a POSIX shell command.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
