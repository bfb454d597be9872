import PluginKit

/// A Databricks activity's `libraries` as local Spark takes them: `jar` on the classpath (`--jars`),
/// `egg` and `whl` on the Python path (`--py-files`), `pypi` installed with pip into the job folder
/// before the job starts; `maven` and `cran` are refused, since neither registry is reachable.
enum DatabricksLibraries {
    static func apply(
        _ value: JSONValue?, path: String, workspace: DatabricksWorkspace, to job: inout SparkJob,
        submission: inout SparkSubmission, context: JobContext
    ) throws(ActivityFailure) {
        guard let value, !value.isNull else { return }
        guard case .array(let libraries) = value else {
            throw ActivityFailure.wrongPropertyType(path, "expected an array of libraries, found \(value.typeName)")
        }
        var packages: [String] = []
        for (index, library) in libraries.enumerated() {
            let member = "\(path)[\(index)]"
            guard case .object(let object) = library, object.count == 1, let (kind, spec) = object.first(where: { _ in true }) else {
                throw ActivityFailure.wrongPropertyType(member, "expected an object such as {\"jar\": \"dbfs:/…\"}")
            }
            switch kind.lowercased() {
            case "jar":
                submission.jars.append(workspace.localPath(try text(spec, "\(member).\(kind)")))
            case "egg", "whl":
                submission.pyFiles.append(workspace.localPath(try text(spec, "\(member).\(kind)")))
            case "pypi":
                guard let package = spec["package"]?.stringValue, !package.isEmpty else {
                    throw ActivityFailure.missingProperty("\(member).pypi.package")
                }
                packages.append(package)
                if let repository = spec["repo"]?.stringValue { packages += ["--index-url", repository] }
            case "maven", "cran":
                throw ActivityFailure.userError(
                    "\(member) is a \(kind) library, which pipehost cannot install: it has no access to "
                        + (kind.lowercased() == "maven" ? "Maven Central" : "CRAN")
                        + ". Put the jar in DBFS (the linked service's dbfsRoot) and name it as {\"jar\": \"dbfs:/…\"}.",
                    code: SparkErrorCode.libraryUnavailable)
            default:
                throw ActivityFailure.invalidProperty(member, "expected one of jar, egg, whl, pypi, maven, cran; found '\(kind)'")
            }
        }
        guard !packages.isEmpty else { return }
        let target = context.folder.path + "/pylibs"
        let python = try context.installation().python
        job.setup.append([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target", target] + packages)
        job.environment["PYTHONPATH"] = target
        submission.configuration.append(.init(key: "spark.executorEnv.PYTHONPATH", value: target))
    }

    private static func text(_ value: JSONValue, _ path: String) throws(ActivityFailure) -> String {
        guard case .string(let text) = value, !text.isEmpty else {
            throw ActivityFailure.wrongPropertyType(path, "expected a path such as dbfs:/FileStore/jars/lib.jar")
        }
        return text
    }
}
