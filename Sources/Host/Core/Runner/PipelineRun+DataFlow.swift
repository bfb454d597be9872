import ActivityContract
import PipehostJSON
import PipelineModel

extension PipelineRun {
    /// The data flow an activity runs, when its evaluated `typeProperties` hold a `dataflow`
    /// reference (`{"referenceName", "type": "DataFlowReference", "datasetParameters"}`, as
    /// `ExecuteDataFlow` writes it), with every source and sink resolved by its stream name. A
    /// dataset's parameters are the data flow's own (`sources[].dataset.parameters`, evaluated in
    /// the activity's scope) overridden by the activity's `datasetParameters[stream]`.
    func resolveDataFlow(
        in input: JSONValue, for activity: String, evaluate: (JSONValue, String) throws(ActivityError) -> JSONValue
    ) throws(ActivityError) -> ResolvedDataFlow? {
        guard let reference = input[caseInsensitive: "dataflow"],
            let type = reference[caseInsensitive: "type"]?.stringValue, asciiCaseInsensitiveEquals(type, "DataFlowReference")
        else { return nil }
        let name = reference[caseInsensitive: "referenceName"]?.stringValue ?? ""
        guard let dataFlow = environment.factory.dataFlow(named: name) else {
            throw ActivityError(
                errorCode: ActivityErrorCode.dataFlowNotFound,
                message: "Activity '\(activity)' runs data flow '\(name)', which does not exist in the factory.")
        }
        let given = reference[caseInsensitive: "datasetParameters"]?.objectValue ?? [:]
        var resolved = ResolvedDataFlow(name: dataFlow.name, type: dataFlow.type, typeProperties: dataFlow.typeProperties)
        for endpoint in dataFlow.endpoints {
            let path = "dataFlow(\(dataFlow.name)).\(endpoint.name)"
            if let dataset = endpoint.dataset {
                var parameters = try evaluate(.object(dataset.parameters), "\(path).dataset.parameters").objectValue ?? [:]
                for member in given[caseInsensitive: endpoint.name]?.objectValue ?? [:] { parameters[member.key] = member.value }
                let (json, service) = try environment.resolver.dataset(
                    named: dataset.referenceName, parameters: parameters, for: activity)
                resolved.datasets[endpoint.name] = json
                if let service { resolved.linkedServices[endpoint.name] = service }
            } else if let service = endpoint.linkedService {
                let parameters = try evaluate(.object(service.parameters), "\(path).linkedService.parameters")
                resolved.linkedServices[endpoint.name] = try environment.resolver.linkedService(
                    named: service.referenceName, parameters: parameters.objectValue ?? [:], for: activity)
            }
        }
        return resolved
    }
}
