import DataFlowScript
import PipehostJSON

/// The checks of data flows: an `ExecuteDataFlow` activity must name a mapping data flow of the
/// factory, and a data flow's sources, sinks and transformations must name datasets, linked
/// services and flowlets that exist, and its script must parse. Names written as expressions are
/// accepted, as for datasets: they are known only when the activity runs.
enum DataFlowChecker {
    /// The activity type that runs a mapping data flow.
    static let activityType = "ExecuteDataFlow"

    /// The problems of an `ExecuteDataFlow` activity's `typeProperties.dataflow` reference.
    static func problems(ofActivity activity: Activity, in factory: Factory) -> [ValidationProblem] {
        let typeProperties = PropertyReader(
            object: activity.typeProperties.objectValue ?? [:], location: activity.location.member("typeProperties"))
        let referenceLocation = typeProperties.location(of: "dataflow")
        let reference = typeProperties.value("dataflow")?.objectValue
        let nameLocation = reference.map { PropertyReader(object: $0, location: referenceLocation).location(of: "referenceName") }
            ?? referenceLocation.member("referenceName")
        guard let name = reference?[caseInsensitive: "referenceName"]?.stringValue, !name.isEmpty else {
            return [ValidationProblem(
                .missingProperty, at: nameLocation,
                "activity '\(activity.name)' (\(activityType)) needs typeProperties.dataflow.referenceName, the name of the data flow to run")]
        }
        let type = reference?[caseInsensitive: "type"]?.stringValue
        guard let type, asciiCaseInsensitiveEquals(type, "DataFlowReference") else {
            let reader = reference.map { PropertyReader(object: $0, location: referenceLocation) }
            return [ValidationProblem(
                type == nil ? .missingProperty : .invalidValue, at: reader?.location(of: "type") ?? referenceLocation.member("type"),
                "activity '\(activity.name)' (\(activityType)) needs typeProperties.dataflow.type \"DataFlowReference\""
                    + (type.map { ", found \"\($0)\"" } ?? "") + ": only a data flow reference hands the data flow to the plugin")]
        }
        if JSONValue.string(name).isExpression { return [] }
        guard let dataFlow = factory.dataFlow(named: name) else {
            return [unknownDataFlow(name, for: activity.name, at: nameLocation, factory: factory)]
        }
        guard dataFlow.type == "MappingDataFlow" else {
            return [ValidationProblem(
                .invalidValue, at: nameLocation,
                "activity '\(activity.name)' runs data flow '\(dataFlow.name)', which is a \(dataFlow.type); "
                    + "\(activityType) runs mapping data flows (type MappingDataFlow)")]
        }
        return []
    }

