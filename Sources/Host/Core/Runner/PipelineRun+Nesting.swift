import PipehostJSON
import PipelineExpressions
import PipelineModel
import PipelineScheduler

extension PipelineRun {
    /// Evaluates a value in a frame's scope for a control activity.
    func evaluate(_ value: JSONValue, frame: ScopeFrame, item: JSONValue?, path: String) throws(ActivityError) -> JSONValue {
        do {
            return try JSONTemplate.evaluate(
                value, in: evaluationScope(for: frame, item: item), cache: environment.expressions, path: path)
        } catch {
            throw environment.redactor.scrub(ActivityError(
                errorCode: ActivityErrorCode.invalidTemplate, message: "\(error)"))
        }
    }

    /// Runs a control activity's nested container in a new frame below `parent`.
    func runNested(_ container: ActivityContainer, in parent: ScopeFrame, label: String, item: JSONValue?) async -> ContainerRunResult {
        let nested = NestedActivities(container: container, plan: try? environment.plan(
            for: container.activities, pipeline: pipeline.name, key: container.location.jsonPath))
        return await runNested(nested, in: parent, label: label, item: item)
    }

    func runNested(_ nested: NestedActivities, in parent: ScopeFrame, label: String, item: JSONValue?) async -> ContainerRunResult {
        guard let plan = nested.plan else {
            return ContainerRunResult(
                status: .failed, failedActivity: label,
                error: ActivityError(
                    errorCode: ActivityErrorCode.invalidPipeline,
                    message: "The nested activities cannot be scheduled: \(Self.graphProblem(nested.container) ?? "unknown problem")"))
        }
        let frame = ScopeFrame(path: parent.childPath(label), parent: parent, item: item)
        return await runContainer(plan, frame: frame)
    }

    private static func graphProblem(_ container: ActivityContainer) -> String? {
        do {
            _ = try DependencyGraph(activities: container.activities)
            return nil
        } catch {
            return error.description
        }
    }

    /// The deepest chain of ExecutePipeline runs: a pipeline that starts itself (directly or
    /// through others) without a stopping condition would otherwise run until memory runs out.
    static let maximumNestingDepth = 100

    /// Starts a child run for ExecutePipeline and, when asked, waits for it.
    func runChild(
        named name: String, parameters: JSONObject, waitOnCompletion: Bool, activity: String, activityRunId: String
    ) async -> ChildPipelineResult {
        guard let child = environment.factory.pipeline(named: name) else {
            return ChildPipelineResult(
                pipelineName: name, runId: "", status: nil,
                error: ActivityError(
                    errorCode: ActivityErrorCode.pipelineNotFound,
                    message: "The pipeline '\(name)' to execute does not exist in the factory."))
        }
        guard nestingDepth < Self.maximumNestingDepth else {
            return ChildPipelineResult(
                pipelineName: child.name, runId: "", status: nil,
                error: ActivityError(
                    errorCode: ActivityErrorCode.pipelineNestedTooDeep,
                    message: "ExecutePipeline '\(activity)' would start '\(child.name)' \(nestingDepth + 1) pipeline runs deep; "
                        + "pipehost stops at \(Self.maximumNestingDepth), because pipelines that start each other without end "
                        + "never finish. Give the recursion a condition that stops it sooner."))
        }
        let run: PipelineRun
        do {
            run = try PipelineRun.start(
                pipeline: child, parameters: parameters,
                parametersLocation: SourceLocation(file: "pipeline '\(pipeline.name)'", jsonPath: "\(activity).typeProperties.parameters"),
                invocation: .child(
                    parentPipeline: pipeline.name, parentRunId: runId, parentActivityRunId: activityRunId,
                    groupId: system["GroupId"]?.stringValue ?? runId, depth: nestingDepth + 1),
                environment: environment)
        } catch {
            return ChildPipelineResult(
                pipelineName: child.name, runId: "", status: nil,
                error: ActivityError(
                    errorCode: ActivityErrorCode.invalidParameters, message: environment.redactor.scrub("\(error)")))
        }
        let childRunId = run.runId
        guard waitOnCompletion else {
            environment.track(Task { _ = await run.execute() })
            return ChildPipelineResult(pipelineName: child.name, runId: childRunId, status: nil)
        }
        let outcome = await run.execute()
        return ChildPipelineResult(
            pipelineName: child.name, runId: childRunId, status: outcome.record.status,
            returnValue: await run.returnValue, failedActivity: outcome.failedActivity, error: outcome.error)
    }
}
