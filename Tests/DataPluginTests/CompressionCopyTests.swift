import Foundation
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// Compressed datasets: written by one copy, read by the next, checked against the system's tools.
@Suite(.tags(.medium))
struct CompressionCopyTests {
    private func roundTrip(codec: String, tool: [String]) async throws {
        try await DataTestBed.with { bed in
            var text = "id,name\n"
            for index in 0..<5000 { text += "\(index),name \(index)\n" }
            try bed.write(text, to: "in/p.csv")
            let compressed = await bed.copy(
                from: bed.csv("S", folderPath: "in", fileName: "p.csv"),
                to: bed.csv("Z", folderPath: "z", fileName: "p.csv.\(codec)", properties: ["compressionCodec": .string(codec)]))
            let output = try compressed.requireSucceeded()
            #expect(output["rowsCopied"] == 5000)
            let size = try #require(output["dataWritten"]?.integerValue)
            #expect(size < Int64(text.utf8.count) / 2)

            // The system's decompressor reads what the plugin wrote.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = tool + [bed.path("z/p.csv.\(codec)")]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let decompressed = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(String(decoding: decompressed, as: UTF8.self) == text.replacingOccurrences(of: "\n", with: "\r\n"))

            let back = await bed.copy(
                from: bed.csv("Z", folderPath: "z", fileName: "p.csv.\(codec)", properties: ["compressionCodec": .string(codec)]),
                to: bed.csv("K", folderPath: "back", fileName: "p.csv"))
            try back.requireSucceeded()
            #expect(try bed.read("back/p.csv") == text.replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }

    @Test func gzipRoundTrips() async throws { try await roundTrip(codec: "gzip", tool: ["gzip", "-dc"]) }

    @Test func bzip2RoundTrips() async throws { try await roundTrip(codec: "bzip2", tool: ["bzip2", "-dc"]) }

    @Test func binaryCopyPassesCompressedBytesThroughOrDecompresses() async throws {
        try await DataTestBed.with { bed in
            try bed.write("hello, compressed world\n", to: "plain.txt")
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            gzip.arguments = ["gzip", "-k", bed.path("plain.txt")]
            try gzip.run()
            gzip.waitUntilExit()
            let original = try Data(contentsOf: URL(fileURLWithPath: bed.path("plain.txt.gz")))
            let gz: JSONObject = ["compressionCodec": "gzip"]
            let same = await bed.copy(
                from: bed.dataset("G", type: "Binary", folderPath: "", fileName: "plain.txt.gz", properties: gz),
                to: bed.dataset("H", type: "Binary", folderPath: "same", properties: gz), source: ["type": "BinarySource"],
                sink: ["type": "BinarySink"])
            try same.requireSucceeded()
            #expect(try Data(contentsOf: URL(fileURLWithPath: bed.path("same/plain.txt.gz"))) == original)
            let plain = await bed.copy(
                from: bed.dataset("G", type: "Binary", folderPath: "", fileName: "plain.txt.gz", properties: gz),
                to: bed.dataset("P", type: "Binary", folderPath: "plain", fileName: "out.txt"),
                source: ["type": "BinarySource"], sink: ["type": "BinarySink"])
            try plain.requireSucceeded()
            #expect(try bed.read("plain/out.txt") == "hello, compressed world\n")
        }
    }

    @Test func aCorruptGzipFileFailsAndWritesNothing() async throws {
        try await DataTestBed.with { bed in
            try bed.write(Data([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0xFF, 0xFF, 0xFF]), to: "in/bad.csv.gz")
            let run = await bed.copy(
                from: bed.csv("S", folderPath: "in", fileName: "bad.csv.gz", properties: ["compressionCodec": "gzip"]),
                to: bed.csv("K", folderPath: "out", fileName: "o.csv"))
            try run.requireFailed(code: "2200", messageContains: "CompressionFailed")
            #expect(bed.files(under: "out") == [])
        }
    }

    @Test func anUnknownCodecIsRefusedNamingTheProperty() async throws {
        try await DataTestBed.with { bed in
            try bed.write("a\n", to: "in/a.csv")
            let run = await bed.copy(
                from: bed.csv("S", folderPath: "in", fileName: "a.csv", properties: ["compressionCodec": "snappy"]),
                to: bed.csv("K", folderPath: "out", fileName: "o.csv"))
            try run.requireFailed(code: "2105", messageContains: "compressionCodec")
        }
    }
}
