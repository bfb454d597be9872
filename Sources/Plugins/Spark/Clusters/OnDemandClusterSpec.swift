/// The Spark standalone cluster an `HDInsightOnDemand` linked service with `clusterSize` > 1 asks
/// pipehost to start on this machine: a master and `workers` worker processes of `worker`'s size,
/// stopped `timeToLiveSeconds` after the last job on it ended.
struct OnDemandClusterSpec: Sendable, Equatable {
    /// The linked service's name: one cluster per linked service while it lives.
    var linkedService: String
    var workers: Int
    var worker: NodeSize
    var timeToLiveSeconds: Int
    /// What the activity's log should say about the linked service (a short timeToLive, an unknown node size).
    var warnings: [String] = []

    /// The most worker processes started on one machine (a larger `clusterSize` is capped, with a warning).
    static let maximumWorkers = 16
}
