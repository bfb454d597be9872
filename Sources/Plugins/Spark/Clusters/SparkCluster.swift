import DataPluginCore
import PluginKit

/// The Spark an activity's compute linked service names, as pipehost runs it: a master URL, a
/// deploy mode and the storage that holds its files (docs/spark.md, "Clusters").
///
/// - no linked service, `HDInsightOnDemand`, `AzureDatabricks`, `AzureSynapseArtifacts`: local mode
///   on this machine (`local[N]`), unless the linked service gives `sparkMaster`;
/// - `HDInsight`: `sparkMaster`, or a `clusterUri` that is itself a master URL (`spark://`,
///   `yarn`, `k8s://`, `local[…]`); an `https://….azurehdinsight.net` cluster is refused, since
///   pipehost submits through `spark-submit`, not HDInsight's Livy.
struct SparkCluster: Sendable, Equatable {
    /// The linked service types that name a cluster.
    static let computeTypes = ["HDInsight", "HDInsightOnDemand", "AzureDatabricks", "AzureSynapseArtifacts"]

    var master: String
    /// `client` (the driver runs here, under the plugin) or `cluster` (on a standalone cluster's worker).
    var deployMode: String
    /// What the output's `clusterInUse` says.
    var description: String
    /// The storage linked service of the cluster (HDInsight's `linkedServiceName`), by name.
    var storageLinkedService: String?

    /// The cluster of `service` (nil: the activity has none), with local mode's cores from settings.
    static func resolve(_ service: Invocation.LinkedService?, settings: SparkSettings) throws(ActivityFailure) -> SparkCluster {
        let localMaster = settings.localCores > 0 ? "local[\(settings.localCores)]" : "local[*]"
        guard let service else {
            return SparkCluster(master: localMaster, deployMode: "client", description: "local (\(localMaster))")
        }
        let reader = try PropertyReader(service.typeProperties, path: "linked service '\(service.name)' typeProperties")
        let storage = reader.value("linkedServiceName")?["referenceName"]?.stringValue
        let deployMode = try reader.string("deployMode") ?? "client"
        guard deployMode == "client" || deployMode == "cluster" else {
            throw ActivityFailure.invalidProperty(reader.member("deployMode"), "expected 'client' or 'cluster'")
        }
        var master = try reader.string("sparkMaster").map { text throws(ActivityFailure) in
            guard isMasterURL(text) else {
                throw ActivityFailure.invalidProperty(
                    reader.member("sparkMaster"), "expected a Spark master URL: spark://HOST:PORT, yarn, k8s://URL or local[N]")
            }
            return text
        }
        switch service.type.lowercased() {
        case "hdinsight":
            let uri = try reader.string("clusterUri") ?? ""
            if master == nil, isMasterURL(uri) { master = uri }
            guard let master else {
                throw ActivityFailure.userError(
                    "HDInsight cluster URL '\(uri)' of linked service '\(service.name)' is not a Spark master pipehost "
                        + "can submit to: pipehost runs jobs with spark-submit, not through HDInsight's Livy. Give the "
                        + "linked service typeProperties.sparkMaster (spark://HOST:PORT, yarn or k8s://URL), or set "
                        + "clusterUri to one.",
                    code: SparkErrorCode.invalidClusterURL)
            }
            return SparkCluster(master: master, deployMode: deployMode, description: uri.isEmpty ? master : uri, storageLinkedService: storage)
        case "hdinsightondemand":
            let size = try reader.integer("clusterSize", in: 1...1024) ?? 1
            let local = settings.localCores > 0 ? settings.localCores : 0
            let effective = master ?? (size > 1 && local == 0 ? "local[\(size)]" : localMaster)
            return SparkCluster(
                master: effective, deployMode: deployMode,
                description: "HDInsightOnDemand '\(service.name)' (\(effective))", storageLinkedService: storage)
        case "azuredatabricks", "azuresynapseartifacts":
            let effective = master ?? localMaster
            return SparkCluster(master: effective, deployMode: deployMode, description: "\(service.type) '\(service.name)' (\(effective))")
        default:
            throw ActivityFailure.userError(
                "Linked service '\(service.name)' is of type '\(service.type)'; the Spark activities run on "
                    + computeTypes.joined(separator: ", ") + ".",
                code: SparkErrorCode.invalidClusterURL)
        }
    }

    /// True for the master URLs spark-submit takes.
    static func isMasterURL(_ text: String) -> Bool {
        text.hasPrefix("spark://") || text == "yarn" || text.hasPrefix("k8s://") || text == "local"
            || (text.hasPrefix("local[") && text.hasSuffix("]"))
    }
}
