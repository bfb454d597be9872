import Foundation
import PluginKit

/// Where Spark, its Python and Java are on this machine: found once per job from the settings,
/// the environment and the project's `.pipehost/venv-spark` (which `scripts/install-spark` makes).
struct SparkInstallation: Sendable, Equatable {
    /// The folder with `bin/spark-submit`, `bin/spark-class` and `jars/`.
    var home: String
    /// The Python that runs PySpark drivers and workers.
    var python: String
    /// `JAVA_HOME` for the job, when known.
    var javaHome: String?

    var sparkSubmit: String { home + "/bin/spark-submit" }
    var jars: String { home + "/jars" }

    /// The installation the settings and environment name, or a failure that says how to get one.
    static func locate(
        _ settings: SparkSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ActivityFailure) -> SparkInstallation {
        var candidates: [(String, String)] = []
        if let home = settings.sparkHome { candidates.append((home, "the plugin's sparkHome setting")) }
        if let home = environment["SPARK_HOME"], !home.isEmpty { candidates.append((home, "SPARK_HOME")) }
        var folder = URL(fileURLWithPath: currentDirectory)
        for _ in 0..<8 {
            candidates.append((folder.appendingPathComponent(".pipehost/venv-spark").path, "the project's .pipehost/venv-spark"))
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        for (index, (path, origin)) in candidates.enumerated() {
            if let found = resolve(path, python: settings.python) {
                return SparkInstallation(home: found.home, python: found.python, javaHome: try java(settings, environment))
            }
            // A home the user named that holds no Spark is an error, not a reason to look further.
            if index == 0, origin != "the project's .pipehost/venv-spark" {
                throw ActivityFailure.userError(
                    "\(origin) is '\(path)', which holds no Spark: expected bin/spark-submit there, a pyspark package "
                        + "folder, or a virtual environment with pyspark installed. Run scripts/install-spark, or fix \(origin).",
                    code: SparkErrorCode.sparkNotInstalled)
            }
        }
        throw ActivityFailure.userError(
            "Spark is not installed: no sparkHome setting, no SPARK_HOME, and no .pipehost/venv-spark here or above '"
                + currentDirectory + "'. Run scripts/install-spark (pyspark from PyPI into .pipehost/venv-spark), or "
                + "set SPARK_HOME or the Spark plugin's sparkHome setting to a Spark installation.",
            code: SparkErrorCode.sparkNotInstalled)
    }

    /// A Spark home and its Python for `path`: a Spark folder, a pyspark package folder, or a
    /// virtual environment with pyspark in `lib/python*/site-packages`.
    static func resolve(_ path: String, python: String?) -> (home: String, python: String)? {
        let files = FileManager.default
        if files.isExecutableFile(atPath: path + "/bin/spark-submit"), files.fileExists(atPath: path + "/jars") {
            return (path, python ?? "python3")
        }
        guard files.fileExists(atPath: path + "/pyvenv.cfg"),
            let versions = try? files.contentsOfDirectory(atPath: path + "/lib")
        else { return nil }
        for version in versions.sorted() where version.hasPrefix("python") {
            let package = "\(path)/lib/\(version)/site-packages/pyspark"
            if files.isExecutableFile(atPath: package + "/bin/spark-submit") {
                return (package, python ?? path + "/bin/python")
            }
        }
        return nil
    }

    /// `JAVA_HOME` for the job; fails when neither it nor `java` on the `PATH` exists.
    private static func java(_ settings: SparkSettings, _ environment: [String: String]) throws(ActivityFailure) -> String? {
        let home = settings.javaHome ?? environment["JAVA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if let home {
            guard FileManager.default.isExecutableFile(atPath: home + "/bin/java") else {
                throw ActivityFailure.userError(
                    "JAVA_HOME is '\(home)', which has no bin/java. Spark needs Java 17: install Debian's "
                        + "openjdk-17-jre-headless (scripts/install-spark does) or fix JAVA_HOME.",
                    code: SparkErrorCode.sparkNotInstalled)
            }
            return home
        }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        if path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/java") }) {
            return nil
        }
        throw ActivityFailure.userError(
            "Java is not installed: Spark needs Java 17, and neither JAVA_HOME nor java on the PATH was found. Install "
                + "Debian's openjdk-17-jre-headless (scripts/install-spark does), or set the plugin's javaHome setting.",
            code: SparkErrorCode.sparkNotInstalled)
    }
}
