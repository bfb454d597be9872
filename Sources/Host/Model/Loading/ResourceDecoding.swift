import PipehostJSON

/// Decoding of the three resource kinds a run needs from their `{"name", "properties"}` envelope.
/// ARM's `id`, `type` and `etag` beside `properties` are ignored.
enum ResourceDecoding {
    /// The resource's name and its `properties` reader. `fallbackName` is used when the file has no
    /// `name` (a git-integration file is named after its resource).
    static func envelope(
        _ value: JSONValue, at location: SourceLocation, fallbackName: String?, what: String,
        problems: inout [ValidationProblem]
    ) -> (name: String, properties: PropertyReader)? {
        guard let reader = PropertyReader(value, at: location, what: what, problems: &problems) else { return nil }
        let name = reader.string("name", required: fallbackName == nil, problems: &problems) ?? fallbackName
        guard let name,
            let properties = reader.objectValue("properties", required: true, problems: &problems)
        else { return nil }
        return (name, PropertyReader(object: properties, location: reader.location(of: "properties")))
    }

    static func pipeline(
        _ value: JSONValue, at location: SourceLocation, fallbackName: String? = nil, problems: inout [ValidationProblem]
    ) -> Pipeline? {
        guard let (name, properties) = envelope(
            value, at: location, fallbackName: fallbackName, what: "a pipeline", problems: &problems)
        else { return nil }
        let activitiesValue = properties.value("activities") ?? .array([])
        let activities = Activity.decodeList(activitiesValue, at: properties.location(of: "activities"), problems: &problems)
        var pipeline = Pipeline(name: name, activities: activities, location: location)
        pipeline.description = properties.string("description", problems: &problems)
        pipeline.parameters = parameters(properties, problems: &problems)
        pipeline.variables = variables(properties, problems: &problems)
        pipeline.annotations = properties.array("annotations", problems: &problems) ?? []
        pipeline.folder = properties.objectValue("folder", problems: &problems)?[caseInsensitive: "name"]?.stringValue
        if let concurrency = properties.value("concurrency") {
            if let number = concurrency.integerValue, number >= 1 {
                pipeline.concurrency = Int(number)
            } else {
                problems.append(ValidationProblem(
                    .invalidValue, at: properties.location(of: "concurrency"),
                    "concurrency must be a whole number of at least 1, found \(concurrency.abbreviatedDescription)"))
            }
        }
        return pipeline
    }

    static func linkedService(
        _ value: JSONValue, at location: SourceLocation, fallbackName: String? = nil, problems: inout [ValidationProblem]
    ) -> LinkedService? {
        guard let (name, properties) = envelope(
            value, at: location, fallbackName: fallbackName, what: "a linked service", problems: &problems),
            let type = properties.string("type", required: true, problems: &problems)
        else { return nil }
        return LinkedService(
            name: name, type: type, typeProperties: properties.value("typeProperties") ?? .object([:]),
            parameters: parameters(properties, problems: &problems),
            description: properties.string("description", problems: &problems),
            connectVia: properties.value("connectVia")?[caseInsensitive: "referenceName"]?.stringValue, location: location)
    }

    static func dataset(
        _ value: JSONValue, at location: SourceLocation, fallbackName: String? = nil, problems: inout [ValidationProblem]
    ) -> Dataset? {
        guard let (name, properties) = envelope(
            value, at: location, fallbackName: fallbackName, what: "a dataset", problems: &problems),
            let type = properties.string("type", required: true, problems: &problems)
        else { return nil }
        let linkedService = properties.value("linkedServiceName").flatMap {
            LinkedServiceReference.decode($0, at: properties.location(of: "linkedServiceName"), problems: &problems)
        }
        if properties.value("linkedServiceName") == nil { problems.append(properties.missing("linkedServiceName")) }
        return Dataset(
            name: name, type: type, linkedServiceName: linkedService,
            typeProperties: properties.value("typeProperties") ?? .object([:]),
            parameters: parameters(properties, problems: &problems), properties: properties.object, location: location)
    }

    /// `parameters` declarations of a pipeline, linked service or dataset.
    static func parameters(_ properties: PropertyReader, problems: inout [ValidationProblem]) -> [ParameterSpecification] {
        guard let declarations = properties.objectValue("parameters", problems: &problems) else { return [] }
        let base = properties.location(of: "parameters")
        var result: [ParameterSpecification] = []
        for (name, declaration) in declarations {
            let location = base.member(name)
            guard let reader = PropertyReader(declaration, at: location, what: "a parameter declaration", problems: &problems)
            else { continue }
            // Linked service parameters often omit the type; ADF then treats them as strings.
            let typeName = reader.string("type", problems: &problems) ?? "String"
            guard let type = ParameterType(adfName: typeName) else {
                problems.append(ValidationProblem(
                    .invalidValue, at: reader.location(of: "type"),
                    "unknown parameter type '\(typeName)': use Object, String, Int, Float, Bool, Array or SecureString"))
                continue
            }
            let defaultValue = reader.object.member(caseInsensitive: "defaultValue")?.value
            result.append(ParameterSpecification(name: name, type: type, defaultValue: defaultValue, location: location))
        }
        return result
    }

    static func variables(_ properties: PropertyReader, problems: inout [ValidationProblem]) -> [VariableSpecification] {
        guard let declarations = properties.objectValue("variables", problems: &problems) else { return [] }
        let base = properties.location(of: "variables")
        var result: [VariableSpecification] = []
        for (name, declaration) in declarations {
            let location = base.member(name)
            guard let reader = PropertyReader(declaration, at: location, what: "a variable declaration", problems: &problems),
                let typeName = reader.string("type", required: true, problems: &problems)
            else { continue }
            guard let type = VariableType(adfName: typeName) else {
                problems.append(ValidationProblem(
                    .invalidValue, at: reader.location(of: "type"),
                    "unknown variable type '\(typeName)': use String, Bool or Array"))
                continue
            }
            let defaultValue = reader.value("defaultValue")
            if let defaultValue, !type.accepts(defaultValue) {
                problems.append(ValidationProblem(
                    .typeMismatch, at: reader.location(of: "defaultValue"),
                    "the default value \(defaultValue.abbreviatedDescription) of variable '\(name)' is \(defaultValue.typeName.lowercased()), but the variable is declared \(type.rawValue)"))
            }
            result.append(VariableSpecification(name: name, type: type, defaultValue: defaultValue, location: location))
        }
        return result
    }
}
