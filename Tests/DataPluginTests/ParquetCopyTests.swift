import Foundation
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// Parquet datasets through the real plugin: CSV → Parquet → CSV with a typed mapping, Lookup
/// and GetMetadata on the Parquet file, and a corrupt file that fails the copy and writes nothing.
@Suite(.tags(.medium))
struct ParquetCopyTests {
    private func parquet(
        _ bed: DataTestBed, _ name: String, folderPath: String, fileName: String? = nil, codec: String? = nil
    )
        -> JSONValue
    {
        var properties: JSONObject = [:]
        if let codec { properties["compressionCodec"] = .string(codec) }
        return bed.dataset(name, type: "Parquet", folderPath: folderPath, fileName: fileName, properties: properties)
    }

    @Test(arguments: [nil, "gzip", "zstd", "none"])
    func csvToParquetAndBackKeepsTypedValues(codec: String?) async throws {
        try await DataTestBed.with { bed in
            try bed.write("id,name,price,when\n1,Ann,12.50,2024-05-01 10:00:00\n2,Bob,3,\n", to: "in/people.csv")
            let toParquet = await bed.copy(
                from: bed.csv("Csv", folderPath: "in", fileName: "people.csv"),
                to: parquet(bed, "Pq", folderPath: "lake", fileName: "people.parquet", codec: codec),
                sink: ["type": "ParquetSink", "formatSettings": ["type": "ParquetWriteSettings"]],
                extra: [
                    "translator": [
                        "type": "TabularTranslator",
                        "mappings": [
                            ["source": ["name": "id"], "sink": ["name": "id", "type": "Int32"]],
                            ["source": ["name": "name"], "sink": ["name": "name"]],
                            ["source": ["name": "price"], "sink": ["name": "price", "type": "Decimal"]],
                            ["source": ["name": "when"], "sink": ["name": "when", "type": "DateTime"]],
                        ],
                    ]
                ])
            let output = try toParquet.requireSucceeded()
            #expect(output["rowsCopied"] == 2)
            #expect(output["filesWritten"] == 1)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: bed.path("lake/people.parquet")))
            #expect(bytes.prefix(4) == Data("PAR1".utf8))
            #expect(bytes.suffix(4) == Data("PAR1".utf8))
            #expect(output["dataWritten"]?.integerValue == Int64(bytes.count))
            #expect(bed.files(under: "lake") == ["people.parquet"])

            let dataset = parquet(bed, "Pq", folderPath: "lake", fileName: "people.parquet")
            let lookup = await bed.run(
                "Lookup",
                ["source": ["type": "ParquetSource"], "dataset": DataTestBed.reference("Pq"), "firstRowOnly": false],
                datasets: [dataset])
            let found = try lookup.requireSucceeded()
            #expect(found["count"] == 2)
            #expect(found["value"]?[0]?["id"] == 1)
            #expect(found["value"]?[0]?["name"] == "Ann")
            #expect(found["value"]?[0]?["price"]?.numberValue == 12.5)
            #expect(found["value"]?[0]?["when"] == "2024-05-01T10:00:00")
            #expect(found["value"]?[1]?["id"] == 2)
            #expect(found["value"]?[1]?["price"]?.numberValue == 3)
            #expect(found["value"]?[1]?["when"] == .null)

            let metadata = await bed.run(
                "GetMetadata", ["dataset": DataTestBed.reference("Pq"), "fieldList": ["structure", "columnCount"]],
                datasets: [dataset])
            #expect(
                try metadata.requireSucceeded()
                    == [
                        "structure": [
                            ["name": "id", "type": "Int32"], ["name": "name", "type": "String"],
                            ["name": "price", "type": "Decimal"], ["name": "when", "type": "DateTime"],
                        ],
                        "columnCount": 4,
                    ])

            let back = await bed.copy(
                from: dataset, to: bed.csv("Back", folderPath: "back", fileName: "people.csv"),
                source: ["type": "ParquetSource", "storeSettings": ["type": "FileServerReadSettings"]])
            try back.requireSucceeded()
            #expect(
                try bed.read("back/people.csv")
                    == "id,name,price,when\r\n1,Ann,12.500000000000000000,2024-05-01T10:00:00\r\n2,Bob,3.000000000000000000,\r\n"
            )
        }
    }

    @Test func aSinkWithoutAFileNameGetsTheParquetExtension() async throws {
        try await DataTestBed.with { bed in
            try bed.write("a\n1\n", to: "in/a.csv")
            let run = await bed.copy(
                from: bed.csv("Csv", folderPath: "in"), to: parquet(bed, "Pq", folderPath: "lake"),
                sink: [
                    "type": "ParquetSink",
                    "storeSettings": ["type": "FileServerWriteSettings", "copyBehavior": "MergeFiles"],
                ])
            try run.requireSucceeded()
            let files = bed.files(under: "lake")
            #expect(files.count == 1)
            #expect(files.first?.hasSuffix(".parquet") == true, "\(files)")
        }
    }

    @Test func aCorruptParquetFileFailsTheCopyAndWritesNothing() async throws {
        try await DataTestBed.with { bed in
            try bed.write("PAR1 this is not a footer PAR1", to: "lake/bad.parquet")
            let run = await bed.copy(
                from: parquet(bed, "Pq", folderPath: "lake", fileName: "bad.parquet"),
                to: bed.csv("Out", folderPath: "out", fileName: "o.csv"), source: ["type": "ParquetSource"])
            try run.requireFailed(code: "2200", messageContains: "ParquetInvalidData")
            #expect(bed.files(under: "out") == [])
        }
    }

    @Test func aCodecPipehostLacksFailsTheSinkNamingTheCodecsThatWork() async throws {
        try await DataTestBed.with { bed in
            try bed.write("a\n1\n", to: "in/a.csv")
            let run = await bed.copy(
                from: bed.csv("Csv", folderPath: "in", fileName: "a.csv"),
                to: parquet(bed, "Pq", folderPath: "lake", fileName: "a.parquet", codec: "lzo"),
                sink: ["type": "ParquetSink"])
            try run.requireFailed(code: "2200", messageContains: "none, snappy, gzip and zstd")
            #expect(bed.files(under: "lake") == [])
        }
    }
}
