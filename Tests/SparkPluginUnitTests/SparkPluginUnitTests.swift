import Foundation
import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore
@testable import SparkPluginCore

/// The Spark plugin's pure parts: error lines out of driver logs, clusters out of linked services,
/// spark-submit command lines, poll intervals and storage URIs.
@Suite(.tags(.small))
struct SparkPluginUnitTests {
    @Test("the driver's error: a Python traceback's last line, a JVM exception, Spark SQL's error")
    func driverErrors() {
        let python = """
            26/12/07 13:00:01 INFO SparkContext: Running Spark version 3.5.7
            Traceback (most recent call last):
              File "/jobs/main.py", line 3, in <module>
                raise ValueError("bad input")
            ValueError: bad input
            26/12/07 13:00:02 INFO ShutdownHookManager: Shutdown hook called
            """
        #expect(DriverLog.error(in: python.split(separator: "\n")) == "ValueError: bad input")
        let java = """
            Exception in thread "main" java.lang.IllegalStateException: no input
            \tat LineCount.main(LineCount.java:9)
            \tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)
            Caused by: java.io.FileNotFoundException: /data/in.txt
            """
        #expect(
            DriverLog.error(in: java.split(separator: "\n"))
                == "Exception in thread \"main\" java.lang.IllegalStateException: no input | Caused by: java.io.FileNotFoundException: /data/in.txt")
        #expect(DriverLog.error(in: ["26/12/07 INFO all fine", "done"]) == nil)
        let long = String(repeating: "x", count: 5_000)
        #expect((DriverLog.error(in: ["RuntimeError: \(long)"[...]])?.count ?? 0) == DriverLog.messageLimit + 1)
    }

    @Test("linked services map to masters: local by default, sparkMaster or a master clusterUri, HDInsight's https refused")
    func clusters() throws {
        let settings = try SparkSettings(["localCores": 3])
        #expect(try SparkCluster.resolve(nil, settings: settings).master == "local[3]")
        let onDemand = Invocation.LinkedService(
            name: "OD", type: "HDInsightOnDemand",
            typeProperties: ["clusterSize": 1, "linkedServiceName": ["referenceName": "Store", "type": "LinkedServiceReference"]])
        let resolved = try SparkCluster.resolve(onDemand, settings: settings)
        #expect(resolved.master == "local[3]" && resolved.storageLinkedService == "Store" && resolved.deployMode == "client")
        let standalone = Invocation.LinkedService(
            name: "HDI", type: "HDInsight", typeProperties: ["clusterUri": "spark://127.0.0.1:7077", "deployMode": "cluster"])
        let cluster = try SparkCluster.resolve(standalone, settings: settings)
        #expect(cluster.master == "spark://127.0.0.1:7077" && cluster.deployMode == "cluster")
        let azure = Invocation.LinkedService(
            name: "HDI", type: "HDInsight", typeProperties: ["clusterUri": "https://contoso.azurehdinsight.net"])
        let refusal = #expect(throws: ActivityFailure.self) { try SparkCluster.resolve(azure, settings: settings) }
        #expect(refusal?.errorCode == "2341" && refusal?.message.contains("sparkMaster") == true)
        let withMaster = Invocation.LinkedService(
            name: "HDI", type: "HDInsight",
            typeProperties: ["clusterUri": "https://contoso.azurehdinsight.net", "sparkMaster": "yarn"])
        #expect(try SparkCluster.resolve(withMaster, settings: settings).master == "yarn")
        let badMaster = Invocation.LinkedService(name: "DB", type: "AzureDatabricks", typeProperties: ["sparkMaster": "mesos://x"])
        #expect(throws: ActivityFailure.self) { try SparkCluster.resolve(badMaster, settings: settings) }
    }

    @Test("the spark-submit command: pipehost's defaults first, the job's configuration winning, then the application")
    func submitCommand() {
        var submission = SparkSubmission(application: .jar(file: "/j/app.jar", mainClass: "Main"), arguments: ["a b", "c"], name: "Step")
        submission.configuration = [.init(key: "spark.ui.enabled", value: "true")]
        submission.jars = ["/j/x.jar", "/j/y.jar"]
        submission.proxyUser = "etl"
        let installation = SparkInstallation(home: "/spark", python: "/venv/bin/python", javaHome: nil)
        let local = SparkSubmitCommand.arguments(
            submission, cluster: SparkCluster(master: "local[2]", deployMode: "client", description: "local"),
            installation: installation, folder: JobFolder(path: "/jobs/job"))
        #expect(Array(local.prefix(7)) == ["/spark/bin/spark-submit", "--master", "local[2]", "--deploy-mode", "client", "--name", "Step"])
        #expect(local.contains("spark.ui.enabled=true") && !local.contains("spark.ui.enabled=false"))
        #expect(local.contains("spark.eventLog.dir=file:///jobs/job/events"))
        #expect(local.contains("spark.driver.bindAddress=127.0.0.1"))
        #expect(!local.contains("--proxy-user"))
        #expect(local.contains("/j/x.jar,/j/y.jar"))
        #expect(Array(local.suffix(5)) == ["--class", "Main", "/j/app.jar", "a b", "c"])
        let onCluster = SparkSubmitCommand.arguments(
            submission, cluster: SparkCluster(master: "yarn", deployMode: "cluster", description: "yarn"),
            installation: installation, folder: JobFolder(path: "/jobs/job"))
        #expect(onCluster.contains("--proxy-user"))
    }

    @Test("polls come often while a job is young and at most every 2 s")
    func pollIntervals() {
        #expect(JobRunner.pollInterval(elapsedMilliseconds: 0) == .milliseconds(10))
        #expect(JobRunner.pollInterval(elapsedMilliseconds: 10_000) == .milliseconds(10))
        #expect(JobRunner.pollInterval(elapsedMilliseconds: 100_000) == .milliseconds(100))
        #expect(JobRunner.pollInterval(elapsedMilliseconds: 10_000_000) == .seconds(2))
    }

    @Test("wasbs:// and abfss:// URIs name container paths; shell quoting survives quotes")
    func storagePathsAndQuoting() {
        #expect(StorageStaging.storePath("wasbs://jobs@acct.blob.core.windows.net/spark/main.py") == "jobs/spark/main.py")
        #expect(StorageStaging.storePath("abfss://fs@acct.dfs.core.windows.net/a/b/") == "fs/a/b")
        #expect(StorageStaging.storePath("/jobs//spark/") == "jobs/spark")
        #expect(JobRunner.shellQuoted("it's") == "'it'\\''s'")
    }
}
