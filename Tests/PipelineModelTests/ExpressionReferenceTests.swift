import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

@Suite("Activity references in expressions", .tags(.small))
struct ExpressionReferenceTests {
    @Test("activity('…') calls are found, with doubled quotes and any case")
    func scanning() {
        #expect(ActivityReferenceScanner.names(in: "@{activity('Copy ''A''').output.rows} and @ACTIVITY ( 'B' ).status") == ["Copy 'A'", "B"])
        #expect(ActivityReferenceScanner.names(in: "@myactivity('x')").isEmpty)
    }

    @Test("activity('X') in expressions must name an activity of the pipeline")
    func validation() throws {
        let json: JSONValue = [
            "name": "p", "properties": ["activities": [
                ["name": "Lookup", "type": "WebActivity", "typeProperties": [:]],
                ["name": "Use", "type": "WebActivity", "typeProperties": [
                    "a": "@activity('Lookup').output", "b": "@activity('lookup').output", "c": "activity('Nope') is just text",
                ], "userProperties": [["name": "u", "value": "@{activity('Ghost').status}"]]],
            ]],
        ]
        var factory = Factory(name: "f")
        factory.add(try #require(Pipeline.decode(json, at: SourceLocation(file: "p.json")).pipeline))
        let problems = FactoryValidator.validate(factory).filter { $0.kind == .unknownActivity }
        // activity('lookup') finds 'Lookup': ADF matches activity names ignoring case.
        #expect(problems.map(\.location.jsonPath) == ["$.properties.activities[1].userProperties[0].value"])
        #expect(problems.first?.message.contains("activity('Ghost')") == true)
    }
}
