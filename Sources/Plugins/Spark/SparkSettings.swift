import DataPluginCore
import PluginKit

/// The Spark plugin's `settings` object in plugins.json (docs/spark.md, "Settings").
struct SparkSettings: Sendable {
    /// A Spark installation (`bin/spark-submit` inside), a pyspark package folder or a virtual
    /// environment with pyspark installed; nil to look in `SPARK_HOME` and `.pipehost/venv-spark`.
    var sparkHome: String?
    /// The Python that runs PySpark jobs; nil for the virtual environment's or `python3`.
    var python: String?
    /// The Java installation; nil for `JAVA_HOME` or `java` on the `PATH`.
    var javaHome: String?
    /// Where job folders, the Hive warehouse and metastore live; nil for the host's work folder.
    var workFolder: String?
    /// Cores of local mode when a linked service does not say: `local[N]`; 0 means every core.
    var localCores: Int
    /// A Pig installation (`bin/pig` inside) for `HDInsightPig`; nil for `PIG_HOME`.
    var pigHome: String?
    /// PostgreSQL's JDBC driver jar for data flows; nil for `PIPEHOST_POSTGRESQL_JDBC_JAR` or Debian's.
    var postgresJdbcJar: String?

    init(_ value: JSONValue) throws(ActivityFailure) {
        let reader = try PropertyReader(value, path: "settings")
        sparkHome = try reader.string("sparkHome")
        python = try reader.string("python")
        javaHome = try reader.string("javaHome")
        workFolder = try reader.string("workFolder")
        localCores = try reader.integer("localCores", in: 0...1024) ?? 0
        pigHome = try reader.string("pigHome")
        postgresJdbcJar = try reader.string("postgresJdbcJar")
    }
}
