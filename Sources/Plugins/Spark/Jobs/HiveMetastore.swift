import PluginKit

/// The Hive metastore and warehouse all `HDInsightHive` jobs of the plugin share, under the work
/// root: `hive/metastore_db` (an embedded Derby database), `hive/warehouse` (managed tables),
/// `hive/scratch` (Hive's scratch folders) and `hive/metastore.lock`, which a job's JVM holds while
/// it runs, because embedded Derby lets one JVM at a time open the database.
struct HiveMetastore: Sendable, Equatable {
    /// `<work root>/hive`.
    let folder: String

    init(workRoot: String) { folder = workRoot + "/hive" }

    var database: String { folder + "/metastore_db" }
    var warehouse: String { folder + "/warehouse" }
    var scratch: String { folder + "/scratch" }
    var lockFile: String { folder + "/metastore.lock" }
    var connectionURL: String { "jdbc:derby:;databaseName=\(database);create=true" }

    /// The `spark-submit --conf` pairs that put a job's Spark SQL on this metastore.
    var configuration: [SparkSubmission.ConfigurationEntry] {
        [
            .init(key: "spark.sql.catalogImplementation", value: "hive"),
            .init(key: "spark.sql.warehouse.dir", value: "file://" + warehouse),
            .init(key: "spark.hadoop.javax.jdo.option.ConnectionURL", value: connectionURL),
            .init(key: "spark.hadoop.hive.metastore.warehouse.dir", value: "file://" + warehouse),
            .init(key: "spark.hadoop.hive.exec.scratchdir", value: scratch + "/hdfs"),
            .init(key: "spark.hadoop.hive.exec.local.scratchdir", value: scratch + "/local"),
            .init(key: "spark.hadoop.datanucleus.schema.autoCreateAll", value: "true"),
            .init(key: "spark.hadoop.hive.metastore.schema.verification", value: "false"),
            // Hive's own substitution is the driver's (namespaces kept apart, as Hive keeps them).
            .init(key: "spark.sql.variable.substitute", value: "false"),
        ]
    }

    /// Settings that place the metastore and warehouse, which pipehost manages: a `defines` entry
    /// may not change them (the plugin's `workFolder` setting moves them).
    static let managedKeys: Set<String> = [
        "spark.sql.catalogimplementation", "spark.sql.warehouse.dir", "hive.metastore.warehouse.dir",
        "javax.jdo.option.connectionurl", "spark.hadoop.javax.jdo.option.connectionurl",
    ]

    /// Fails when `settings` (from `path`) names one of ``managedKeys``.
    func refuseManaged(_ settings: [(String, String)], path: String) throws(ActivityFailure) {
        for (key, _) in settings where Self.managedKeys.contains(key.lowercased()) {
            throw ActivityFailure.invalidProperty(
                "\(path).\(key)",
                "pipehost keeps the Hive metastore and warehouse in its work folder ('\(folder)'); set the Spark "
                    + "plugin's workFolder setting to move them, and leave '\(key)' out")
        }
    }
}
