import Foundation
import PluginKit

/// Where Apache Pig is on this machine, for `HDInsightPig`: the plugin's `pigHome` setting, else
/// `PIG_HOME`. No registry pipehost installs from ships Pig, so there is no default: without one,
/// the activity fails with ``SparkErrorCode/engineNotAvailable`` and says how to provide it.
struct PigInstallation: Sendable, Equatable {
    /// The Pig folder (`bin/pig` inside).
    var home: String

    var executable: String { home + "/bin/pig" }

    /// The installation the settings or environment name, or a failure that says how to get one.
    static func locate(
        _ settings: SparkSettings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ActivityFailure) -> PigInstallation {
        let named: (path: String, origin: String)?
        if let home = settings.pigHome, !home.isEmpty {
            named = (home, "the Spark plugin's pigHome setting")
        } else if let home = environment["PIG_HOME"], !home.isEmpty {
            named = (home, "PIG_HOME")
        } else {
            named = nil
        }
        guard let named else {
            throw ActivityFailure.userError(
                "HDInsightPig needs Apache Pig, and no Pig engine is installed: pipehost looked for bin/pig in the Spark "
                    + "plugin's pigHome setting (not set) and in PIG_HOME (not set). No package registry pipehost installs "
                    + "from ships Pig. " + howToInstall,
                code: SparkErrorCode.engineNotAvailable)
        }
        let installation = PigInstallation(home: named.path)
        guard FileManager.default.isExecutableFile(atPath: installation.executable) else {
            throw ActivityFailure.userError(
                "HDInsightPig needs Apache Pig, and no Pig engine is installed where pipehost looked: \(named.origin) is "
                    + "'\(named.path)', which has no executable bin/pig. " + howToInstall,
                code: SparkErrorCode.engineNotAvailable)
        }
        return installation
    }

    static let howToInstall =
        "To run Pig scripts, unpack Apache Pig 0.17.0 (pig-0.17.0.tar.gz from https://archive.apache.org/dist/pig/) "
        + "with a Hadoop 2.x it runs on (HADOOP_HOME), and set the Spark plugin's pigHome setting in plugins.json, "
        + "or PIG_HOME, to Pig's folder. pipehost then runs 'pig -x local' (or '-x mapreduce' on a cluster)."
}
