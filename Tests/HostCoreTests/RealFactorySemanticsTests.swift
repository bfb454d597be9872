import HostCore
import PipehostJSON
import PipelineExpressions
import PipelineModel
import TestSizeTags
import Testing

/// What published factories rely on, each in a small factory of the shape it was found in: names
/// that differ in case from their declaration, variables read before anything is stored in them,
/// .NET's short timeouts, and expressions that ADF's engine refuses (found at validation, with the
/// run's own compiler).
@Suite("Real factory semantics", .tags(.small))
struct RealFactorySemanticsTests {
    typealias H = RunnerHarness

    static func setVariable(
        _ name: String, variable: String, value: JSONValue, dependsOn: [(String, [String])] = []
    ) -> JSONValue {
        H.activity(name, type: "SetVariable", dependsOn: dependsOn, typeProperties: ["variableName": .string(variable), "value": value])
    }

    static func errors(_ factory: Factory) -> [ValidationProblem] {
        FactoryValidator.validate(
            factory, options: ValidationOptions(knownActivityTypes: ["WebActivity", "SetVariable", "IfCondition", "Until"], expressionSyntax: .compiler)
        ).filter { $0.severity == .error }
    }

    @Test("variables declared without a default start as ADF starts them: \"\", false, [] and 0, never null")
    func variablesStartEmpty() async throws {
        let factory = try H.factory(
            [("main", [Self.setVariable("Seen", variable: "seen", value: "@concat('[', variables('s'), ']', string(length(variables('a'))), string(variables('i')))")])],
            variables: [
                "s": ["type": "String"], "b": ["type": "Boolean"], "a": ["type": "Array"], "i": ["type": "Integer"],
                "seen": ["type": "String"], "given": ["type": "String", "defaultValue": "kept"],
            ])
        #expect(Self.errors(factory).isEmpty)
        let record = try await H.runner(factory, script: Script(), observer: RunJournal()).run(pipelineNamed: "main")

        #expect(record.status == .succeeded)
        #expect(record.variables["s"] == .string(""))
        #expect(record.variables["b"] == .bool(false))
        #expect(record.variables["a"] == .array([]))
        #expect(record.variables["i"] == .integer(0))
        #expect(record.variables["given"] == .string("kept"))
        #expect(record.variables["seen"] == .string("[]00"))
    }

    @Test("activity('get value'), dependsOn and variableName find names written in another case, at validation and at run time")
    func namesIgnoreCase() async throws {
        let factory = try H.factory(
            [("main", [
                H.activity("Get Value"),
                Self.setVariable("Use", variable: "RESULT", value: "@string(activity('get value').output.x)", dependsOn: [("GET VALUE", ["Succeeded"])]),
                Self.setVariable("Again", variable: "other", value: "@concat(variables('Result'), '!')", dependsOn: [("use", ["Succeeded"])]),
            ])],
            variables: ["result": ["type": "String"], "other": ["type": "String"]])
        #expect(Self.errors(factory).isEmpty)
        let script = Script(["Get Value": .init(json: ["output": ["x": 42]])])
        let record = try await H.runner(factory, script: script, observer: RunJournal()).run(pipelineNamed: "main")

        #expect(record.status == .succeeded)
        #expect(record.variables["result"] == .string("42"))
        #expect(record.variables["other"] == .string("42!"))
        #expect(record.variables["RESULT"] == nil)
    }

