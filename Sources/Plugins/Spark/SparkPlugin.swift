import DataPluginCore
import Foundation
import PluginKit

/// ADF's transform activities on Apache Spark: HDInsight Spark, Hive, Streaming, MapReduce and Pig,
/// Databricks and Synapse jobs and mapping data flows, run by `spark-submit` in local mode or on a real cluster, and the
/// retired U-SQL refused clearly. docs/spark.md is the user's guide.
public struct SparkPlugin: Plugin {
    public static let id = "org.pipehost.spark"
    public static let version = "1.0.0"
    public static let summary = "HDInsight, Databricks and Synapse Spark activities on Apache Spark (local mode or a cluster)"
    public static let activities: [ActivityDefinition<SparkPlugin>] = [
        job("HDInsightSpark", "Runs a Spark application (Python or jar) from the job storage", HDInsightSparkActivity.prepare),
        job("DatabricksNotebook", "Runs a notebook exported from a Databricks workspace", DatabricksActivities.notebook),
        job("DatabricksSparkPython", "Runs a Python file from DBFS", DatabricksActivities.python),
        job("DatabricksSparkJar", "Runs a main class from a jar library in DBFS", DatabricksActivities.jar),
        job("SynapseNotebook", "Runs a Synapse notebook from the workspace's git folder", SynapseActivities.notebook),
        job("SparkJob", "Runs a Synapse Spark job definition from the workspace's git folder", SynapseActivities.sparkJob),
        .run("DataLakeAnalyticsU-SQL", summary: "Refused: Azure Data Lake Analytics was retired in 2024", input: JSONValue.self) {
            _, call in try USQLActivity.run(call)
        },
        job("HDInsightHive", "Runs a HiveQL script on Spark SQL with a persistent Hive metastore", HDInsightHiveActivity.prepare),
        job("HDInsightPig", "Runs a Pig Latin script on a configured Apache Pig installation", HDInsightPigActivity.prepare),
        job("HDInsightStreaming", "Runs a Hadoop Streaming job (mapper, combiner, reducer programs) on Spark", HDInsightStreamingActivity.prepare),
        job("HDInsightMapReduce", "Runs a Hadoop MapReduce jar with Hadoop's local job runner from Spark's jars", HDInsightMapReduceActivity.prepare),
        job("ExecuteDataFlow", "Runs a mapping data flow (dataflow/NAME.json) as one Spark job", ExecuteDataFlowActivity.prepare),
    ]

    let runner: JobRunner

    public init(host: HostServices, settings: JSONValue) throws {
        let settings = try SparkSettings(settings)
        let root = settings.workFolder ?? (host.workDirectory.map { $0 + "/spark" } ?? NSTemporaryDirectory() + "pipehost-spark")
        runner = JobRunner(settings: settings, staging: StorageStaging(), workRoot: root)
    }

    public func shutdown() {
        runner.shutdown()
    }

    /// A long-running activity of the family: the activity prepares the job, the runner runs it.
    static func job(
        _ typeName: String, _ summary: String,
        _ prepare: @escaping @Sendable (JobContext) async throws(ActivityFailure) -> SparkJob
    ) -> ActivityDefinition<SparkPlugin> {
        .longRunning(
            typeName, summary: summary, input: JSONValue.self, state: JobState.self, output: JSONValue.self,
            start: { plugin, call in try await plugin.runner.start(call, prepare: prepare) },
            poll: { plugin, call, state in try await plugin.runner.poll(call, state) },
            cancel: { plugin, call, state in try await plugin.runner.cancel(call, state) }
        ).reaching(linkedServiceTypes: SparkCluster.computeTypes + StorageStaging.reachableTypes)
    }
}
