import Foundation
import PipehostJSON

/// What loading produced: the factory, every problem found on the way, and the pipeline to run
/// when the source names exactly one.
public struct LoadedFactory: Sendable {
    public var factory: Factory
    public var problems: [ValidationProblem]
    /// The pipeline a single-pipeline file holds, or the only pipeline of a folder.
    public var defaultPipelineName: String?
    /// What was loaded, for messages: `folder`, `pipeline file` or `ARM template`.
    public var sourceKind: SourceKind

    /// The shapes of source `FactoryLoader` understands.
    public enum SourceKind: String, Sendable {
        case folder = "ADF git-integration folder"
        case pipelineFile = "pipeline file"
        case armTemplate = "ARM template"
        /// Microsoft Fabric's git integration: `<name>.DataPipeline/pipeline-content.json` folders.
        case fabricItems = "Fabric item folder"
    }
}

/// Why nothing could be loaded at all (as opposed to problems inside files, which are collected).
public enum FactoryLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path does not exist.
    case notFound(path: String)
    /// The path is a file that could not be read or is not JSON.
    case unreadable(path: String, reason: String)
    /// The file is JSON but neither a pipeline nor an ARM template.
    case unrecognizedFile(path: String)
    /// The folder holds no `pipeline/` folder and no pipeline files; `factoriesInside` are its
    /// subfolders that are git-integration folders (`examples/` holds `examples/retrain-and-score`).
    case noPipelines(path: String, factoriesInside: [String] = [])
    /// The ARM template holds no pipeline resource; `resourceTypes` are the types it does hold
    /// (with counts), `linkedTemplates` the files its deployments link (ADF's linked-template master).
    case noPipelinesInTemplate(path: String, resourceTypes: [String], linkedTemplates: [String])
    /// The parameters file is unreadable or not in ARM's parameters-file shape, or a
    /// `--template-parameter` is not `name=value`.
    case invalidTemplateParameters(option: String, reason: String)
    /// A value given for a template parameter does not fit the parameter's declared type.
    case invalidTemplateParameter(option: String, name: String, reason: String)
    /// A value is given for a parameter no template of the source declares.
    case unknownTemplateParameter(option: String, name: String, declared: [String])
    /// Template parameter values are given, but the source is not an ARM template.
    case templateParametersWithoutTemplate(path: String, sourceKind: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "'\(path)' does not exist: give a pipeline JSON file, an ARM template or an ADF git-integration folder"
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason)"
        case .unrecognizedFile(let path):
            "'\(path)' is neither a pipeline ({\"name\", \"properties\": {\"activities\": […]}}) nor an ARM template with Data Factory resources"
        case .noPipelines(let path, let factories) where !factories.isEmpty:
            factories.count == 1
                ? "'\(path)' holds no pipelines itself, but its subfolder '\(factories[0])' is a factory: run it, "
                    + "pipehost run \(factories[0])"
                : "'\(path)' holds no pipelines itself, but its subfolders "
                    + "\(factories.prefix(5).map { "'\($0)'" }.joined(separator: ", ")) are factories: run one of them, "
                    + "e.g. pipehost run \(factories[0])"
        case .noPipelines(let path, _):
            "'\(path)' holds no pipelines: an ADF git-integration folder has pipeline/, linkedService/ and dataset/ folders of JSON files"
        case .noPipelinesInTemplate(let path, let types, let linked) where !linked.isEmpty:
            "the ARM template '\(path)' holds no pipelines: it is a master template whose deployments link "
                + "\(linked.map { "'\($0)'" }.joined(separator: ", ")); the pipelines are in those files "
                + "(ADF's linked-template export keeps them beside the master): load one of them, or the folder holding them all"
                + (types.isEmpty ? "" : " (this template holds \(types.joined(separator: ", ")))")
        case .noPipelinesInTemplate(let path, let types, _):
            "the ARM template '\(path)' holds no pipelines (no Microsoft.DataFactory/factories/pipelines or "
                + "Microsoft.Synapse/workspaces/pipelines resource, nested or not); "
                + (types.isEmpty ? "it holds no resources at all" : "it holds \(types.joined(separator: ", "))")
        case .invalidTemplateParameters(let option, let reason):
            "\(option): \(reason)"
        case .invalidTemplateParameter(let option, let name, let reason):
            "\(option) \(name): \(reason)"
        case .unknownTemplateParameter(let option, let name, let declared):
            "\(option): the template declares no parameter '\(name)'; "
                + (declared.isEmpty ? "it declares none" : "it declares \(declared.joined(separator: ", "))")
        case .templateParametersWithoutTemplate(let path, let kind):
            "--template-parameters and --template-parameter give values to an ARM template's parameters, but '\(path)' is a \(kind)"
        }
    }
}

