import PipehostJSON

/// Where control activities keep their nested activity lists inside typeProperties.
public enum ControlActivityLayout {
    /// The typeProperties keys holding nested activity arrays for each control activity type
    /// (Switch's `cases[i].activities` are handled on their own).
    public static let containerKeys: [String: [String]] = [
        "IfCondition": ["ifTrueActivities", "ifFalseActivities"],
        "ForEach": ["activities"],
        "Until": ["activities"],
        "Switch": ["defaultActivities"],
    ]
}

extension Activity {
    /// Decodes one activity (and, for control activities, everything nested in it), recording a
    /// problem for everything malformed. Returns `nil` only when not even a name and type are there.
    static func decode(_ value: JSONValue, at location: SourceLocation, problems: inout [ValidationProblem]) -> Activity? {
        guard let reader = PropertyReader(value, at: location, what: "an activity", problems: &problems) else { return nil }
        let name = reader.string("name", required: true, problems: &problems)
        let type = reader.string("type", required: true, problems: &problems)
        guard let name, let type else { return nil }

        var activity = Activity(name: name, type: type, location: location)
        activity.description = reader.string("description", problems: &problems)
        activity.dependsOn = decodeDependencies(reader, problems: &problems)
        activity.userProperties = decodeUserProperties(reader, problems: &problems)

        if let state = reader.string("state", problems: &problems) {
            switch state.lowercased() {
            case "active": activity.state = .active
            case "inactive": activity.state = .inactive
            default:
                problems.append(ValidationProblem(
                    .invalidValue, at: reader.location(of: "state"), "state must be Active or Inactive, found '\(state)'"))
            }
        }
        if let mark = reader.string("onInactiveMarkAs", problems: &problems) {
            if let outcome = DependencyOutcome.allCases.first(where: { $0.rawValue.lowercased() == mark.lowercased() }) {
                activity.onInactiveMarkAs = outcome
            } else {
                problems.append(ValidationProblem(
                    .invalidValue, at: reader.location(of: "onInactiveMarkAs"),
                    "onInactiveMarkAs must be Succeeded, Failed or Skipped, found '\(mark)'"))
            }
        }
        if let reference = reader.value("linkedServiceName") {
            activity.linkedServiceName = LinkedServiceReference.decode(
                reference, at: reader.location(of: "linkedServiceName"), problems: &problems)
        }
        activity.policy = ActivityPolicy.decode(reader.value("policy"), at: reader.location(of: "policy"), problems: &problems)

        if let typeProperties = reader.value("typeProperties") {
            if case .object = typeProperties {
                activity.typeProperties = typeProperties
            } else {
                problems.append(reader.mistyped("typeProperties", expected: "an object", found: typeProperties))
            }
        }
        activity.inputs = decodeDatasetReferences(reader, key: "inputs", problems: &problems)
        activity.outputs = decodeDatasetReferences(reader, key: "outputs", problems: &problems)
        activity.containers = decodeContainers(
            type: type, typeProperties: activity.typeProperties, at: reader.location(of: "typeProperties"),
            problems: &problems)
        return activity
    }

    /// Decodes a JSON array of activities.
    static func decodeList(_ value: JSONValue, at location: SourceLocation, problems: inout [ValidationProblem]) -> [Activity] {
        guard case .array(let elements) = value else {
            problems.append(ValidationProblem(
                .invalidValue, at: location, "activities must be an array, found \(value.typeName.lowercased())"))
            return []
        }
        let activities = elements.enumerated().compactMap { index, element in
            decode(element, at: location.element(index), problems: &problems)
        }
        return matchingDependencyNames(activities)
    }

    /// `dependsOn` names ignore case, as activity names do in ADF's `activity('…')`: a name that
    /// matches a sibling only when case is ignored is spelled as the sibling is, so that everything
    /// after loading (validation, scheduling, pictures) can match names exactly.
    private static func matchingDependencyNames(_ activities: [Activity]) -> [Activity] {
        let names = Set(activities.map(\.name))
        var result = activities
        for index in result.indices {
            for position in result[index].dependsOn.indices {
                let written = result[index].dependsOn[position].activity
                guard !names.contains(written),
                    let sibling = activities.first(where: { asciiCaseInsensitiveEquals($0.name, written) })
                else { continue }
                result[index].dependsOn[position].activity = sibling.name
            }
        }
        return result
    }

