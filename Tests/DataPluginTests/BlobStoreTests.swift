import AzureMLEmulator
import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// Every data activity on blob storage (the emulator's blob service) through the real plugin library:
/// Copy to, from and between blobs, Lookup, GetMetadata, Delete and Validation, with each way of
/// authorizing, and the failures ADF reports.
@Suite(.tags(.medium))
struct BlobStoreTests {
    static let mapping: JSONValue = [
        "type": "TabularTranslator",
        "mappings": [
            ["source": ["name": "name"], "sink": ["name": "Name"]],
            ["source": ["name": "id"], "sink": ["name": "Id", "type": "Int32"]],
        ],
    ]

    @Test(arguments: BlobTestBed.Access.allCases)
    func csvCopiesFromLocalToBlobAndBackWithAMapping(access: BlobTestBed.Access) async throws {
        try await BlobTestBed.with { bed in
            try bed.data.write("id,name\n1,Ann\n2,Bob\n", to: "in/people.csv")
            let upload = await bed.data.copy(
                from: bed.data.csv("Local", folderPath: "in", fileName: "people.csv"),
                to: bed.csv("Blob", folderPath: "people/2024", fileName: "names.csv", access: access),
                extra: ["translator": Self.mapping])
            let output = try upload.requireSucceeded()
            #expect(try bed.blobText("data/people/2024/names.csv") == "Name,Id\r\nAnn,1\r\nBob,2\r\n")
            #expect(output["rowsCopied"] == 2)
            #expect(output["filesWritten"] == 1)
            #expect(output["executionDetails"]?[0]?["sink"]?["type"] == .string(access == .dataLake ? "AzureBlobFS" : "AzureBlobStorage"))

            let download = await bed.data.copy(
                from: bed.csv("Blob", folderPath: "people/2024", fileName: "names.csv", access: access),
                to: bed.data.csv("Local", folderPath: "out", fileName: "back.csv"))
            try download.requireSucceeded()
            #expect(try bed.data.read("out/back.csv") == "Name,Id\r\nAnn,1\r\nBob,2\r\n")
        }
    }

    @Test func binaryCopiesAFileOfSeveralBlocksToABlobBetweenBlobsAndBack() async throws {
        try await BlobTestBed.with { bed in
            // 9 MiB and a bit: three blocks up, three ranged reads down.
            var bytes = [UInt8](repeating: 0, count: 9 * 1024 * 1024 + 321)
            var seed: UInt32 = 7
            for index in bytes.indices {
                seed = seed &* 1_103_515_245 &+ 12_345
                bytes[index] = UInt8(truncatingIfNeeded: seed >> 16)
            }
            try bed.data.write(Data(bytes), to: "big/blob.bin")
            let binary: (String, String, String) -> JSONValue = { name, folder, file in
                bed.dataset(name, type: "Binary", folderPath: folder, fileName: file)
            }
            let up = await bed.data.copy(
                from: bed.data.dataset("L", type: "Binary", folderPath: "big", fileName: "blob.bin"),
                to: binary("B", "large", "blob.bin"),
                source: ["type": "BinarySource"], sink: ["type": "BinarySink"])
            let output = try up.requireSucceeded()
            #expect(output["dataWritten"]?.integerValue == Int64(bytes.count))
            #expect(try Data(contentsOf: bed.blobURL("data/large/blob.bin")) == Data(bytes))
            #expect(!bed.hasUncommittedBlocks(in: "data"))

            let across = await bed.data.copy(
                from: binary("B", "large", "blob.bin"), to: binary("C", "copy", "again.bin"),
                source: ["type": "BinarySource"], sink: ["type": "BinarySink"])
            #expect(try across.requireSucceeded()["dataRead"]?.integerValue == Int64(bytes.count))
            #expect(try Data(contentsOf: bed.blobURL("data/copy/again.bin")) == Data(bytes))

            let down = await bed.data.copy(
                from: binary("C", "copy", "again.bin"),
                to: bed.data.dataset("L", type: "Binary", folderPath: "back", fileName: "blob.bin"),
                source: ["type": "BinarySource"], sink: ["type": "BinarySink"])
            try down.requireSucceeded()
            #expect(try Data(contentsOf: URL(fileURLWithPath: bed.data.path("back/blob.bin"))) == Data(bytes))
        }
    }

