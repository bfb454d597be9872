import PipehostJSON

/// Whether a JSON string value compiles as the run will compile it. The run's compiler lives in
/// PipelineExpressions, which depends on this module, so validation is handed it
/// (`ExpressionSyntax.compiler` there); without one, expressions are not parsed at validation.
public struct ExpressionSyntax: Sendable {
    /// For one JSON string value (as written, `@…`, `…@{…}…` or plain text): `nil` when it compiles
    /// or holds no expression, otherwise what is wrong and how to write it instead.
    public let problem: @Sendable (String) -> String?

    public init(_ problem: @escaping @Sendable (String) -> String?) {
        self.problem = problem
    }
}

/// Finds every string a run evaluates — the typeProperties, policy, user properties and reference
/// parameters of each active activity, and the typeProperties and linked service parameters of
/// the linked services and datasets the pipelines use — and reports those that do not compile,
/// each at its JSON path. ADF's engine refuses them too, so every run reaching one fails.
enum ExpressionSyntaxScanner {
    static func problems(
        pipelines: [Pipeline], linkedServices: Set<String>, datasets: Set<String>, in factory: Factory,
        syntax: ExpressionSyntax
    ) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        func scan(_ value: JSONValue, at location: SourceLocation, skipping: Set<String> = []) {
            problems += self.problems(in: value, at: location, skipping: skipping, syntax: syntax)
        }
        for pipeline in pipelines {
            for activity in pipeline.allActivities where activity.state == .active {
                // Nested activities are scanned as activities of their own.
                scan(activity.typeProperties, at: activity.location.member("typeProperties"),
                     skipping: Set(activity.containers.map(\.location.jsonPath)))
                let policy = activity.location.member("policy")
                for (key, setting) in [
                    ("timeout", activity.policy.timeout.expression), ("retry", activity.policy.retry.expression),
                    ("retryIntervalInSeconds", activity.policy.retryIntervalInSeconds.expression),
                ] {
                    if let setting { scan(setting, at: policy.member(key)) }
                }
                for (index, property) in activity.userProperties.enumerated() {
                    scan(property.value, at: activity.location.member("userProperties").element(index).member("value"))
                }
                if let reference = activity.linkedServiceName {
                    scan(.object(reference.parameters), at: reference.location.member("parameters"))
                }
                for reference in activity.inputs + activity.outputs {
                    scan(.object(reference.parameters), at: reference.location.member("parameters"))
                }
            }
        }
        for service in factory.linkedServices where linkedServices.contains(service.name) {
            scan(service.typeProperties, at: service.location.member("properties").member("typeProperties"))
        }
        for dataset in factory.datasets where datasets.contains(dataset.name) {
            scan(dataset.typeProperties, at: dataset.location.member("properties").member("typeProperties"))
            if let reference = dataset.linkedServiceName {
                scan(.object(reference.parameters), at: reference.location.member("parameters"))
            }
        }
        return problems
    }

    /// The strings of `value` that do not compile, read as the run's template evaluation reads
    /// them: every string, the `value` of `{"value", "type": "Expression"}`, and nothing inside a
    /// SecureString. Walks with a stack of its own, so deep JSON cannot exhaust the call stack.
    static func problems(
        in value: JSONValue, at location: SourceLocation, skipping: Set<String>, syntax: ExpressionSyntax
    ) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        var pending: [(JSONValue, SourceLocation)] = [(value, location)]
        while let (next, here) = pending.popLast() {
            guard !skipping.contains(here.jsonPath) else { continue }
            switch next {
            case .string(let text):
                if let problem = syntax.problem(text) {
                    problems.append(ValidationProblem(.invalidExpression, at: here, problem))
                }
            case .array(let elements):
                for (index, element) in elements.enumerated().reversed() { pending.append((element, here.element(index))) }
            case .object(let object):
                if object.secureStringValue != nil { continue }
                if next.isExpression, object.count == 2, let member = object.member(caseInsensitive: "value"),
                    case .string = member.value
                {
                    pending.append((member.value, here.member(member.key)))
                    continue
                }
                for member in object.members.reversed() { pending.append((member.value, here.member(member.key))) }
            default:
                break
            }
        }
        return problems
    }
}

extension PolicySetting {
    /// The expression when the setting is one.
    var expression: JSONValue? {
        if case .expression(let value) = self { return value }
        return nil
    }
}
