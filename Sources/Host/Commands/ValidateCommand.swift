import ArgumentParser
import Foundation
import HostCore
import Logging
import PipehostJSON
import PipelineModel

/// `pipehost validate FILE|FOLDER [--pipeline NAME]`: every problem, with file and JSON path, in
/// one pass.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a factory or pipeline and report every problem at once, each with its file and JSON path.",
        discussion: """
            Checks names, references (activities in dependsOn, linked services, datasets, pipelines of \
            ExecutePipeline), dependency cycles and conditions, parameters, variables, policy ranges, \
            expressions (compiled as a run compiles them), and activity types against the built-in \
            activities and the loaded plugins.
            With --pipeline, problems in files the pipeline does not use (directly or through child \
            pipelines, datasets and linked services) are warnings, as they are for run.
            Exit status: 0 no errors (warnings may be listed), 64 problems found.
            """)

    @Argument(help: ArgumentHelp("A pipeline JSON file, an ARM template, or an ADF git-integration folder.", valueName: "file-or-folder"))
    var source: String

    @Option(name: .customLong("pipeline"), help: "Validate only this pipeline and what it uses.")
    var pipeline: String?

    @Option(name: .customLong("plugins"), help: ArgumentHelp("The plugin manifest whose activity types are known.", valueName: "file"))
    var pluginManifest: String?

    @OptionGroup(title: "Parameters (with --pipeline: also check the values a run would get)")
    var parameters: ParameterOptions
    @OptionGroup(title: "ARM template parameters") var template: TemplateParameterOptions

    @Option(name: .customLong("output"), help: "text or json.")
    var output: RunCommand.OutputFormat = .text

    func run() async throws {
        let problems: [ValidationProblem]
        do throws(CommandFailure) {
            let source = try FactorySource(path: self.source, pipeline: pipeline, options: template.loadOptions)
            let givesValues = !parameters.values.isEmpty || parameters.file != nil
            let values = try givesValues ? parameters.resolve(for: pipeline.flatMap(source.factory.pipeline(named:))) : nil
            // The plugins start (so that one refusing its settings is reported) in a work folder of
            // their own, removed afterwards: validating leaves nothing behind.
            let workFolder = FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-validate-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: workFolder) }
            let setup = try ExecutorSetup.load(
                PluginSelection(manifest: pluginManifest), logger: CommonRunOptions.logger(level: .warning),
                workDirectory: workFolder.path)
            defer { setup.shutdown() }
            problems = source.problems(
                knownTypes: KnownActivityTypes(registry: setup.registry), parameters: values, parametersLocation: parameters.location,
                scoped: source.pipelineWasChosen)
            switch output {
            case .json:
                StandardStreams.output.write(JSONSerializer.serialize(ProblemReport.json(problems), options: .pretty) + "\n")
            case .text where problems.isEmpty:
                let factory = source.factory
                let scope = pipeline.map { "pipeline '\($0)'" }
                    ?? "\(factory.pipelines.count) pipelines, \(factory.linkedServices.count) linked services, \(factory.datasets.count) datasets"
                StandardStreams.output.write("OK: \(scope) of '\(factory.name)' — no problems\n")
            case .text:
                StandardStreams.output.write(ProblemReport.render(problems))
            }
        } catch {
            throw error.exit()
        }
        if problems.containsErrors { throw ExitCode(RunExitCode.invalidInput) }
    }
}
