/// Warns about activities that reach a linked service of a type their plugin cannot reach: a
/// Copy whose sink dataset sits on Snowflake, a Lookup on SQL Server. ADF accepts such pipelines,
/// so they are warnings; the activity fails when it runs, and pipelines that never reach it run.
///
/// Only activity types whose plugin declares the types it reaches (ABI 1.1
/// `linked_service_types`) are checked. An activity reaches its own `linkedServiceName`, the
/// linked services named in its `typeProperties`, and those of the datasets it names (inputs,
/// outputs, and dataset references in `typeProperties`).
enum LinkedServiceReach {
    static func problems(
        pipelines: [Pipeline], in factory: Factory, reachable: [String: [String]]
    ) -> [ValidationProblem] {
        guard !reachable.isEmpty else { return [] }
        var problems: [ValidationProblem] = []
        for pipeline in pipelines {
            for activity in pipeline.allActivities where activity.state == .active {
                guard let types = reachable[activity.type] else { continue }
                let allowed = Set(types.map { $0.lowercased() })
                for reach in reaches(of: activity, in: factory) {
                    guard let service = factory.linkedService(named: reach.linkedService),
                        !allowed.contains(service.type.lowercased())
                    else { continue }
                    problems.append(ValidationProblem(
                        .unreachableLinkedService, at: reach.location,
                        "activity '\(activity.name)' of type \(activity.type) reaches linked service '\(service.name)'"
                            + (reach.dataset.map { " through dataset '\($0)'" } ?? "")
                            + ", of type \(service.type), which its plugin cannot reach; the activity will fail when it runs. "
                            + "The types it reaches are \(types.joined(separator: ", "))",
                        severity: .warning, resource: ResourceKey(.pipeline, pipeline.name)))
                }
            }
        }
        return problems
    }

    /// One linked service an activity reaches, and where the activity names it (or its dataset).
    struct Reach {
        var linkedService: String
        var dataset: String?
        var location: SourceLocation
    }

    static func reaches(of activity: Activity, in factory: Factory) -> [Reach] {
        var found: [Reach] = []
        if let service = activity.linkedServiceName {
            found.append(Reach(linkedService: service.referenceName, location: service.location))
        }
        func viaDataset(_ name: String, at location: SourceLocation) {
            guard let service = factory.dataset(named: name)?.linkedServiceName else { return }
            found.append(Reach(linkedService: service.referenceName, dataset: name, location: location))
        }
        for reference in activity.inputs + activity.outputs { viaDataset(reference.referenceName, at: reference.location) }
        for reference in activity.typeProperties.embeddedReferences(at: activity.location.member("typeProperties"))
        where !reference.isKeyVaultStore {
            switch reference.kind {
            case .dataset: viaDataset(reference.referenceName, at: reference.location)
            case .linkedService: found.append(Reach(linkedService: reference.referenceName, location: reference.location))
            default: continue
            }
        }
        return found
    }
}
