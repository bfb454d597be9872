import PipehostJSON

/// `pipeline().X` and `pipeline()?.X`: a system variable, `parameters` or `globalParameters`,
/// read straight from the scope without building the whole `pipeline()` object.
final class PipelineMemberNode: EvaluationNode {
    let position: Int
    let name: String
    let nullSafe: Bool
    private let isParameters: Bool
    private let isGlobalParameters: Bool

    init(name: String, nullSafe: Bool, position: Int) {
        self.name = name
        self.nullSafe = nullSafe
        self.position = position
        isParameters = name.utf8.count == 10 && asciiCaseInsensitiveEquals(name, "parameters")
        isGlobalParameters = name.utf8.count == 16 && asciiCaseInsensitiveEquals(name, "globalParameters")
    }

    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        if isParameters { return .object(scope.parameters) }
        if isGlobalParameters { return .object(scope.globalParameters) }
        if let value = scope.system[caseInsensitive: name] { return value }
        if nullSafe { return .null }
        var available = scope.system.keys
        available.append(contentsOf: ["parameters", "globalParameters"])
        throw EvaluationFailure(
            at: position,
            "the property '\(name)' doesn't exist in pipeline(); available properties are "
                + "'\(available.joined(separator: ", "))' (use 'pipeline()?.\(name)' to read it as null when absent)")
    }
}

/// `pipeline().parameters.X` (or `.globalParameters.X`), the most common expression of all.
final class PipelineParameterNode: EvaluationNode {
    let position: Int
    let name: String
    let global: Bool
    let nullSafe: Bool

    init(name: String, global: Bool, nullSafe: Bool, position: Int) {
        self.name = name
        self.global = global
        self.nullSafe = nullSafe
        self.position = position
    }

    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        let parameters = global ? scope.globalParameters : scope.parameters
        if let value = parameters[caseInsensitive: name] { return value }
        if nullSafe { return .null }
        throw EvaluationFailure(
            at: position,
            "the \(global ? "global parameter" : "pipeline parameter") '\(name)' doesn't exist; available "
                + "\(global ? "global parameters" : "parameters") are '\(parameters.keys.joined(separator: ", "))'")
    }
}

/// `variables('name')` with a literal name.
final class VariableNode: EvaluationNode {
    let position: Int
    let name: String

    init(name: String, position: Int) {
        self.name = name
        self.position = position
    }

    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        try ScopeFunctions.variable(name, in: scope, position: position)
    }
}

/// `activity('name')` with a literal name.
final class ActivityNode: EvaluationNode {
    let position: Int
    let name: String

    init(name: String, position: Int) {
        self.name = name
        self.position = position
    }

    func evaluate(_ scope: EvaluationScope) throws(EvaluationFailure) -> JSONValue {
        try ScopeFunctions.activity(name, in: scope, position: position)
    }
}
