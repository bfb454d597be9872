import HostCore
import PipehostJSON
import PipelineModel

/// The pipelines the engine benchmark runs, built in memory: every activity is a no-op.
enum PipelineShape: String, CaseIterable {
    /// N activities, each depending on the previous one.
    case chain
    /// Stages of 1,000 parallel activities, each stage joined by one activity the next stage depends on.
    case fanout
    /// One ForEach over N items with batchCount 50, running one no-op per item.
    case foreach

    static let fanOutWidth = 1_000

    func pipeline(activities count: Int, type: String) -> Pipeline {
        let location = SourceLocation(file: "<benchmark>")
        func activity(_ name: String, after upstream: [String] = []) -> Activity {
            Activity(
                name: name, type: type,
                dependsOn: upstream.map { ActivityDependency(activity: $0, conditions: [.succeeded], location: location) },
                location: location)
        }
        var activities: [Activity] = []
        switch self {
        case .chain:
            activities.reserveCapacity(count)
            for index in 0..<count {
                activities.append(activity("a\(index)", after: index == 0 ? [] : ["a\(index - 1)"]))
            }
        case .fanout:
            // Each stage: `width` activities after the previous join, then one join after all of them.
            var previousJoin: String?
            var index = 0
            while activities.count < count {
                let width = min(Self.fanOutWidth, count - activities.count - 1)
                guard width > 0 else { break }
                var stage: [String] = []
                for _ in 0..<width {
                    let name = "a\(index)"
                    index += 1
                    activities.append(activity(name, after: previousJoin.map { [$0] } ?? []))
                    stage.append(name)
                }
                let join = "join\(index)"
                index += 1
                activities.append(activity(join, after: stage))
                previousJoin = join
            }
        case .foreach:
            activities.append(Activity(
                name: "Loop", type: "ForEach",
                typeProperties: ["items": .string("@range(0, \(count))"), "batchCount": 50],
                containers: [ActivityContainer(key: "activities", activities: [activity("Process")], location: location)],
                location: location))
        }
        return Pipeline(name: rawValue, activities: activities, location: location)
    }
}
