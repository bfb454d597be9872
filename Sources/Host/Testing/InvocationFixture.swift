import HostCore
import PipehostJSON

#if canImport(Glibc)
import Glibc
#endif

/// Builds the invocations a test sends: from scratch, or from an activity of a pipeline JSON
/// fixture (the ADF shape, `{"name", "properties": {"activities": […]}}`).
///
/// Values are taken as written: expressions (`@pipeline()…`) are not evaluated — a test gives the
/// evaluated values, as the host would pass them. Linked services are given by name, as their
/// JSON (`{"name", "properties": {"type", "typeProperties"}}` or `{"type", "typeProperties"}`).
public enum InvocationFixture {
    /// An invocation of `type` with these properties, run identifiers of a manual test run.
    public static func make(
        type: String, name: String = "test activity", typeProperties: JSONValue = .object(JSONObject()),
        linkedService: ResolvedLinkedService? = nil, attempt: Int = 1
    ) -> ActivityInvocation {
        ActivityInvocation(
            activityName: name, activityType: type, typeProperties: typeProperties, linkedService: linkedService,
            linkedServices: linkedService.map { [$0.name: $0] } ?? [:],
            run: RunIdentifiers(
                dataFactory: "test-factory", pipelineName: "test-pipeline",
                pipelineRunId: "11111111-1111-1111-1111-111111111111",
                activityRunId: "22222222-2222-2222-2222-222222222222", attempt: attempt,
                triggerTime: "2026-01-01T00:00:00Z", groupId: "33333333-3333-3333-3333-333333333333"))
    }

    /// The invocation of the activity named `activityName` in the pipeline JSON `pipeline`.
    public static func activity(
        _ activityName: String, inPipelineJSON pipeline: JSONValue, source: String = "(pipeline JSON)",
        linkedServices: [String: JSONValue] = [:]
    ) throws(PluginTestFailure) -> ActivityInvocation {
        let properties = pipeline["properties"] ?? pipeline
        guard case .array(let activities) = properties["activities"] else {
            throw .fixture(path: source, problem: "no properties.activities array")
        }
        guard let activity = find(activityName, in: activities) else {
            throw .fixture(path: source, problem: "no activity named '\(activityName)' (containers included)")
        }
        guard let type = activity["type"]?.stringValue else {
            throw .fixture(path: source, problem: "activity '\(activityName)' has no type")
        }
        var resolved: [String: ResolvedLinkedService] = [:]
        for (name, json) in linkedServices {
            let body = json["properties"] ?? json
            resolved[name] = ResolvedLinkedService(
                name: name, type: body["type"]?.stringValue ?? "", typeProperties: body["typeProperties"] ?? .null)
        }
        var linked: ResolvedLinkedService?
        if let reference = activity["linkedServiceName"]?["referenceName"]?.stringValue {
            guard let service = resolved[reference] else {
                throw .fixture(
                    path: source,
                    problem: "activity '\(activityName)' uses linked service '\(reference)'; pass it in linkedServices")
            }
            linked = service
        }
        var invocation = make(
            type: type, name: activityName, typeProperties: activity["typeProperties"] ?? .object(JSONObject()),
            linkedService: linked)
        invocation.linkedServices = resolved
        invocation.policy = activity["policy"] ?? .object(JSONObject())
        invocation.userProperties = activity["userProperties"] ?? .array([])
        invocation.description = activity["description"]?.stringValue
        invocation.run.pipelineName = pipeline["name"]?.stringValue ?? invocation.run.pipelineName
        return invocation
    }

    /// Reads a pipeline JSON file and returns the invocation of one of its activities.
    public static func activity(
        _ activityName: String, inPipeline path: String, linkedServices: [String: JSONValue] = [:]
    ) throws(PluginTestFailure) -> ActivityInvocation {
        let json = try readJSON(path)
        return try activity(activityName, inPipelineJSON: json, source: path, linkedServices: linkedServices)
    }

    /// Reads a JSON file (a linked service, a pipeline).
    public static func readJSON(_ path: String) throws(PluginTestFailure) -> JSONValue {
        guard let file = fopen(path, "rb") else { throw .fixture(path: path, problem: "cannot be opened") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, file) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        do {
            return try JSONParser.parse(try TextDecoding.utf8Bytes(bytes))
        } catch {
            throw .fixture(path: path, problem: "is not valid JSON: \(error)")
        }
    }

    /// Depth-first through containers (ForEach, If, Until, Switch).
    private static func find(_ name: String, in activities: [JSONValue]) -> JSONValue? {
        for activity in activities {
            if activity["name"]?.stringValue == name { return activity }
            guard case .object(let properties) = activity["typeProperties"] ?? .null else { continue }
            for key in ["activities", "ifTrueActivities", "ifFalseActivities", "defaultActivities"] {
                if case .array(let nested) = properties[key], let found = find(name, in: nested) { return found }
            }
            if case .array(let cases) = properties["cases"] {
                for entry in cases {
                    if case .array(let nested) = entry["activities"], let found = find(name, in: nested) { return found }
                }
            }
        }
        return nil
    }
}