/// Loads a factory from a single pipeline file, an ARM template, or an ADF git-integration folder
/// (`pipeline/`, `linkedService/`, `dataset/`, `dataflow/`, `factory/`, Synapse's `notebook/` and
/// `sparkJobDefinition/`; `trigger/`, `integrationRuntime/` and everything else are ignored). Files may be UTF-8 or UTF-16.
public enum FactoryLoader {
    /// Loads `path`; `options` give values to an ARM template's parameters (an error for other sources).
    public static func load(at path: String, options: FactoryLoadOptions = FactoryLoadOptions()) throws(FactoryLoadError) -> LoadedFactory {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path: path) }
        let given = try ARMTemplateParameterValues.given(options)
        let loaded = try isDirectory.boolValue ? loadFolder(path, given: given) : loadFile(path, given: given)
        if options.givesTemplateParameters, loaded.sourceKind != .armTemplate {
            throw .templateParametersWithoutTemplate(path: path, sourceKind: loaded.sourceKind.rawValue)
        }
        return loaded
    }

    // MARK: Files

    private static func loadFile(_ path: String, given: [ARMTemplateParameterValues.Given]) throws(FactoryLoadError) -> LoadedFactory {
        let json: JSONValue
        switch readJSON(path) {
        case .success(let value): json = value
        case .failure(let problem): throw .unreadable(path: path, reason: problem.message)
        }
        var problems: [ValidationProblem] = []
        if ARMTemplateReader.isTemplate(json), let folder = linkedTemplateExportFolder(holding: path) {
            // One file of ADF's linked-template export: the factory is the whole export, as a
            // pipeline file inside a git-integration folder stands for its whole factory.
            return try loadLooseFolder(folder, given: given)
        }
        if ARMTemplateReader.isTemplate(json) {
            let contents = try ARMTemplateReader.read(json, file: path, given: given, problems: &problems)
            try checkTemplateParameters(given, declared: contents.declaredParameters)
            guard contents.pipelineResources > 0 else {
                throw .noPipelinesInTemplate(
                    path: path, resourceTypes: describe(contents.resourceTypes),
                    linkedTemplates: contents.linkedTemplates.map { $0.file ?? $0.uri })
            }
            problems += contents.linkedTemplates.map(\.warning)
            let factory = contents.factory
            return LoadedFactory(
                factory: factory, problems: problems,
                defaultPipelineName: factory.pipelines.count == 1 ? factory.pipelines.first?.name : nil,
                sourceKind: .armTemplate)
        }
        guard json[caseInsensitive: "properties"]?[caseInsensitive: "activities"] != nil else {
            throw .unrecognizedFile(path: path)
        }
        // A pipeline file inside a git-integration folder: load the whole factory so that its
        // linked services, datasets and child pipelines are there, and run this pipeline.
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent()
        if parent.lastPathComponent.lowercased() == "pipeline" {
            let root = parent.deletingLastPathComponent().relativePath
            var loaded = try loadFolder(root, given: given)
            let name = json[caseInsensitive: "name"]?.stringValue ?? fallbackName(for: url)
            loaded.defaultPipelineName = loaded.factory.pipeline(named: name)?.name ?? name
            return loaded
        }
        // One item of a Fabric workspace folder: the workspace is the factory (its pipelines call
        // each other by item id), as a pipeline file inside a git-integration folder stands for its
        // whole factory.
        if FabricItems.isPipelineContent(url), let workspace = try FabricItems.loadWorkspace(parent.deletingLastPathComponent()),
            workspace.factory.pipelines.count > 1
        {
            var loaded = workspace
            let name = fallbackName(for: url)
            loaded.defaultPipelineName = loaded.factory.pipeline(named: name)?.name ?? name
            return loaded
        }
        var factory = Factory(name: "factory")
        if let pipeline = ResourceDecoding.pipeline(
            json, at: SourceLocation(file: path), fallbackName: fallbackName(for: url), problems: &problems)
        {
            factory.add(pipeline)
        }
        problems += FabricItems.connectionWarnings(json, file: path)
        return LoadedFactory(
            factory: factory, problems: problems, defaultPipelineName: factory.pipelines.first?.name,
            sourceKind: FabricItems.isPipelineContent(url) ? .fabricItems : .pipelineFile)
    }

    /// The folder of ADF's linked-template export (`ArmTemplate_master.json` beside
    /// `ArmTemplate_0.json`, `ArmTemplate_1.json`, …) when `path` is one of its files.
    static func linkedTemplateExportFolder(holding path: String) -> URL? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.relativePath)) ?? []
        guard names.contains(where: { $0.lowercased() == "armtemplate_master.json" }),
            names.filter({ $0.lowercased().hasPrefix("armtemplate_") && $0.lowercased().hasSuffix(".json") }).count > 1
        else { return nil }
        return folder
    }

    /// A resource's name from its file: `copy.json` → `copy`; Fabric's
    /// `copy.DataPipeline/pipeline-content.json` → the `.platform` file's display name, else `copy`.
    static func fallbackName(for url: URL) -> String {
        let base = url.deletingPathExtension().lastPathComponent
        if base == "pipeline-content" {
            let item = url.deletingLastPathComponent()
            return FabricItems.platform(itemFolder: item)?.displayName ?? folderName(ofItem: item)
        }
        return base
    }

    /// A Fabric item's name from its folder: `copy.DataPipeline` → `copy`.
    static func folderName(ofItem item: URL) -> String {
        let folder = item.lastPathComponent
        return folder.hasSuffix(FabricItems.pipelineFolderSuffix) ? String(folder.dropLast(FabricItems.pipelineFolderSuffix.count)) : folder
    }

    // MARK: Folders

    private static func loadFolder(_ path: String, given: [ARMTemplateParameterValues.Given]) throws(FactoryLoadError) -> LoadedFactory {
        let root = URL(fileURLWithPath: path)
        let subfolders = subfolderMap(root)
        var problems: [ValidationProblem] = []
        var factory = Factory(name: root.standardizedFileURL.lastPathComponent)

        guard let pipelineFolder = subfolders["pipeline"] else {
            // The pipeline/ folder of a factory: load the whole factory, as for one of its files.
            let parent = root.deletingLastPathComponent()
            if root.lastPathComponent.lowercased() == "pipeline",
                !subfolderMap(parent).keys.filter({ ["linkedservice", "dataset", "dataflow", "factory", "notebook"].contains($0) }).isEmpty
            {
                return try loadFolder(parent.relativePath, given: given)
            }
            if let fabric = try FabricItems.loadWorkspace(root) { return fabric }
            return try loadLooseFolder(root, given: given)
        }
        if let factoryFolder = subfolders["factory"] {
            for file in jsonFiles(in: factoryFolder) {
                guard let json = readJSON(file.relativePath, problems: &problems) else { continue }
                if let name = json[caseInsensitive: "name"]?.stringValue { factory.name = name }
                let location = SourceLocation(file: file.relativePath).member("properties").member("globalParameters")
                for (name, declaration) in json[caseInsensitive: "properties"]?[caseInsensitive: "globalParameters"]?
                    .objectValue ?? [:]
                {
                    factory.globalParameters[name] = declaration[caseInsensitive: "value"] ?? .null
                }
                factory.globalParametersLocation = location
            }
        }
        for file in jsonFiles(in: pipelineFolder) {
            let start = problems.count
            let json = readJSON(file.relativePath, problems: &problems)
            defer { attribute(&problems, from: start, to: .pipeline, json: json, file: file) }
            guard let json,
                let pipeline = ResourceDecoding.pipeline(
                    json, at: SourceLocation(file: file.relativePath), fallbackName: fallbackName(for: file), problems: &problems)
            else { continue }
            factory.add(pipeline, reportingDuplicatesIn: &problems)
        }
        if let folder = subfolders["linkedservice"] {
            for file in jsonFiles(in: folder) {
                let start = problems.count
                let json = readJSON(file.relativePath, problems: &problems)
                defer { attribute(&problems, from: start, to: .linkedService, json: json, file: file) }
                guard let json,
                    let service = ResourceDecoding.linkedService(
                        json, at: SourceLocation(file: file.relativePath), fallbackName: fallbackName(for: file), problems: &problems)
                else { continue }
                if let existing = factory.add(service) {
                    problems.append(Factory.duplicate("linked service", service.name, service.location, existing.location))
                }
            }
        }
        if let folder = subfolders["dataset"] {
            for file in jsonFiles(in: folder) {
                let start = problems.count
                let json = readJSON(file.relativePath, problems: &problems)
                defer { attribute(&problems, from: start, to: .dataset, json: json, file: file) }
                guard let json,
                    let dataset = ResourceDecoding.dataset(
                        json, at: SourceLocation(file: file.relativePath), fallbackName: fallbackName(for: file), problems: &problems)
                else { continue }
                if let existing = factory.add(dataset) {
                    problems.append(Factory.duplicate("dataset", dataset.name, dataset.location, existing.location))
                }
            }
        }
        if let folder = subfolders["dataflow"] {
            for file in jsonFiles(in: folder) {
                let start = problems.count
                let json = readJSON(file.relativePath, problems: &problems)
                defer { attribute(&problems, from: start, to: .dataFlow, json: json, file: file) }
                guard let json,
                    let dataFlow = ResourceDecoding.dataFlow(
                        json, at: SourceLocation(file: file.relativePath), fallbackName: fallbackName(for: file), problems: &problems)
                else { continue }
                if let existing = factory.add(dataFlow) {
                    problems.append(Factory.duplicate("data flow", dataFlow.name, dataFlow.location, existing.location))
                }
            }
        }
        // Synapse's git layout adds notebook/ and sparkJobDefinition/ (kept for the activities that run them).
        for (folderName, kind, key) in [
            ("notebook", RawResource.Kind.notebook, ResourceKey.Kind.notebook),
            ("sparkjobdefinition", .sparkJobDefinition, .sparkJobDefinition),
        ] {
            guard let folder = subfolders[folderName] else { continue }
            for file in jsonFiles(in: folder) {
                let start = problems.count
                let json = readJSON(file.relativePath, problems: &problems)
                defer { attribute(&problems, from: start, to: key, json: json, file: file) }
                guard let json,
                    let resource = ResourceDecoding.rawResource(
                        kind, json, at: SourceLocation(file: file.relativePath), fallbackName: fallbackName(for: file),
                        problems: &problems)
                else { continue }
                if let existing = factory.add(resource) {
                    problems.append(Factory.duplicate(kind.rawValue, resource.name, resource.location, existing.location))
                }
            }
        }
        return LoadedFactory(
            factory: factory, problems: problems,
            defaultPipelineName: factory.pipelines.count == 1 ? factory.pipelines.first?.name : nil, sourceKind: .folder)
    }

    /// A folder without the git-integration layout: ARM templates (all of them, as ADF's
    /// linked-template export splits one factory over `ArmTemplate_0.json`, `ArmTemplate_1.json`, …),
    /// or pipeline files side by side.
    private static func loadLooseFolder(_ root: URL, given: [ARMTemplateParameterValues.Given]) throws(FactoryLoadError) -> LoadedFactory {
        var problems: [ValidationProblem] = []
        var factory = Factory(name: root.standardizedFileURL.lastPathComponent)
        var templates = TemplateMerge()
        for file in jsonFiles(in: root) {
            let start = problems.count
            let json = readJSON(file.relativePath, problems: &problems)
            guard let json else {
                // Files side by side are pipeline files: an unreadable one is taken for one.
                attribute(&problems, from: start, to: .pipeline, json: nil, file: file)
                continue
            }
            if ARMTemplateReader.isTemplate(json) {
                var templateProblems: [ValidationProblem] = []
                let contents = try ARMTemplateReader.read(json, file: file.relativePath, given: given, problems: &templateProblems)
                templates.merge(contents, file: file.lastPathComponent, problems: templateProblems, into: &factory)
            } else if json[caseInsensitive: "properties"]?[caseInsensitive: "activities"] != nil {
                if let pipeline = ResourceDecoding.pipeline(
                    json, at: SourceLocation(file: file.relativePath), fallbackName: fallbackName(for: file), problems: &problems)
                {
                    factory.add(pipeline, reportingDuplicatesIn: &problems)
                }
                attribute(&problems, from: start, to: .pipeline, json: json, file: file)
            }
        }
        if templates.count > 0 {
            try checkTemplateParameters(given, declared: templates.declaredParameters)
            problems += templates.problems
        }
        if factory.pipelines.isEmpty, templates.count > 0, templates.pipelineResources == 0, !problems.containsErrors {
            throw .noPipelinesInTemplate(
                path: root.relativePath, resourceTypes: describe(templates.resourceTypes), linkedTemplates: templates.unloadedLinks)
        }
        guard !factory.pipelines.isEmpty || problems.containsErrors else {
            let factories = subfolderMap(root).values.filter { subfolderMap($0)["pipeline"] != nil }
                .map(\.relativePath).sorted()
            throw .noPipelines(path: root.relativePath, factoriesInside: factories)
        }
        return LoadedFactory(
            factory: factory, problems: problems,
            defaultPipelineName: factory.pipelines.count == 1 ? factory.pipelines.first?.name : nil,
            sourceKind: templates.count > 0 ? .armTemplate : .folder)
    }

    /// Marks the problems found from index `start` on as problems of the resource `file` defines:
    /// named by its `name`, or by the file's name when it has none or cannot be read.
    private static func attribute(
        _ problems: inout [ValidationProblem], from start: Int, to kind: ResourceKey.Kind, json: JSONValue?, file: URL
    ) {
        let name = json?[caseInsensitive: "name"]?.stringValue ?? fallbackName(for: file)
        for index in problems.indices.dropFirst(start) where problems[index].resource == nil {
            problems[index].resource = ResourceKey(kind, name)
        }
    }

    /// Subfolders by lower-cased name (`linkedService` and `linkedservice` both occur).
    static func subfolderMap(_ root: URL) -> [String: URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.relativePath)) ?? []
        var result: [String: URL] = [:]
        for name in names.sorted() {
            let url = root.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.relativePath, isDirectory: &isDirectory), isDirectory.boolValue {
                result[name.lowercased()] = url
            }
        }
        return result
    }

    /// The JSON files of a folder, named with the folder's path as the user gave it (so that
    /// messages show `factory/pipeline/copy.json`, not an absolute path).
    static func jsonFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.relativePath)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
    }

    // MARK: Reading JSON

    static func readJSON(_ path: String, problems: inout [ValidationProblem]) -> JSONValue? {
        switch readJSON(path) {
        case .success(let value): return value
        case .failure(let problem):
            problems.append(problem)
            return nil
        }
    }

    /// Reads a UTF-8 or UTF-16 JSON file; a failure becomes a problem that names the file, line and
    /// column. `//` and `/* */` comments are accepted: ARM accepts them in templates and parameters
    /// files, and they harm nothing elsewhere (ADF itself writes none).
    public static func readJSON(_ path: String) -> Result<JSONValue, ValidationProblem> {
        let location = SourceLocation(file: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ValidationProblem(.unreadableFile, at: location, "the file cannot be read"))
        }
        let bytes: [UInt8]
        do {
            bytes = try TextDecoding.utf8Bytes([UInt8](data))
        } catch {
            return .failure(ValidationProblem(
                .unreadableFile, at: location, "\(error): save it as UTF-8 or UTF-16"))
        }
        do {
            return .success(try JSONParser.parse(bytes, allowingComments: true))
        } catch {
            return .failure(ValidationProblem(.invalidJSON, at: location, "invalid JSON at \(error)"))
        }
    }
}
