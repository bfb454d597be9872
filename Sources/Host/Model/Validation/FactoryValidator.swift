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

    public init(
        knownActivityTypes: Set<String>? = nil, pipelineName: String? = nil, suppliedParameters: JSONObject? = nil,
        suppliedParametersLocation: SourceLocation = SourceLocation(file: "<command line>", jsonPath: "--param"),
        unavailablePlugins: [UnavailablePlugin] = [], expressionSyntax: ExpressionSyntax? = nil
    ) {
        self.knownActivityTypes = knownActivityTypes
        self.pipelineName = pipelineName
        self.suppliedParameters = suppliedParameters
        self.suppliedParametersLocation = suppliedParametersLocation
        self.unavailablePlugins = unavailablePlugins
        self.expressionSyntax = expressionSyntax
    }
}

/// Checks a loaded factory and reports every problem in one pass, each with its file and JSON
/// path: names, references, dependency graphs, parameters, policies and activity types.
public enum FactoryValidator {
    public static func validate(_ factory: Factory, options: ValidationOptions = ValidationOptions()) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        var pipelines = factory.pipelines
        var linkedServiceNames = Set(factory.linkedServices.map(\.name))
        var datasetNames = Set(factory.datasets.map(\.name))

        if let selected = options.pipelineName {
            guard let root = factory.pipeline(named: selected) else {
                let available = factory.pipelines.map { "'\($0.name)'" }.joined(separator: ", ")
                problems.append(ValidationProblem(
                    .unknownPipeline, at: SourceLocation(file: "<command line>", jsonPath: "--pipeline"),
                    "there is no pipeline named '\(selected)'; the factory has \(available.isEmpty ? "none" : available)"))
                return problems
            }
            pipelines = reachablePipelines(from: root, in: factory)
            let referenced = referencedResources(of: pipelines, in: factory)
            linkedServiceNames = referenced.linkedServices
            datasetNames = referenced.datasets
            if let supplied = options.suppliedParameters {
                problems += ParameterBinding.bind(
                    root.parameters, owner: "pipeline '\(root.name)'", supplied: supplied,
                    suppliedLocation: options.suppliedParametersLocation
                ).problems
            }
        }

        for pipeline in pipelines {
            var checker = PipelineChecker(pipeline: pipeline, factory: factory, options: options)
            checker.check()
            problems += checker.problems
        }
        for service in factory.linkedServices where linkedServiceNames.contains(service.name) {
            problems += checkLinkedService(service, in: factory)
        }
        for dataset in factory.datasets where datasetNames.contains(dataset.name) {
            problems += checkDataset(dataset, in: factory)
        }
        if let syntax = options.expressionSyntax {
            problems += ExpressionSyntaxScanner.problems(
                pipelines: pipelines, linkedServices: linkedServiceNames, datasets: datasetNames, in: factory, syntax: syntax)
        }
        return problems
    }

    /// The pipeline and every pipeline its ExecutePipeline activities reach, transitively.
    static func reachablePipelines(from root: Pipeline, in factory: Factory) -> [Pipeline] {
        var result: [Pipeline] = []
        var seen: Set<String> = []
        var queue = [root]
        while let pipeline = queue.popLast() {
            guard seen.insert(pipeline.name.lowercased()).inserted else { continue }
            result.append(pipeline)
            for activity in pipeline.allActivities {
                for reference in activity.typeProperties.embeddedReferences(at: activity.location)
                where reference.kind == .pipeline {
                    if let child = factory.pipeline(named: reference.referenceName) { queue.append(child) }
                }
            }
        }
        return result
    }

    /// Names of the linked services and datasets the pipelines refer to, directly or through
    /// datasets and Key Vault stores.
    static func referencedResources(of pipelines: [Pipeline], in factory: Factory) -> (linkedServices: Set<String>, datasets: Set<String>) {
        var services: Set<String> = []
        var datasets: Set<String> = []
        // Linked services refer to linked services (Key Vault stores, and so on): a worklist, not
        // recursion, so a long chain of them cannot exhaust the stack.
        func addService(_ name: String) {
            var pending = [name]
            while let next = pending.popLast() {
                guard let service = factory.linkedService(named: next), services.insert(service.name).inserted else { continue }
                for reference in service.typeProperties.embeddedReferences(at: service.location)
                where reference.kind == .linkedService {
                    pending.append(reference.referenceName)
                }
            }
        }
        func addDataset(_ name: String) {
            guard let dataset = factory.dataset(named: name), datasets.insert(dataset.name).inserted else { return }
            if let service = dataset.linkedServiceName { addService(service.referenceName) }
        }
        for pipeline in pipelines {
            for activity in pipeline.allActivities {
                if let service = activity.linkedServiceName { addService(service.referenceName) }
                for reference in activity.inputs + activity.outputs { addDataset(reference.referenceName) }
                for reference in activity.typeProperties.embeddedReferences(at: activity.location) {
                    switch reference.kind {
                    case .linkedService: addService(reference.referenceName)
                    case .dataset: addDataset(reference.referenceName)
                    case .pipeline: break
                    }
                }
            }
        }
        return (services, datasets)
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
            if let value = parameter.defaultValue, !parameter.type.accepts(value) {
                problems.append(ValidationProblem(
                    .typeMismatch, at: parameter.location.member("defaultValue"),
                    "the default value of parameter '\(parameter.name)' is \(value.typeName.lowercased()), but the parameter is \(parameter.type.rawValue)"))
            }
        }
        return problems
    }

    static func checkDataset(_ dataset: Dataset, in factory: Factory) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if let problem = ResourceNameRules.problem(with: dataset.name, maximumLength: ResourceNameRules.maximumResourceNameLength) {
            problems.append(ValidationProblem(.invalidName, at: dataset.location.member("name"), problem))
        }
        if let reference = dataset.linkedServiceName {
            if let service = factory.linkedService(named: reference.referenceName) {
                problems += ParameterBinding.bind(
                    service.parameters, owner: "linked service '\(service.name)'", supplied: reference.parameters,
                    suppliedLocation: reference.location.member("parameters"), checkTypes: false
                ).problems
            } else {
                problems.append(unknownLinkedService(reference.referenceName, at: reference.location, factory: factory))
            }
        }
        return problems
    }

    static func unknownLinkedService(_ name: String, at location: SourceLocation, factory: Factory) -> ValidationProblem {
        let available = factory.linkedServices.map { "'\($0.name)'" }.joined(separator: ", ")
        return ValidationProblem(
            .unknownLinkedService, at: location,
            "there is no linked service named '\(name)'; the factory has \(available.isEmpty ? "none (add linkedService/\(name).json)" : available)"
                + workspaceDefaultHint(name))
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
