import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// `parallelCopies`: many files copied several at a time give what one at a time gives, and the
/// copy stays all or nothing.
@Suite(.tags(.medium))
struct ParallelCopyTests {
    /// Twelve CSV files in `in/` (two in a subfolder), of different sizes.
    static func writeSources(_ bed: DataTestBed, badRowIn badFiles: Set<Int> = []) throws {
        for file in 0..<12 {
            var text = "id,name\n"
            for row in 0..<(file * 40 + 3) { text += "\(file * 1000 + row),name \(row)\n" }
            if badFiles.contains(file) { text += "\(file),too,many\n" }
            let folder = file < 10 ? "in" : "in/sub"
            try bed.write(text, to: "\(folder)/f\(String(format: "%02d", file)).csv")
        }
    }

    static func copy(_ bed: DataTestBed, to folder: String, parallelCopies: Int?, extra: JSONObject = [:],
                     linkedServices: [ResolvedLinkedService] = []) async -> PluginTestRun
    {
        var properties = extra
        if let parallelCopies { properties["parallelCopies"] = .integer(Int64(parallelCopies)) }
        return await bed.copy(
            from: bed.csv("S", folderPath: "in"), to: bed.csv("K", folderPath: folder),
            source: ["storeSettings": ["type": "FileServerReadSettings", "recursive": true]], extra: properties,
            linkedServices: linkedServices)
    }

    static let counts = ["dataRead", "dataWritten", "filesRead", "filesWritten", "rowsRead", "rowsCopied"]

