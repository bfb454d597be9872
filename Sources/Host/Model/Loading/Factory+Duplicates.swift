/// Adding resources while loading, with the duplicate-name problem ADF would report.
extension Factory {
    /// Adds a pipeline, reporting a problem when its name is taken.
    mutating func add(_ pipeline: Pipeline, reportingDuplicatesIn problems: inout [ValidationProblem]) {
        if let existing = add(pipeline) {
            problems.append(Factory.duplicate("pipeline", pipeline.name, pipeline.location, existing.location))
        }
    }

    /// The problem of a second resource with a name already taken.
    static func duplicate(_ kind: String, _ name: String, _ location: SourceLocation, _ first: SourceLocation) -> ValidationProblem {
        ValidationProblem(
            .duplicateName, at: location,
            "a \(kind) named '\(name)' is already defined in \(first.file) at \(first.jsonPath); rename one of them")
    }
}
