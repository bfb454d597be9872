import HostCore
import PipehostJSON
import TestSizeTags
import Testing

/// The invocation document (docs/plugin-abi.md, "The invocation JSON") as its one writer,
/// `ActivityInvocation.documentBytes(settings:)`, produces it: members, order and escaping.
@Suite("Invocation document", .tags(.small))
struct InvocationDocumentTests {
    static let invocations: [ActivityInvocation] = [
        ActivityInvocation(
            activityName: "Activity1", activityType: "Fixture.Noop", typeProperties: ["value": 1],
            run: RunIdentifiers(
                dataFactory: "factory", pipelineName: "pipeline", pipelineRunId: "pipeline-run-1", activityRunId: "a1",
                attempt: 1, triggerTime: "2024-05-01T00:00:00Z", groupId: "group-1")),
        ActivityInvocation(
            activityName: "Score \"customers\"", activityType: "Custom", description: "line\nbreak é",
            typeProperties: ["command": "echo", "nested": ["list": [1, 2.5, true, nil]]],
            policy: ["timeout": "0.01:00:00", "retry": 2], userProperties: [["name": "n", "value": "v"]],
            linkedService: ResolvedLinkedService(name: "Batch", type: "AzureBatch", typeProperties: ["poolName": "p"]),
            linkedServices: [
                "Zeta": ResolvedLinkedService(name: "Zeta", type: "AzureBlobStorage", typeProperties: [:]),
                "Alpha": ResolvedLinkedService(name: "Alpha", type: "AzurePostgreSql", typeProperties: ["k": "\u{01}"]),
            ],
            datasets: ["Out": ["properties": ["type": "Json"]], "In": ["properties": [:]]],
            inputs: [["name": "In", "parameters": ["p": "a"]]], outputs: [["name": "In", "parameters": ["p": "b"]], ["name": "Out"]],
            run: RunIdentifiers(
                dataFactory: "factory", pipelineName: "p", pipelineRunId: "r", activityRunId: "a", attempt: 3,
                triggerType: "Schedule", triggerTime: "2024-05-01T00:00:00Z", groupId: "g")),
    ]

    /// The document as docs/plugin-abi.md describes it, member by member, in the order written.
    static func documented(_ invocation: ActivityInvocation, settings: JSONValue) -> JSONValue {
        var activity: JSONObject = [
            "name": .string(invocation.activityName), "type": .string(invocation.activityType),
            "typeProperties": invocation.typeProperties, "policy": invocation.policy,
            "userProperties": invocation.userProperties,
        ]
        if let description = invocation.description { activity["description"] = .string(description) }
        if !invocation.inputs.isEmpty { activity["inputs"] = .array(invocation.inputs) }
        if !invocation.outputs.isEmpty { activity["outputs"] = .array(invocation.outputs) }
        func service(_ service: ResolvedLinkedService) -> JSONValue {
            ["name": .string(service.name), "type": .string(service.type), "typeProperties": service.typeProperties]
        }
        var linkedServices = JSONObject()
        for name in invocation.linkedServices.keys.sorted() { linkedServices[name] = invocation.linkedServices[name].map(service) }
        var datasets = JSONObject()
        for name in invocation.datasets.keys.sorted() { datasets[name] = invocation.datasets[name] }
        let run = invocation.run
        return [
            "abiVersion": .integer(InvocationFormat.abiVersion),
            "activity": .object(activity),
            "linkedService": invocation.linkedService.map(service) ?? .null,
            "linkedServices": .object(linkedServices),
            "datasets": .object(datasets),
            "run": [
                "dataFactory": .string(run.dataFactory), "pipelineName": .string(run.pipelineName),
                "pipelineRunId": .string(run.pipelineRunId), "activityRunId": .string(run.activityRunId),
                "attempt": .integer(Int64(run.attempt)), "triggerType": .string(run.triggerType),
                "triggerTime": .string(run.triggerTime), "groupId": .string(run.groupId),
            ],
            "settings": settings,
        ]
    }

    @Test("every documented member, in order, as compact JSON", arguments: invocations)
    func documentedBytes(invocation: ActivityInvocation) {
        for settings: JSONValue in [[:], ["endpoint": "http://127.0.0.1:1", "retries": 3]] {
            let written = invocation.documentBytes(settings: JSONSerializer.bytes(settings))
            let expected = JSONSerializer.serialize(Self.documented(invocation, settings: settings))
            #expect(String(decoding: written, as: UTF8.self) == expected)
        }
    }

    @Test("abiVersion comes from the one constant")
    func version() throws {
        let document = try JSONParser.parse(Self.invocations[0].documentBytes(settings: Array("{}".utf8)))
        #expect(document["abiVersion"] == .integer(InvocationFormat.abiVersion))
        #expect(InvocationFormat.abiVersion == 1)
    }
}
