import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// Lookup, GetMetadata, Delete and Validation on local-folder datasets through the real plugin.
@Suite(.tags(.medium))
struct FileActivityTests {
    // MARK: Lookup

    @Test func lookupReturnsTheFirstRowOrEveryRow() async throws {
        try await DataTestBed.with { bed in
            try bed.write("id,name\n1,Ann\n2,Bob\n", to: "cfg/people.csv")
            let dataset = bed.csv("People", folderPath: "cfg", fileName: "people.csv")
            let first = await bed.run(
                "Lookup", ["source": ["type": "DelimitedTextSource"], "dataset": DataTestBed.reference("People")],
                datasets: [dataset])
            #expect(try first.requireSucceeded() == ["firstRow": ["id": "1", "name": "Ann"]])
            let all = await bed.run(
                "Lookup",
                [
                    "source": ["type": "DelimitedTextSource"], "dataset": DataTestBed.reference("People"),
                    "firstRowOnly": false,
                ], datasets: [dataset])
            #expect(
                try all.requireSucceeded()
                    == ["count": 2, "value": [["id": "1", "name": "Ann"], ["id": "2", "name": "Bob"]]])
        }
    }

    @Test func lookupOnJsonKeepsNestedObjects() async throws {
        try await DataTestBed.with { bed in
            try bed.write("{\"name\":\"a\",\"settings\":{\"retries\":3,\"tags\":[\"x\"]}}\n", to: "cfg/c.json")
            let run = await bed.run(
                "Lookup", ["source": ["type": "JsonSource"], "dataset": DataTestBed.reference("Config")],
                datasets: [bed.dataset("Config", type: "Json", folderPath: "cfg", fileName: "c.json")])
            #expect(
                try run.requireSucceeded() == ["firstRow": ["name": "a", "settings": ["retries": 3, "tags": ["x"]]]])
        }
    }

    @Test func lookupReturnsAtMost5000RowsAndFailsOver4MB() async throws {
        try await DataTestBed.with { bed in
            var text = "n\n"
            for index in 0..<6000 { text += "\(index)\n" }
            try bed.write(text, to: "big/n.csv")
            let rows = await bed.run(
                "Lookup",
                ["source": ["type": "DelimitedTextSource"], "dataset": DataTestBed.reference("N"), "firstRowOnly": false],
                datasets: [bed.csv("N", folderPath: "big", fileName: "n.csv")])
            #expect(try rows.requireOutput("count") == 5000)
            let wide = String(repeating: "x", count: 2000)
            var large = "v\n"
            for _ in 0..<3000 { large += wide + "\n" }
            try bed.write(large, to: "big/wide.csv")
            let tooLarge = await bed.run(
                "Lookup",
                ["source": ["type": "DelimitedTextSource"], "dataset": DataTestBed.reference("W"), "firstRowOnly": false],
                datasets: [bed.csv("W", folderPath: "big", fileName: "wide.csv")])
            try tooLarge.requireFailed(code: "LookupOutputSizeExceeded", messageContains: "4 MB")
        }
    }

    // MARK: GetMetadata

    @Test func getMetadataDescribesAFileAndAFolder() async throws {
        try await DataTestBed.with { bed in
            try bed.write("id,name\n1,Ann\n", to: "in/p.csv")
            try bed.write("x", to: "in/sub/q.txt")
            let file = await bed.run(
                "GetMetadata",
                [
                    "dataset": DataTestBed.reference("P"),
                    "fieldList": ["exists", "itemName", "itemType", "size", "lastModified", "contentMD5", "structure", "columnCount"],
                ], datasets: [bed.csv("P", folderPath: "in", fileName: "p.csv")])
            let output = try file.requireSucceeded()
            #expect(output["exists"] == true)
            #expect(output["itemName"] == "p.csv")
            #expect(output["itemType"] == "File")
            #expect(output["size"] == 14)
            #expect(output["contentMD5"] == "jU3c/gyeJjRVKOaNXhJj2w==")
            #expect(output["structure"] == [["name": "id", "type": "String"], ["name": "name", "type": "String"]])
            #expect(output["columnCount"] == 2)
            #expect(output["lastModified"]?.stringValue?.hasSuffix("Z") == true)

            let folder = await bed.run(
                "GetMetadata",
                ["dataset": DataTestBed.reference("In"), "fieldList": ["itemName", "itemType", "childItems"]],
                datasets: [bed.csv("In", folderPath: "in")])
            #expect(
                try folder.requireSucceeded()
                    == [
                        "itemName": "in", "itemType": "Folder",
                        "childItems": [["name": "p.csv", "type": "File"], ["name": "sub", "type": "Folder"]],
                    ])
        }
    }

    @Test func getMetadataOfAMissingFileFailsUnlessExistsIsAsked() async throws {
        try await DataTestBed.with { bed in
            let dataset = bed.csv("Gone", folderPath: "in", fileName: "gone.csv")
            let withExists = await bed.run(
                "GetMetadata", ["dataset": DataTestBed.reference("Gone"), "fieldList": ["exists", "size"]], datasets: [dataset])
            #expect(try withExists.requireSucceeded() == ["exists": false])
            let without = await bed.run(
                "GetMetadata", ["dataset": DataTestBed.reference("Gone"), "fieldList": ["size"]], datasets: [dataset])
            try without.requireFailed(code: "UserErrorFileNotFound", messageContains: "in/gone.csv")
            let badField = await bed.run(
                "GetMetadata", ["dataset": DataTestBed.reference("Gone"), "fieldList": ["colour"]], datasets: [dataset])
            try badField.requireFailed(code: "2105", messageContains: "typeProperties.fieldList[0]")
        }
    }

    // MARK: Delete

    @Test func deleteRemovesMatchingFilesAndWritesADFsLog() async throws {
        try await DataTestBed.with { bed in
            try bed.write("1", to: "root/a/1.txt")
            try bed.write("2", to: "root/a/2.csv")
            try bed.write("3", to: "root/a/b/3.txt")
            let run = await bed.run(
                "Delete",
                [
                    "dataset": DataTestBed.reference("Txt"),
                    "storeSettings": ["type": "FileServerReadSettings", "recursive": true],
                    "enableLogging": true,
                    "logStorageSettings": [
                        "linkedServiceName": ["referenceName": "Logs", "type": "LinkedServiceReference"], "path": "logs",
                    ],
                ],
                datasets: [bed.dataset("Txt", type: "Binary", folderPath: "root/a", fileName: "*.txt")],
                linkedServices: [
                    ResolvedLinkedService(name: "Logs", type: "FileServer", typeProperties: ["host": .string(bed.folder.path)])
                ])
            let output = try run.requireSucceeded()
            #expect(output["filesDeleted"] == 2)
            #expect(output["isWildcardUsed"] == true)
            #expect(output["recursive"] == true)
            #expect(bed.files(under: "root") == ["a/2.csv"])
            let logPath = try #require(output["logPath"]?.stringValue)
            let logs = bed.files(under: logPath)
            #expect(logs.count == 1)
            #expect(
                try bed.read("\(logPath)/\(logs[0])")
                    == "Name,Category,Status,Error\r\n1.txt,File,Deleted,\r\nb/3.txt,File,Deleted,\r\n")
        }
    }

    @Test func deletingAFolderRecursivelyRemovesTheFolder() async throws {
        try await DataTestBed.with { bed in
            try bed.write("1", to: "root/a/1.txt")
            try bed.write("2", to: "root/a/b/2.txt")
            let run = await bed.run(
                "Delete", ["dataset": DataTestBed.reference("A"), "recursive": true],
                datasets: [bed.dataset("A", type: "Binary", folderPath: "root/a")])
            #expect(try run.requireOutput("filesDeleted") == 2)
            #expect(!bed.exists("root/a"))
            #expect(bed.exists("root"))
        }
    }

    // MARK: Validation

    @Test func validationWaitsUntilTheFileArrivesWithTheMinimumSize() async throws {
        try await DataTestBed.with { bed in
            let writer = Task {
                try await Task.sleep(for: .milliseconds(300))
                try bed.write("small", to: "drop/ready.csv")
                try await Task.sleep(for: .milliseconds(1500))
                try bed.write(String(repeating: "x", count: 100), to: "drop/ready.csv")
            }
            let run = await bed.run(
                "Validation",
                ["dataset": DataTestBed.reference("Ready"), "timeout": "0.00:00:20", "sleep": 1, "minimumSize": 50],
                datasets: [bed.csv("Ready", folderPath: "drop", fileName: "ready.csv")])
            try await writer.value
            let output = try run.requireSucceeded()
            #expect(output["exists"] == true)
            #expect(output["size"] == 100)
            #expect(run.services.savedStates.count >= 1)
        }
    }

    @Test func validationTimesOut() async throws {
        try await DataTestBed.with { bed in
            let run = await bed.run(
                "Validation", ["dataset": DataTestBed.reference("Never"), "timeout": "00:00:02", "sleep": 1],
                datasets: [bed.csv("Never", folderPath: "drop", fileName: "never.csv")])
            try run.requireFailed(code: "ValidationTimedOut", messageContains: "drop/never.csv")
        }
    }

    @Test func validationOfAFolderChecksChildItems() async throws {
        try await DataTestBed.with { bed in
            try FileManager.default.createDirectory(atPath: bed.path("empty"), withIntermediateDirectories: true)
            let empty = await bed.run(
                "Validation", ["dataset": DataTestBed.reference("E"), "childItems": false, "timeout": "00:00:05"],
                datasets: [bed.csv("E", folderPath: "empty")])
            #expect(try empty.requireOutput("childItemCount") == 0)
            let badTimeout = await bed.run(
                "Validation", ["dataset": DataTestBed.reference("E"), "timeout": "8.00:00:00"],
                datasets: [bed.csv("E", folderPath: "empty")])
            try badTimeout.requireFailed(code: "2105", messageContains: "typeProperties.timeout")
        }
    }
}

/// Paths that would leave the linked service's folder are refused.
@Suite(.tags(.medium))
struct PathEscapeTests {
    @Test func dotDotInAFolderPathOrAWildcardFolderIsRefused() async throws {
        try await DataTestBed.with { bed in
            let outside = await bed.run(
                "GetMetadata", ["dataset": DataTestBed.reference("Up"), "fieldList": ["exists"]],
                datasets: [bed.csv("Up", folderPath: "../etc")])
            try outside.requireFailed(code: "InvalidDataset", messageContains: "'..' is not allowed")
            let wildcard = await bed.copy(
                from: bed.dataset("B", type: "Binary", folderPath: "in"), to: bed.dataset("C", type: "Binary", folderPath: "out"),
                source: ["type": "BinarySource", "storeSettings": ["wildcardFolderPath": "../*"]], sink: ["type": "BinarySink"])
            try wildcard.requireFailed(code: "2105", messageContains: "wildcardFolderPath")
        }
    }
}
