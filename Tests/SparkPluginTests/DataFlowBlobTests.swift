import AzureMLEmulator
import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

extension SparkJobs {
    /// `ExecuteDataFlow` on blob storage: the Azure ML emulator's account `mlstorage` (started
    /// in-process from examples/azureml-emulator), reached over HTTP as Azure is. A dataset source
    /// reads the CSV blobs of a folder modified after a date (moved to an archive after completion), an inline dataset source a
    /// wildcard of JSON blobs (deleted after completion); a dataset sink writes one named CSV blob and an
    /// inline sink Parquet part files, stored only once the data flow succeeded.
    @Suite("ExecuteDataFlow on blob storage", .tags(.large), .serialized)
    struct DataFlowBlobTests {
        static let script = [
            "source(output(region as string, amount as decimal(10,2)), allowSchemaDrift: false,",
            "     validateSchema: false, moveFiles: ['sales', 'archive/sales'],",
            "     modifiedAfter: (toTimestamp('2021-01-01 00:00:00'))) ~> Sales",
            "source(output(regionName as string, manager as string), allowSchemaDrift: false, validateSchema: false,",
            "     format: 'json', fileSystem: 'data', documentForm: 'documentPerLine',",
            "     wildcardPaths:['regions/*.json'], purgeFiles: true) ~> Regions",
            "Sales aggregate(groupBy(region), total = sum(amount), sales = count()) ~> Totals",
            "Totals, Regions lookup(region == regionName, multiple: false, pickup: 'any',",
            "     broadcast: 'auto') ~> WithManager",
            "WithManager select(mapColumn(region, manager, total, sales)) ~> Report",
            "Report sort(asc(region, true)) ~> Sorted",
            "Sorted sink(allowSchemaDrift: true, validateSchema: false, partitionFileNames:['totals.csv'],",
            "     partitionBy('hash', 1)) ~> TotalsCsv",
            "Sorted sink(format: 'parquet', fileSystem: 'data', folderPath: 'reports/parquet', truncate: true) ~> TotalsParquet",
        ]

