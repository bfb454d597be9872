import AzureMLEmulator
import Foundation
import HostCore
import PipehostJSON
import PipehostTesting
import PluginTestSupport
import TestSizeTags
import Testing

extension SparkJobs {
    /// `HDInsightStreaming` on a cluster whose storage is blob storage: the Azure ML emulator's account
    /// `mlstorage` (started in-process from examples/azureml-emulator), reached over HTTP as Azure is.
    @Suite("HDInsightStreaming on blob storage", .tags(.large), .serialized)
    struct StreamingBlobTests {
        @Test("programs, input and output are wasbs:// paths of the emulator's blob storage; the output is stored after success")
        func blobStorage() async throws {
            try await EmulatorBlobStorage.with { storage in
                let account = storage.account
                try storage.write("import sys\nfor line in sys.stdin:\n    name, score = line.split(',')\n    print(name + '\\t' + score.strip())\n", "apps/streaming/mapper.py")
                try storage.write("ada,3\nbob,5\n", "data/scores/day1.csv")
                try storage.write("ada,4\ncy,1\n", "data/scores/day2.csv")
                let blobs = storage.linkedService
                try await SparkTestBed.with { bed in
                    let cluster = bed.onDemandCluster(["linkedServiceName": ["referenceName": "Blobs", "type": "LinkedServiceReference"]])
                    let base = "wasbs://data@\(account.name).blob.core.windows.net"
                    let properties: JSONObject = [
                        "mapper": "python3 mapper.py", "reducer": "sort -r", "input": .string(base + "/scores"),
                        "output": .string(base + "/ranked"), "filePaths": ["apps/streaming/mapper.py"],
                        "fileLinkedService": ["referenceName": "Blobs", "type": "LinkedServiceReference"],
                    ]
                    let run = await bed.run(bed.invocation("HDInsightStreaming", properties, cluster: cluster, otherServices: [blobs]))
                    _ = try run.requireSucceeded()
                    let part = try String(contentsOf: account.fileURL(relativeLocation: "data/ranked/part-00000"), encoding: .utf8)
                    #expect(part == "cy\t1\nbob\t5\nada\t4\nada\t3\n")
                    #expect(FileManager.default.fileExists(atPath: account.fileURL(relativeLocation: "data/ranked/_SUCCESS").path))

                    let again = await bed.run(bed.invocation("HDInsightStreaming", properties, cluster: cluster, otherServices: [blobs]))
                    try again.requireFailed(code: "2302", messageContains: "already exists")
                }
            }
        }
    }
}
