import PipehostJSON

/// What to validate and against what.
public struct ValidationOptions: Sendable {
    /// The activity types the host can run (built-in control activities and loaded plugins);
    /// `nil` skips the check.
    public var knownActivityTypes: Set<String>?
    /// Validate only this pipeline and what it reaches (child pipelines, their linked services and
    /// datasets); `nil` validates the whole factory.
    public var pipelineName: String?
    /// Values for the selected pipeline's parameters, when a run is about to start; `nil` skips
    /// the missing-parameter check for the root pipeline.
    public var suppliedParameters: JSONObject?
    /// Where `suppliedParameters` came from, for messages.
    public var suppliedParametersLocation: SourceLocation
    /// Plugins of the manifest that failed to load or were refused: an unknown activity type's
    /// problem names each with its reason.
    public var unavailablePlugins: [UnavailablePlugin]
    /// The run's expression compiler (`ExpressionSyntax.compiler`), to report at validation the
    /// expressions a run could not compile; `nil` leaves expressions unparsed.
    public var expressionSyntax: ExpressionSyntax?
    /// The linked service types each activity type can reach, for the types whose plugin says: an
    /// activity that reaches another type gets a warning (ADF accepts it; the run will fail there).
    public var reachableLinkedServiceTypes: [String: [String]]

    public init(
        knownActivityTypes: Set<String>? = nil, pipelineName: String? = nil, suppliedParameters: JSONObject? = nil,
        suppliedParametersLocation: SourceLocation = SourceLocation(file: "<command line>", jsonPath: "--param"),
        unavailablePlugins: [UnavailablePlugin] = [], expressionSyntax: ExpressionSyntax? = nil,
        reachableLinkedServiceTypes: [String: [String]] = [:]
    ) {
        self.reachableLinkedServiceTypes = reachableLinkedServiceTypes
        self.knownActivityTypes = knownActivityTypes
        self.pipelineName = pipelineName
        self.suppliedParameters = suppliedParameters
        self.suppliedParametersLocation = suppliedParametersLocation
        self.unavailablePlugins = unavailablePlugins
        self.expressionSyntax = expressionSyntax
    }
}

/// Checks a loaded factory and reports every problem in one pass, each with its file and JSON
/// path: names, references, dependency graphs, parameters, policies, activity types and data flows.
public enum FactoryValidator {
    public static func validate(_ factory: Factory, options: ValidationOptions = ValidationOptions()) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        var pipelines = factory.pipelines
        var used: UsedResources?

        if let selected = options.pipelineName {
            guard let root = factory.pipeline(named: selected) else {
                let available = factory.pipelines.map { "'\($0.name)'" }.joined(separator: ", ")
                problems.append(ValidationProblem(
                    .unknownPipeline, at: SourceLocation(file: "<command line>", jsonPath: "--pipeline"),
                    "there is no pipeline named '\(selected)'; the factory has \(available.isEmpty ? "none" : available)",
                    resource: ResourceKey(.pipeline, selected)))
                return problems
            }
            let reached = UsedResources(pipeline: root.name, in: factory)
            pipelines = reached.pipelines
            used = reached
            if let supplied = options.suppliedParameters {
                problems += ParameterBinding.bind(
                    root.parameters, owner: .pipeline(root.name), supplied: supplied,
                    suppliedLocation: options.suppliedParametersLocation, rules: .runStart
                ).problems
            }
        }

