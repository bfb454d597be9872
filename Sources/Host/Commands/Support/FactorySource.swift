import Foundation
import HostCore
import PipehostJSON
import PipelineExpressions
import PipelineModel

/// The factory a command works on: loaded from a file or folder, with the pipeline to use.
struct FactorySource {
    let loaded: LoadedFactory
    let pipelineName: String?
    /// Whether the user chose the pipeline (`--pipeline`, or a pipeline file given as the source)
    /// rather than it being the only one of a folder.
    let pipelineWasChosen: Bool

    /// Loads `path` (with `options` for an ARM template's parameters); a source that cannot be
    /// loaded at all is a usage error.
    init(path: String, pipeline: String?, options: FactoryLoadOptions = FactoryLoadOptions()) throws(CommandFailure) {
        do {
            loaded = try FactoryLoader.load(at: path, options: options)
        } catch {
            throw CommandFailure(error.description)
        }
        pipelineName = pipeline ?? loaded.defaultPipelineName
        var isDirectory: ObjCBool = false
        let isFile = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        pipelineWasChosen = pipeline != nil || (isFile && loaded.sourceKind != .armTemplate)
    }

    var factory: Factory { loaded.factory }

    /// The pipeline to run: named by `--pipeline`, or the only one the source holds.
    func requirePipeline() throws(CommandFailure) -> String {
        if let pipelineName { return pipelineName }
        let names = factory.pipelines.map(\.name).sorted()
        throw CommandFailure(
            "the \(loaded.sourceKind.rawValue) holds \(names.count) pipelines (\(names.joined(separator: ", "))); choose one with --pipeline NAME")
    }

    /// Loading problems plus everything the validator finds; activity types are checked against
    /// `registry`, whose unavailable plugins an unknown type's problem names. With `scoped` (a run,
    /// or a pipeline the user chose) loading problems of resources the pipeline does not use are
    /// warnings: ADF runs a pipeline whatever is wrong elsewhere in its factory.
    func problems(
        knownTypes: KnownActivityTypes, parameters: JSONObject?, parametersLocation: SourceLocation, scoped: Bool
    ) -> [ValidationProblem] {
        let options = ValidationOptions(
            knownActivityTypes: knownTypes.names, pipelineName: pipelineName, suppliedParameters: parameters,
            suppliedParametersLocation: parametersLocation, unavailablePlugins: knownTypes.unavailablePlugins,
            expressionSyntax: .compiler, reachableLinkedServiceTypes: knownTypes.linkedServiceTypes)
        var loading = loaded.problems
        if scoped, let pipelineName {
            loading = ProblemScope.limit(loading, to: UsedResources(pipeline: pipelineName, in: factory))
        }
        let validation = ProblemScope.explainMissing(FactoryValidator.validate(factory, options: options), loading: loaded.problems)
        return (loading + validation).sortedForDisplay()
    }
}

/// Prints validation problems, one per line, errors first, with a count.
enum ProblemReport {
    static func render(_ problems: [ValidationProblem]) -> String {
        let ordered = problems.filter { $0.severity == .error } + problems.filter { $0.severity == .warning }
        var text = ordered.map { "\($0.description)\n" }.joined()
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors
        text += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        return text
    }

    static func json(_ problems: [ValidationProblem]) -> JSONValue {
        .array(problems.map { problem in
            [
                "severity": .string(problem.severity.rawValue), "kind": .string(problem.kind.rawValue),
                "file": .string(problem.location.file), "jsonPath": .string(problem.location.jsonPath),
                "message": .string(problem.message),
            ]
        })
    }
}
