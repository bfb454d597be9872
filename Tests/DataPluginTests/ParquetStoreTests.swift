import Foundation
import HostCore
import Hummingbird
import NIOCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

/// Parquet on the other stores through the real plugin: written to and read from blob storage
/// (the emulator), and read from an HTTP source (a response body spooled for random access).
@Suite(.tags(.medium))
struct ParquetStoreTests {
    static let mapping: JSONValue = [
        "type": "TabularTranslator",
        "mappings": [
            ["source": ["name": "id"], "sink": ["name": "id", "type": "Int64"]],
            ["source": ["name": "name"], "sink": ["name": "name"]],
        ],
    ]

    @Test func parquetGoesToBlobStorageAndBack() async throws {
        try await BlobTestBed.with { bed in
            try bed.data.write("id,name\n1,Ann\n2,Bob\n", to: "in/people.csv")
            let upload = await bed.data.copy(
                from: bed.data.csv("Local", folderPath: "in", fileName: "people.csv"),
                to: bed.dataset(
                    "Blob", type: "Parquet", folderPath: "lake", fileName: "people.parquet", properties: ["compressionCodec": "zstd"]),
                sink: ["type": "ParquetSink"], extra: ["translator": Self.mapping])
            try upload.requireSucceeded()
            #expect(bed.blobExists("data/lake/people.parquet"))

            let blob = bed.dataset("Blob", type: "Parquet", folderPath: "lake", fileName: "people.parquet")
            let lookup = await bed.data.run(
                "Lookup", ["source": ["type": "ParquetSource"], "dataset": DataTestBed.reference("Blob")], datasets: [blob])
            #expect(try lookup.requireSucceeded() == ["firstRow": ["id": 1, "name": "Ann"]])

            let download = await bed.data.copy(
                from: blob, to: bed.data.csv("Local", folderPath: "out", fileName: "back.csv"), source: ["type": "ParquetSource"])
            try download.requireSucceeded()
            #expect(try bed.data.read("out/back.csv") == "id,name\r\n1,Ann\r\n2,Bob\r\n")
        }
    }

    @Test func anHttpSourceServesAParquetFile() async throws {
        let parquet = try await DataTestBed.with { bed in
            try bed.write("id,name\n1,Ann\n2,Bob\n", to: "in/people.csv")
            let run = await bed.copy(
                from: bed.csv("Csv", folderPath: "in", fileName: "people.csv"),
                to: bed.dataset("Pq", type: "Parquet", folderPath: "lake", fileName: "p.parquet"), sink: ["type": "ParquetSink"],
                extra: ["translator": Self.mapping])
            try run.requireSucceeded()
            return try Data(contentsOf: URL(fileURLWithPath: bed.path("lake/p.parquet")))
        }
        let router = Router()
        router.get("files/p.parquet") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: parquet))) }
        let (bound, announce) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in announce.yield(channel.localAddress?.port ?? 0) })
        let server = Task { try await application.runService() }
        defer { server.cancel() }
        var port = 0
        for await announced in bound {
            port = announced
            break
        }
        let dataset: JSONValue = [
            "name": "WebPq", "type": "Parquet", "parameters": [:],
            "typeProperties": ["location": ["type": "HttpServerLocation", "relativeUrl": "files/p.parquet"]],
            "linkedService": ["name": "Web", "type": "HttpServer", "typeProperties": ["url": .string("http://127.0.0.1:\(port)")]],
        ]
        try await DataTestBed.with { bed in
            let run = await bed.copy(
                from: dataset, to: bed.csv("Out", folderPath: "out", fileName: "people.csv"),
                source: ["type": "ParquetSource", "storeSettings": ["type": "HttpReadSettings", "requestMethod": "GET"]])
            let output = try run.requireSucceeded()
            #expect(output["rowsCopied"] == 2)
            #expect(output["dataRead"]?.integerValue == Int64(parquet.count))
            #expect(try bed.read("out/people.csv") == "id,name\r\n1,Ann\r\n2,Bob\r\n")
        }
    }
}
