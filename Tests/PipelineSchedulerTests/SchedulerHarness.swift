import PipelineModel
import PipelineScheduler

/// Builds graphs from a compact notation and drives a scheduler to the end, so that tests state
/// only the shape, the results of executed activities, and the expected statuses.
struct SchedulerHarness {
    /// One node: `name`, its dependency entries `(upstream, conditions)`, and an inactive mark.
    struct Spec {
        var name: String
        var dependsOn: [(String, [DependencyCondition])]
        var inactive: DependencyOutcome?

        init(_ name: String, _ dependsOn: [(String, [DependencyCondition])] = [], inactive: DependencyOutcome? = nil) {
            self.name = name
            self.dependsOn = dependsOn
            self.inactive = inactive
        }
    }

    let names: [String]
    let graph: DependencyGraph

    init(_ specs: [Spec]) throws {
        names = specs.map(\.name)
        let index = Dictionary(uniqueKeysWithValues: specs.enumerated().map { ($1.name, $0) })
        graph = try DependencyGraph(nodes: specs.map { spec in
            DependencyGraph.Node(
                name: spec.name,
                dependencies: spec.dependsOn.map { DependencyGraph.Dependency(upstream: index[$0.0] ?? -1, conditions: $0.1) },
                inactiveMark: spec.inactive)
        })
    }

    struct Run {
        var statuses: [String: NodeStatus] = [:]
        /// Every step in the order the scheduler handed it out, e.g. `execute A`, `skip B`.
        var steps: [String] = []
        var outcome: ContainerOutcome = .succeeded
        var failedNames: [String] = []
        var isFinished = false
    }

    /// Runs to the end; executed activities end as `results[name]` (default Succeeded). Ready
    /// activities complete one at a time in the order handed out.
    func run(_ results: [String: NodeStatus] = [:], scheduler initial: RunScheduler? = nil) -> Run {
        var scheduler = initial ?? RunScheduler(graph: graph)
        var run = Run()
        var inFlight: [Int] = []
        while true {
            for step in scheduler.nextReady() {
                switch step {
                case .execute(let node):
                    run.steps.append("execute \(names[node])")
                    inFlight.append(node)
                case .skip(let node):
                    run.steps.append("skip \(names[node])")
                case .markInactive(let node, let mark):
                    run.steps.append("inactive \(names[node]) as \(mark.rawValue)")
                }
            }
            guard !inFlight.isEmpty else { break }
            let node = inFlight.removeFirst()
            scheduler.complete(node, as: results[names[node]] ?? .succeeded)
        }
        for node in names.indices {
            if let status = scheduler.status(of: node) { run.statuses[names[node]] = status }
        }
        run.outcome = scheduler.outcome()
        if case .failed(let nodes) = run.outcome { run.failedNames = nodes.map { names[$0] } }
        run.isFinished = scheduler.isFinished
        return run
    }
}

