import AsyncHTTPClient
import Foundation
import PluginKit
import Synchronization

/// The standalone clusters of `HDInsightOnDemand` linked services this plugin started or adopted:
/// one per linked service while it lives, shared by every activity on it, stopped by its time to
/// live (``StandaloneCluster``'s watchdog) or at plugin shutdown.
final class OnDemandClusters: Sendable {
    /// `<work>/clusters`: one folder per linked service.
    let root: String
    let rest: MasterREST
    /// The cluster (being started) of each cluster folder.
    private let clusters = Mutex<[String: Task<StandaloneCluster, any Error>]>([:])
    /// Every cluster launched or adopted, by folder: what shutdown stops.
    private let owned = Mutex<[String: StandaloneCluster]>([:])

    init(root: String, rest: MasterREST) {
        self.root = root
        self.rest = rest
    }

    /// ADF's 2328 for a cluster that could not be started.
    static func creationFailed(_ name: String, _ reason: String) -> ActivityFailure {
        .systemError(
            "Failed to create the on demand HDI cluster. Cluster or linked service name: '\(name)', error: '\(reason)'",
            code: SparkErrorCode.onDemandClusterFailed)
    }

    /// `cluster` with its master and REST URL filled in from the on-demand cluster it asks for
    /// (started, or the living one of its linked service), and that cluster; unchanged and nil
    /// for a cluster that is not on demand.
    func provide(
        _ cluster: SparkCluster, call: ActivityCall<JSONValue>, settings: SparkSettings
    ) async throws(ActivityFailure) -> (SparkCluster, StandaloneCluster?) {
        guard let spec = cluster.onDemand else { return (cluster, nil) }
        for warning in spec.warnings { call.log(.warning, warning) }
        let installation = try SparkInstallation.locate(settings)
        let running = try await acquire(spec, installation: installation, call: call)
        var resolved = cluster
        resolved.master = running.masterURL
        resolved.restURL = running.restURL
        resolved.description =
            "HDInsightOnDemand '\(spec.linkedService)' (standalone \(running.masterURL), \(running.workers) workers)"
        return (resolved, running)
    }

    /// The living cluster of `spec`'s linked service, started when there is none.
    func acquire(
        _ spec: OnDemandClusterSpec, installation: SparkInstallation, call: ActivityCall<JSONValue>
    ) async throws(ActivityFailure) -> StandaloneCluster {
        let folder = root + "/" + Self.safe(spec.linkedService)
        for _ in 0..<2 {
            let task = clusters.withLock { tasks in
                if let task = tasks[folder] { return task }
                call.log(.info, "Starting a Spark standalone cluster for '\(spec.linkedService)': a master and \(spec.workers) workers (\(spec.worker.cores) cores, \(spec.worker.memoryMegabytes) MB each) in \(folder).")
                let task = Task { () async throws -> StandaloneCluster in
                    try await self.startOrAdopt(spec, folder: folder, installation: installation)
                }
                tasks[folder] = task
                return task
            }
            let cluster: StandaloneCluster
            do {
                cluster = try await task.value
            } catch {
                clusters.withLock { tasks in if tasks[folder] == task { tasks[folder] = nil } }
                throw ActivityFailure(describing: error)
            }
            if cluster.isRunning {
                cluster.touch()
                return cluster
            }
            // Its time to live ran out: start a new one.
            clusters.withLock { tasks in if tasks[folder] == task { tasks[folder] = nil } }
            owned.withLock { _ = $0.removeValue(forKey: folder) }
        }
        throw Self.creationFailed(spec.linkedService, "the cluster ended as soon as it was started. \(StandaloneCluster.load(folder: folder)?.logErrors() ?? "")")
    }

    /// The cluster a resumed job runs on (from its folder's `cluster.json`), marked in use and
    /// stopped at this plugin's shutdown; nil when it no longer runs.
    @discardableResult
    func adopt(folder: String) -> StandaloneCluster? {
        if let known = owned.withLock({ $0[folder] }), known.isRunning {
            known.touch()
            return known
        }
        guard let cluster = StandaloneCluster.load(folder: folder) else { return nil }
        cluster.touch()
        owned.withLock { $0[folder] = cluster }
        return cluster
    }

    /// Stops every cluster this plugin started or adopted.
    func shutdown() {
        let all = owned.withLock { clusters in
            defer { clusters.removeAll() }
            return Array(clusters.values)
        }
        clusters.withLock { $0.removeAll() }
        for cluster in all { cluster.stop() }
    }

    private func startOrAdopt(
        _ spec: OnDemandClusterSpec, folder: String, installation: SparkInstallation
    ) async throws(ActivityFailure) -> StandaloneCluster {
        // A cluster a host that ended left running (its time to live not yet over) serves again.
        if let adopted = adopt(folder: folder) { return adopted }
        let cluster = try StandaloneCluster.launch(spec, folder: folder, installation: installation)
        owned.withLock { $0[folder] = cluster }
        do {
            try await cluster.waitUntilReady(rest: rest)
        } catch {
            owned.withLock { _ = $0.removeValue(forKey: folder) }
            throw error
        }
        return cluster
    }

    private static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }
}
