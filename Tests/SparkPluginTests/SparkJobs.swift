import Testing

/// The suites that start Spark, nested here so that they run one after another: each job is a JVM
/// (and Python processes) on a machine of two cores, and jobs that overlap only slow each other.
@Suite("Spark jobs, one at a time", .serialized)
enum SparkJobs {}
