import PipehostJSON

/// The checks of one pipeline: names, dependency graphs of every container, references,
/// parameters, variables and control activity settings.
struct PipelineChecker {
    let pipeline: Pipeline
    let factory: Factory
    let options: ValidationOptions
    private(set) var problems: [ValidationProblem] = []
    /// Where each activity name was first seen, to report duplicates anywhere in the pipeline.
    private var firstDefinition: [String: SourceLocation] = [:]
    /// The first spelling of each activity name, by its lowercased form, to warn of names that
    /// differ only by case.
    private var firstSpelling: [String: String] = [:]
    /// Every activity name of the pipeline, nested ones included, which `activity('X')` may name.
    private let allActivityNames: Set<String>

    init(pipeline: Pipeline, factory: Factory, options: ValidationOptions) {
        self.pipeline = pipeline
        self.factory = factory
        self.options = options
        allActivityNames = Set(pipeline.allActivities.map(\.name))
    }

    mutating func check() {
        if let problem = ResourceNameRules.problem(with: pipeline.name, maximumLength: ResourceNameRules.maximumResourceNameLength) {
            problems.append(ValidationProblem(.invalidName, at: pipeline.location.member("name"), problem))
        }
        for parameter in pipeline.parameters {
            if let problem = ParameterBinding.defaultValueProblem(parameter, owner: .pipeline(pipeline.name)) {
                problems.append(problem)
            }
        }
        checkContainer(pipeline.activities, enclosingLoop: nil)
    }

    private mutating func checkContainer(_ activities: [Activity], enclosingLoop: Activity?) {
        let names = Set(activities.map(\.name))
        for activity in activities {
            checkName(activity)
            checkDependencies(activity, siblings: names)
            if activity.state == .active { checkActive(activity, enclosingLoop: enclosingLoop) }
            let isLoop = activity.type == "ForEach" || activity.type == "Until"
            for container in activity.containers {
                checkContainer(container.activities, enclosingLoop: isLoop ? activity : enclosingLoop)
            }
        }
        problems += DependencyCycleFinder.cycles(in: activities)
        checkCompletionPaths(activities)
    }

    /// ADF's authoring tools refuse an Upon Completion path beside an Upon Success or Upon Failure
    /// path from the same activity; with OR semantics it is redundant, so pipehost only warns.
    private mutating func checkCompletionPaths(_ activities: [Activity]) {
        var conditions: [String: Set<DependencyCondition>] = [:]
        var firstCompletion: [String: SourceLocation] = [:]
        for activity in activities {
            for dependency in activity.dependsOn {
                conditions[dependency.activity, default: []].formUnion(dependency.conditions)
                if dependency.conditions.contains(.completed), firstCompletion[dependency.activity] == nil {
                    firstCompletion[dependency.activity] = dependency.location
                }
            }
        }
        for (upstream, set) in conditions.sorted(by: { $0.key < $1.key })
        where set.contains(.completed) && (set.contains(.succeeded) || set.contains(.failed)) {
            guard let location = firstCompletion[upstream] else { continue }
            problems.append(ValidationProblem(
                .adfCompatibility, at: location,
                "'\(upstream)' has an Upon Completion path beside an Upon Success or Upon Failure path; ADF's authoring tools do not allow that combination (pipehost runs it)",
                severity: .warning))
        }
    }

    private mutating func checkName(_ activity: Activity) {
        if let problem = ResourceNameRules.problem(with: activity.name, maximumLength: ResourceNameRules.maximumActivityNameLength) {
            problems.append(ValidationProblem(.invalidName, at: activity.location.member("name"), problem))
        }
        if let first = firstDefinition[activity.name] {
            problems.append(ValidationProblem(
                .duplicateName, at: activity.location.member("name"),
                "pipeline '\(pipeline.name)' already has an activity named '\(activity.name)' at \(first.jsonPath); activity names must be unique within a pipeline, nested ones included"))
        } else {
            let folded = activity.name.lowercased()
            if let other = firstSpelling[folded], let first = firstDefinition[other] {
                problems.append(ValidationProblem(
                    .adfCompatibility, at: activity.location.member("name"),
                    "pipeline '\(pipeline.name)' already has an activity named '\(other)' at \(first.jsonPath), which differs only by case; ADF matches activity names ignoring case, so activity('\(activity.name)') and dependsOn find the exact spelling first — rename one of them",
                    severity: .warning))
            } else {
                firstSpelling[folded] = activity.name
            }
            firstDefinition[activity.name] = activity.location
        }
    }

    private mutating func checkDependencies(_ activity: Activity, siblings: Set<String>) {
        var seen: Set<String> = []
        for dependency in activity.dependsOn {
            let location = dependency.location.member("activity")
            if dependency.activity == activity.name {
                problems.append(ValidationProblem(
                    .dependencyCycle, at: location, "activity '\(activity.name)' depends on itself"))
            } else if !siblings.contains(dependency.activity) {
                let elsewhere = pipeline.allActivities.contains { $0.name == dependency.activity }
                let hint = elsewhere
                    ? "it exists, but in another container; an activity can only depend on activities in the same list"
                    : "no activity of pipeline '\(pipeline.name)' has that name"
                problems.append(ValidationProblem(
                    .unknownActivity, at: location,
                    "activity '\(activity.name)' depends on '\(dependency.activity)': \(hint)"))
            }
            if !seen.insert(dependency.activity).inserted {
                problems.append(ValidationProblem(
                    .adfCompatibility, at: dependency.location,
                    "activity '\(activity.name)' lists '\(dependency.activity)' twice in dependsOn; both entries must be met (AND)",
                    severity: .warning))
            }
        }
    }

