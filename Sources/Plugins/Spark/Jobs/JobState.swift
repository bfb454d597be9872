/// A running job as stored with the run between polls (no secrets: paths, ids and times only),
/// enough for a host started later to go on polling it, or to cancel it.
struct JobState: Codable, Sendable, Equatable {
    /// The job folder (staged files, `driver.log`, `exit-status`, `events/`).
    var folder: String
    /// The local process running the job (`spark-submit` in client mode, or a program); nil for a
    /// job submitted in cluster deploy mode, which runs on a worker (``submission``).
    var process: JobProcess.Identity?
    /// When the job started, milliseconds since 1970.
    var startedAt: Int64
    /// The effective master (`local[2]`, `spark://127.0.0.1:7077`, …); nil for non-Spark programs.
    var master: String?
    /// What `clusterInUse` reports: the linked service's cluster as the user named it.
    var clusterInUse: String
    /// `errorCode` of a failed job.
    var failureCode: String
    /// `getDebugInfo`: `None`, `Always` or `Failure`.
    var debugInfo: String
    /// The storage linked service the debug logs go to, by name; nil when none.
    var logLinkedService: String?
    /// Folders stored once the job succeeded (nil: none, as for states written before there were any).
    var storeOnSuccess: [StoredFolder]? = nil
    /// Source files deleted or moved once the job succeeded (nil: none, as for older states).
    var processedSources: [ProcessedSourceFiles]? = nil
    /// A job submitted to a standalone master's REST server in cluster deploy mode.
    var submission: ClusterSubmission?
    /// The report the driver writes (nil: none, as for states written before there were any).
    var report: JobReport? = nil
    /// The folder of the on-demand standalone cluster the job runs on: each poll marks it in use,
    /// and a host resuming the job adopts it (stops it at its shutdown).
    var clusterFolder: String?
}

/// A driver submitted in cluster deploy mode: what a later poll, or cancel, asks the master about.
struct ClusterSubmission: Codable, Sendable, Equatable {
    /// The master's submission id (`driver-…`).
    var id: String
    /// The master's REST submission server (`http://HOST:PORT`).
    var restURL: String
    /// When the master was first found unreachable (milliseconds since 1970), nil while it answers.
    var unreachableSince: Int64?
}
