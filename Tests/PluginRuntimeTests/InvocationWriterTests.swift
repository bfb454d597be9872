import HostCore
import PipehostJSON
@testable import PluginRuntime
import TestSizeTags
import Testing

/// The fast invocation writer must produce exactly the document `ActivityInvocation.json(settings:)`
/// defines.
@Suite("Invocation JSON on the dispatch path", .tags(.small))
struct InvocationWriterTests {
    static let invocations: [ActivityInvocation] = [
        Fixtures.invocation("Fixture.Noop", ["value": 1], runID: "a1"),
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
            run: RunIdentifiers(
                dataFactory: "factory", pipelineName: "p", pipelineRunId: "r", activityRunId: "a", attempt: 3,
                triggerType: "Schedule", triggerTime: "2024-05-01T00:00:00Z", groupId: "g")),
    ]

    @Test("the same bytes as serialising json(settings:)", arguments: invocations)
    func sameBytes(invocation: ActivityInvocation) {
        for settings: JSONValue in [[:], ["endpoint": "http://127.0.0.1:1", "retries": 3]] {
            let expected = JSONSerializer.bytes(invocation.json(settings: settings))
            let written = InvocationWriter.bytes(invocation, settings: JSONSerializer.bytes(settings))
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }
}
