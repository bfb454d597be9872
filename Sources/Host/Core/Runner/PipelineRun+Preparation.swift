import PipehostJSON
import PipelineExpressions
import PipelineModel

/// One attempt, ready to hand to its executor.
final class PreparedAttempt: Sendable {
    let executor: any ActivityExecutor
    let invocation: ActivityInvocation
    /// The input as run records show it: scrubbed, or the secureInput placeholder.
    let recordedInput: JSONValue
    let userProperties: JSONObject
    let timeout: TimeSpan
    let retries: Int
    let retryIntervalInSeconds: Int
    let secureOutput: Bool

    init(
        executor: any ActivityExecutor, invocation: ActivityInvocation, recordedInput: JSONValue, userProperties: JSONObject,
        timeout: TimeSpan, retries: Int, retryIntervalInSeconds: Int, secureOutput: Bool
    ) {
        self.executor = executor
        self.invocation = invocation
        self.recordedInput = recordedInput
        self.userProperties = userProperties
        self.timeout = timeout
        self.retries = retries
        self.retryIntervalInSeconds = retryIntervalInSeconds
        self.secureOutput = secureOutput
    }
}

extension PipelineRun {
    /// Evaluates an activity's expressions against the run as it is now and resolves its linked
    /// services and datasets. Control activities keep their nested activities (and per-iteration
    /// expressions) unevaluated: they evaluate those themselves, each time.
    func prepare(
        _ entry: PlannedActivity, frame: ScopeFrame, activityRunId: String, attempt: Int
    ) -> Result<PreparedAttempt, ActivityError> {
        guard let executor = entry.executor else {
            let known = environment.registry.typeNames.joined(separator: ", ")
            let unavailable = UnavailablePlugin.explanation(
                forType: entry.activity.type, environment.registry.unavailablePlugins)
            return .failure(ActivityError(
                errorCode: ActivityErrorCode.activityTypeNotSupported,
                message: "No built-in activity or loaded plugin implements type '\(entry.activity.type)'. Known types: \(known)."
                    + (unavailable.isEmpty ? "" : " " + unavailable),
                failureType: .userError))
        }
        do {
            return .success(try prepareAttempt(
                entry, executor: executor, frame: frame, activityRunId: activityRunId, attempt: attempt))
        } catch {
            return .failure(environment.redactor.scrub(error))
        }
    }

