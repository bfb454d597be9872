import ArgumentParser
import Foundation
import HostCore
import PipehostJSON
import PipelineExpressions
import PipelineModel

/// `pipehost activity run --type T --input activity.json [--linked-services DIR|FILE] [--settings JSON]`:
/// runs one activity through its plugin, outside any pipeline (like `airflow tasks test`), with
/// the same policy, secrets and linked-service resolution as in a pipeline, and prints its output
/// JSON or its error.
struct ActivityRunCommand: ExitStatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one activity through its plugin and print its output JSON or its error.",
        discussion: """
            --input is an activity definition as it appears in a pipeline ({"name", "type", "typeProperties", \
            "linkedServiceName", "policy"}) or just its typeProperties. Expressions may use functions and \
            literals; there are no pipeline parameters or variables.
            Exit status: 0 Succeeded, 1 Failed, 2 Cancelled, 64 invalid input.
            """)

    @Option(name: .customLong("type"), help: "The activity type, e.g. AzureMLBatchExecution.")
    var type: String

    @Option(name: .customLong("input"), help: ArgumentHelp("The activity JSON (or its typeProperties).", valueName: "activity.json"))
    var input: String

    @Option(name: .customLong("linked-services"), help: ArgumentHelp(
        "A linked service JSON file (one resource or an array), or a folder of them (e.g. a factory's linkedService/).",
        valueName: "folder-or-file"))
    var linkedServices: String?

    @Option(name: .customLong("settings"), help: ArgumentHelp(
        "Settings for the plugin, replacing those of plugins.json: inline JSON or @file.json.", valueName: "json"))
    var settings: String?

    @OptionGroup var common: CommonRunOptions

    func execute() async throws(CommandFailure) -> Int32 {
        let activity = try loadActivity()
        var factory = Factory(name: "pipehost-activity-run")
        let (services, loadingProblems) = try loadLinkedServices()
        for service in services { factory.add(service) }
        let pipeline = Pipeline(
            name: "activity-run", activities: [activity], location: SourceLocation(file: input))
        factory.add(pipeline)
        // Only the linked services the activity uses must be sound: a broken file beside them in
        // the folder is a warning, as it is for `pipehost run --pipeline`.
        let scopedLoadingProblems = ProblemScope.limit(loadingProblems, to: UsedResources(pipeline: pipeline.name, in: factory))
        if scopedLoadingProblems.containsErrors {
            StandardStreams.error.write(ProblemReport.render(scopedLoadingProblems.sortedForDisplay()))
            throw CommandFailure("the linked services in '\(linkedServices ?? "")' that the activity uses have problems")
        }
        if !scopedLoadingProblems.isEmpty {
            StandardStreams.error.write(ProblemReport.render(scopedLoadingProblems.sortedForDisplay()))
        }

        let options = RunOptions(secretProvider: try common.secretProvider(), logger: try common.logger())
        var plugins = common.pluginSelection
        plugins.settings = try parseSettings()
        plugins.settingsType = type
        return try await RunDriver.with(plugins, logger: options.logger) { driver throws(CommandFailure) in
            try driver.validate { knownTypes throws(CommandFailure) in
                var problems = ProblemScope.explainMissing(
                    FactoryValidator.validate(
                        factory,
                        options: ValidationOptions(
                            knownActivityTypes: knownTypes.names, pipelineName: pipeline.name,
                            unavailablePlugins: knownTypes.unavailablePlugins, expressionSyntax: .compiler)),
                    loading: loadingProblems)
                problems.removeAll { $0.kind == .invalidName && $0.location.file == input && activity.name == type }
                if problems.containsErrors {
                    StandardStreams.error.write(ProblemReport.render(problems))
                    throw CommandFailure("the activity cannot run until these problems are fixed")
                }
            }
            return try await driver.run(
                factory, options: options, recording: nil, presentation: .activityResult(activityName: activity.name)
            ) { runner async throws(RunStartError) in
                try await runner.run(pipelineNamed: pipeline.name)
            }
        }
    }

    /// The activity definition, or typeProperties wrapped into one.
    private func loadActivity() throws(CommandFailure) -> Activity {
        let json: JSONValue
        switch FactoryLoader.readJSON(input) {
        case .success(let value): json = value
        case .failure(let problem): throw CommandFailure("\(problem.location.file): \(problem.message)")
        }
        guard case .object(var object) = json else {
            throw CommandFailure("\(input): the input must be a JSON object: an activity definition or its typeProperties")
        }
        if object[caseInsensitive: "typeProperties"] == nil {
            object = ["typeProperties": .object(object)]
        }
        if let written = object[caseInsensitive: "type"]?.stringValue, written != type {
            throw CommandFailure("\(input) declares type '\(written)' but --type is '\(type)'; make them agree")
        }
        object["type"] = .string(type)
        if object[caseInsensitive: "name"] == nil { object["name"] = .string(type) }
        let (activity, problems) = Activity.decode(.object(object), at: SourceLocation(file: input))
        guard let activity, !problems.containsErrors else {
            StandardStreams.error.write(ProblemReport.render(problems))
            throw CommandFailure("\(input) is not a usable activity definition")
        }
        return activity
    }

    /// The linked services of `--linked-services`, with the problems of their files, each
    /// attributed to the linked service its file defines (or would define, by its file name).
    private func loadLinkedServices() throws(CommandFailure) -> (services: [LinkedService], problems: [ValidationProblem]) {
        guard let linkedServices else { return ([], []) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: linkedServices, isDirectory: &isDirectory) else {
            throw CommandFailure("--linked-services '\(linkedServices)' does not exist")
        }
        var files: [String] = [linkedServices]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: linkedServices)) ?? []
            files = names.filter { $0.lowercased().hasSuffix(".json") }.sorted().map { "\(linkedServices)/\($0)" }
        }
        var services: [LinkedService] = []
        var problems: [ValidationProblem] = []
        for file in files {
            let fallback = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            switch FactoryLoader.readJSON(file) {
            case .failure(var problem):
                problem.resource = ResourceKey(.linkedService, fallback)
                problems.append(problem)
            case .success(let json):
                let entries = json.arrayValue ?? [json]
                for (index, entry) in entries.enumerated() {
                    let location = json.arrayValue == nil ? SourceLocation(file: file) : SourceLocation(file: file).element(index)
                    let (service, found) = LinkedService.decode(entry, at: location, fallbackName: json.arrayValue == nil ? fallback : nil)
                    let name = entry[caseInsensitive: "name"]?.stringValue ?? fallback
                    problems += found.map { problem in
                        var attributed = problem
                        attributed.resource = attributed.resource ?? ResourceKey(.linkedService, name)
                        return attributed
                    }
                    if let service { services.append(service) }
                }
            }
        }
        return (services, problems)
    }

    /// The `--settings` object, inline or from `@file.json`; they go to the plugin that serves
    /// `--type` in place of its settings from plugins.json.
    private func parseSettings() throws(CommandFailure) -> JSONValue? {
        guard let settings else { return nil }
        let value: JSONValue
        let source: String
        if settings.hasPrefix("@") {
            source = String(settings.dropFirst())
            switch FactoryLoader.readJSON(source) {
            case .success(let read): value = read
            case .failure(let problem): throw CommandFailure("--settings \(problem.location.file): \(problem.message)")
            }
        } else {
            source = "--settings"
            do {
                value = try JSONParser.parse(settings)
            } catch {
                throw CommandFailure("--settings is not valid JSON (\(error)); give inline JSON or @file.json")
            }
        }
        guard case .object = value else {
            throw CommandFailure(
                "\(source): a plugin's settings are a JSON object, like the \"settings\" of plugins.json (e.g. "
                    + "'{\"key\": 1}'), not \(value.typeName.lowercased())")
        }
        return value
    }
}
