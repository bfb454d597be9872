import DataPluginCore
import Foundation
import PluginKit

/// The Spark an activity's compute linked service names, as pipehost runs it: a master URL, a
/// deploy mode and the storage that holds its files (docs/spark.md, "Clusters").
///
/// - no linked service, `HDInsightOnDemand`, `AzureDatabricks`, `AzureSynapseArtifacts`: local mode
///   on this machine (`local[N]`), unless the linked service gives `sparkMaster`;
/// - `HDInsightOnDemand` with `clusterSize` > 1: a Spark standalone cluster of that many workers
///   that the plugin starts on this machine (``onDemand``; ``OnDemandClusters``), stopped
///   `timeToLive` after its last job;
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
    /// A standalone master's REST submission server (`http://HOST:PORT`), which cluster deploy mode
    /// submits to: the linked service's `sparkRestUrl`, else port 6066 of the master's host.
    var restURL: String?
    /// The standalone cluster to start on this machine (`HDInsightOnDemand`, `clusterSize` > 1).
    var onDemand: OnDemandClusterSpec?

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
            return SparkCluster(
                master: master, deployMode: deployMode, description: uri.isEmpty ? master : uri, storageLinkedService: storage,
                restURL: try restURL(master, reader))
        case "hdinsightondemand":
            let size = try reader.integer("clusterSize", in: 1...1024) ?? 1
            if let master {
                return SparkCluster(
                    master: master, deployMode: deployMode, description: "HDInsightOnDemand '\(service.name)' (\(master))",
                    storageLinkedService: storage, restURL: try restURL(master, reader))
            }
            guard size > 1 else {
                guard deployMode == "client" else {
                    throw ActivityFailure.invalidProperty(
                        reader.member("deployMode"), "'cluster' needs a standalone cluster (clusterSize > 1, or sparkMaster spark://…); local mode runs the driver here")
                }
                return SparkCluster(
                    master: localMaster, deployMode: deployMode,
                    description: "HDInsightOnDemand '\(service.name)' (\(localMaster))", storageLinkedService: storage)
            }
            let spec = try onDemandSpec(service.name, workers: size, reader)
            return SparkCluster(
                master: "", deployMode: deployMode, description: "HDInsightOnDemand '\(service.name)'",
                storageLinkedService: storage, onDemand: spec)
        case "azuredatabricks", "azuresynapseartifacts":
            let effective = master ?? localMaster
            return SparkCluster(
                master: effective, deployMode: deployMode, description: "\(service.type) '\(service.name)' (\(effective))",
                restURL: try restURL(effective, reader))
        default:
            throw ActivityFailure.userError(
                "Linked service '\(service.name)' is of type '\(service.type)'; the Spark activities run on "
                    + computeTypes.joined(separator: ", ") + ".",
                code: SparkErrorCode.invalidClusterURL)
        }
    }

    /// The REST submission URL of a `spark://` master (nil for other masters): `sparkRestUrl`, or
    /// Spark's default port 6066 on the (first) master's host.
    static func restURL(_ master: String, _ reader: PropertyReader) throws(ActivityFailure) -> String? {
        guard master.hasPrefix("spark://") else { return nil }
        if let url = try reader.string("sparkRestUrl") {
            guard url.hasPrefix("http://") || url.hasPrefix("https://"), URL(string: url)?.host != nil else {
                throw ActivityFailure.invalidProperty(reader.member("sparkRestUrl"), "expected http://HOST:PORT of the master's REST server")
            }
            return url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        let first = master.dropFirst("spark://".count).split(separator: ",").first ?? ""
        let host = first.split(separator: ":").first.map(String.init) ?? "127.0.0.1"
        return "http://\(host):6066"
    }

    /// The cluster an `HDInsightOnDemand` linked service asks for: `workers` workers of its
    /// `dataNodeSize`, stopped `timeToLive` (required) after the last job.
    static func onDemandSpec(_ name: String, workers: Int, _ reader: PropertyReader) throws(ActivityFailure) -> OnDemandClusterSpec {
        guard let ttlText = try reader.string("timeToLive") else {
            throw ActivityFailure.missingProperty(reader.member("timeToLive"))
        }
        let ttl = try TimeToLive.seconds(ttlText, path: reader.member("timeToLive"))
        let sizeName = try reader.string("dataNodeSize")
        let (size, known) = NodeSize.worker(sizeName)
        var warnings: [String] = []
        if ttl < TimeToLive.adfMinimumSeconds {
            warnings.append(
                "\(reader.member("timeToLive")) is \(ttlText), shorter than ADF's minimum of 00:05:00; pipehost accepts it.")
        }
        if !known, let sizeName {
            warnings.append(
                "\(reader.member("dataNodeSize")) '\(sizeName)' is not a VM size pipehost knows; each worker offers "
                    + "\(size.cores) cores and \(size.memoryMegabytes) MB.")
        }
        if workers > OnDemandClusterSpec.maximumWorkers {
            warnings.append(
                "\(reader.member("clusterSize")) is \(workers); pipehost starts at most \(OnDemandClusterSpec.maximumWorkers) "
                    + "workers on one machine.")
        }
        return OnDemandClusterSpec(
            linkedService: name, workers: min(workers, OnDemandClusterSpec.maximumWorkers), worker: size,
            timeToLiveSeconds: ttl, warnings: warnings)
    }

    /// True for the master URLs spark-submit takes.
    static func isMasterURL(_ text: String) -> Bool {
        text.hasPrefix("spark://") || text == "yarn" || text.hasPrefix("k8s://") || text == "local"
            || (text.hasPrefix("local[") && text.hasSuffix("]"))
    }
}
