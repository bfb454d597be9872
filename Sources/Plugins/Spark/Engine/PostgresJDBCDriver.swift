import Foundation
import PluginKit

/// PostgreSQL's JDBC driver, which a data flow with PostgreSQL sources or sinks adds to its job
/// (`--jars`, and the driver's class path so the driver program can open its own connections).
/// pyspark does not ship it; Debian's `libpostgresql-jdbc-java` does (scripts/install-spark
/// installs it).
enum PostgresJDBCDriver {
    /// Where Debian's package puts the jar.
    static let debianJar = "/usr/share/java/postgresql.jar"
    /// The environment variable that names the jar when the plugin's settings do not.
    static let environmentVariable = "PIPEHOST_POSTGRESQL_JDBC_JAR"

    /// The jar the settings, the environment or Debian's package give, or a failure saying how to
    /// get one.
    static func locate(
        _ settings: SparkSettings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ActivityFailure) -> String {
        let files = FileManager.default
        if let jar = settings.postgresJdbcJar ?? environment[environmentVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard files.isReadableFile(atPath: jar) else {
                let origin = settings.postgresJdbcJar != nil ? "The plugin's postgresJdbcJar setting" : environmentVariable
                throw ActivityFailure.userError(
                    "\(origin) is '\(jar)', which is not a readable file: name PostgreSQL's JDBC driver jar there.",
                    code: SparkErrorCode.sparkNotInstalled)
            }
            return jar
        }
        guard files.isReadableFile(atPath: debianJar) else {
            throw ActivityFailure.userError(
                "This data flow reads or writes PostgreSQL, which needs PostgreSQL's JDBC driver, and none was found: "
                    + "not at \(debianJar) (Debian's libpostgresql-jdbc-java; scripts/install-spark installs it), not in "
                    + "\(environmentVariable), not in the Spark plugin's postgresJdbcJar setting.",
                code: SparkErrorCode.sparkNotInstalled)
        }
        return debianJar
    }
}
