import Foundation
import LiveProcesses
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport

/// The real `libSparkPlugin.so` through the real loader, on the Spark that scripts/install-spark
/// put in `.pipehost/venv-spark`, with a temporary folder as the job storage (a `FileServer`
/// linked service) and its own work folder, so that a test can look for what its jobs left behind.
final class SparkTestBed: @unchecked Sendable {
    let bed: PluginTestBed
    let folder: TemporaryFolder
    static let storageName = "JobStorage"

    /// The pyspark virtual environment the plugin uses, as scripts/install-spark makes it.
    static let sparkVenv = RepositoryPaths.root + "/.pipehost/venv-spark"

    init(settings: JSONObject = [:]) throws {
        folder = try TemporaryFolder("spark-plugin-tests")
        var merged: JSONObject = ["workFolder": .string(folder.path + "/work"), "localCores": 2, "sparkHome": .string(Self.sparkVenv)]
        for (key, value) in settings { merged[key] = value }
        bed = try PluginTestBed(library: BuildProducts.library("SparkPlugin"), settings: .object(merged))
    }

    func shutdown() {
        bed.shutdown()
        folder.remove()
    }

    static func with<T>(settings: JSONObject = [:], _ body: (SparkTestBed) async throws -> T) async throws -> T {
        let bed = try SparkTestBed(settings: settings)
        defer { bed.shutdown() }
        return try await body(bed)
    }

    // MARK: Files

    var storageRoot: String { folder.path + "/storage" }
    var workFolder: String { folder.path + "/work" }

    /// Writes `text` to `relative` inside the job storage.
    func write(_ text: String, to relative: String) throws {
        let url = URL(fileURLWithPath: storageRoot + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: storageRoot + "/" + relative, encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: storageRoot + "/" + relative) }

    // MARK: Linked services and invocations

    var storage: ResolvedLinkedService {
        ResolvedLinkedService(name: Self.storageName, type: "FileServer", typeProperties: ["host": .string(storageRoot)])
    }

    /// An `HDInsightOnDemand` cluster whose storage is the test's folder.
    func onDemandCluster(_ extra: JSONObject = [:]) -> ResolvedLinkedService {
        var properties: JSONObject = [
            "clusterSize": 1, "timeToLive": "00:05:00", "version": "5.1",
            "linkedServiceName": ["referenceName": .string(Self.storageName), "type": "LinkedServiceReference"],
        ]
        for (key, value) in extra { properties[key] = value }
        return ResolvedLinkedService(name: "OnDemandCluster", type: "HDInsightOnDemand", typeProperties: .object(properties))
    }

    /// An invocation of `type` on `cluster` (the on-demand one by default), with the storage resolved.
    func invocation(
        _ type: String, _ typeProperties: JSONObject, cluster: ResolvedLinkedService? = nil, name: String = "SparkStep",
        runId: String = UUID().uuidString, attempt: Int = 1, otherServices: [ResolvedLinkedService] = []
    ) -> ActivityInvocation {
        let cluster = cluster ?? onDemandCluster()
        var services = [Self.storageName: storage]
        for service in otherServices { services[service.name] = service }
        services[cluster.name] = cluster
        return ActivityInvocation(
            activityName: name, activityType: type, typeProperties: .object(typeProperties), linkedService: cluster,
            linkedServices: services,
            run: RunIdentifiers(
                dataFactory: "spark-tests", pipelineName: "spark-pipeline", pipelineRunId: runId,
                activityRunId: UUID().uuidString, attempt: attempt, triggerTime: "2026-12-07T00:00:00Z",
                groupId: runId))
    }

    func run(_ invocation: ActivityInvocation, services: FakeHostServices = FakeHostServices()) async -> PluginTestRun {
        await bed.run(invocation, services: services)
    }

    /// The processes whose environment names a job folder of this bed (`PIPEHOST_SPARK_JOB`, which
    /// the jobs' shells, JVMs and Python workers all inherit), zombies left out: empty once every
    /// job is over.
    func jobProcesses() -> [Int32] { jobCommandLines().map(\.pid) }

    /// The command lines of ``jobProcesses()`` (arguments joined by spaces).
    func jobCommandLines() -> [(pid: Int32, commandLine: String)] {
        LiveProcesses.marked("PIPEHOST_SPARK_JOB=" + workFolder).map { ($0.pid, $0.commandLine) }
    }
}
