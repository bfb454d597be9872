import PipehostJSON

/// Checks the settings of built-in control activities (required properties, ranges, variables,
/// child pipelines) where they are written as literals; expressions are checked when they run.
struct ControlActivityChecker {
    let activity: Activity
    let pipeline: Pipeline
    let factory: Factory
    private(set) var problems: [ValidationProblem] = []
    private let reader: PropertyReader

    init(activity: Activity, pipeline: Pipeline, factory: Factory) {
        self.activity = activity
        self.pipeline = pipeline
        self.factory = factory
        self.reader = PropertyReader(
            object: activity.typeProperties.objectValue ?? [:], location: activity.location.member("typeProperties"))
    }

    mutating func check() {
        switch activity.type {
        case "IfCondition":
            require("expression")
        case "ForEach":
            require("items")
            require("activities")
            check("batchCount", ControlActivitySettings.batchCount)
            _ = reader.bool("isSequential", problems: &problems)
        case "Until":
            require("expression")
            require("activities")
            checkUntilTimeout()
        case "Switch":
            require("on")
            checkSwitchCases()
        case "Filter":
            require("items")
            require("condition")
        case "Wait":
            require("waitTimeInSeconds")
            check("waitTimeInSeconds", ControlActivitySettings.waitTimeInSeconds)
        case "Fail":
            require("message")
            require("errorCode")
        case "SetVariable":
            checkSetVariable()
        case "AppendVariable":
            checkAppendVariable()
        case "ExecutePipeline":
            checkExecutePipeline()
        default:
            break
        }
    }

    private mutating func require(_ key: String) {
        if reader.value(key) == nil { problems.append(reader.missing(key)) }
    }

    private mutating func checkUntilTimeout() {
        guard let timeout = reader.value("timeout"), !timeout.isExpression else { return }
        if case .failure(let problem) = ControlActivitySettings.untilTimeout.read(timeout) {
            problems.append(ValidationProblem(problem, at: reader.location(of: "timeout")))
        }
    }

    /// A whole-number setting written as a literal (expressions are checked when they run).
    private mutating func check(_ key: String, _ setting: WholeNumberSetting) {
        guard let value = reader.value(key), !value.isExpression else { return }
        if case .failure(let problem) = setting.read(value) {
            problems.append(ValidationProblem(problem, at: reader.location(of: key)))
        }
    }

    private mutating func checkSwitchCases() {
        var seen: [String: Int] = [:]
        for (index, container) in activity.containers.enumerated() {
            guard let value = container.caseValue else { continue }
            if let first = seen[value] {
                problems.append(ValidationProblem(
                    .duplicateName, at: container.location,
                    "Switch case '\(value)' is listed twice (cases \(first) and \(index)); case values must be unique"))
            } else {
                seen[value] = index
            }
        }
    }

    private var variableName: String? {
        var ignored: [ValidationProblem] = []
        return reader.string("variableName", problems: &ignored)
    }

    private mutating func checkSetVariable() {
        require("variableName")
        require("value")
        guard let name = variableName else { return }
        if reader.bool("setSystemVariable", problems: &problems) == true {
            if name != "pipelineReturnValue" {
                problems.append(ValidationProblem(
                    .unknownVariable, at: reader.location(of: "variableName"),
                    "with setSystemVariable the only variable that can be set is 'pipelineReturnValue', not '\(name)'"))
            }
            if let value = reader.value("value"), !value.isExpression, value.arrayValue == nil {
                problems.append(reader.mistyped("value", expected: "an array of {\"key\", \"value\": {\"type\", \"content\"}}", found: value))
            }
            return
        }
        guard let variable = declaredVariable(name) else { return }
        if let value = reader.value("value"), !value.isExpression, !variable.type.accepts(value) {
            problems.append(ValidationProblem(
                .typeMismatch, at: reader.location(of: "value"),
                "variable '\(name)' is \(variable.type.rawValue), but the value \(value.abbreviatedDescription) is \(value.typeName.lowercased())"))
        }
    }

    private mutating func checkAppendVariable() {
        require("variableName")
        require("value")
        guard let name = variableName, let variable = declaredVariable(name) else { return }
        if variable.type != .array {
            problems.append(ValidationProblem(
                .typeMismatch, at: reader.location(of: "variableName"),
                "AppendVariable needs an Array variable, but '\(name)' is \(variable.type.rawValue)"))
        }
    }

    private mutating func declaredVariable(_ name: String) -> VariableSpecification? {
        if let variable = pipeline.variable(named: name) { return variable }
        let declared = pipeline.variables.map { "'\($0.name)'" }.joined(separator: ", ")
        problems.append(ValidationProblem(
            .unknownVariable, at: reader.location(of: "variableName"),
            "pipeline '\(pipeline.name)' declares no variable '\(name)'; it declares \(declared.isEmpty ? "none" : declared)"))
        return nil
    }

    private mutating func checkExecutePipeline() {
        guard let referenceValue = reader.value("pipeline") else {
            problems.append(reader.missing("pipeline"))
            return
        }
        let location = reader.location(of: "pipeline")
        guard let name = referenceValue[caseInsensitive: "referenceName"]?.stringValue else {
            problems.append(ValidationProblem(
                .missingProperty, at: location.member("referenceName"),
                "ExecutePipeline needs pipeline.referenceName, the name of the pipeline to run"))
            return
        }
        guard let child = factory.pipeline(named: name) else {
            let available = factory.pipelines.map { "'\($0.name)'" }.joined(separator: ", ")
            problems.append(ValidationProblem(
                .unknownPipeline, at: location.member("referenceName"),
                TemplateParameterName.hint(for: name, kind: "pipeline")
                    ?? "there is no pipeline named '\(name)' to execute; the factory has \(available)",
                resource: ResourceKey(.pipeline, name)))
            return
        }
        let supplied = reader.objectValue("parameters", problems: &problems) ?? [:]
        problems += ParameterBinding.bind(
            child.parameters, owner: .pipeline(child.name), supplied: supplied,
            suppliedLocation: reader.location(of: "parameters"), rules: .executePipeline
        ).problems
        _ = reader.bool("waitOnCompletion", problems: &problems)
    }
}
