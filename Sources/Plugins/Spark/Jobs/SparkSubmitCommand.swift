/// The command line of one `spark-submit` on a cluster, with the settings every pipehost job gets:
/// loopback-only driver, no web UI unless asked, and an event log in the job folder (whose file
/// name is the application id the output reports).
enum SparkSubmitCommand {
    static func arguments(
        _ submission: SparkSubmission, cluster: SparkCluster, installation: SparkInstallation, folder: JobFolder
    ) -> [String] {
        var submission = submission
        submission.setDefault("spark.ui.enabled", "false")
        submission.setDefault("spark.driver.host", "127.0.0.1")
        submission.setDefault("spark.driver.bindAddress", "127.0.0.1")
        submission.setDefault("spark.eventLog.enabled", "true")
        submission.setDefault("spark.eventLog.dir", "file://" + folder.events)
        // Tables of Spark SQL without Hive go to the job folder, not the folder pipehost runs in.
        submission.setDefault("spark.sql.warehouse.dir", "file://" + folder.path + "/spark-warehouse")
        submission.setDefault("spark.pyspark.python", installation.python)
        submission.setDefault("spark.pyspark.driver.python", installation.python)
        var arguments = [installation.sparkSubmit, "--master", cluster.master, "--deploy-mode", cluster.deployMode]
        arguments += ["--name", submission.name]
        for entry in submission.configuration { arguments += ["--conf", "\(entry.key)=\(entry.value)"] }
        if !submission.pyFiles.isEmpty { arguments += ["--py-files", submission.pyFiles.joined(separator: ",")] }
        if !submission.jars.isEmpty { arguments += ["--jars", submission.jars.joined(separator: ",")] }
        if !submission.files.isEmpty { arguments += ["--files", submission.files.joined(separator: ",")] }
        if let user = submission.proxyUser, !cluster.master.hasPrefix("local") { arguments += ["--proxy-user", user] }
        switch submission.application {
        case .python(let file):
            arguments.append(file)
        case .jar(let file, let mainClass):
            if let mainClass { arguments += ["--class", mainClass] }
            arguments.append(file)
        }
        return arguments + submission.arguments
    }
}
