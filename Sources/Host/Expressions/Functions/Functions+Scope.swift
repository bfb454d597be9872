import PipehostJSON

/// pipeline, variables, activity, item, linkedService, dataset, trigger: the functions that read the
/// evaluation scope rather than their arguments.
enum ScopeFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("pipeline", arguments: 0...0, foldable: false, pipeline),
        FunctionDefinition("variables", arguments: 1...1, foldable: false) {
            arguments, call, scope throws(EvaluationFailure) in
            try variable(try call.string(arguments, 0), in: scope, position: call.position)
        },
        FunctionDefinition("activity", arguments: 1...1, foldable: false) {
            arguments, call, scope throws(EvaluationFailure) in
            try activity(try call.string(arguments, 0), in: scope, position: call.position)
        },
        FunctionDefinition("item", arguments: 0...0, foldable: false) { _, call, scope throws(EvaluationFailure) in
            guard let item = scope.item else {
                throw call.failure(
                    "item() can only be used inside a ForEach or Filter activity, where there is a current item")
            }
            return item
        },
        FunctionDefinition("linkedService", arguments: 0...0, foldable: false) {
            _, call, scope throws(EvaluationFailure) in
            guard let parameters = scope.linkedServiceParameters else {
                throw call.failure("linkedService() can only be used inside a linked service definition")
            }
            return .object(parameters)
        },
        FunctionDefinition("dataset", arguments: 0...0, foldable: false) { _, call, scope throws(EvaluationFailure) in
            guard let parameters = scope.datasetParameters else {
                throw call.failure("dataset() can only be used inside a dataset definition")
            }
            return .object(parameters)
        },
        FunctionDefinition("trigger", arguments: 0...0, foldable: false) { _, call, scope throws(EvaluationFailure) in
            guard let trigger = scope.trigger else {
                throw call.failure("trigger() can only be used when the run was started by a trigger")
            }
            return trigger
        },
    ]

    /// `pipeline()` on its own: the system variables, `parameters` and `globalParameters`.
    static let pipeline: FunctionDefinition.Eager = { _, _, scope in
        var members = scope.system.members
        members.append(("parameters", .object(scope.parameters)))
        members.append(("globalParameters", .object(scope.globalParameters)))
        return .object(JSONObject(members.map { ($0.key, $0.value) }))
    }

    static func variable(_ name: String, in scope: EvaluationScope, position: Int) throws(EvaluationFailure)
        -> JSONValue
    {
        if let value = scope.variables[name] ?? scope.variables[caseInsensitive: name] { return value }
        throw EvaluationFailure(
            at: position,
            "the variable '\(name)' is not declared in the pipeline; declared variables are "
                + "'\(scope.variables.keys.joined(separator: ", "))'")
    }

    static func activity(_ name: String, in scope: EvaluationScope, position: Int) throws(EvaluationFailure)
        -> JSONValue
    {
        if let value = scope.activity(name) { return value }
        throw EvaluationFailure(
            at: position,
            "the activity '\(name)' has no result here: it is not in the pipeline, has not run yet, or is not an "
                + "upstream dependency of this activity")
    }
}