    private func prepareAttempt(
        _ entry: PlannedActivity, executor: any ActivityExecutor, frame: ScopeFrame, activityRunId: String,
        attempt: Int
    ) throws(ActivityError) -> PreparedAttempt {
        let activity = entry.activity
        var lazyScope: EvaluationScope?
        func scope() -> EvaluationScope {
            if let lazyScope { return lazyScope }
            let made = evaluationScope(for: frame)
            lazyScope = made
            return made
        }
        func evaluate(_ value: JSONValue, _ path: String) throws(ActivityError) -> JSONValue {
            guard JSONTemplate.containsExpressions(value) else { return value }
            do {
                return try JSONTemplate.evaluate(value, in: scope(), cache: environment.expressions, path: path)
            } catch {
                throw ActivityError(errorCode: ActivityErrorCode.invalidTemplate, message: "\(error)")
            }
        }

        let input = entry.hasExpressions ? try evaluate(entry.evaluatedProperties, "typeProperties") : entry.evaluatedProperties
        var userPropertiesRecord = JSONObject()
        var userPropertiesList: [JSONValue] = []
        for property in activity.userProperties {
            let value = try evaluate(property.value, "userProperties.\(property.name)")
            userPropertiesRecord[property.name] = value
            userPropertiesList.append(["name": .string(property.name), "value": value])
        }

        let policy = activity.policy
        let timeout = try setting(policy.timeout, ActivityPolicy.timeoutSetting.property, of: activity.name, evaluate) {
            ActivityPolicy.timeoutSetting.read($0)
        }
        let retries = try setting(policy.retry, ActivityPolicy.retrySetting.property, of: activity.name, evaluate) {
            ActivityPolicy.retrySetting.read($0).map { Int($0) }
        }
        let interval = try setting(policy.retryIntervalInSeconds, ActivityPolicy.retryIntervalSetting.property, of: activity.name, evaluate) {
            ActivityPolicy.retryIntervalSetting.read($0).map { Int($0) }
        }

        var linkedService: ResolvedLinkedService?
        var linkedServices: [String: ResolvedLinkedService] = [:]
        var datasets: [String: JSONValue] = [:]
        if let reference = activity.linkedServiceName {
            let parameters = try evaluate(.object(reference.parameters), "linkedServiceName.parameters")
            linkedService = try environment.resolver.linkedService(
                named: reference.referenceName, parameters: parameters.objectValue ?? [:], for: activity.name)
        }
        // The linked services the activity's own linked service names (an HDInsight cluster's
        // storage, say), one level deep: the plugin reaches them as the activity's own references.
        var references = linkedService.map {
            $0.typeProperties.embeddedReferences(at: SourceLocation(file: "", jsonPath: "linkedService.typeProperties"))
                .filter { $0.kind == .linkedService }
        } ?? []
        references += input.embeddedReferences(at: SourceLocation(file: "", jsonPath: "typeProperties"))
        for reference in references where !reference.isKeyVaultStore {
            switch reference.kind {
            case .linkedService where linkedServices[reference.referenceName] == nil:
                linkedServices[reference.referenceName] = try environment.resolver.linkedService(
                    named: reference.referenceName, parameters: reference.parameters, for: activity.name)
            case .dataset where datasets[reference.referenceName] == nil:
                let (json, service) = try environment.resolver.dataset(
                    named: reference.referenceName, parameters: reference.parameters, for: activity.name)
                datasets[reference.referenceName] = json
                if let service, linkedServices[service.name] == nil { linkedServices[service.name] = service }
            default:
                continue
            }
        }
        /// The `inputs` or `outputs` references resolved in order; each is also kept by name.
        func resolved(_ references: [DatasetReference], _ role: String) throws(ActivityError) -> [JSONValue] {
            var list: [JSONValue] = []
            for (index, reference) in references.enumerated() {
                let parameters = try evaluate(.object(reference.parameters), "\(role)[\(index)].parameters")
                let (json, service) = try environment.resolver.dataset(
                    named: reference.referenceName, parameters: parameters.objectValue ?? [:], for: activity.name)
                list.append(json)
                if datasets[reference.referenceName] == nil { datasets[reference.referenceName] = json }
                if let service, linkedServices[service.name] == nil { linkedServices[service.name] = service }
            }
            return list
        }
        let inputs = try resolved(activity.inputs, "inputs")
        let outputs = try resolved(activity.outputs, "outputs")
        let dataFlow = try resolveDataFlow(in: input, for: activity.name, evaluate: evaluate)

        let invocation = ActivityInvocation(
            activityName: activity.name, activityType: activity.type, description: activity.description,
            typeProperties: input,
            policy: entry.literalPolicy ?? ActivityPolicy(
                timeout: .value(timeout), retry: .value(retries), retryIntervalInSeconds: .value(interval),
                secureInput: policy.secureInput, secureOutput: policy.secureOutput
            ).json,
            userProperties: .array(userPropertiesList), linkedService: linkedService, linkedServices: linkedServices,
            datasets: datasets, inputs: inputs, outputs: outputs, dataFlow: dataFlow,
            run: RunIdentifiers(
                dataFactory: environment.factory.name, pipelineName: pipeline.name, pipelineRunId: runId,
                activityRunId: activityRunId, attempt: attempt,
                triggerType: system["TriggerType"]?.stringValue ?? "Manual",
                triggerTime: system["TriggerTime"]?.stringValue ?? "", groupId: system["GroupId"]?.stringValue ?? runId))
        return PreparedAttempt(
            executor: executor, invocation: invocation,
            recordedInput: policy.secureInput ? SecurePlaceholder.input : environment.redactor.scrub(input),
            userProperties: environment.redactor.scrub(.object(userPropertiesRecord)).objectValue ?? [:],
            timeout: timeout, retries: retries, retryIntervalInSeconds: interval,
            secureOutput: policy.secureOutput)
    }

    /// A policy value as written, or its expression evaluated and checked against what ADF allows.
    private func setting<Value>(
        _ setting: PolicySetting<Value>, _ property: String, of activity: String,
        _ evaluate: (JSONValue, String) throws(ActivityError) -> JSONValue,
        read: (JSONValue) -> Result<Value, SettingProblem>
    ) throws(ActivityError) -> Value {
        switch setting {
        case .value(let value): return value
        case .expression(let expression):
            switch read(try evaluate(expression, property)) {
            case .success(let value): return value
            case .failure(let problem): throw ActivityError(invalidSetting: problem, of: activity)
            }
        }
    }
}
