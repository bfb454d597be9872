import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// Copy between local-folder datasets through the real plugin library.
@Suite(.tags(.medium))
struct CopyFileTests {
    @Test func csvToCsvWithAMappingRenamesAndReordersColumns() async throws {
        try await DataTestBed.with { bed in
            try bed.write("id,name,city\n1,Ann,Oslo\n2,Bob,Rome\n", to: "in/people.csv")
            let run = await bed.copy(
                from: bed.csv("Source", folderPath: "in", fileName: "people.csv"),
                to: bed.csv("Sink", folderPath: "out", fileName: "cities.csv"),
                extra: [
                    "translator": [
                        "type": "TabularTranslator",
                        "mappings": [
                            ["source": ["name": "city"], "sink": ["name": "Town"]],
                            ["source": ["name": "id"], "sink": ["name": "Id", "type": "Int32"]],
                        ],
                    ]
                ])
            let output = try run.requireSucceeded()
            #expect(try bed.read("out/cities.csv") == "Town,Id\r\nOslo,1\r\nRome,2\r\n")
            #expect(output["rowsRead"] == 2)
            #expect(output["rowsCopied"] == 2)
            #expect(output["filesRead"] == 1)
            #expect(output["filesWritten"] == 1)
            #expect(output["dataRead"] == 35)
            #expect(output["dataWritten"]?.integerValue == Int64(try bed.read("out/cities.csv").utf8.count))
            #expect(output["effectiveIntegrationRuntime"] == "pipehost (local)")
            #expect(output["errors"] == [])
            #expect(output["executionDetails"]?[0]?["source"]?["type"] == "FileServer")
            #expect(output["executionDetails"]?[0]?["status"] == "Succeeded")
            #expect(output["executionDetails"]?[0]?["profile"]?["transfer"]?["status"] == "Completed")
            #expect(bed.files(under: "out") == ["cities.csv"])
        }
    }

    @Test func mappingByOrdinalReadsAHeaderlessFile() async throws {
        try await DataTestBed.with { bed in
            try bed.write("a,1\nb,2\n", to: "in/x.csv")
            let run = await bed.copy(
                from: bed.csv("S", folderPath: "in", fileName: "x.csv", header: false),
                to: bed.csv("K", folderPath: "out", fileName: "y.csv"),
                extra: [
                    "translator": [
                        "type": "TabularTranslator",
                        "mappings": [["source": ["ordinal": 2], "sink": ["name": "n"]]],
                    ]
                ])
            try run.requireSucceeded()
            #expect(try bed.read("out/y.csv") == "n\r\n1\r\n2\r\n")
        }
    }

    @Test func csvToJsonAndBackKeepsTheRows() async throws {
        try await DataTestBed.with { bed in
            try bed.write("id,name\n1,\"Ann, Jr\"\n2,Bob\n", to: "in/p.csv")
            let toJson = await bed.copy(
                from: bed.csv("S", folderPath: "in", fileName: "p.csv"),
                to: bed.dataset("J", type: "Json", folderPath: "json", fileName: "p.json"),
                sink: ["type": "JsonSink", "formatSettings": ["type": "JsonWriteSettings", "filePattern": "arrayOfObjects"]])
            try toJson.requireSucceeded()
            let json = try JSONParser.parse(try bed.read("json/p.json"))
            #expect(json == [["id": "1", "name": "Ann, Jr"], ["id": "2", "name": "Bob"]])

            let back = await bed.copy(
                from: bed.dataset("J", type: "Json", folderPath: "json", fileName: "p.json"),
                to: bed.csv("K", folderPath: "back", fileName: "p.csv"), source: ["type": "JsonSource"])
            try back.requireSucceeded()
            #expect(try bed.read("back/p.csv") == "id,name\r\n1,\"Ann, Jr\"\r\n2,Bob\r\n")
        }
    }

    @Test func jsonWithACollectionReferenceFlattensIntoRows() async throws {
        try await DataTestBed.with { bed in
            try bed.write(
                "{\"order\":\"A\",\"lines\":[{\"sku\":\"x\",\"qty\":1},{\"sku\":\"y\",\"qty\":2}]}\n", to: "in/o.json")
            let run = await bed.copy(
                from: bed.dataset("J", type: "Json", folderPath: "in", fileName: "o.json"),
                to: bed.csv("K", folderPath: "out", fileName: "lines.csv"), source: ["type": "JsonSource"],
                extra: [
                    "translator": [
                        "type": "TabularTranslator", "collectionReference": "$['lines']",
                        "mappings": [
                            ["source": ["path": "$['order']"], "sink": ["name": "order"]],
                            ["source": ["path": "['sku']"], "sink": ["name": "sku"]],
                            ["source": ["path": "['qty']"], "sink": ["name": "qty"]],
                        ],
                    ]
                ])
            try run.requireSucceeded()
            #expect(try bed.read("out/lines.csv") == "order,sku,qty\r\nA,x,1\r\nA,y,2\r\n")
        }
    }

