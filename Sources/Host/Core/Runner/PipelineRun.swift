import Foundation
import PipehostJSON
import PipelineExpressions
import PipelineModel
import PipelineScheduler

/// One pipeline run in progress: the actor that owns the run's state (parameters, variables,
/// return value, record) and drives the scheduler of every container of the run.
///
/// Activities run as child tasks that hop onto this actor to prepare and record, and leave it
/// while their executor works; nothing here blocks a thread.
actor PipelineRun {
    /// Who started a run.
    enum Invocation: Sendable {
        case topLevel
        /// `depth` counts the runs above this one: 1 for a child of a top-level run.
        case child(parentPipeline: String, parentRunId: String, parentActivityRunId: String, groupId: String, depth: Int)

        var depth: Int {
            if case .child(_, _, _, _, let depth) = self { return depth }
            return 0
        }
    }

    /// How a run ended, with the activity that made it fail.
    struct Outcome: Sendable {
        var record: PipelineRunRecord
        var failedActivity: String?
        var error: ActivityError?
    }

    let environment: RunEnvironment
    let pipeline: Pipeline
    let runId: String
    /// How many runs started this one through ExecutePipeline: 0 for a top-level run.
    let nestingDepth: Int

    /// Runs on the engine's thread, with the attempt tasks it starts.
    nonisolated var unownedExecutor: UnownedSerialExecutor { RunExecutor.shared.asUnownedSerialExecutor() }
    /// Bound parameter values, secrets in clear: only expressions see them.
    let parameters: JSONObject
    let system: JSONObject
    let definition: RunDefinition
    /// The earlier run this one resumes, if any.
    let snapshot: RunSnapshot?
    let rootFrame: ScopeFrame
    var variables: JSONObject
    var returnValue: JSONObject?
    var record: PipelineRunRecord

    private init(
        environment: RunEnvironment, pipeline: Pipeline, runId: String, nestingDepth: Int, parameters: JSONObject,
        system: JSONObject, definition: RunDefinition, snapshot: RunSnapshot?, variables: JSONObject, record: PipelineRunRecord
    ) {
        self.environment = environment
        self.pipeline = pipeline
        self.runId = runId
        self.nestingDepth = nestingDepth
        self.parameters = parameters
        self.system = system
        self.definition = definition
        self.snapshot = snapshot
        self.rootFrame = ScopeFrame(path: "", parent: nil, item: nil)
        self.variables = variables
        self.record = record
    }

    /// Binds parameters and prepares a new run; throws when the parameters do not fit.
    static func start(
        pipeline: Pipeline, parameters supplied: JSONObject, parametersLocation: SourceLocation,
        invocation: Invocation, environment: RunEnvironment
    ) throws(RunStartError) -> PipelineRun {
        let parameters = try bind(
            pipeline: pipeline, supplied: supplied, location: parametersLocation,
            rules: invocation.depth == 0 ? .runStart : .childRun, environment: environment)
        let runId = environment.newIdentifier()
        var variables = JSONObject()
        for variable in pipeline.variables { variables[variable.name] = variable.initialValue }
        let (system, invokedBy, groupId) = identity(
            pipeline: pipeline, runId: runId, invocation: invocation, environment: environment)
        let definition: RunDefinition
        if case .child(_, let parentRunId, let parentActivityRunId, _, _) = invocation {
            definition = RunDefinition(
                parameters: environment.redactor.scrub(.object(parameters)).objectValue ?? [:],
                parentRunId: parentRunId, parentActivityRunId: parentActivityRunId)
        } else {
            definition = RunDefinition(parameters: environment.redactor.scrub(.object(parameters)).objectValue ?? [:])
        }
        let record = PipelineRunRecord(
            runId: runId, runGroupId: groupId, pipelineName: pipeline.name,
            parameters: recordParameters(parameters, environment: environment), invokedBy: invokedBy,
            status: .queued, annotations: pipeline.annotations)
        return PipelineRun(
            environment: environment, pipeline: pipeline, runId: runId, nestingDepth: invocation.depth, parameters: parameters,
            system: system, definition: definition, snapshot: nil, variables: variables, record: record)
    }

    /// Prepares to continue an earlier run from its snapshot, under the same run id.
    static func resume(
        pipeline: Pipeline, snapshot: RunSnapshot, parameters overrides: JSONObject, environment: RunEnvironment
    ) throws(RunStartError) -> PipelineRun {
        var supplied = snapshot.definition.parameters
        for member in overrides { supplied[member.key] = member.value }
        let parameters = try bind(
            pipeline: pipeline, supplied: supplied, location: SourceLocation(file: "<resume>", jsonPath: "parameters"),
            rules: snapshot.definition.parentRunId == nil ? .runStart : .childRun, environment: environment)
        let runId = snapshot.pipelineRun.runId
        let invocation: Invocation = snapshot.definition.parentRunId.map {
            .child(
                parentPipeline: snapshot.pipelineRun.invokedBy.pipelineName ?? "", parentRunId: $0,
                parentActivityRunId: snapshot.definition.parentActivityRunId ?? "", groupId: snapshot.pipelineRun.runGroupId,
                depth: 1)
        } ?? .topLevel
        let (system, _, _) = identity(pipeline: pipeline, runId: runId, invocation: invocation, environment: environment)
        var variables = JSONObject()
        for variable in pipeline.variables {
            variables[variable.name] = snapshot.variables[variable.name] ?? variable.initialValue
        }
        var record = snapshot.pipelineRun
        record.status = .queued
        record.runEnd = nil
        record.message = ""
        return PipelineRun(
            environment: environment, pipeline: pipeline, runId: runId, nestingDepth: invocation.depth, parameters: parameters,
            system: system, definition: snapshot.definition, snapshot: snapshot, variables: variables, record: record)
    }

    /// Binds the run's parameters. A top-level run with a parameter that has no default and no
    /// value does not start (ADF's createRun refuses it); a child run starts without it, as in ADF,
    /// and an expression that reads it fails its activity. Values of undeclared parameters are
    /// left out; strings are converted to the declared types (see ``ParameterBinding``).
    private static func bind(
        pipeline: Pipeline, supplied: JSONObject, location: SourceLocation, rules: BindingRules, environment: RunEnvironment
    ) throws(RunStartError) -> JSONObject {
        let (values, problems) = ParameterBinding.bind(
            pipeline.parameters, owner: .pipeline(pipeline.name), supplied: supplied, suppliedLocation: location,
            rules: rules)
        // Register secure values before any message could repeat them.
        for specification in pipeline.parameters where specification.type.isSecret {
            if let secret = (supplied[specification.name] ?? specification.defaultValue)?.stringValue {
                environment.redactor.register(secret)
            }
        }
        if problems.containsErrors {
            throw .invalidParameters(problems.map { problem in
                var scrubbed = problem
                scrubbed.message = environment.redactor.scrub(problem.message)
                return scrubbed
            })
        }
        return values
    }

    private static func identity(
        pipeline: Pipeline, runId: String, invocation: Invocation, environment: RunEnvironment
    ) -> (system: JSONObject, invokedBy: PipelineRunRecord.InvokedBy, groupId: String) {
        let triggerTime = JSONValue.string(RunTimestamp.format(environment.now))
        var system: JSONObject = [
            "DataFactory": .string(environment.factory.name), "Pipeline": .string(pipeline.name),
            "RunId": .string(runId), "TriggerTime": triggerTime,
        ]
        switch invocation {
        case .topLevel:
            let triggerId = environment.newIdentifier()
            system["TriggerType"] = .string(environment.options.triggerType)
            system["TriggerId"] = .string(triggerId)
            system["TriggerName"] = .string(environment.options.triggerName)
            system["GroupId"] = .string(runId)
            system["TriggeredByPipelineName"] = .null
            system["TriggeredByPipelineRunId"] = .null
            let invokedBy = PipelineRunRecord.InvokedBy(
                id: triggerId, name: environment.options.triggerName, invokedByType: environment.options.triggerType)
            return (system, invokedBy, runId)
        case .child(let parentPipeline, let parentRunId, let parentActivityRunId, let groupId, _):
            system["TriggerType"] = "PipelineActivity"
            system["TriggerId"] = .string(parentActivityRunId)
            system["TriggerName"] = .string(parentRunId)
            system["GroupId"] = .string(groupId)
            system["TriggeredByPipelineName"] = .string(parentPipeline)
            system["TriggeredByPipelineRunId"] = .string(parentRunId)
            let invokedBy = PipelineRunRecord.InvokedBy(
                id: parentActivityRunId, name: parentPipeline, invokedByType: "PipelineActivity",
                pipelineName: parentPipeline, pipelineRunId: parentRunId)
            return (system, invokedBy, groupId)
        }
    }

    private static func recordParameters(_ parameters: JSONObject, environment: RunEnvironment) -> JSONObject {
        var result = JSONObject()
        for member in parameters {
            result[member.key] = environment.redactor.scrub(PipelineRunRecord.recordForm(member.value))
        }
        return result
    }

    // MARK: Running

    /// Runs the pipeline's activities to the end and records the outcome.
    func execute() async -> Outcome {
        record.status = .inProgress
        record.runStart = environment.now
        await environment.observe(.runStarted(record, definition: definition))

        let result: ContainerRunResult
        do {
            let plan = try environment.plan(for: pipeline.activities, pipeline: pipeline.name, key: "")
            result = await runContainer(plan, frame: rootFrame)
        } catch {
            result = ContainerRunResult(
                status: .failed, failedActivity: pipeline.name,
                error: ActivityError(
                    errorCode: ActivityErrorCode.invalidPipeline,
                    message: "The pipeline cannot be scheduled: \(error)"))
        }

        record.runEnd = environment.now
        record.variables = environment.redactor.scrub(.object(variables)).objectValue ?? [:]
        record.pipelineReturnValue = returnValue.flatMap { environment.redactor.scrub(.object($0)).objectValue }
        var outcome = Outcome(record: record)
        switch result.status {
        case _ where Task.isCancelled, .cancelled:
            record.status = .cancelled
            record.message = "The pipeline run was cancelled."
        case .succeeded:
            record.status = .succeeded
            record.message = ""
        case .failed:
            record.status = .failed
            let target = result.failedActivity ?? pipeline.name
            let message = result.error?.message ?? "the activity failed"
            record.message = environment.redactor.scrub("Operation on target \(target) failed: \(message)")
            outcome.failedActivity = target
            outcome.error = result.error.map { environment.redactor.scrub($0) }
        }
        outcome.record = record
        await environment.observe(.runFinished(record))
        return outcome
    }

    // MARK: State for control activities

    /// The scope expressions of an activity in `frame` see, with `item` overriding the frame's item.
    func evaluationScope(for frame: ScopeFrame, item: JSONValue? = nil) -> EvaluationScope {
        var scope = EvaluationScope()
        scope.parameters = parameters
        scope.globalParameters = environment.globalParameters
        scope.system = system
        scope.variables = variables
        scope.activity = { [frame] name in frame.result(named: name) }
        scope.item = item ?? frame.item
        scope.trigger = ["name": system["TriggerName"] ?? .null, "startTime": system["TriggerTime"] ?? .null]
        scope.environment = environment.options.expressionEnvironment
        return scope
    }

    func setVariable(_ name: String, to value: JSONValue, by activity: String) async throws(ActivityError) {
        guard let specification = pipeline.variable(named: name) else {
            throw ActivityError(
                errorCode: ActivityErrorCode.variableNotFound,
                message: "The variable '\(name)' used by activity '\(activity)' is not declared in pipeline '\(pipeline.name)'.")
        }
        try Self.requireStorableDepth(value, variable: name, activity: activity)
        guard specification.type.accepts(value) else {
            throw ActivityError(
                errorCode: ActivityErrorCode.invalidVariableType,
                message: "The variable '\(name)' of type '\(specification.type.rawValue)' cannot be updated with value of type '\(value.typeName)'. The variable '\(name)' only supports values of type '\(specification.type.rawValue)'.")
        }
        // Stored under the declared spelling: variableName may differ from it in case, as in ADF.
        variables[specification.name] = value
        await environment.observe(.variableChanged(
            pipelineRunId: runId, name: specification.name, value: environment.redactor.scrub(value)))
    }

    func appendVariable(_ name: String, value: JSONValue, by activity: String) async throws(ActivityError) {
        guard let specification = pipeline.variable(named: name) else {
            throw ActivityError(
                errorCode: ActivityErrorCode.variableNotFound,
                message: "The variable '\(name)' used by activity '\(activity)' is not declared in pipeline '\(pipeline.name)'.")
        }
        guard specification.type == .array, case .array(var elements) = variables[specification.name] ?? .array([]) else {
            throw ActivityError(
                errorCode: ActivityErrorCode.invalidVariableType,
                message: "AppendVariable '\(activity)' can only append to an Array variable; '\(name)' is \(specification.type.rawValue).")
        }
        try Self.requireStorableDepth(.array([value]), variable: name, activity: activity)
        elements.append(value)
        variables[specification.name] = .array(elements)
        await environment.observe(.variableChanged(
            pipelineRunId: runId, name: specification.name, value: environment.redactor.scrub(.array(elements))))
    }

    func setReturnValue(_ value: JSONObject) async {
        returnValue = value
        await environment.observe(.variableChanged(
            pipelineRunId: runId, name: "pipelineReturnValue", value: environment.redactor.scrub(.object(value))))
    }

    /// A variable keeps values that JSON read back could hold (`JSONParser.maximumDepth` levels):
    /// a loop that wraps a value in itself would otherwise build values too deep for any walk over
    /// them (records, scrubbing, serialising) to finish.
    static func requireStorableDepth(_ value: JSONValue, variable: String, activity: String) throws(ActivityError) {
        guard value.nests(deeperThan: JSONParser.maximumDepth) else { return }
        throw ActivityError(
            errorCode: ActivityErrorCode.variableValueTooDeep,
            message: "Activity '\(activity)' would set variable '\(variable)' to a value whose arrays and objects nest more than "
                + "\(JSONParser.maximumDepth) levels deep; pipehost keeps values only as deep as JSON it reads. Flatten the value.")
    }
}
