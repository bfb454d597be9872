import PipehostJSON

extension ResourceDecoding {
    /// A data flow from its `{"name", "properties": {"type", "typeProperties"}}` envelope. The
    /// script is not read here: validation parses it, so that a script error is reported where
    /// the data flow is used, and the data flow still resolves its references.
    static func dataFlow(
        _ value: JSONValue, at location: SourceLocation, fallbackName: String? = nil, problems: inout [ValidationProblem]
    ) -> DataFlow? {
        guard let (name, properties) = envelope(
            value, at: location, fallbackName: fallbackName, what: "a data flow", problems: &problems),
            let type = properties.string("type", required: true, problems: &problems)
        else { return nil }
        let typeProperties = properties.objectValue("typeProperties", problems: &problems) ?? [:]
        let reader = PropertyReader(object: typeProperties, location: properties.location(of: "typeProperties"))
        return DataFlow(
            name: name, type: type, typeProperties: .object(typeProperties),
            sources: endpoints("sources", reader, problems: &problems),
            sinks: endpoints("sinks", reader, problems: &problems),
            transformations: endpoints("transformations", reader, problems: &problems), location: location)
    }

    /// The entries of `sources`, `sinks` or `transformations`, each with its references.
    private static func endpoints(
        _ key: String, _ typeProperties: PropertyReader, problems: inout [ValidationProblem]
    ) -> [DataFlow.Endpoint] {
        guard let elements = typeProperties.array(key, problems: &problems) else { return [] }
        let base = typeProperties.location(of: key)
        var result: [DataFlow.Endpoint] = []
        for (index, element) in elements.enumerated() {
            guard let entry = PropertyReader(element, at: base.element(index), what: "an entry of \(key)", problems: &problems),
                let name = entry.string("name", required: true, problems: &problems)
            else { continue }
            var endpoint = DataFlow.Endpoint(name: name, location: entry.location)
            if let dataset = entry.value("dataset") {
                endpoint.dataset = DatasetReference.decode(dataset, at: entry.location(of: "dataset"), problems: &problems)
            }
            if let service = entry.value("linkedService") {
                endpoint.linkedService = LinkedServiceReference.decode(
                    service, at: entry.location(of: "linkedService"), problems: &problems)
            }
            if let service = entry.value("schemaLinkedService") {
                endpoint.schemaLinkedService = LinkedServiceReference.decode(
                    service, at: entry.location(of: "schemaLinkedService"), problems: &problems)
            }
            if let flowlet = entry.value("flowlet"),
                let reader = PropertyReader(flowlet, at: entry.location(of: "flowlet"), what: "a flowlet reference", problems: &problems)
            {
                endpoint.flowlet = reader.string("referenceName", required: true, problems: &problems)
            }
            result.append(endpoint)
        }
        return result
    }
}
