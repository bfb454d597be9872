import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

@Suite("Validation", .tags(.small))
struct ValidationTests {
    static let knownTypes: Set<String> = ["WebActivity", "Copy", "ExecutePipeline", "SetVariable", "ForEach"]

    @Test("every problem of a factory is reported in one pass, each with its file and JSON path")
    func allProblemsAtOnce() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("invalid-factory"))
        let problems = loaded.problems + FactoryValidator.validate(
            loaded.factory, options: ValidationOptions(knownActivityTypes: Self.knownTypes))
        func find(_ kind: ValidationProblem.Kind, _ path: String) -> ValidationProblem? {
            problems.first { $0.kind == kind && $0.location.jsonPath == path }
        }
        let activities = "$.properties.activities"
        #expect(find(.invalidJSON, "$") != nil)
        #expect(find(.unknownActivity, "\(activities)[0].dependsOn[0].activity")?.message.contains("'Ghost'") == true)
        #expect(find(.duplicateName, "\(activities)[1].name") != nil)
        #expect(find(.invalidName, "\(activities)[2].name")?.message.contains("'/'") == true)
        #expect(find(.unknownDependencyCondition, "\(activities)[4].dependsOn[0].dependencyConditions[0]")?.message.contains("Sometimes") == true)
        #expect(find(.dependencyCycle, "\(activities)[3].dependsOn")?.message.contains("B → C → B") == true)
        let unknownType = find(.unknownActivityType, "\(activities)[5].type")
        #expect(unknownType?.message.contains("'Teleport'") == true)
        #expect(unknownType?.message.contains("known types: Copy, ExecutePipeline, ForEach, SetVariable, WebActivity") == true)
        #expect(find(.unknownLinkedService, "\(activities)[6].linkedServiceName") != nil)
        #expect(find(.policyOutOfRange, "\(activities)[6].policy.timeout") != nil)
        #expect(find(.policyOutOfRange, "\(activities)[6].policy.retry") != nil)
        // ADF documents 30 s as the least retry interval but publishes factories with less: 5 is a warning.
        let interval = find(.policyOutOfRange, "\(activities)[6].policy.retryIntervalInSeconds")
        #expect(interval?.severity == .warning)
        #expect(interval?.message.contains("below the 30 that ADF documents as its minimum") == true)
        #expect(find(.unknownDataset, "\(activities)[7].inputs[0]") != nil)
        #expect(find(.unknownPipeline, "\(activities)[8].typeProperties.pipeline.referenceName") != nil)
        #expect(find(.unknownParameter, "\(activities)[9].typeProperties.parameters.unexpected") != nil)
        #expect(find(.missingParameter, "\(activities)[9].typeProperties.parameters")?.message.contains("'required'") == true)
        #expect(find(.unknownVariable, "\(activities)[10].typeProperties.variableName") != nil)
        #expect(find(.policyOutOfRange, "\(activities)[11].typeProperties.batchCount") != nil)
        #expect(find(.typeMismatch, "$.properties.parameters.count.defaultValue") != nil)
        // The inactive activity is excluded from validation, as in ADF.
        #expect(find(.unknownActivityType, "\(activities)[12].type") == nil)
        #expect(problems.allSatisfy { $0.location.file.hasSuffix(".json") })
    }

    @Test("a selected pipeline is checked with the parameters given for the run")
    func runParameters() throws {
        let factory = try FactoryLoader.load(at: Fixtures.factory("invalid-factory")).factory
        let problems = FactoryValidator.validate(factory, options: ValidationOptions(pipelineName: "child", suppliedParameters: [:]))
        #expect(problems.map(\.kind) == [.missingParameter])
        #expect(FactoryValidator.validate(factory, options: ValidationOptions(pipelineName: "child", suppliedParameters: ["required": "x"])).isEmpty)
        let unknown = FactoryValidator.validate(factory, options: ValidationOptions(pipelineName: "nope"))
        #expect(unknown.first?.kind == .unknownPipeline)
    }

    @Test("an unknown activity type names each plugin that failed to load and why, the one declaring the type first")
    func unknownTypeNamesUnavailablePlugins() throws {
        let loaded = try FactoryLoader.load(at: Fixtures.factory("invalid-factory"))
        let unavailable = [
            UnavailablePlugin(path: "/p/libgone.so", reason: "plugin library '/p/libgone.so' does not exist"),
            UnavailablePlugin(
                path: "/p/libteleport.so", pluginID: "com.acme.teleport", declaredTypes: ["Teleport"],
                reason: "plugin 'com.acme.teleport' ('/p/libteleport.so') refused to start: no licence"),
        ]
        let problems = FactoryValidator.validate(
            loaded.factory, options: ValidationOptions(knownActivityTypes: Self.knownTypes, unavailablePlugins: unavailable))
        let message = try #require(problems.first { $0.kind == .unknownActivityType }?.message)
        #expect(message.contains("no built-in activity or loaded plugin implements type 'Teleport'; known types: "))
        #expect(!message.contains("Add a plugin that claims it"))
        #expect(message.contains(
            "plugin 'com.acme.teleport' ('/p/libteleport.so') declares 'Teleport' but was refused: plugin "
                + "'com.acme.teleport' ('/p/libteleport.so') refused to start: no licence."))
        #expect(message.contains("Other plugins that failed to load: '/p/libgone.so': plugin library '/p/libgone.so' does not exist."))

        // When no failed plugin declares the type, each is named as a possible implementer.
        let onlyMissing = FactoryValidator.validate(
            loaded.factory, options: ValidationOptions(knownActivityTypes: Self.knownTypes, unavailablePlugins: [unavailable[0]]))
        let other = try #require(onlyMissing.first { $0.kind == .unknownActivityType }?.message)
        #expect(other.contains("Add a plugin that claims it to plugins.json (or pass --plugins)."))
        #expect(other.contains(
            "A plugin of plugins.json failed to load and may be the one that implements it: '/p/libgone.so': plugin "
                + "library '/p/libgone.so' does not exist."))
    }

    @Test("a valid factory has no problems")
    func validFactory() throws {
        let factory = try FactoryLoader.load(at: Fixtures.factory("git-factory")).factory
        let problems = FactoryValidator.validate(
            factory, options: ValidationOptions(knownActivityTypes: ["AzureMLBatchExecution", "WebActivity", "ExecutePipeline"]))
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("parameter values given as text are converted by type", arguments: [
        (ParameterType.int, "42", JSONValue.integer(42)), (.float, "4.5", .double(4.5)), (.bool, "TRUE", .bool(true)),
        (.array, "[1,\"a\"]", JSONValue.array([1, "a"])), (.object, "{\"k\":1}", JSONValue.object(["k": 1])), (.string, "42", "42"),
    ])
    func coercion(type: ParameterType, text: String, value: JSONValue) {
        #expect(type.coerce(text) == value)
    }

    @Test("text that is not a value of the type is refused", arguments: [
        (ParameterType.int, "4.5"), (.bool, "yes"), (.array, "{}"), (.object, "[1"), (.float, "nan"),
    ])
    func coercionFailure(type: ParameterType, text: String) {
        #expect(type.coerce(text) == nil)
    }

    @Test("names follow ADF's rules")
    func names() {
        #expect(ResourceNameRules.problem(with: "Copy data_1", maximumLength: 55) == nil)
        #expect(ResourceNameRules.problem(with: "-x", maximumLength: 55) != nil)
        #expect(ResourceNameRules.problem(with: "a:b", maximumLength: 55) != nil)
        #expect(ResourceNameRules.problem(with: String(repeating: "a", count: 56), maximumLength: 55) != nil)
    }
}