        for pipeline in pipelines {
            var checker = PipelineChecker(pipeline: pipeline, factory: factory, options: options)
            checker.check()
            problems += checker.problems
        }
        let usedServices = factory.linkedServices.filter { used?.contains(ResourceKey(.linkedService, $0.name)) ?? true }
        let usedDatasets = factory.datasets.filter { used?.contains(ResourceKey(.dataset, $0.name)) ?? true }
        for service in usedServices {
            problems += checkLinkedService(service, in: factory)
        }
        for dataset in usedDatasets {
            problems += checkDataset(dataset, in: factory)
        }
        for dataFlow in factory.dataFlows where used?.contains(ResourceKey(.dataFlow, dataFlow.name)) ?? true {
            problems += DataFlowChecker.problems(of: dataFlow, in: factory)
        }
        problems += LinkedServiceReach.problems(pipelines: pipelines, in: factory, reachable: options.reachableLinkedServiceTypes)
        if let syntax = options.expressionSyntax {
            problems += ExpressionSyntaxScanner.problems(
                pipelines: pipelines, linkedServices: Set(usedServices.map(\.name)), datasets: Set(usedDatasets.map(\.name)),
                in: factory, syntax: syntax)
        }
        return withoutRepeatedMismatches(problems)
    }

    /// A mistyped default of the selected pipeline is found twice, by the pipeline's checks and by
    /// binding the run's parameters: keep the first, which is the more severe.
    static func withoutRepeatedMismatches(_ problems: [ValidationProblem]) -> [ValidationProblem] {
        var seen: Set<SourceLocation> = []
        return problems.filter { $0.kind != .typeMismatch || seen.insert($0.location).inserted }
    }

    static func checkLinkedService(_ service: LinkedService, in factory: Factory) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if let problem = ResourceNameRules.problem(with: service.name, maximumLength: ResourceNameRules.maximumResourceNameLength) {
            problems.append(ValidationProblem(.invalidName, at: service.location.member("name"), problem))
        }
        for reference in service.typeProperties.embeddedReferences(at: service.location.member("properties").member("typeProperties"))
        where reference.kind == .linkedService {
            guard let target = factory.linkedService(named: reference.referenceName) else {
                problems.append(unknownLinkedService(reference.referenceName, at: reference.location, factory: factory))
                continue
            }
            if reference.isKeyVaultStore, target.type != "AzureKeyVault" {
                problems.append(ValidationProblem(
                    .invalidValue, at: reference.location,
                    "the Key Vault store '\(target.name)' is a linked service of type \(target.type); it must be of type AzureKeyVault"))
            }
        }
        for parameter in service.parameters {
            if let problem = ParameterBinding.defaultValueProblem(parameter, owner: .linkedService(service.name)) {
                problems.append(problem)
            }
        }
        return problems
    }

    static func checkDataset(_ dataset: Dataset, in factory: Factory) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if let problem = ResourceNameRules.problem(with: dataset.name, maximumLength: ResourceNameRules.maximumResourceNameLength) {
            problems.append(ValidationProblem(.invalidName, at: dataset.location.member("name"), problem))
        }
        for parameter in dataset.parameters {
            if let problem = ParameterBinding.defaultValueProblem(parameter, owner: .dataset(dataset.name)) {
                problems.append(problem)
            }
        }
        if let reference = dataset.linkedServiceName {
            if let service = factory.linkedService(named: reference.referenceName) {
                problems += ParameterBinding.bind(
                    service.parameters, owner: .linkedService(service.name), supplied: reference.parameters,
                    suppliedLocation: reference.location.member("parameters"), rules: .resourceReference
                ).problems
            } else {
                problems.append(unknownLinkedService(reference.referenceName, at: reference.location, factory: factory))
            }
        }
        return problems
    }

    static func unknownDataset(_ name: String, at location: SourceLocation, factory: Factory) -> ValidationProblem {
        let available = factory.datasets.map { "'\($0.name)'" }.joined(separator: ", ")
        return ValidationProblem(
            .unknownDataset, at: location,
            TemplateParameterName.hint(for: name, kind: "dataset")
                ?? "there is no dataset named '\(name)'; the factory has \(available.isEmpty ? "none (add dataset/\(name).json)" : available)",
            resource: ResourceKey(.dataset, name))
    }

    static func unknownLinkedService(_ name: String, at location: SourceLocation, factory: Factory) -> ValidationProblem {
        let available = factory.linkedServices.map { "'\($0.name)'" }.joined(separator: ", ")
        return ValidationProblem(
            .unknownLinkedService, at: location,
            TemplateParameterName.hint(for: name, kind: "linked service")
                ?? "there is no linked service named '\(name)'; the factory has \(available.isEmpty ? "none (add linkedService/\(name).json)" : available)"
                + workspaceDefaultHint(name),
            resource: ResourceKey(.linkedService, name))
    }

    /// Synapse creates `<workspace>-WorkspaceDefaultStorage` and `…-WorkspaceDefaultSqlServer` in
    /// the workspace itself; neither git nor an ARM export holds them, so a local run must be told.
    static func workspaceDefaultHint(_ name: String) -> String {
        let lowered = name.lowercased()
        guard lowered.hasSuffix("-workspacedefaultstorage") || lowered.hasSuffix("-workspacedefaultsqlserver") else { return "" }
        return ". '\(name)' is a Synapse workspace default linked service: it exists only in the workspace, not in its git "
            + "repository or ARM export; describe it in linkedService/\(name).json (docs/factory-sources.md)"
    }
}
