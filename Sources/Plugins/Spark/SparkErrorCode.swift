/// The `errorCode` values the Spark family writes, one constant each (docs/error-codes.md).
/// ADF's own codes where ADF reports the same failure (troubleshoot-guide.md, "Azure HDInsight",
/// "Azure Databricks", "Azure Data Lake Analytics"); the rest are the plugin's own names.
enum SparkErrorCode {
    /// ADF's: the job could not be submitted (Hadoop jobs: Hive, Streaming, MapReduce, Pig).
    static let hadoopJobSubmissionFailed = "2300"
    /// ADF's: the Hadoop job ran and failed (`Hadoop job failed with exit code …`).
    static let hadoopJobFailed = "2302"
    /// ADF's: the Spark job could not be submitted (`Failed to submit Spark job. Error: …`).
    static let sparkSubmissionFailed = "2310"
    /// ADF's: the Spark job ran and failed (`Spark job failed, batch id: …`).
    static let sparkJobFailed = "2312"
    /// ADF's: the submitted job is no longer known to the cluster.
    static let jobNotFound = "2313"
    /// ADF's: the on-demand cluster could not be created.
    static let onDemandClusterFailed = "2328"
    /// ADF's: a file path is empty.
    static let emptyFilePath = "2331"
    /// ADF's: the HDInsight cluster URL is not one pipehost can reach.
    static let invalidClusterURL = "2341"
    /// ADF's: the Hive script could not be read.
    static let scriptReadFailed = "2345"
    /// ADF's: the job's files could not be prepared (fetched from storage).
    static let filePreparationFailed = "2350"
    /// ADF's Databricks authoring errors (missing notebook path, missing cluster settings).
    static let databricksBadAuthoring = "3201"
    /// ADF's: the Databricks job failed.
    static let databricksJobFailed = "3204"
    /// ADF's U-SQL account error: Data Lake Analytics cannot be reached (it was retired).
    static let dataLakeAnalyticsUnavailable = "2707"
    /// Spark (or Java) is not installed where the plugin looks for it.
    static let sparkNotInstalled = "SparkNotInstalled"
    /// A library the activity asks for cannot be installed here (Maven and CRAN are unreachable).
    static let libraryUnavailable = "LibraryUnavailable"
    /// The activity needs an engine pipehost cannot provide here (Pig without an installation).
    static let engineNotAvailable = "EngineNotAvailable"
}
