import PipehostJSON

extension Pipeline {
    /// Decodes a pipeline resource (`{"name", "properties": {"activities", …}}`), with every
    /// problem found; `pipeline` is `nil` only when not even the envelope is there.
    public static func decode(
        _ value: JSONValue, at location: SourceLocation, fallbackName: String? = nil
    ) -> (pipeline: Pipeline?, problems: [ValidationProblem]) {
        var problems: [ValidationProblem] = []
        let pipeline = ResourceDecoding.pipeline(value, at: location, fallbackName: fallbackName, problems: &problems)
        return (pipeline, problems)
    }
}

extension Activity {
    /// Decodes one activity definition, as it appears in a pipeline's `activities`.
    public static func decode(_ value: JSONValue, at location: SourceLocation) -> (activity: Activity?, problems: [ValidationProblem]) {
        var problems: [ValidationProblem] = []
        let activity = decode(value, at: location, problems: &problems)
        return (activity, problems)
    }
}

extension LinkedService {
    /// Decodes a linked service resource (`{"name", "properties": {"type", "typeProperties"}}`).
    public static func decode(
        _ value: JSONValue, at location: SourceLocation, fallbackName: String? = nil
    ) -> (linkedService: LinkedService?, problems: [ValidationProblem]) {
        var problems: [ValidationProblem] = []
        let service = ResourceDecoding.linkedService(value, at: location, fallbackName: fallbackName, problems: &problems)
        return (service, problems)
    }
}

extension Dataset {
    /// Decodes a dataset resource.
    public static func decode(
        _ value: JSONValue, at location: SourceLocation, fallbackName: String? = nil
    ) -> (dataset: Dataset?, problems: [ValidationProblem]) {
        var problems: [ValidationProblem] = []
        let dataset = ResourceDecoding.dataset(value, at: location, fallbackName: fallbackName, problems: &problems)
        return (dataset, problems)
    }
}

extension DataFlow {
    /// Decodes a data flow resource (`{"name", "properties": {"type", "typeProperties"}}`); its
    /// script is parsed by validation, not here.
    public static func decode(
        _ value: JSONValue, at location: SourceLocation, fallbackName: String? = nil
    ) -> (dataFlow: DataFlow?, problems: [ValidationProblem]) {
        var problems: [ValidationProblem] = []
        let dataFlow = ResourceDecoding.dataFlow(value, at: location, fallbackName: fallbackName, problems: &problems)
        return (dataFlow, problems)
    }
}