    /// The problems of one data flow: its references and its script.
    static func problems(of dataFlow: DataFlow, in factory: Factory) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if let problem = ResourceNameRules.problem(with: dataFlow.name, maximumLength: ResourceNameRules.maximumResourceNameLength) {
            problems.append(ValidationProblem(.invalidName, at: dataFlow.location.member("name"), problem))
        }
        for endpoint in dataFlow.sources + dataFlow.sinks + dataFlow.transformations {
            if let dataset = endpoint.dataset, !JSONValue.string(dataset.referenceName).isExpression,
                factory.dataset(named: dataset.referenceName) == nil
            {
                problems.append(FactoryValidator.unknownDataset(
                    dataset.referenceName, at: dataset.location.member("referenceName"), factory: factory))
            }
            for service in [endpoint.linkedService, endpoint.schemaLinkedService].compactMap(\.self)
            where !JSONValue.string(service.referenceName).isExpression && factory.linkedService(named: service.referenceName) == nil {
                problems.append(FactoryValidator.unknownLinkedService(
                    service.referenceName, at: service.location.member("referenceName"), factory: factory))
            }
            if let flowlet = endpoint.flowlet, !JSONValue.string(flowlet).isExpression {
                problems += flowletProblems(flowlet, at: endpoint.location.member("flowlet").member("referenceName"), factory: factory)
            }
        }
        if dataFlow.hasScript, let problem = scriptProblem(dataFlow) { problems.append(problem) }
        return problems
    }

    /// The problem of a reference to data flow `name`, which the factory does not have.
    static func unknownDataFlow(_ name: String, for activity: String, at location: SourceLocation, factory: Factory) -> ValidationProblem {
        let available = factory.dataFlows.filter { $0.type == "MappingDataFlow" }.map { "'\($0.name)'" }.joined(separator: ", ")
        return ValidationProblem(
            .unknownDataFlow, at: location,
            TemplateParameterName.hint(for: name, kind: "data flow")
                ?? "there is no data flow named '\(name)' for activity '\(activity)' to run; the factory has "
                + (available.isEmpty ? "none (add dataflow/\(name).json)" : available),
            resource: ResourceKey(.dataFlow, name))
    }

    private static func flowletProblems(_ name: String, at location: SourceLocation, factory: Factory) -> [ValidationProblem] {
        guard let flowlet = factory.dataFlow(named: name) else {
            let available = factory.dataFlows.filter { $0.type == "Flowlet" }.map { "'\($0.name)'" }.joined(separator: ", ")
            return [ValidationProblem(
                .unknownDataFlow, at: location,
                TemplateParameterName.hint(for: name, kind: "flowlet")
                    ?? "there is no flowlet named '\(name)'; the factory has "
                    + (available.isEmpty ? "none (add dataflow/\(name).json with type Flowlet)" : available),
                resource: ResourceKey(.dataFlow, name))]
        }
        guard flowlet.type == "Flowlet" else {
            return [ValidationProblem(
                .invalidValue, at: location,
                "'\(flowlet.name)' is a \(flowlet.type), not a flowlet (a data flow of type Flowlet)")]
        }
        return []
    }

    /// The script's parse error, at the script line it is on (`scriptLines[N]`) and with the
    /// line and column in the message. A missing or mistyped script is reported too; the rest of
    /// the resource's shape was checked when it was loaded.
    private static func scriptProblem(_ dataFlow: DataFlow) -> ValidationProblem? {
        let json: JSONValue = [
            "name": .string(dataFlow.name),
            "properties": ["type": .string(dataFlow.type), "typeProperties": dataFlow.typeProperties],
        ]
        do {
            _ = try DataFlowDefinition(json: json)
            return nil
        } catch {
            let base = dataFlow.location
            func at(_ path: String) -> SourceLocation { SourceLocation(file: base.file, jsonPath: base.jsonPath + "." + path) }
            switch error {
            case .script(let path, let scriptError):
                var location = at(path)
                let line = scriptError.position.line
                if path.hasSuffix("scriptLines"), line >= 1,
                    line <= (dataFlow.typeProperties[caseInsensitive: "scriptLines"]?.arrayValue?.count ?? 0)
                {
                    location = location.element(line - 1)
                }
                return ValidationProblem(
                    .invalidDataFlowScript, at: location,
                    "the script of data flow '\(dataFlow.name)' does not parse: \(scriptError)",
                    resource: ResourceKey(.dataFlow, dataFlow.name))
            case .missingMember(let path, _) where path.hasPrefix("properties.typeProperties.script"):
                return ValidationProblem(
                    .missingProperty, at: at("properties.typeProperties.scriptLines"),
                    "data flow '\(dataFlow.name)' has no script: write it in typeProperties.scriptLines (or typeProperties.script)",
                    resource: ResourceKey(.dataFlow, dataFlow.name))
            case .wrongType(let path, let expected) where path.hasPrefix("properties.typeProperties.script"):
                return ValidationProblem(
                    .invalidValue, at: at(path), "\(path) of data flow '\(dataFlow.name)' must be \(expected)",
                    resource: ResourceKey(.dataFlow, dataFlow.name))
            default:
                return nil  // the loader reported the shape of the resource and of its lists
            }
        }
    }
}