    @Test func wildcardsAndRecursionWalkBlobFolders() async throws {
        try await BlobTestBed.with { bed in
            try bed.writeBlob("a\n1\n", to: "data/logs/2024/jan/one.csv")
            try bed.writeBlob("a\n2\n", to: "data/logs/2024/two.csv")
            try bed.writeBlob("not csv", to: "data/logs/2024/notes.txt")
            try bed.writeBlob("a\n3\n", to: "data/logs/2025/three.csv")
            try bed.writeBlob("a\n4\n", to: "data/other/four.csv")
            let wildcard = await bed.data.copy(
                from: bed.csv("Logs", folderPath: nil),
                to: bed.data.csv("Out", folderPath: "out"),
                source: [
                    "type": "DelimitedTextSource",
                    "storeSettings": [
                        "type": "AzureBlobStorageReadSettings", "recursive": true, "wildcardFolderPath": "logs/2024",
                        "wildcardFileName": "*.csv",
                    ],
                ])
            let output = try wildcard.requireSucceeded()
            #expect(output["filesRead"] == 2)
            #expect(bed.data.files(under: "out") == ["jan/one.csv", "two.csv"])

            let flat = await bed.data.copy(
                from: bed.csv("Logs", folderPath: "logs"),
                to: bed.data.csv("Flat", folderPath: "flat"),
                source: ["type": "DelimitedTextSource", "storeSettings": ["recursive": false]])
            #expect(try flat.requireSucceeded()["filesRead"] == 0)
            let everything = await bed.data.copy(
                from: bed.dataset("All", type: "Binary", folderPath: "logs"),
                to: bed.dataset("Copy", type: "Binary", folderPath: "mirror"),
                source: ["type": "BinarySource", "storeSettings": ["recursive": true]], sink: ["type": "BinarySink"])
            #expect(try everything.requireSucceeded()["filesWritten"] == 4)
            #expect(
                bed.blobs(in: "data/mirror") == ["2024/jan/one.csv", "2024/notes.txt", "2024/two.csv", "2025/three.csv"])
        }
    }

    @Test(arguments: [BlobTestBed.Access.accountKey, .sharedAccessSignature, .connectionString])
    func lookupGetMetadataDeleteAndValidationWorkOnBlobs(access: BlobTestBed.Access) async throws {
        try await BlobTestBed.with { bed in
            try bed.data.write("id,name\n1,Ann\n2,Bob\n", to: "in/people.csv")
            try await bed.data.copy(
                from: bed.data.csv("Local", folderPath: "in", fileName: "people.csv"),
                to: bed.csv("Blob", folderPath: "cfg", fileName: "people.csv", access: access)
            ).requireSucceeded()
            try bed.writeBlob("x", to: "data/cfg/sub/q.txt")
            let people = bed.csv("People", folderPath: "cfg", fileName: "people.csv", access: access)

            let lookup = await bed.data.run(
                "Lookup", ["source": ["type": "DelimitedTextSource"], "dataset": DataTestBed.reference("People")],
                datasets: [people])
            #expect(try lookup.requireSucceeded() == ["firstRow": ["id": "1", "name": "Ann"]])

            let file = await bed.data.run(
                "GetMetadata",
                [
                    "dataset": DataTestBed.reference("People"),
                    "fieldList": ["exists", "itemName", "itemType", "size", "lastModified", "contentMD5", "columnCount"],
                ], datasets: [people])
            let metadata = try file.requireSucceeded()
            #expect(metadata["exists"] == true)
            #expect(metadata["itemName"] == "people.csv")
            #expect(metadata["itemType"] == "File")
            #expect(metadata["size"] == 23)
            // The MD5 the plugin sent with Put Block List, as Azure reports it.
            #expect(metadata["contentMD5"] == "FmuV4UgKGn3zDvLPR61Yog==")
            #expect(metadata["columnCount"] == 2)
            #expect(metadata["lastModified"]?.stringValue?.hasSuffix("Z") == true)

            let folder = await bed.data.run(
                "GetMetadata",
                ["dataset": DataTestBed.reference("Cfg"), "fieldList": ["exists", "itemName", "itemType", "childItems"]],
                datasets: [bed.csv("Cfg", folderPath: "cfg", access: access)])
            #expect(
                try folder.requireSucceeded()
                    == [
                        "exists": true, "itemName": "cfg", "itemType": "Folder",
                        "childItems": [["name": "people.csv", "type": "File"], ["name": "sub", "type": "Folder"]],
                    ])
            let missing = await bed.data.run(
                "GetMetadata", ["dataset": DataTestBed.reference("Gone"), "fieldList": ["exists"]],
                datasets: [bed.csv("Gone", folderPath: "cfg", fileName: "gone.csv", access: access)])
            #expect(try missing.requireSucceeded() == ["exists": false])

            let validation = await bed.data.run(
                "Validation", ["dataset": DataTestBed.reference("People"), "timeout": "0.00:00:10", "sleep": 1, "minimumSize": 10],
                datasets: [people])
            #expect(try validation.requireSucceeded()["size"] == 23)

            let delete = await bed.data.run(
                "Delete", ["dataset": DataTestBed.reference("Cfg"), "recursive": true],
                datasets: [bed.dataset("Cfg", type: "Binary", folderPath: "cfg", access: access)])
            try delete.requireSucceeded()
            #expect(bed.blobs(in: "data/cfg") == [])
        }
    }

    @Test func aWrongAccountKeyIsAccessDeniedNamingTheAccountNotTheKey() async throws {
        try await BlobTestBed.with { bed in
            let wrongKey = Data(repeating: 9, count: 48).base64EncodedString()
            for access in [BlobTestBed.Access.accountKey, .connectionString, .dataLake] {
                let run = await bed.data.run(
                    "GetMetadata", ["dataset": DataTestBed.reference("P"), "fieldList": ["exists"]],
                    datasets: [
                        bed.dataset(
                            "P", type: "Binary", folderPath: "x", fileName: "y", access: access,
                            linkedService: bed.linkedService(access, key: wrongKey))
                    ])
                try run.requireFailed(code: "UserErrorAccessDenied", messageContains: "account 'mlstorage'")
                #expect(!"\(run.outcome)".contains(wrongKey))
                #expect(!"\(run.outcome)".contains(bed.account.key))
            }
        }
    }

    @Test func aMissingBlobIsFileNotFoundAndAnUnreachableEndpointASystemError() async throws {
        try await BlobTestBed.with { bed in
            let missing = await bed.data.copy(
                from: bed.csv("Gone", folderPath: "nowhere", fileName: "gone.csv"),
                to: bed.data.csv("Out", folderPath: "out", fileName: "o.csv"))
            try missing.requireFailed(messageContains: "UserErrorFileNotFound")
            #expect("\(missing.outcome)".contains("nowhere/gone.csv"))

            let closed: JSONValue = [
                "name": "Closed", "type": "AzureBlobStorage",
                "typeProperties": [
                    "connectionString": .string(
                        "DefaultEndpointsProtocol=http;AccountName=mlstorage;AccountKey=\(bed.account.key);"
                            + "BlobEndpoint=http://127.0.0.1:1/blob/mlstorage")
                ],
            ]
            let unreachable = await bed.data.run(
                "GetMetadata", ["dataset": DataTestBed.reference("P"), "fieldList": ["exists"]],
                datasets: [bed.dataset("P", type: "Binary", folderPath: "x", fileName: "y", linkedService: closed)])
            try unreachable.requireFailed(code: "FileOperationFailed", messageContains: "cannot be reached")
            #expect(!"\(unreachable.outcome)".contains(bed.account.key))
        }
    }

    @Test func cancellingMidUploadLeavesNoCommittedBlob() async throws {
        try await BlobTestBed.with { bed in
            // The first file alone fills more than one block, so blocks are staged before the cancel.
            try bed.data.write("a\n" + String(repeating: "123456789\n", count: 500_000), to: "in/1.csv")
            try bed.data.write("a\n2\n", to: "in/2.csv")
            let services = FakeHostServices(cancelWhen: { $0.message.contains("file 2 of 2") })
            let run = await bed.data.run(
                "Copy",
                [
                    "source": ["type": "DelimitedTextSource"],
                    "sink": ["type": "DelimitedTextSink", "storeSettings": ["copyBehavior": "MergeFiles"]],
                ],
                inputs: [bed.data.csv("S", folderPath: "in")],
                outputs: [bed.csv("K", folderPath: "merged", fileName: "all.csv")],
                services: services)
            try run.requireCancelled()
            #expect(bed.blobs(in: "data/merged") == [])
            #expect(!bed.blobExists("data/merged/all.csv"))
            #expect(bed.hasUncommittedBlocks(in: "data"))
        }
    }
}
