import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginRuntime
import PluginTestSupport
import Synchronization
import TestSizeTags
import Testing

extension SparkJobs {
    /// An `HDInsight` linked service naming an existing standalone cluster (`sparkMaster`) that the
    /// suite starts itself (``StandaloneTestCluster``: a master and two workers): client mode runs the
    /// driver here, `deployMode: cluster` submits it through the master's REST server to run on a
    /// worker — a long-running operation polled by submission id, killed on cancel, and resumed by
    /// a host started after the first one stopped.
    @Suite("HDInsight on an existing standalone cluster", .tags(.large), .serialized, .standaloneCluster)
    struct ExistingClusterTests {
        var cluster: StandaloneTestCluster { StandaloneTestCluster.current! }

        func hdinsight(deployMode: String) -> ResolvedLinkedService {
            ResolvedLinkedService(
                name: "ExistingCluster", type: "HDInsight",
                typeProperties: [
                    "clusterUri": "https://example.azurehdinsight.net", "sparkMaster": .string(cluster.masterURL),
                    "sparkRestUrl": .string(cluster.restURL), "deployMode": .string(deployMode),
                    "linkedServiceName": ["referenceName": .string(SparkTestBed.storageName), "type": "LinkedServiceReference"],
                ])
        }

        @Test("the same jar job runs in local mode and in cluster deploy mode on the cluster, whose master saw it")
        func sameJarLocalAndCluster() async throws {
            try await SparkTestBed.with { bed in
                try ClusterJobs.prepare(bed)
                let local = await bed.run(bed.invocation("HDInsightSpark", ClusterJobs.typeProperties(bed, output: "data/local.txt")))
                _ = try local.requireSucceeded()
                #expect(try bed.read("data/local.txt").hasPrefix("3 local-"))

                let run = await bed.run(bed.invocation(
                    "HDInsightSpark", ClusterJobs.typeProperties(bed, output: "data/cluster.txt"), cluster: hdinsight(deployMode: "cluster")))
                let output = try run.requireSucceeded()
                let written = try bed.read("data/cluster.txt")
                #expect(written.hasPrefix("3 app-"), "\(written)")
                let applicationId = String(written.dropFirst(2))
                #expect(output["applicationId"] == .string(applicationId))
                #expect(output["sparkMaster"] == .string(cluster.masterURL))
                #expect(output["clusterInUse"] == "https://example.azurehdinsight.net")
                let submission = try #require(output["submissionId"]?.stringValue)
                #expect(try cluster.completedApplications().contains(applicationId))
                let drivers = (try cluster.masterState()["completeddrivers"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                #expect(drivers.contains(submission))
                #expect(bed.jobProcesses().isEmpty)
            }
        }

        @Test("a Python job in client mode runs its executors on the cluster's workers")
        func pythonClientMode() async throws {
            try await SparkTestBed.with { bed in
                try bed.write(
                    "import sys\nfrom pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n"
                        + "total = spark.sparkContext.parallelize(range(1, 101), 4).sum()\n"
                        + "open(sys.argv[1], 'w').write(f'{total} {spark.sparkContext.applicationId}')\nspark.stop()\n",
                    to: "spark/sum/main.py")
                let run = await bed.run(bed.invocation(
                    "HDInsightSpark",
                    ["rootPath": "spark/sum", "entryFilePath": "main.py", "arguments": .array([.string(bed.storageRoot + "/sum.txt")])],
                    cluster: hdinsight(deployMode: "client")))
                let output = try run.requireSucceeded()
                let written = try bed.read("sum.txt")
                #expect(written.hasPrefix("5050 app-"), "\(written)")
                #expect(output["applicationId"] == .string(String(written.dropFirst(5))))
                #expect(try cluster.completedApplications().contains(String(written.dropFirst(5))))
            }
        }

        @Test("a failing cluster-mode driver fails the activity with 2312 and the driver's error from its worker")
        func failingDriver() async throws {
            try await SparkTestBed.with { bed in
                try ClusterJobs.prepare(bed)
                let run = await bed.run(bed.invocation(
                    "HDInsightSpark", ClusterJobs.typeProperties(bed, input: "fail"), cluster: hdinsight(deployMode: "cluster")))
                let error = try run.requireFailed(code: "2312", messageContains: "IllegalStateException: the input is not what the job expects")
                #expect(error.message.contains("ended FAILED"), "\(error.message)")
                // Python cannot run in cluster mode on a standalone master: refused precisely, nothing submitted.
                try bed.write("print('x')\n", to: "spark/hello/main.py")
                let python = await bed.run(bed.invocation(
                    "HDInsightSpark", ["rootPath": "spark/hello", "entryFilePath": "main.py"], cluster: hdinsight(deployMode: "cluster")))
                try python.requireFailed(code: "2310", messageContains: "Python applications")
            }
        }

        @Test("cancelling a cluster-mode job kills its driver through the master (KILLED) and leaves no process behind")
        func cancelKillsTheDriver() async throws {
            try await SparkTestBed.with { bed in
                try ClusterJobs.prepare(bed)
                let services = FakeHostServices()
                let invocation = bed.invocation(
                    "HDInsightSpark", ClusterJobs.typeProperties(bed, waitFor: bed.storageRoot + "/never", ranLog: bed.storageRoot + "/ran.log"),
                    cluster: hdinsight(deployMode: "cluster"))
                let running = Task { await bed.run(invocation, services: services) }
                // The driver runs (it logged its start) on a worker, with the job's marker.
                let started = try await SparkTestBed.eventually(seconds: 90) { bed.exists("ran.log") && !bed.jobProcesses().isEmpty }
                #expect(started)
                let state = try JSONParser.parse(try #require(services.savedStates.last))
                let submission = try #require(state["submission"]?["id"]?.stringValue)
                services.cancel()
                try await running.value.requireCancelled()
                let drivers = (try cluster.masterState()["completeddrivers"]?.arrayValue ?? [])
                #expect(drivers.contains { $0["id"]?.stringValue == submission && $0["state"] == "KILLED" }, "\(drivers)")
                let gone = try await SparkTestBed.eventually(seconds: 30) { bed.jobProcesses().isEmpty }
                #expect(gone, "left behind: \(bed.jobCommandLines())")
            }
        }

        @Test("a host started after the first one stopped resumes polling the same submission from the saved state")
        func resumeAfterHostRestart() async throws {
            try await SparkTestBed.with { bed in
                try ClusterJobs.prepare(bed)
                let release = bed.storageRoot + "/release"
                let invocation = bed.invocation(
                    "HDInsightSpark", ClusterJobs.typeProperties(bed, waitFor: release, ranLog: bed.storageRoot + "/ran.log"),
                    cluster: hdinsight(deployMode: "cluster"))
                // The first host submits the job, saves its state, and stops there: its save never
                // returns (a host that stopped), so it neither polls nor cancels the job again.
                let frozen = FrozenHost()
                let executor = try #require(bed.bed.host.executors.first { $0.descriptor.typeName == "HDInsightSpark" })
                let context = ActivityExecutionContext(
                    log: { _, _ in }, reportProgress: { _, _ in }, savedOperationState: nil,
                    saveOperationState: { state in await frozen.save(state) })
                let first = Task { await executor.execute(invocation, context: context) }
                let submitted = try await SparkTestBed.eventually(seconds: 90) { frozen.saved != nil && bed.exists("ran.log") }
                #expect(submitted)
                let saved = try #require(frozen.saved)
                let submission = try #require(try JSONParser.parse(saved)["submission"]?["id"]?.stringValue)

                // A new host (the plugin loaded again, same settings) resumes from the saved state.
                let second = try PluginTestBed(
                    library: BuildProducts.library("SparkPlugin"),
                    settings: ["workFolder": .string(bed.workFolder), "localCores": 2, "sparkHome": .string(SparkTestBed.sparkVenv)])
                defer { second.shutdown() }
                try Data().write(to: URL(fileURLWithPath: release))
                let resumed = await second.run(invocation, services: FakeHostServices(resumingOperationState: saved))
                let output = try resumed.requireSucceeded()
                #expect(resumed.logs.contains { $0.message.contains("resuming the saved operation") })
                #expect(output["submissionId"] == .string(submission))
                #expect(try bed.read("data/count.txt").hasPrefix("3 app-"))
                #expect(try bed.read("ran.log") == "ran\n", "the driver ran once")
                let drivers = (try cluster.masterState()["completeddrivers"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                #expect(drivers.filter { $0 == submission }.count == 1)
                // The master reports the driver finished while its JVM on the worker is still exiting:
                // none may be left behind once that is over, as after a cancel above.
                let gone = try await SparkTestBed.eventually(seconds: 30) { bed.jobProcesses().isEmpty }
                #expect(gone, "left behind: \(bed.jobCommandLines())")
                // Let the stopped host go: its next poll finds the job ended too.
                frozen.release()
                _ = await first.value
            }
        }
    }
}

/// The saving side of a host that stops after the first saved state: `save` keeps it and does
/// not return until released.
final class FrozenHost: Sendable {
    private let state = Mutex<(saved: [UInt8]?, released: Bool)>((nil, false))

    var saved: [UInt8]? { state.withLock { $0.saved } }

    func save(_ bytes: [UInt8]) async {
        state.withLock { if $0.saved == nil { $0.saved = bytes } }
        while !state.withLock({ $0.released }) { try? await Task.sleep(for: .milliseconds(50)) }
    }

    func release() { state.withLock { $0.released = true } }
}