    @Test("an activity name that differs from another only by case is a warning, not an error")
    func caseOnlyDuplicateActivities() throws {
        let factory = try H.factory([("main", [H.activity("Copy"), H.activity("copy")])])
        let problems = FactoryValidator.validate(factory, options: ValidationOptions(knownActivityTypes: ["WebActivity"]))
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .warning)
        #expect(problems.first?.location.jsonPath == "$.properties.activities[1].name")
        #expect(problems.first?.message.contains("differs only by case") == true)
    }

    @Test("timeouts in .NET's short forms (1:00:00, 0.0:10:00) validate and run, as in published factories")
    func shortTimeouts() async throws {
        let factory = try H.factory([("main", [
            H.activity("Hourly", policy: ["timeout": "1:00:00", "retry": 0]),
            H.activity("Loop", type: "Until", typeProperties: ["expression": "@true", "timeout": "0.0:10:00", "activities": []]),
        ])])
        #expect(Self.errors(factory).isEmpty)
        let pipeline = try #require(factory.pipeline(named: "main"))
        #expect(pipeline.activities.first?.policy.timeout == .value(TimeSpan(hours: 1)))
        let record = try await H.runner(factory, script: Script(), types: ["WebActivity"], observer: RunJournal()).run(pipelineNamed: "main")
        #expect(record.status == .succeeded)
    }

    @Test("an expression ADF's engine refuses is an error at validation, at its JSON path, with the form that works")
    func unparsableExpressions() throws {
        var factory = try H.factory(
            [("main", [
                Self.setVariable("Global", variable: "v", value: "@pipeline().globalParameters.GP-Int"),
                H.activity("Branch", type: "IfCondition", typeProperties: [
                    "expression": ["value": "@equals(pipeline().parameters.my-p, 'x')", "type": "Expression"],
                    "ifTrueActivities": [Self.setVariable("Inner", variable: "v", value: "text @{pipeline().globalParameters.GP-Int} more")],
                ]),
                H.activity("Call", policy: ["timeout": "@concat('1:00:00'", "retry": 0]),
                H.activity("Props", typeProperties: ["url": "@nosuchfunction(1)", "body": "@@literal text, not an expression", "ok": "@{'fine'}"]),
            ])],
            parameters: ["my-p": ["type": "String", "defaultValue": "x"]], variables: ["v": ["type": "String"]])
        factory.globalParameters = ["GP-Int": .integer(5)]
        var inactive = try #require(H.factory([("off", [Self.setVariable("Off", variable: "v", value: "@pipeline(")])], variables: ["v": ["type": "String"]]).pipeline(named: "off"))
        inactive.activities[0].state = .inactive
        factory.add(inactive)

        let problems = Self.errors(factory)
        #expect(problems.allSatisfy { $0.kind == .invalidExpression })
        let activities = "$.properties.activities"
        #expect(Set(problems.map(\.location.jsonPath)) == [
            "\(activities)[0].typeProperties.value", "\(activities)[1].typeProperties.expression.value",
            "\(activities)[1].typeProperties.ifTrueActivities[0].typeProperties.value", "\(activities)[2].policy.timeout",
            "\(activities)[3].typeProperties.url",
        ])
        let global = try #require(problems.first { $0.location.jsonPath == "\(activities)[0].typeProperties.value" })
        #expect(global.message.contains("ADF's engine refuses it too"))
        #expect(global.message.contains("@pipeline().globalParameters['GP-Int']"))
        let inner = try #require(problems.first { $0.location.jsonPath.hasSuffix("ifTrueActivities[0].typeProperties.value") })
        #expect(inner.message.contains("text @{pipeline().globalParameters['GP-Int']} more"))
        let branch = try #require(problems.first { $0.location.jsonPath.hasSuffix("expression.value") })
        #expect(branch.message.contains("@equals(pipeline().parameters['my-p'], 'x')"))
    }

    @Test("the bracket form that validation suggests validates and runs")
    func bracketFormRuns() async throws {
        var factory = try H.factory(
            [("main", [
                Self.setVariable("Global", variable: "v", value: "@string(pipeline().globalParameters['GP-Int'])"),
                Self.setVariable("Param", variable: "w", value: "@{pipeline().parameters['my-p']}-@{pipeline().globalParameters['gp-int']}"),
            ])],
            parameters: ["my-p": ["type": "String", "defaultValue": "x"]], variables: ["v": ["type": "String"], "w": ["type": "String"]])
        factory.globalParameters = ["GP-Int": .integer(5)]
        #expect(Self.errors(factory).isEmpty)
        let record = try await H.runner(factory, script: Script(), observer: RunJournal()).run(pipelineNamed: "main")
        #expect(record.status == .succeeded)
        #expect(record.variables["v"] == .string("5"))
        #expect(record.variables["w"] == .string("x-5"))
    }

    @Test("linked services and datasets a pipeline uses have their expressions compiled too")
    func resourceExpressions() throws {
        var factory = try H.factory([("main", [
            .object(["name": "Copy", "type": "WebActivity", "typeProperties": [:],
                     "inputs": [["referenceName": "Input", "type": "DatasetReference", "parameters": ["folder": "@pipeline().parameters.a-b"]]]]),
        ])])
        let service = try #require(LinkedService.decode(
            ["name": "Store", "properties": ["type": "AzureBlobStorage", "typeProperties": ["url": "@{linkedService().x.y-z}"]]],
            at: SourceLocation(file: "linkedService/Store.json")).linkedService)
        factory.add(service)
        let dataset = try #require(Dataset.decode(
            ["name": "Input", "properties": ["type": "Json", "linkedServiceName": ["referenceName": "Store", "type": "LinkedServiceReference"],
                                             "parameters": ["folder": ["type": "String"]],
                                             "typeProperties": ["folderPath": "@dataset().folder)"]]],
            at: SourceLocation(file: "dataset/Input.json")).dataset)
        factory.add(dataset)
        let problems = Self.errors(factory).filter { $0.kind == .invalidExpression }
        #expect(Set(problems.map { "\($0.location.file) \($0.location.jsonPath)" }) == [
            "main.json $.properties.activities[0].inputs[0].parameters.folder",
            "linkedService/Store.json $.properties.typeProperties.url",
            "dataset/Input.json $.properties.typeProperties.folderPath",
        ])
    }
}