    private static func decodeDependencies(_ reader: PropertyReader, problems: inout [ValidationProblem]) -> [ActivityDependency] {
        guard let entries = reader.array("dependsOn", problems: &problems) else { return [] }
        let base = reader.location(of: "dependsOn")
        var dependencies: [ActivityDependency] = []
        for (index, entry) in entries.enumerated() {
            let location = base.element(index)
            guard let entryReader = PropertyReader(entry, at: location, what: "a dependsOn entry", problems: &problems),
                let upstream = entryReader.string("activity", required: true, problems: &problems)
            else { continue }
            var conditions: [DependencyCondition] = []
            let conditionValues = entryReader.array("dependencyConditions", required: true, problems: &problems) ?? []
            let conditionsLocation = entryReader.location(of: "dependencyConditions")
            for (conditionIndex, conditionValue) in conditionValues.enumerated() {
                let conditionLocation = conditionsLocation.element(conditionIndex)
                guard let text = conditionValue.stringValue, let condition = DependencyCondition(adfName: text) else {
                    problems.append(ValidationProblem(
                        .unknownDependencyCondition, at: conditionLocation,
                        "unknown dependency condition \(conditionValue.abbreviatedDescription): use Succeeded, Failed, Skipped or Completed"))
                    continue
                }
                conditions.append(condition)
            }
            if conditionValues.isEmpty, entryReader.value("dependencyConditions") != nil {
                problems.append(ValidationProblem(
                    .missingProperty, at: conditionsLocation,
                    "dependencyConditions is empty: list at least one of Succeeded, Failed, Skipped, Completed"))
            }
            dependencies.append(ActivityDependency(activity: upstream, conditions: conditions, location: location))
        }
        return dependencies
    }

    private static func decodeUserProperties(_ reader: PropertyReader, problems: inout [ValidationProblem]) -> [UserProperty] {
        guard let entries = reader.array("userProperties", problems: &problems) else { return [] }
        let base = reader.location(of: "userProperties")
        return entries.enumerated().compactMap { index, entry in
            guard let entryReader = PropertyReader(entry, at: base.element(index), what: "a user property", problems: &problems),
                let name = entryReader.string("name", required: true, problems: &problems)
            else { return nil }
            return UserProperty(name: name, value: entryReader.value("value") ?? .null)
        }
    }

    private static func decodeDatasetReferences(
        _ reader: PropertyReader, key: String, problems: inout [ValidationProblem]
    ) -> [DatasetReference] {
        guard let entries = reader.array(key, problems: &problems) else { return [] }
        let base = reader.location(of: key)
        return entries.enumerated().compactMap { index, entry in
            DatasetReference.decode(entry, at: base.element(index), problems: &problems)
        }
    }

    private static func decodeContainers(
        type: String, typeProperties: JSONValue, at location: SourceLocation, problems: inout [ValidationProblem]
    ) -> [ActivityContainer] {
        guard let keys = ControlActivityLayout.containerKeys[type], case .object(let properties) = typeProperties else {
            return []
        }
        let reader = PropertyReader(object: properties, location: location)
        var containers: [ActivityContainer] = []
        if type == "Switch", let cases = reader.array("cases", problems: &problems) {
            let casesLocation = reader.location(of: "cases")
            for (index, entry) in cases.enumerated() {
                let caseLocation = casesLocation.element(index)
                guard let caseReader = PropertyReader(entry, at: caseLocation, what: "a Switch case", problems: &problems)
                else { continue }
                let caseValue = caseReader.value("value").map(Self.switchCaseText) ?? ""
                if caseReader.value("value") == nil { problems.append(caseReader.missing("value")) }
                let list = caseReader.value("activities") ?? .array([])
                let listLocation = caseReader.location(of: "activities")
                containers.append(ActivityContainer(
                    key: "cases[\(index)].activities", caseValue: caseValue,
                    activities: decodeList(list, at: listLocation, problems: &problems), location: listLocation))
            }
        }
        for key in keys {
            guard let list = reader.value(key) else { continue }
            let listLocation = reader.location(of: key)
            containers.append(ActivityContainer(
                key: key, activities: decodeList(list, at: listLocation, problems: &problems), location: listLocation))
        }
        return containers
    }

    /// A Switch case value as the text the evaluated `on` value is compared with.
    public static func switchCaseText(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return JSONSerializer.serialize(value)
    }
}

extension LinkedServiceReference {
    static func decode(_ value: JSONValue, at location: SourceLocation, problems: inout [ValidationProblem]) -> LinkedServiceReference? {
        guard let reader = PropertyReader(value, at: location, what: "a linked service reference", problems: &problems),
            let name = reader.string("referenceName", required: true, problems: &problems)
        else { return nil }
        let parameters = reader.objectValue("parameters", problems: &problems) ?? [:]
        return LinkedServiceReference(referenceName: name, parameters: parameters, location: location)
    }
}

extension DatasetReference {
    static func decode(_ value: JSONValue, at location: SourceLocation, problems: inout [ValidationProblem]) -> DatasetReference? {
        guard let reader = PropertyReader(value, at: location, what: "a dataset reference", problems: &problems),
            let name = reader.string("referenceName", required: true, problems: &problems)
        else { return nil }
        let parameters = reader.objectValue("parameters", problems: &problems) ?? [:]
        return DatasetReference(referenceName: name, parameters: parameters, location: location)
    }
}