        @Test("blob sources (a dataset's folder moved after completion, an inline wildcard purged) and sinks (a named CSV, Parquet parts) through the emulator's blob service")
        func blobStores() async throws {
            try await EmulatorBlobStorage.with { storage in
                let account = storage.account
                let writeBlob = storage.write
                try writeBlob("region,amount\nEurope,10.50\nAsia,4.00\n", "data/sales/2026/jan.csv")
                try writeBlob("region,amount\nEurope,2.25\nAmericas,7.00\n", "data/sales/2026/feb.csv")
                // January's blob was last modified in 2020: modifiedAfter leaves it out (and unmoved).
                try FileManager.default.setAttributes(
                    [.modificationDate: Date(timeIntervalSince1970: 1_577_836_800)],
                    ofItemAtPath: storage.file("data/sales/2026/jan.csv").path)
                try writeBlob(
                    "{\"regionName\":\"Europe\",\"manager\":\"Ada\"}\n{\"regionName\":\"Asia\",\"manager\":\"Grace\"}\n",
                    "data/regions/a.json")
                try writeBlob("{\"regionName\":\"Americas\",\"manager\":\"Alan\"}\n", "data/regions/b.json")
                try writeBlob("stale", "data/reports/parquet/old-part.parquet")
                let blobs = storage.linkedService
                let blobJSON: JSONValue = [
                    "name": "Blobs", "type": "AzureBlobStorage", "typeProperties": blobs.typeProperties,
                ]
                func csvDataset(_ name: String, folderPath: String, fileName: String?) -> JSONValue {
                    var location: JSONObject = ["type": "AzureBlobStorageLocation", "container": "data", "folderPath": .string(folderPath)]
                    if let fileName { location["fileName"] = .string(fileName) }
                    return [
                        "name": .string(name), "type": "DelimitedText", "linkedService": blobJSON,
                        "typeProperties": [
                            "location": .object(location), "columnDelimiter": ",", "firstRowAsHeader": true,
                        ],
                    ]
                }
                let dataFlow = ResolvedDataFlow(
                    name: "RegionReport", type: "MappingDataFlow",
                    typeProperties: [
                        "sources": [
                            ["name": "Sales", "dataset": ["referenceName": "SalesCsv", "type": "DatasetReference"]],
                            ["name": "Regions", "linkedService": ["referenceName": "Blobs", "type": "LinkedServiceReference"]],
                        ],
                        "sinks": [
                            ["name": "TotalsCsv", "dataset": ["referenceName": "TotalsCsv", "type": "DatasetReference"]],
                            ["name": "TotalsParquet", "linkedService": ["referenceName": "Blobs", "type": "LinkedServiceReference"]],
                        ],
                        "scriptLines": .array(Self.script.map { .string($0) }),
                    ],
                    datasets: [
                        "Sales": csvDataset("SalesCsv", folderPath: "sales/2026", fileName: nil),
                        "TotalsCsv": csvDataset("TotalsCsv", folderPath: "reports/csv", fileName: nil),
                    ],
                    linkedServices: ["Sales": blobs, "Regions": blobs, "TotalsCsv": blobs, "TotalsParquet": blobs])
                try await SparkTestBed.with { bed in
                    let runId = UUID().uuidString
                    let invocation = ActivityInvocation(
                        activityName: "RegionReport", activityType: "ExecuteDataFlow",
                        typeProperties: ["dataflow": ["referenceName": "RegionReport", "type": "DataFlowReference"]],
                        linkedService: nil, linkedServices: ["Blobs": blobs], dataFlow: dataFlow,
                        run: RunIdentifiers(
                            dataFactory: "spark-tests", pipelineName: "spark-pipeline", pipelineRunId: runId,
                            activityRunId: UUID().uuidString, attempt: 1, triggerTime: "2026-12-07T00:00:00Z",
                            groupId: runId))
                    let run = await bed.run(invocation)
                    let output = try run.requireSucceeded()
                    let csv = try String(
                        contentsOf: account.fileURL(relativeLocation: "data/reports/csv/totals.csv"), encoding: .utf8)
                    #expect(csv == "region,manager,total,sales\nAmericas,Alan,7.00,1\nEurope,Ada,2.25,1\n")
                    let parquet = try FileManager.default.contentsOfDirectory(
                        atPath: account.fileURL(relativeLocation: "data/reports/parquet").path)
                    #expect(
                        !parquet.isEmpty && parquet.allSatisfy { $0.hasPrefix("part-") && $0.hasSuffix(".parquet") },
                        "truncate: true clears the old files; only the new parts: \(parquet)")
                    // After completion: the sales files moved below archive/, keeping their paths below
                    // sales/; the region files deleted; nothing else touched.
                    let files = FileManager.default
                    #expect(files.fileExists(atPath: storage.file("data/archive/sales/2026/feb.csv").path), "feb.csv not moved")
                    #expect(!files.fileExists(atPath: storage.file("data/sales/2026/feb.csv").path), "feb.csv left behind")
                    #expect(files.fileExists(atPath: storage.file("data/sales/2026/jan.csv").path), "jan.csv was not read")
                    #expect(!files.fileExists(atPath: storage.file("data/archive/sales/2026/jan.csv").path))
                    #expect(!files.fileExists(atPath: storage.file("data/regions/a.json").path))
                    #expect(!files.fileExists(atPath: storage.file("data/regions/b.json").path))
                    #expect(files.fileExists(atPath: storage.file("data/reports/csv/totals.csv").path))
                    let metrics = output["runStatus"]?["metrics"]
                    #expect(metrics?["TotalsCsv"]?["rowsWritten"] == 2, "\(output)")
                    #expect(metrics?["TotalsCsv"]?["sources"]?["Sales"]?["rowsRead"] == 2, "\(output)")
                    #expect(metrics?["TotalsParquet"]?["sources"]?["Regions"]?["rowsRead"] == 3, "\(output)")
                }
            }
        }
    }
}
