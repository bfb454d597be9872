import Foundation
import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

/// Where ADF is less strict than its documentation, `validate` warns instead of refusing: a child
/// pipeline called without a required value, strings for typed parameters, values for parameters
/// that are not declared.
@Suite("Parameter strictness ADF does not have", .tags(.small))
struct ParameterStrictnessTests {
    static func specification(_ name: String, _ type: ParameterType, default value: JSONValue? = nil) -> ParameterSpecification {
        ParameterSpecification(name: name, type: type, defaultValue: value, location: SourceLocation(file: "p.json", jsonPath: "$.properties.parameters.\(name)"))
    }

    static let location = SourceLocation(file: "parent.json", jsonPath: "$.properties.activities[0].typeProperties.parameters")

    @Test("strings are converted to the declared type as ADF converts them, each with a warning saying to what",
          arguments: [
            (ParameterType.int, "1", JSONValue.integer(1)), (.int, " 42 ", .integer(42)), (.float, "1.5", .double(1.5)),
            (.float, "2", .integer(2)), (.bool, "true", .bool(true)), (.bool, "False", .bool(false)),
            (.array, "[\"a\",\"b\"]", .array(["a", "b"])), (.object, "{\"k\":1}", .object(["k": 1])),
          ])
    func conversions(type: ParameterType, text: String, expected: JSONValue) {
        let (values, problems) = ParameterBinding.bind(
            [Self.specification("p", type)], owner: .pipeline("child"), supplied: ["p": .string(text)],
            suppliedLocation: Self.location, rules: .runStart)
        #expect(values["p"] == expected)
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .warning)
        #expect(problems.first?.kind == .typeMismatch)
        #expect(problems.first?.location == Self.location.member("p"))
        #expect(problems.first?.message.contains("it is converted to \(type.rawValue) \(expected.abbreviatedDescription), as ADF converts it") == true)
    }

    @Test("a value given in another case binds to the declared parameter, as ADF's names ignore case")
    func namesIgnoreCase() {
        let (values, problems) = ParameterBinding.bind(
            [Self.specification("folderName", .string), Self.specification("count", .int)], owner: .pipeline("child"),
            supplied: ["FolderName": "in", "COUNT": 3], suppliedLocation: Self.location, rules: .childRun)
        #expect(problems.isEmpty, "\(problems)")
        #expect(values == ["folderName": "in", "count": 3])
    }

    @Test("a dataset parameter given no value is left out with a warning, at validation and at resolution: only an expression reading it fails")
    func datasetMissingValue() throws {
        for rules in [BindingRules.resourceReference, .resourceResolution] {
            let (values, problems) = ParameterBinding.bind(
                [Self.specification("triggerTime", .string), Self.specification("folder", .string)], owner: .dataset("raw"),
                supplied: ["folder": "in"], suppliedLocation: Self.location, rules: rules)
            #expect(values == ["folder": "in"])
            let warning = try #require(problems.first)
            #expect(problems.count == 1)
            #expect(warning.severity == .warning)
            #expect(warning.message == "dataset 'raw' declares parameter 'triggerTime' (String) without a default value, and none is given: "
                + "the activity runs anyway, as in ADF, and an expression that reads dataset().triggerTime fails its activity")
        }
    }

    @Test("a string that cannot be converted refuses a run, fails a child run, and is a warning where an activity passes it")
    func unconvertible() {
        let specification = [Self.specification("count", .int)]
        func bind(_ rules: BindingRules) -> [ValidationProblem] {
            ParameterBinding.bind(specification, owner: .pipeline("child"), supplied: ["count": "many"], suppliedLocation: Self.location, rules: rules).problems
        }
        #expect(bind(.runStart).map(\.severity) == [.error])
        #expect(bind(.childRun).map(\.severity) == [.error])
        let warning = bind(.executePipeline)
        #expect(warning.map(\.severity) == [.warning])
        #expect(warning.first?.message == "parameter 'count' of pipeline 'child' is Int, but the value \"many\" is string that cannot be converted; give a whole number such as 42 (the ExecutePipeline activity fails when it runs)")
        #expect(bind(.resourceReference).map(\.severity) == [.warning])
    }

    @Test("a required parameter without a value refuses a run, but a child run starts without it")
    func missingValue() throws {
        let specification = [Self.specification("subject", .string), Self.specification("to", .string)]
        let run = ParameterBinding.bind(specification, owner: .pipeline("mail"), supplied: ["to": "ops"], suppliedLocation: Self.location, rules: .runStart)
        #expect(run.problems.map(\.severity) == [.error])
        #expect(run.problems.first?.message == "pipeline 'mail' requires parameter 'subject' (String), which has no default value: give it a value")

        let child = ParameterBinding.bind(specification, owner: .pipeline("mail"), supplied: ["to": "ops"], suppliedLocation: Self.location, rules: .childRun)
        #expect(!child.problems.containsErrors)
        #expect(child.values == ["to": "ops"])
        let warning = try #require(ParameterBinding.bind(
            specification, owner: .pipeline("mail"), supplied: ["to": "ops"], suppliedLocation: Self.location, rules: .executePipeline
        ).problems.first)
        #expect(warning.severity == .warning)
        #expect(warning.kind == .missingParameter)
        #expect(warning.message.contains("the run starts anyway, as in ADF, and an expression that reads pipeline().parameters.subject fails its activity"))
    }

    @Test("a value for a parameter that is not declared is a warning and is not bound")
    func undeclaredParameter() {
        let (values, problems) = ParameterBinding.bind(
            [Self.specification("to", .string)], owner: .pipeline("mail"), supplied: ["to": "ops", "cc": "boss"],
            suppliedLocation: Self.location, rules: .childRun)
        #expect(values == ["to": "ops"])
        #expect(problems.map(\.severity) == [.warning])
        #expect(problems.first?.kind == .unknownParameter)
        #expect(problems.first?.location == Self.location.member("cc"))
        #expect(problems.first?.message == "pipeline 'mail' has no parameter 'cc'; it declares 'to' (ADF ignores a value for a parameter that is not declared, and so does pipehost)")
        // On pipehost's own command line an undeclared name is most likely a typo: the run does not start.
        let command = ParameterBinding.bind(
            [Self.specification("to", .string)], owner: .pipeline("mail"), supplied: ["to": "ops", "cc": "boss"],
            suppliedLocation: Self.location, rules: .runStart)
        #expect(command.problems.map(\.severity) == [.error])
    }

    @Test("a secure value is not repeated when it is converted or refused")
    func secureValueIsNotShown() {
        let (_, problems) = ParameterBinding.bind(
            [Self.specification("key", .secureString)], owner: .pipeline("p"), supplied: ["key": 12345],
            suppliedLocation: Self.location, rules: .runStart)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("12345") == false)
    }

    @Test("validate warns, never refuses, for what an ExecutePipeline passes and for mistyped defaults, in the shape of real factories")
    func validateWarnsForExecutePipeline() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("partly-broken"))
        let problems = FactoryValidator.validate(loaded.factory, options: ValidationOptions(pipelineName: "Load_Sales"))
        #expect(!problems.containsErrors, "\(problems)")
        let parameters = "$.properties.activities[1].typeProperties.parameters"
        func find(_ kind: ValidationProblem.Kind, _ path: String) -> ValidationProblem? {
            problems.first { $0.kind == kind && $0.location.jsonPath == path }
        }
        #expect(find(.typeMismatch, "\(parameters).retries")?.message.contains("it is converted to Int 3") == true)
        #expect(find(.typeMismatch, "\(parameters).sendAttachment")?.message.contains("it is converted to Bool true") == true)
        #expect(find(.typeMismatch, "\(parameters).channels")?.message.contains("it is converted to Array [\"mail\",\"teams\"]") == true)
        #expect(find(.unknownParameter, "\(parameters).legacyFlag")?.severity == .warning)
        #expect(find(.missingParameter, parameters)?.message.contains("'subject'") == true)
        #expect(problems.allSatisfy { $0.severity == .warning })
    }

    @Test("a mistyped default value is a warning; with the run's parameters the root pipeline's becomes an error only when it cannot be converted")
    func defaults() throws {
        let json: JSONValue = [
            "name": "p",
            "properties": [
                "activities": .array([]),
                "parameters": ["n": ["type": "Int", "defaultValue": "5"], "flag": ["type": "Bool", "defaultValue": "maybe"]],
            ],
        ]
        var factory = Factory(name: "f")
        let (pipeline, decodeProblems) = Pipeline.decode(json, at: SourceLocation(file: "p.json"))
        #expect(decodeProblems.isEmpty)
        factory.add(try #require(pipeline))
        let validated = FactoryValidator.validate(factory, options: ValidationOptions(pipelineName: "p"))
        #expect(validated.map(\.severity) == [.warning, .warning])
        let converted = validated.first { $0.location.jsonPath.hasSuffix("n.defaultValue") }
        #expect(converted?.message.contains("it is converted to Int 5") == true)

        let run = FactoryValidator.validate(factory, options: ValidationOptions(pipelineName: "p", suppliedParameters: [:]))
        // One problem per default: the binding's, which refuses the unconvertible one.
        #expect(run.count == 2)
        #expect(run.first { $0.location.jsonPath.hasSuffix("flag.defaultValue") }?.severity == .error)
        #expect(run.first { $0.location.jsonPath.hasSuffix("n.defaultValue") }?.severity == .warning)
    }

    @Test("literal values for dataset parameters are converted with a warning too")
    func datasetParameters() throws {
        let folder = try ScratchFactory()
        defer { folder.remove() }
        try folder.write("pipeline/Main.json", """
            {"name": "Main", "properties": {"activities": [
              {"name": "Copy", "type": "Copy", "typeProperties": {},
               "inputs": [{"referenceName": "ds", "type": "DatasetReference", "parameters": {"top": "10", "extra": 1, "when": "@pipeline().TriggerTime"}}]}
            ]}}
            """)
        try folder.write("dataset/ds.json", """
            {"name": "ds", "properties": {"type": "AzureSqlTable", "linkedServiceName": {"referenceName": "ls", "type": "LinkedServiceReference"},
              "parameters": {"top": {"type": "int"}, "when": {"type": "string"}}}}
            """)
        try folder.write("linkedService/ls.json", #"{"name": "ls", "properties": {"type": "AzureSqlDatabase", "typeProperties": {}}}"#)
        let loaded = try FactoryLoader.load(at: folder.path)
        #expect(loaded.problems.isEmpty)
        let problems = FactoryValidator.validate(loaded.factory, options: ValidationOptions(pipelineName: "Main"))
        #expect(problems.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.typeMismatch, .unknownParameter])
        #expect(problems.allSatisfy { $0.severity == .warning })
    }
}
