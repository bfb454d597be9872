import PipehostJSON
import PipelineModel
import TestSizeTags
import Testing

/// `validate` warns when an activity reaches a linked service of a type its plugin says it cannot
/// reach (ABI 1.1 `linked_service_types`): ADF accepts the pipeline, the activity fails at run time.
@Suite("Linked service types an activity reaches", .tags(.small))
struct LinkedServiceReachTests {
    static let reachable: [String: [String]] = [
        "Copy": ["AzureBlobStorage", "FileServer", "PostgreSql"], "Lookup": ["AzureBlobStorage", "PostgreSql"],
    ]

    static func factory() throws -> Factory {
        var factory = Factory(name: "f")
        func reference(_ name: String, _ type: String) -> JSONValue { ["referenceName": .string(name), "type": .string(type)] }
        let activities: [JSONValue] = [
            ["name": "Copy to warehouse", "type": "Copy", "typeProperties": ["source": [:], "sink": [:]],
             "inputs": [reference("Landing", "DatasetReference")], "outputs": [reference("Warehouse table", "DatasetReference")]],
            ["name": "Read control", "type": "Lookup",
             "typeProperties": ["dataset": reference("Control", "DatasetReference"), "source": [:]]],
            ["name": "Copy inactive", "type": "Copy", "state": "Inactive", "onInactiveMarkAs": "Succeeded",
             "typeProperties": [:], "outputs": [reference("Warehouse table", "DatasetReference")]],
            ["name": "Custom step", "type": "Custom", "linkedServiceName": reference("Snowflake", "LinkedServiceReference"),
             "typeProperties": [:]],
        ]
        let (pipeline, problems) = Pipeline.decode(
            ["name": "main", "properties": ["activities": .array(activities)]], at: SourceLocation(file: "pipeline/main.json"))
        #expect(problems.isEmpty, "\(problems)")
        factory.add(try #require(pipeline))
        for (name, type) in [("Lake", "AzureBlobStorage"), ("Synapse", "AzureSqlDW"), ("Snowflake", "SnowflakeV2"), ("Pg", "postgresql")] {
            factory.add(try #require(LinkedService.decode(
                ["name": .string(name), "properties": ["type": .string(type), "typeProperties": [:]]],
                at: SourceLocation(file: "linkedService/\(name).json")).linkedService))
        }
        for (name, service) in [("Landing", "Lake"), ("Warehouse table", "Synapse"), ("Control", "Pg")] {
            factory.add(try #require(Dataset.decode(
                ["name": .string(name), "properties": ["type": "Json", "linkedServiceName": reference(service, "LinkedServiceReference")]],
                at: SourceLocation(file: "dataset/\(name).json")).dataset))
        }
        return factory
    }

    @Test("a Copy whose sink dataset is on a type its plugin cannot reach gets one warning at the reference, naming the types that work")
    func warnsThroughDatasets() throws {
        let problems = FactoryValidator.validate(try Self.factory(), options: ValidationOptions(reachableLinkedServiceTypes: Self.reachable))
            .filter { $0.kind == .unreachableLinkedService }
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.severity == .warning)
        #expect(problem.location == SourceLocation(file: "pipeline/main.json", jsonPath: "$.properties.activities[0].outputs[0]"))
        #expect(problem.message == "activity 'Copy to warehouse' of type Copy reaches linked service 'Synapse' through dataset "
            + "'Warehouse table', of type AzureSqlDW, which its plugin cannot reach; the activity will fail when it runs. "
            + "The types it reaches are AzureBlobStorage, FileServer, PostgreSql")
    }

    @Test("types compare ignoring case; undeclared activity types and inactive activities are not checked")
    func onlyDeclaredTypes() throws {
        let problems = FactoryValidator.validate(try Self.factory(), options: ValidationOptions(reachableLinkedServiceTypes: Self.reachable))
        // Lookup reaches 'postgresql' (declared as PostgreSql); Custom declares nothing; the inactive Copy is skipped.
        #expect(!problems.contains { $0.message.contains("'Read control'") || $0.message.contains("'Custom step'") || $0.message.contains("'Copy inactive'") })
        #expect(FactoryValidator.validate(try Self.factory()).allSatisfy { $0.kind != .unreachableLinkedService })
    }
}
