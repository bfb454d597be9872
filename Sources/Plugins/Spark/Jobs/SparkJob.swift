/// One job as an activity prepared it: what to run, how to name its failures and what its output
/// adds. The runner turns it into a process (`spark-submit …`, or another program such as Pig).
struct SparkJob: Sendable {
    /// What the process runs.
    enum Command: Sendable {
        /// `spark-submit` with these options on the activity's cluster.
        case sparkSubmit(SparkSubmission)
        /// Another program (absolute path first), run in the job folder.
        case program([String])
    }

    var command: Command
    /// `errorCode` of a job that ran and failed: 2312 (Spark), 2302 (Hadoop), 3204 (Databricks).
    var failureCode: String
    /// Extra environment variables for the process.
    var environment: [String: String] = [:]
    /// Programs run one after another in the job folder before the command (pip installing a
    /// notebook's libraries); the first that fails ends the job with its exit status.
    var setup: [[String]] = []
    /// Folders the job writes that go to storage once it succeeded.
    var storeOnSuccess: [StoredFolder] = []
    /// Files sources read that are deleted or moved once the job succeeded (a data flow source's
    /// `purgeFiles`/`moveFiles`), after the folders above are stored.
    var processedSources: [ProcessedSourceFiles] = []
    /// The report its driver writes beside the log, when it writes one.
    var report: JobReport? = nil
}

/// A report a driver writes in the job folder, read when the job ends: it gives the activity's
/// output, or its error, more than the exit status and the log can.
enum JobReport: String, Codable, Sendable {
    /// ``DataFlowDriver``'s `dataflow-result.json` (``DataFlowRunReport``).
    case dataFlow
}

/// The options of one `spark-submit` (https://spark.apache.org/docs/3.5.7/submitting-applications.html).
struct SparkSubmission: Sendable, Equatable {
    /// The application: a Python file, or a jar with its main class.
    enum Application: Sendable, Equatable {
        case python(file: String)
        case jar(file: String, mainClass: String?)
    }

    var application: Application
    var arguments: [String] = []
    /// `--conf` pairs in the order given; later pairs win over earlier ones of the same key.
    var configuration: [ConfigurationEntry] = []
    var pyFiles: [String] = []
    var jars: [String] = []
    var files: [String] = []
    var name: String
    /// `--proxy-user`; accepted and reported, passed only to clusters that impersonate.
    var proxyUser: String?

    struct ConfigurationEntry: Sendable, Equatable, Codable {
        var key: String
        var value: String
    }

    /// Adds `key=value` unless the job's own configuration already sets `key`.
    mutating func setDefault(_ key: String, _ value: String) {
        guard !configuration.contains(where: { $0.key == key }) else { return }
        configuration.append(ConfigurationEntry(key: key, value: value))
    }
}
