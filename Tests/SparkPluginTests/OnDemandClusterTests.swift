import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

extension SparkJobs {
    /// `HDInsightOnDemand` with `clusterSize` > 1: the plugin starts a real Spark standalone master and
    /// that many workers on this machine, runs the activities of the linked service on it, and stops
    /// it `timeToLive` after the last job, or at plugin shutdown.
    @Suite("HDInsightOnDemand standalone clusters", .tags(.large), .serialized)
    struct OnDemandClusterTests {
        @Test("the same Python job runs in local mode and on an on-demand cluster of two workers; the master saw it; timeToLive stops the cluster")
        func sameJobLocalAndOnCluster() async throws {
            try await SparkTestBed.with { bed in
                try HDInsightSparkTests.writeWordCount(into: bed)
                func properties(_ target: String) -> JSONObject {
                    [
                        "rootPath": "spark/wordcount", "entryFilePath": "main.py",
                        "arguments": .array([.string(bed.storageRoot + "/data/in.txt"), .string(bed.storageRoot + "/data/" + target)]),
                        "sparkJobLinkedService": ["referenceName": .string(SparkTestBed.storageName), "type": "LinkedServiceReference"],
                    ]
                }
                let local = try await bed.run(bed.invocation("HDInsightSpark", properties("local.csv"))).requireSucceeded()
                #expect(local["sparkMaster"] == "local[2]")

                let cluster = bed.onDemandCluster(["clusterSize": 2, "timeToLive": "00:00:15"])
                let run = await bed.run(bed.invocation("HDInsightSpark", properties("cluster.csv"), cluster: cluster))
                let output = try run.requireSucceeded()
                #expect(try bed.read("data/cluster.csv") == "cat,2\ndog,1\nran,1\nsat,2\n")
                #expect(try bed.read("data/cluster.csv") == bed.read("data/local.csv"))
                let master = try #require(output["sparkMaster"]?.stringValue)
                #expect(master.hasPrefix("spark://127.0.0.1:"))
                let applicationId = try #require(output["applicationId"]?.stringValue)
                #expect(applicationId.hasPrefix("app-"))
                #expect(run.logs.contains { $0.message.contains("shorter than ADF's minimum") })

                // The master (its web UI's JSON) saw the application run to its end, on two workers.
                let record = try bed.clusterRecord()
                let webUI = Int(try #require(record["webUIPort"]?.integerValue))
                let state = try masterState(webUIPort: webUI)
                #expect(state["aliveworkers"] == 2)
                let completed = (state["completedapps"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                #expect(completed.contains(applicationId), "\(completed)")
                // The JVMs (the watchdog shell's command line names the classes too).
                let processes = bed.clusterCommandLines().map(\.commandLine).filter { $0.hasPrefix("/") && $0.contains("/bin/java ") }
                #expect(processes.filter { $0.contains("org.apache.spark.deploy.master.Master") }.count == 1, "\(processes)")
                #expect(processes.filter { $0.contains("org.apache.spark.deploy.worker.Worker") }.count == 2, "\(processes)")
                #expect(bed.jobProcesses().isEmpty)

                // Fifteen seconds after the job ended the watchdog stops the master and the workers.
                let gone = try await SparkTestBed.eventually(seconds: 90) { bed.clusterCommandLines().isEmpty }
                #expect(gone, "left behind: \(bed.clusterCommandLines())")
            }
        }

        @Test("a jar runs in cluster deploy mode on an on-demand cluster (its driver on a worker); Python is refused there; plugin shutdown stops the cluster")
        func clusterModeAndShutdown() async throws {
            let bed = try SparkTestBed()
            defer { bed.shutdown() }
            try ClusterJobs.prepare(bed)
            let cluster = bed.onDemandCluster(["clusterSize": 2, "timeToLive": "00:10:00", "deployMode": "cluster", "dataNodeSize": "Standard_D3_v2"])
            let run = await bed.run(bed.invocation("HDInsightSpark", ClusterJobs.typeProperties(bed), cluster: cluster))
            let output = try run.requireSucceeded()
            let written = try bed.read("data/count.txt")
            #expect(written.hasPrefix("3 app-"), "\(written)")
            let submission = try #require(output["submissionId"]?.stringValue)
            #expect(submission.hasPrefix("driver-"))
            #expect(output["applicationId"] == .string(String(written.dropFirst(2))))
            // The driver ran on a worker: its log is the worker's driver folder's stderr, copied to the job folder.
            let log = try #require(output["logLocation"]?.stringValue)
            #expect(try String(contentsOfFile: log, encoding: .utf8).contains("DriverWrapper"))
            let record = try bed.clusterRecord()
            #expect(record["worker"]?["cores"]?.integerValue ?? 0 >= 1)
            let state = try masterState(webUIPort: Int(try #require(record["webUIPort"]?.integerValue)))
            let drivers = (state["completeddrivers"]?.arrayValue ?? []).map { ($0["id"]?.stringValue, $0["state"]?.stringValue) }
            #expect(drivers.contains { $0.0 == submission && $0.1 == "FINISHED" }, "\(drivers)")

            // Spark's standalone master runs no Python driver in cluster mode: refused before submitting.
            try bed.write("print('never runs')\n", to: "spark/hello/main.py")
            let python = await bed.run(bed.invocation("HDInsightSpark", ["rootPath": "spark/hello", "entryFilePath": "main.py"], cluster: cluster))
            try python.requireFailed(code: "2310", messageContains: "Cluster deploy mode is not supported for Python applications")

            #expect(!bed.clusterCommandLines().isEmpty)
            bed.bed.shutdown()
            #expect(bed.clusterCommandLines().isEmpty, "left behind: \(bed.clusterCommandLines())")
        }

        @Test("timeToLive and clusterSize are checked; a cluster that cannot start fails with ADF's 2328")
        func invalidClusters() async throws {
            try await SparkTestBed.with { bed in
                try bed.write("print('x')\n", to: "spark/hello/main.py")
                let properties: JSONObject = ["rootPath": "spark/hello", "entryFilePath": "main.py"]
                let badTTL = await bed.run(bed.invocation("HDInsightSpark", properties, cluster: bed.onDemandCluster(["clusterSize": 2, "timeToLive": "5 minutes"])))
                try badTTL.requireFailed(code: "2105", messageContains: "linked service 'OnDemandCluster' typeProperties.timeToLive")
                let noTTL = bed.onDemandCluster(["clusterSize": 2])
                var properties2 = noTTL.typeProperties.objectValue ?? [:]
                properties2["timeToLive"] = nil
                let missing = await bed.run(bed.invocation(
                    "HDInsightSpark", properties,
                    cluster: ResolvedLinkedService(name: noTTL.name, type: noTTL.type, typeProperties: .object(properties2))))
                try missing.requireFailed(code: "2103", messageContains: "typeProperties.timeToLive")
                let size = await bed.run(bed.invocation("HDInsightSpark", properties, cluster: bed.onDemandCluster(["clusterSize": 0])))
                try size.requireFailed(code: "2105", messageContains: "typeProperties.clusterSize")
            }
            // A Spark whose spark-class cannot start a JVM: the cluster fails to start.
            let fake = try TemporaryFolder("fake-spark")
            defer { fake.remove() }
            try FileManager.default.createDirectory(atPath: fake.path + "/bin", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: fake.path + "/jars", withIntermediateDirectories: true)
            for name in ["spark-submit", "spark-class"] {
                try Data("#!/bin/sh\necho \"Exception in thread main: no JVM in this test Spark\" >&2\nexit 1\n".utf8)
                    .write(to: URL(fileURLWithPath: "\(fake.path)/bin/\(name)"))
                chmod("\(fake.path)/bin/\(name)", 0o755)
            }
            try await SparkTestBed.with(settings: ["sparkHome": .string(fake.path)]) { bed in
                try bed.write("print('x')\n", to: "spark/hello/main.py")
                let run = await bed.run(bed.invocation(
                    "HDInsightSpark", ["rootPath": "spark/hello", "entryFilePath": "main.py"],
                    cluster: bed.onDemandCluster(["clusterSize": 2, "timeToLive": "00:05:00"])))
                try run.requireFailed(code: "2328", messageContains: "Failed to create the on demand HDI cluster. Cluster or linked service name: 'OnDemandCluster'")
                try run.requireFailed(code: "2328", messageContains: "no JVM in this test Spark")
                #expect(bed.clusterCommandLines().isEmpty)
            }
        }
    }
}
