import PluginKit
import TestSizeTags
import Testing

@Suite("Invocation's data flow", .tags(.small))
struct InvocationDataFlowTests {
    @Test("the dataFlow member is read: name, type, typeProperties as sent, datasets and linked services by stream name")
    func dataFlowMember() throws {
        let lake: JSONValue = ["name": "Lake", "type": "AzureBlobStorage", "typeProperties": ["connectionString": "AccountName=a"]]
        let warehouse: JSONValue = ["name": "Warehouse", "type": "AzurePostgreSql", "typeProperties": ["password": "s3cret"]]
        let typeProperties: JSONValue = [
            "sources": [["name": "Books", "dataset": ["referenceName": "BooksCsv", "type": "DatasetReference"]]],
            "sinks": [["name": "Summary", "linkedService": ["referenceName": "Warehouse", "type": "LinkedServiceReference"]]],
            "scriptLines": ["source() ~> Books", "Books sink() ~> Summary"],
        ]
        let invocation = Invocation(json: [
            "activity": ["name": "Flow", "type": "ExecuteDataFlow", "typeProperties": [:]],
            "dataFlow": [
                "name": "BooksByGenre", "type": "MappingDataFlow", "typeProperties": typeProperties,
                "datasets": [
                    "Books": ["name": "BooksCsv", "type": "DelimitedText", "typeProperties": ["location": ["folderPath": "books/2025"]],
                              "parameters": ["folder": "books/2025"], "linkedServiceName": "Lake", "linkedService": lake],
                    "Broken": "not a dataset",
                ],
                "linkedServices": ["Books": lake, "Summary": warehouse, "Broken": 3],
            ],
        ])
        let dataFlow = try #require(invocation.dataFlow)
        #expect(dataFlow.name == "BooksByGenre")
        #expect(dataFlow.type == "MappingDataFlow")
        #expect(dataFlow.typeProperties == typeProperties)
        #expect(dataFlow.datasets.keys.sorted() == ["Books"])
        let books = try #require(dataFlow.datasets["Books"])
        #expect(books.name == "BooksCsv")
        #expect(books.parameters == ["folder": "books/2025"])
        #expect(books.typeProperties["location"]?["folderPath"] == "books/2025")
        #expect(books.linkedService?.name == "Lake")
        #expect(dataFlow.linkedServices.keys.sorted() == ["Books", "Summary"])
        #expect(dataFlow.linkedServices["Summary"] == Invocation.LinkedService(
            name: "Warehouse", type: "AzurePostgreSql", typeProperties: ["password": "s3cret"]))
    }

    @Test("an invocation without a dataFlow member, or with one that is not an object with a name, has none")
    func absent() {
        #expect(Invocation(json: ["activity": ["name": "Web", "type": "WebActivity"]]).dataFlow == nil)
        #expect(Invocation(json: ["dataFlow": ["type": "MappingDataFlow"]]).dataFlow == nil)
        #expect(Invocation(json: ["dataFlow": "BooksByGenre"]).dataFlow == nil)
    }
}
