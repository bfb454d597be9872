import Foundation
import PluginKit

/// The per-attempt folder of a job: `<work>/jobs/<pipeline run>/<activity run>-<attempt>/`, with
/// the staged application files, `driver.log`, `exit-status` and the Spark event log in `events/`.
struct JobFolder: Sendable {
    let path: String

    var driverLog: String { path + "/driver.log" }
    var exitStatus: String { path + "/exit-status" }
    var events: String { path + "/events" }
    /// Members a driver adds to the activity's output (`runOutput`), as a JSON object.
    var driverOutput: String { path + "/pipehost-output.json" }

    /// Creates the folder for this call's attempt (emptied when a host restarted mid-attempt).
    static func create(root: String, run: Invocation.Run) throws(ActivityFailure) -> JobFolder {
        let safe = { (text: String) in String(text.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }) }
        let path = "\(root)/jobs/\(safe(run.pipelineRunId))/\(safe(run.activityRunId))-\(run.attempt)"
        let files = FileManager.default
        do {
            if files.fileExists(atPath: path) { try files.removeItem(atPath: path) }
            try files.createDirectory(atPath: path + "/events", withIntermediateDirectories: true)
        } catch {
            throw ActivityFailure.systemError(
                "Could not create the job folder '\(path)': \(error.localizedDescription)",
                code: SparkErrorCode.filePreparationFailed)
        }
        return JobFolder(path: path)
    }

    /// The exit status the job's shell wrote, nil while it runs (or when it was killed).
    func exitStatusValue() -> Int32? {
        guard let text = try? String(contentsOfFile: exitStatus, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The application id Spark gave the job: the name of its event log (`local-…`, `app-…`).
    func applicationId() -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: events)) ?? []
        return names.sorted().first.map { name in
            var id = name
            for suffix in [".inprogress", ".lz4", ".zstd", ".snappy"] where id.hasSuffix(suffix) { id.removeLast(suffix.count) }
            return id
        }
    }
}