    @Test func fourAtATimeWritesTheSameFilesAndFiguresAsOneAtATime() async throws {
        try await DataTestBed.with { bed in
            try Self.writeSources(bed)
            let one = try await Self.copy(bed, to: "one", parallelCopies: 1).requireSucceeded()
            let four = try await Self.copy(bed, to: "four", parallelCopies: 4).requireSucceeded()
            let files = bed.files(under: "one")
            #expect(files.count == 12)
            #expect(bed.files(under: "four") == files)
            for file in files { #expect(try bed.read("four/\(file)") == bed.read("one/\(file)")) }
            for name in Self.counts { #expect(four[name] == one[name], "\(name)") }
            #expect(four["filesWritten"] == 12)
            #expect(four["rowsCopied"] == .integer(Int64((0..<12).reduce(0) { $0 + $1 * 40 + 3 })))
            #expect(one["usedParallelCopies"] == 1)
            #expect(four["usedParallelCopies"] == 4)
            #expect(four["executionDetails"]?[0]?["usedParallelCopies"] == 4)
        }
    }

    @Test func binaryFilesCopyInParallelByteForByte() async throws {
        try await DataTestBed.with { bed in
            for file in 0..<9 {
                var bytes = Data()
                for index in 0..<(file * 50_000 + 7) { bytes.append(UInt8(truncatingIfNeeded: index &* (file + 3))) }
                try bed.write(bytes, to: "in/b\(file).bin")
            }
            let run = await bed.copy(
                from: bed.dataset("B", type: "Binary", folderPath: "in"), to: bed.dataset("C", type: "Binary", folderPath: "out"),
                source: ["type": "BinarySource"], sink: ["type": "BinarySink"], extra: ["parallelCopies": 3])
            let output = try run.requireSucceeded()
            for file in 0..<9 {
                #expect(
                    try Data(contentsOf: URL(fileURLWithPath: bed.path("out/b\(file).bin")))
                        == Data(contentsOf: URL(fileURLWithPath: bed.path("in/b\(file).bin"))))
            }
            let total = Int64((0..<9).reduce(0) { $0 + $1 * 50_000 + 7 })
            #expect(output["dataRead"] == .integer(total))
            #expect(output["dataWritten"] == .integer(total))
            #expect(output["filesRead"] == 9)
            #expect(output["filesWritten"] == 9)
            #expect(output["usedParallelCopies"] == 3)
        }
    }

    @Test func withoutParallelCopiesUpToFourSinkFilesAreWrittenAtOnceAndAMergeIsOne() async throws {
        try await DataTestBed.with { bed in
            try Self.writeSources(bed)
            let many = try await Self.copy(bed, to: "many", parallelCopies: nil).requireSucceeded()
            #expect(many["usedParallelCopies"] == 4)
            try bed.write("id,name\n1,a\n", to: "two/in/a.csv")
            try bed.write("id,name\n2,b\n", to: "two/in/b.csv")
            let two = try await bed.copy(from: bed.csv("S", folderPath: "two/in"), to: bed.csv("K", folderPath: "two/out"))
                .requireSucceeded()
            #expect(two["usedParallelCopies"] == 2)
            let merged = try await bed.copy(
                from: bed.csv("S", folderPath: "in"), to: bed.csv("K", folderPath: "merged"),
                sink: ["storeSettings": ["type": "FileServerWriteSettings", "copyBehavior": "MergeFiles"]],
                extra: ["parallelCopies": 8]
            ).requireSucceeded()
            #expect(merged["usedParallelCopies"] == 1)
            #expect(merged["filesWritten"] == 1)
        }
    }

    @Test func aFailureInOneFileLeavesNoSinkFileAtAll() async throws {
        try await DataTestBed.with { bed in
            try Self.writeSources(bed, badRowIn: [7])
            let run = await Self.copy(bed, to: "out", parallelCopies: 4)
            try run.requireFailed(code: "2200", messageContains: "DelimitedTextMoreColumnsThanDefined")
            #expect(bed.files(under: "out") == [])
        }
    }

    @Test func skippedRowsAreCountedAndLoggedAsOneAtATimeDoes() async throws {
        try await DataTestBed.with { bed in
            try Self.writeSources(bed, badRowIn: [1, 4, 9, 11])
            let logs = [ResolvedLinkedService(name: "Logs", type: "FileServer", typeProperties: ["host": .string(bed.folder.path)])]
            func copy(_ folder: String, _ parallelCopies: Int) async throws -> (JSONValue, String) {
                let output = try await Self.copy(
                    bed, to: folder, parallelCopies: parallelCopies,
                    extra: [
                        "enableSkipIncompatibleRow": true,
                        "redirectIncompatibleRowSettings": [
                            "linkedServiceName": ["referenceName": "Logs", "type": "LinkedServiceReference"],
                            "path": .string("logs-\(folder)"),
                        ],
                    ],
                    linkedServices: logs
                ).requireSucceeded()
                return (output, try bed.read(try #require(output["redirectRowPath"]?.stringValue)))
            }
            let (one, oneLog) = try await copy("one", 1)
            let (four, fourLog) = try await copy("four", 4)
            for name in Self.counts + ["rowsSkipped"] { #expect(four[name] == one[name], "\(name)") }
            #expect(four["rowsSkipped"] == 4)
            #expect(four["rowsRead"] == .integer(Int64((0..<12).reduce(0) { $0 + $1 * 40 + 3 }) + 4))
            #expect(fourLog == oneLog)
            #expect(fourLog.split(separator: "\r\n").count == 5)
        }
    }

    @Test func cancellationStopsEveryParallelCopyAndLeavesNoSinkFile() async throws {
        try await DataTestBed.with { bed in
            try Self.writeSources(bed)
            let services = FakeHostServices(cancelWhen: { $0.message.contains("file 6 of 12") })
            let run = await bed.run(
                "Copy",
                [
                    "source": ["type": "DelimitedTextSource", "storeSettings": ["type": "FileServerReadSettings"]],
                    "sink": ["type": "DelimitedTextSink"], "parallelCopies": 4,
                ],
                inputs: [bed.csv("S", folderPath: "in")], outputs: [bed.csv("K", folderPath: "out")],
                services: services)
            try run.requireCancelled()
            #expect(bed.files(under: "out") == [])
        }
    }
}