    private mutating func checkActive(_ activity: Activity, enclosingLoop: Activity?) {
        if let known = options.knownActivityTypes, !known.contains(activity.type) {
            let list = known.sorted().joined(separator: ", ")
            let refused = options.unavailablePlugins.contains { $0.declaredTypes.contains(activity.type) }
            let unavailable = UnavailablePlugin.explanation(forType: activity.type, options.unavailablePlugins)
            problems.append(ValidationProblem(
                .unknownActivityType, at: activity.location.member("type"),
                "no built-in activity or loaded plugin implements type '\(activity.type)'; known types: \(list)."
                    + (refused ? "" : " Add a plugin that claims it to plugins.json (or pass --plugins).")
                    + (unavailable.isEmpty ? "" : " " + unavailable)))
        }
        if let reference = activity.linkedServiceName { checkLinkedServiceReference(reference) }
        for reference in activity.inputs + activity.outputs { checkDatasetReference(reference.referenceName, reference.parameters, reference.location) }
        let typePropertiesLocation = activity.location.member("typeProperties")
        for reference in activity.typeProperties.embeddedReferences(at: typePropertiesLocation)
        where !isNested(reference.location, in: activity) {
            switch reference.kind {
            case .linkedService:
                checkLinkedServiceReference(LinkedServiceReference(
                    referenceName: reference.referenceName, parameters: reference.parameters, location: reference.location))
            case .dataset:
                checkDatasetReference(reference.referenceName, reference.parameters, reference.location)
            case .pipeline:
                break  // ExecutePipeline is checked with its parameters below
            }
        }
        checkActivityReferences(activity)
        if activity.type == DataFlowChecker.activityType {
            problems += DataFlowChecker.problems(ofActivity: activity, in: factory)
        }
        if let loop = enclosingLoop, activity.type == "ForEach" || activity.type == "Until" {
            problems.append(ValidationProblem(
                .adfCompatibility, at: activity.location.member("type"),
                "ADF does not allow a \(activity.type) inside \(loop.type) '\(loop.name)' (it asks for a child pipeline instead); pipehost runs it, with item() referring to the innermost ForEach",
                severity: .warning))
        }
        var controlChecker = ControlActivityChecker(activity: activity, pipeline: pipeline, factory: factory)
        controlChecker.check()
        problems += controlChecker.problems
    }

    /// `activity('X')` in an expression must name an activity of the pipeline.
    private mutating func checkActivityReferences(_ activity: Activity) {
        let names = allActivityNames
        var references = ActivityReferenceScanner.references(
            in: activity.typeProperties, at: activity.location.member("typeProperties"),
            skipping: { location in activity.containers.contains { $0.location == location } })
        for (index, property) in activity.userProperties.enumerated() {
            references += ActivityReferenceScanner.references(
                in: property.value, at: activity.location.member("userProperties").element(index).member("value"),
                skipping: { _ in false })
        }
        // Names ignore case, as in ADF: activity('get value') finds 'Get Value'.
        for reference in references where !names.contains(reference.name) && !names.contains(where: { asciiCaseInsensitiveEquals($0, reference.name) }) {
            problems.append(ValidationProblem(
                .unknownActivity, at: reference.location,
                "the expression refers to activity('\(reference.name)'), but pipeline '\(pipeline.name)' has no activity of that name (names are matched ignoring case)"))
        }
    }

    /// Whether a reference found in typeProperties belongs to a nested activity (checked on its own).
    private func isNested(_ location: SourceLocation, in activity: Activity) -> Bool {
        activity.containers.contains { location.jsonPath.hasPrefix($0.location.jsonPath) }
    }

    private mutating func checkLinkedServiceReference(_ reference: LinkedServiceReference) {
        guard let service = factory.linkedService(named: reference.referenceName) else {
            problems.append(FactoryValidator.unknownLinkedService(reference.referenceName, at: reference.location, factory: factory))
            return
        }
        problems += ParameterBinding.bind(
            service.parameters, owner: .linkedService(service.name), supplied: reference.parameters,
            suppliedLocation: reference.location.member("parameters"), rules: .resourceReference
        ).problems
    }

    private mutating func checkDatasetReference(_ name: String, _ parameters: JSONObject, _ location: SourceLocation) {
        guard let dataset = factory.dataset(named: name) else {
            problems.append(FactoryValidator.unknownDataset(name, at: location, factory: factory))
            return
        }
        problems += ParameterBinding.bind(
            dataset.parameters, owner: .dataset(dataset.name), supplied: parameters,
            suppliedLocation: location.member("parameters"), rules: .resourceReference
        ).problems
    }
}
