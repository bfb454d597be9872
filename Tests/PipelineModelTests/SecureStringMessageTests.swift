import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

/// A SecureString written where validation finds a problem is quoted with its value masked: a
/// message never repeats a secret.
@Suite("SecureStrings in messages", .tags(.small))
struct SecureStringMessageTests {
    @Test("a mistyped SecureString value is quoted masked in the validation problem")
    func maskedInProblems() throws {
        let json: JSONValue = [
            "name": "sv",
            "properties": [
                "variables": ["v": ["type": "Bool"]],
                "activities": [[
                    "name": "S", "type": "SetVariable",
                    "typeProperties": ["variableName": "v", "value": ["type": "SecureString", "Value": "hunter2-secret"]],
                ]],
            ],
        ]
        let (pipeline, problems) = Pipeline.decode(json, at: SourceLocation(file: "sv.json"))
        var factory = Factory(name: "f")
        factory.add(try #require(pipeline))
        let all = problems + FactoryValidator.validate(factory)
        let mismatch = try #require(all.first { $0.kind == .typeMismatch })
        #expect(mismatch.message.contains(#"{"type":"SecureString","Value":"***"}"#), "\(mismatch.message)")
        #expect(!all.contains { $0.description.contains("hunter2") })
    }

    @Test("masking keeps everything but the secret", arguments: [
        (JSONValue.object(["a": ["type": "securestring", "value": "x"]]), JSONValue.object(["a": ["type": "securestring", "value": "***"]])),
        (.array([["type": "SecureString"], 1]), .array([["type": "SecureString", "value": "***"], 1])),
        (.object(["type": "String", "value": "plain"]), .object(["type": "String", "value": "plain"])),
    ])
    func masking(value: JSONValue, masked: JSONValue) {
        #expect(value.maskingSecureStrings == masked)
    }
}
