import Foundation
import PipehostJSON
import PipelineExpressions
import PipelineModel
import PipelineScheduler
import Synchronization

/// What every run of one `PipelineRunner` shares, parent and ExecutePipeline children alike: the
/// factory, the executors, the observer, the redactor that knows every secret resolved so far,
/// compiled expressions and container plans.
final class RunEnvironment: Sendable {
    let factory: Factory
    let registry: ActivityRegistry
    let options: RunOptions
    let observer: any RunObserver
    let redactor: SecretRedactor
    let expressions: ExpressionCache
    let resolver: ResourceResolver
    let globalParameters: JSONObject
    /// The timeouts of every attempt in flight.
    let deadlines = AttemptDeadlines()
    private let plans = Mutex<[String: ContainerPlan]>([:])
    private let detached = Mutex<[Task<Void, Never>]>([])

    init(factory: Factory, registry: ActivityRegistry, options: RunOptions, observer: any RunObserver, redactor: SecretRedactor) {
        self.factory = factory
        self.registry = registry
        self.options = options
        self.observer = observer
        self.redactor = redactor
        self.expressions = ExpressionCache()
        self.globalParameters = options.globalParameters ?? factory.globalParameters
        self.resolver = ResourceResolver(
            factory: factory, secrets: options.secretProvider, redactor: redactor, cache: expressions,
            globalParameters: globalParameters)
        SecureStringValues.register(in: factory, with: redactor)
    }

    /// The plan of a container, built once per definition (a ForEach body runs as often as it has
    /// items but is planned once). Keyed by pipeline and the container's JSON path.
    func plan(for activities: [Activity], pipeline: String, key: String) throws(DependencyGraph.GraphError) -> ContainerPlan {
        let cacheKey = pipeline + "|" + key
        if let plan = plans.withLock({ $0[cacheKey] }) { return plan }
        let graph = try DependencyGraph(activities: activities)
        let plan = ContainerPlan(activities: activities, graph: graph, registry: registry)
        plans.withLock { $0[cacheKey] = plan }
        return plan
    }

    /// Keeps a child run started with `waitOnCompletion: false`, so the top-level run can wait for
    /// it (or cancel it) before it returns.
    func track(_ task: Task<Void, Never>) {
        detached.withLock { $0.append(task) }
    }

    /// Waits for every detached child run, including ones started while waiting.
    func waitForDetachedRuns() async {
        while true {
            let tasks = detached.withLock { tasks in
                let current = tasks
                tasks.removeAll()
                return current
            }
            guard !tasks.isEmpty else { return }
            for task in tasks { await task.value }
        }
    }

    func cancelDetachedRuns() {
        for task in detached.withLock({ $0 }) { task.cancel() }
    }

    nonisolated(nonsending) func observe(_ event: RunEvent) async {
        await observer.record(event)
    }

    var now: Date { options.now() }

    func newIdentifier() -> String { options.newIdentifier() }
}

/// A container of activities ready to schedule: its graph, and what each activity needs every
/// time it runs, worked out once (a ForEach body runs as often as it has items).
final class ContainerPlan: Sendable {
    let activities: [Activity]
    let graph: DependencyGraph
    let entries: [PlannedActivity]

    init(activities: [Activity], graph: DependencyGraph, registry: ActivityRegistry) {
        self.activities = activities
        self.graph = graph
        // Types and policies repeat across activities: look each up, and write each out, once.
        var executors: [String: ((any ActivityExecutor)?, (any ControlActivityExecutor)?)] = [:]
        var policies: [ActivityPolicy: JSONValue] = [:]
        self.entries = activities.map { activity in
            let (executor, control) = executors[activity.type] ?? {
                let found = registry.executor(for: activity.type)
                let entry = (found, found as? any ControlActivityExecutor)
                executors[activity.type] = entry
                return entry
            }()
            return PlannedActivity(activity, executor: executor, control: control, policyJSON: { policy in
                if let json = policies[policy] { return json }
                let json = policy.json
                policies[policy] = json
                return json
            })
        }
    }
}

/// One activity of a plan. A class, so that attempts refer to it instead of copying it.
final class PlannedActivity: Sendable {
    let activity: Activity
    let executor: (any ActivityExecutor)?
    /// The executor as a control activity, when it is one.
    let control: (any ControlActivityExecutor)?
    /// The typeProperties to evaluate before the activity runs: without the members a control
    /// activity evaluates itself.
    let evaluatedProperties: JSONValue
    /// Whether those typeProperties hold any expression at all.
    let hasExpressions: Bool
    /// The policy as JSON, when none of its settings is an expression.
    let literalPolicy: JSONValue?

    init(
        _ activity: Activity, executor: (any ActivityExecutor)?, control: (any ControlActivityExecutor)?,
        policyJSON: (ActivityPolicy) -> JSONValue
    ) {
        self.activity = activity
        self.executor = executor
        self.control = control
        var typeProperties = activity.typeProperties
        if let deferred = control?.deferredProperties, !deferred.isEmpty, case .object(let object) = typeProperties {
            typeProperties = .object(JSONObject(uniqueMembers: object.members.filter { member in
                !deferred.contains { asciiCaseInsensitiveEquals($0, member.key) }
            }))
        }
        evaluatedProperties = typeProperties
        hasExpressions = JSONTemplate.containsExpressions(typeProperties)
        let policy = activity.policy
        let isLiteral = policy.timeout.literal != nil && policy.retry.literal != nil && policy.retryIntervalInSeconds.literal != nil
        literalPolicy = isLiteral ? policyJSON(policy) : nil
    }
}
