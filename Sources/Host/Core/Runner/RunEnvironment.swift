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
    let executors: [(any ActivityExecutor)?]
    /// The typeProperties to evaluate before the activity runs: without the members a control
    /// activity evaluates itself.
    let evaluatedProperties: [JSONValue]
    /// Whether those typeProperties hold any expression at all.
    let hasExpressions: [Bool]
    /// The policy as JSON, when none of its settings is an expression.
    let literalPolicy: [JSONValue?]

    init(activities: [Activity], graph: DependencyGraph, registry: ActivityRegistry) {
        self.activities = activities
        self.graph = graph
        let executors = activities.map { registry.executor(for: $0.type) }
        self.executors = executors
        var evaluated: [JSONValue] = []
        var literalPolicy: [JSONValue?] = []
        for (activity, executor) in zip(activities, executors) {
            let deferred = (executor as? any ControlActivityExecutor)?.deferredProperties ?? []
            var typeProperties = activity.typeProperties
            if !deferred.isEmpty, case .object(let object) = typeProperties {
                typeProperties = .object(JSONObject(uniqueMembers: object.members.filter { member in
                    !deferred.contains { asciiCaseInsensitiveEquals($0, member.key) }
                }))
            }
            evaluated.append(typeProperties)
            let policy = activity.policy
            let isLiteral = policy.timeout.literal != nil && policy.retry.literal != nil
                && policy.retryIntervalInSeconds.literal != nil
            literalPolicy.append(isLiteral ? policy.json : nil)
        }
        self.evaluatedProperties = evaluated
        self.hasExpressions = evaluated.map { JSONTemplate.containsExpressions($0) }
        self.literalPolicy = literalPolicy
    }
}