    @Test func binaryCopiesBytesUnchanged() async throws {
        try await DataTestBed.with { bed in
            var bytes = Data()
            for index in 0..<600_000 { bytes.append(UInt8(truncatingIfNeeded: index &* 31)) }
            try bed.write(bytes, to: "in/blob.bin")
            let run = await bed.copy(
                from: bed.dataset("B", type: "Binary", folderPath: "in", fileName: "blob.bin"),
                to: bed.dataset("C", type: "Binary", folderPath: "out"), source: ["type": "BinarySource"],
                sink: ["type": "BinarySink"])
            let output = try run.requireSucceeded()
            #expect(try Data(contentsOf: URL(fileURLWithPath: bed.path("out/blob.bin"))) == bytes)
            #expect(output["dataRead"] == 600_000)
            #expect(output["dataWritten"] == 600_000)
            #expect(output["rowsCopied"] == nil)
        }
    }

    @Test func wildcardsRecursionAndCopyBehaviours() async throws {
        try await DataTestBed.with { bed in
            try bed.write("a\n", to: "in/a.csv")
            try bed.write("b\n", to: "in/sub/b.csv")
            try bed.write("c\n", to: "in/sub/deeper/c.csv")
            try bed.write("skip\n", to: "in/note.txt")
            let source = bed.dataset("B", type: "Binary", folderPath: "in")
            func copy(_ folder: String, store: JSONObject, behavior: String?) async throws -> [String] {
                var sinkSettings: JSONObject = ["type": "FileServerWriteSettings"]
                if let behavior { sinkSettings["copyBehavior"] = .string(behavior) }
                var storeSettings = store
                storeSettings["type"] = "FileServerReadSettings"
                let run = await bed.copy(
                    from: source, to: bed.dataset("C", type: "Binary", folderPath: folder),
                    source: ["type": "BinarySource", "storeSettings": .object(storeSettings)],
                    sink: ["type": "BinarySink", "storeSettings": .object(sinkSettings)])
                try run.requireSucceeded()
                return bed.files(under: folder)
            }
            #expect(
                try await copy("p", store: ["wildcardFileName": "*.csv"], behavior: nil)
                    == ["a.csv", "sub/b.csv", "sub/deeper/c.csv"])
            #expect(
                try await copy("f", store: ["wildcardFileName": "*.csv", "recursive": true], behavior: "FlattenHierarchy")
                    == ["a.csv", "b.csv", "c.csv"])
            #expect(try await copy("n", store: ["wildcardFileName": "*.csv", "recursive": false], behavior: nil) == ["a.csv"])
            #expect(
                try await copy("w", store: ["wildcardFolderPath": "in/s*", "wildcardFileName": "*.csv"], behavior: nil)
                    == ["sub/b.csv", "sub/deeper/c.csv"])
            let merged = await bed.copy(
                from: bed.csv("S", folderPath: "in", header: false), to: bed.csv("K", folderPath: "m", header: false),
                source: ["storeSettings": ["type": "FileServerReadSettings", "wildcardFileName": "*.csv"]],
                sink: ["storeSettings": ["type": "FileServerWriteSettings", "copyBehavior": "MergeFiles"]])
            let output = try merged.requireSucceeded()
            let files = bed.files(under: "m")
            #expect(files.count == 1)
            #expect(try bed.read("m/\(files[0])") == "a\r\nb\r\nc\r\n")
            #expect(output["filesRead"] == 3)
            #expect(output["filesWritten"] == 1)
        }
    }

    @Test func deleteFilesAfterCompletionRemovesTheSources() async throws {
        try await DataTestBed.with { bed in
            try bed.write("x\n", to: "in/one.csv")
            try bed.write("y\n", to: "in/two.csv")
            let run = await bed.copy(
                from: bed.dataset("B", type: "Binary", folderPath: "in"), to: bed.dataset("C", type: "Binary", folderPath: "out"),
                source: [
                    "type": "BinarySource",
                    "storeSettings": ["type": "FileServerReadSettings", "deleteFilesAfterCompletion": true],
                ],
                sink: ["type": "BinarySink"])
            try run.requireSucceeded()
            #expect(bed.files(under: "out") == ["one.csv", "two.csv"])
            #expect(bed.files(under: "in") == [])
        }
    }

    @Test func aMissingSourceFileFailsWith2200AndWritesNothing() async throws {
        try await DataTestBed.with { bed in
            let run = await bed.copy(
                from: bed.csv("S", folderPath: "in", fileName: "nope.csv"), to: bed.csv("K", folderPath: "out", fileName: "o.csv"))
            let error = try run.requireFailed(code: "2200", messageContains: "ErrorCode=UserErrorFileNotFound")
            #expect(error.message.contains("in/nope.csv"))
            #expect(!bed.exists("out"))
        }
    }

    @Test func aMalformedRowFailsTheCopyAndLeavesNoSinkFile() async throws {
        try await DataTestBed.with { bed in
            try bed.write("id,name\n1,Ann\n2,Bob,extra\n", to: "in/bad.csv")
            let run = await bed.copy(
                from: bed.csv("S", folderPath: "in", fileName: "bad.csv"), to: bed.csv("K", folderPath: "out", fileName: "o.csv"))
            try run.requireFailed(code: "2200", messageContains: "DelimitedTextMoreColumnsThanDefined")
            #expect(bed.files(under: "out") == [])
        }
    }

    @Test func skippingIncompatibleRowsCountsAndLogsThem() async throws {
        try await DataTestBed.with { bed in
            try bed.write("id,name\n1,Ann\n2,Bob,extra\n3,Cy\n", to: "in/bad.csv")
            let run = await bed.copy(
                from: bed.csv("S", folderPath: "in", fileName: "bad.csv"), to: bed.csv("K", folderPath: "out", fileName: "o.csv"),
                extra: [
                    "enableSkipIncompatibleRow": true,
                    "redirectIncompatibleRowSettings": [
                        "linkedServiceName": ["referenceName": "Logs", "type": "LinkedServiceReference"], "path": "logs",
                    ],
                ],
                linkedServices: [
                    ResolvedLinkedService(name: "Logs", type: "FileServer", typeProperties: ["host": .string(bed.folder.path)])
                ])
            let output = try run.requireSucceeded()
            #expect(try bed.read("out/o.csv") == "id,name\r\n1,Ann\r\n3,Cy\r\n")
            #expect(output["rowsRead"] == 3)
            #expect(output["rowsCopied"] == 2)
            #expect(output["rowsSkipped"] == 1)
            let logPath = try #require(output["redirectRowPath"]?.stringValue)
            let log = try bed.read(logPath)
            #expect(log.hasPrefix("File,RowNumber,Row,Reason\r\n"))
            #expect(log.contains("in/bad.csv,3,\"2,Bob,extra\""))
        }
    }

    @Test func cancellationMidCopyLeavesNoSinkFile() async throws {
        try await DataTestBed.with { bed in
            try bed.write("a\n1\n", to: "in/1.csv")
            try bed.write("a\n2\n", to: "in/2.csv")
            let services = FakeHostServices(cancelWhen: { $0.message.contains("file 2 of 2") })
            let run = await bed.run(
                "Copy",
                [
                    "source": ["type": "DelimitedTextSource"],
                    "sink": ["type": "DelimitedTextSink", "storeSettings": ["copyBehavior": "MergeFiles"]],
                ],
                inputs: [bed.csv("S", folderPath: "in")], outputs: [bed.csv("K", folderPath: "out", fileName: "all.csv")],
                services: services)
            try run.requireCancelled()
            #expect(bed.files(under: "out") == [])
        }
    }

    @Test func anUnreachableLinkedServiceNamesTheTypesThatWork() async throws {
        try await DataTestBed.with { bed in
            let snowflake: JSONValue = ["name": "Snow", "type": "Snowflake", "typeProperties": [:]]
            let run = await bed.copy(
                from: bed.dataset("S", type: "DelimitedText", folderPath: "x", linkedService: snowflake),
                to: bed.csv("K", folderPath: "out", fileName: "o.csv"))
            try run.requireFailed(code: "UnsupportedLinkedServiceType", messageContains: "are FileServer, AzureBlobStorage, AzureBlobFS, HttpServer, RestService, PostgreSql, AzurePostgreSql, PostgreSqlV2.")
        }
    }
}
