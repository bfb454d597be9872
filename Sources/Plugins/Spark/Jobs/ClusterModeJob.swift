import Foundation
import PluginKit

/// A Spark application submitted in cluster deploy mode to a standalone master: the master's REST
/// server (``MasterREST``) takes a `CreateSubmissionRequest` built here, runs the driver on a
/// worker, and reports its state by submission id (docs/spark.md, "Clusters").
enum ClusterModeJob {
    /// True when the job goes to a standalone master's REST server rather than through a local
    /// `spark-submit` (which serves client mode, and cluster mode on YARN and Kubernetes).
    static func applies(to cluster: SparkCluster) -> Bool {
        cluster.deployMode == "cluster" && cluster.master.hasPrefix("spark://")
    }

    /// The options Spark's launcher gives every JVM it starts on Java 17 (JavaModuleOptions): a
    /// driver a worker starts gets them only from `spark.driver.extraJavaOptions`.
    static let javaModuleOptions = [
        "-XX:+IgnoreUnrecognizedVMOptions",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
        "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
        "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
    ].joined(separator: " ")

    /// The driver states a submission ends in.
    static let finalStates: Set<String> = ["FINISHED", "FAILED", "KILLED", "ERROR"]

    /// The `CreateSubmissionRequest` of `submission`; Python applications fail with 2310 (Spark's
    /// standalone master runs no Python driver in cluster mode), a jar without `className` too.
    static func request(
        _ submission: SparkSubmission, cluster: SparkCluster, installation: SparkInstallation, folder: JobFolder
    ) throws(ActivityFailure) -> JSONValue {
        let jar: String
        let mainClass: String
        switch submission.application {
        case .python:
            throw ActivityFailure.userError(
                "Failed to submit Spark job. Error: 'Cluster deploy mode is not supported for Python applications on a "
                    + "Spark standalone master (\(cluster.master)); Spark runs Python drivers only in client mode there. "
                    + "Set the linked service's deployMode to client, or submit a jar.'",
                code: SparkErrorCode.sparkSubmissionFailed)
        case .jar(let file, let name):
            guard let name, !name.isEmpty else {
                throw ActivityFailure.userError(
                    "Failed to submit Spark job. Error: 'A jar submitted in cluster deploy mode needs its className: the "
                        + "standalone master's REST server does not read the jar's manifest.'",
                    code: SparkErrorCode.sparkSubmissionFailed)
            }
            jar = file
            mainClass = name
        }
        var properties = JSONObject()
        for entry in submission.configuration { properties[entry.key] = .string(entry.value) }
        func setDefault(_ key: String, _ value: String) { if properties[key] == nil { properties[key] = .string(value) } }
        properties["spark.app.name"] = .string(submission.name)
        properties["spark.master"] = .string(cluster.master)
        properties["spark.submit.deployMode"] = "cluster"
        properties["spark.jars"] = .string(([jar] + submission.jars).map { "file:" + $0 }.joined(separator: ","))
        if !submission.files.isEmpty { properties["spark.files"] = .string(submission.files.map { "file:" + $0 }.joined(separator: ",")) }
        setDefault("spark.driver.supervise", "false")
        setDefault("spark.ui.enabled", "false")
        // The driver runs on a worker: the event log, whose name is the application id, can go to
        // the job folder only when the workers share this machine.
        if isLoopback(cluster.restURL) {
            setDefault("spark.eventLog.enabled", "true")
            setDefault("spark.eventLog.dir", "file://" + folder.events)
        }
        let userOptions = properties["spark.driver.extraJavaOptions"]?.stringValue
        properties["spark.driver.extraJavaOptions"] = .string(javaModuleOptions + (userOptions.map { " " + $0 } ?? ""))
        properties["spark.executorEnv.PIPEHOST_SPARK_JOB"] = .string(folder.path)
        return [
            "action": "CreateSubmissionRequest",
            "appResource": .string("file:" + jar),
            "mainClass": .string(mainClass),
            "appArgs": .array(submission.arguments.map { .string($0) }),
            "clientSparkVersion": .string(sparkVersion(installation) ?? "3.5.7"),
            // The driver's processes carry the job's marker, as a client-mode job's do.
            "environmentVariables": ["PIPEHOST_SPARK_JOB": .string(folder.path)],
            "sparkProperties": .object(properties),
        ]
    }

    /// Copies the driver's `stderr` (and `stdout` to `driver-stdout.log`) from its worker's work
    /// folder into the job folder's `driver.log`, when the worker is on this machine; false when
    /// it was not found.
    @discardableResult
    static func collectDriverLog(_ id: String, clusterFolder: String?, into folder: JobFolder) -> Bool {
        guard let directory = driverDirectory(id, clusterFolder: clusterFolder) else { return false }
        let files = FileManager.default
        for (source, target) in [("stderr", folder.driverLog), ("stdout", folder.path + "/driver-stdout.log")] {
            try? files.removeItem(atPath: target)
            try? files.copyItem(atPath: directory + "/" + source, toPath: target)
        }
        return true
    }

    /// `<worker work folder>/<submission id>` on this machine: the workers of an on-demand
    /// cluster, and those the running standalone workers' command lines (`--work-dir`) or
    /// environments (`SPARK_WORKER_DIR`, else `SPARK_HOME/work`) name.
    static func driverDirectory(_ id: String, clusterFolder: String?) -> String? {
        var candidates: [String] = []
        let files = FileManager.default
        if let clusterFolder {
            for name in (try? files.contentsOfDirectory(atPath: clusterFolder)) ?? [] where name.hasPrefix("worker-") {
                candidates.append(clusterFolder + "/" + name)
            }
        }
        candidates += runningWorkerDirectories()
        return candidates.map { $0 + "/" + id }.first { files.fileExists(atPath: $0 + "/stderr") }
    }

    private static func runningWorkerDirectories() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var found: [String] = []
        for pid in names.compactMap(Int32.init) {
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.contains("org.apache.spark.deploy.worker.Worker") else { continue }
            if let index = arguments.firstIndex(where: { $0 == "--work-dir" || $0 == "-d" }), index + 1 < arguments.count {
                found.append(arguments[index + 1])
                continue
            }
            let environment = (FileManager.default.contents(atPath: "/proc/\(pid)/environ") ?? Data())
                .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if let dir = environment.first(where: { $0.hasPrefix("SPARK_WORKER_DIR=") }) {
                found.append(String(dir.dropFirst("SPARK_WORKER_DIR=".count)))
            } else if let home = environment.first(where: { $0.hasPrefix("SPARK_HOME=") }) {
                found.append(String(home.dropFirst("SPARK_HOME=".count)) + "/work")
            }
        }
        return found
    }

    /// The installation's Spark version, from its `spark-core_SCALA-VERSION.jar`.
    private static func sparkVersion(_ installation: SparkInstallation) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: installation.jars)) ?? []
        guard let core = names.first(where: { $0.hasPrefix("spark-core_") && $0.hasSuffix(".jar") }),
            let dash = core.lastIndex(of: "-")
        else { return nil }
        return String(core[core.index(after: dash)...].dropLast(".jar".count))
    }

    private static func isLoopback(_ url: String?) -> Bool {
        guard let host = url.flatMap({ URL(string: $0)?.host }) else { return false }
        return host == "127.0.0.1" || host == "localhost" || host == "::1"
    }
}
