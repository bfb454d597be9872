import DataPluginCore
import Foundation
import PluginKit

/// ADF's `HDInsightStreaming`: a Hadoop Streaming job (`mapper`, `reducer`, optional `combiner`
/// programs shipped by `filePaths` from `fileLinkedService`) over `input` into `output`, with
/// `defines`, `commandEnvironment` and `arguments`, run by the embedded PySpark driver
/// (``StreamingDriver``) on the activity's Spark, so that it scales with the cluster
/// (docs/spark-notes-streaming.md).
enum HDInsightStreamingActivity {
    static func prepare(_ context: JobContext) async throws(ActivityFailure) -> SparkJob {
        let reader = try PropertyReader(context.call.input, path: "typeProperties")
        let mapper = try command(reader, "mapper")
        let reducer = try command(reader, "reducer")
        let combiner = try reader.string("combiner").flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let input = try path(reader, "input")
        let output = try path(reader, "output")
        guard let filePaths = try reader.array("filePaths") else { throw ActivityFailure.missingProperty(reader.member("filePaths")) }
        let programs = try JobFiles.strings(.array(filePaths), path: reader.member("filePaths"))
        var options = try StreamingOptions(reader)
        if reducer == "NONE" { options.reducers = 0 }  // Hadoop Streaming's `-reducer NONE`: map only

        let fileStorage = try JobFiles.storage("fileLinkedService", of: context)
        var files: [String] = []
        for path in programs {
            guard !path.isEmpty else {
                throw ActivityFailure.userError("The file path should not be null or empty.", code: SparkErrorCode.emptyFilePath)
            }
            files += try await JobFiles.fetch(path, from: fileStorage, into: "files", context: context)
        }
        try checkDistinctNames(files, path: reader.member("filePaths"))

        let data = try JobData(try dataStorage(context) ?? fileStorage)
        let target = try await data.output(output, property: reader.member("output"), context: context)
        let job = StreamingDriverJob(
            mapper: mapper, reducer: options.reducers == 0 ? nil : reducer, combiner: options.reducers == 0 ? nil : combiner,
            input: try await data.input(input, property: reader.member("input"), context: context),
            output: target.folder, reducers: options.reducers, maps: options.mapTasks,
            minSplitSize: options.minimumSplitBytes, sortBufferBytes: options.sortBufferMegabytes << 20,
            inMemoryMergeBytes: options.inMemoryMergeBytes, mergeFactor: options.mergeFactor,
            environment: options.programEnvironment)
        let driver = context.folder.path + "/" + StreamingDriver.fileName
        let jobFile = context.folder.path + "/streaming.json"
        try write(Data(StreamingDriver.source.utf8), to: driver)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try write(try encoder.encode(job), to: jobFile)
        } catch let failure as ActivityFailure {
            throw failure
        } catch {
            throw ActivityFailure.systemError("Could not write the streaming job: \(error)", code: SparkErrorCode.filePreparationFailed)
        }
        var submission = SparkSubmission(application: .python(file: driver), arguments: [jobFile], name: context.call.invocation.activityName)
        submission.files = files
        return SparkJob(
            command: .sparkSubmit(submission), failureCode: SparkErrorCode.hadoopJobFailed,
            storeOnSuccess: target.store.map { [$0] } ?? [])
    }

    /// A program's command line: required, not blank.
    private static func command(_ reader: PropertyReader, _ key: String) throws(ActivityFailure) -> String {
        let text = try reader.requiredString(key)
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ActivityFailure.invalidProperty(reader.member(key), "expected a command line such as 'python3 \(key).py'")
        }
        return text
    }

    private static func path(_ reader: PropertyReader, _ key: String) throws(ActivityFailure) -> String {
        let text = try reader.requiredString(key)
        guard !text.isEmpty else {
            throw ActivityFailure.userError("The file path should not be null or empty.", code: SparkErrorCode.emptyFilePath)
        }
        return text
    }

    /// The storage `input` and `output` are paths of: the cluster's (HDInsight's default
    /// storage); nil when the cluster names none.
    private static func dataStorage(_ context: JobContext) throws(ActivityFailure) -> Invocation.LinkedService? {
        guard let name = context.cluster.storageLinkedService else { return nil }
        guard let service = context.call.invocation.linkedServices.first(where: { $0.key.lowercased() == name.lowercased() })?.value else {
            throw ActivityFailure.userError(
                "Linked service '\(name)' (the cluster's storage) was not resolved by the host; check that the factory defines it.",
                code: SparkErrorCode.filePreparationFailed)
        }
        return service
    }

    /// The programs land side by side in the task's working folder: two of one name would clash.
    private static func checkDistinctNames(_ files: [String], path: String) throws(ActivityFailure) {
        var seen: Set<String> = []
        for file in files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            guard seen.insert(name).inserted else {
                throw ActivityFailure.invalidProperty(
                    path, "two files are named '\(name)'; the programs share one working folder, so their names must differ")
            }
        }
    }

    private static func write(_ data: Data, to path: String) throws(ActivityFailure) {
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw ActivityFailure.systemError("Could not write '\(path)'.", code: SparkErrorCode.filePreparationFailed)
        }
    }
}

/// What the streaming driver reads from `streaming.json` (names as the driver spells them).
struct StreamingDriverJob: Encodable {
    var mapper: String
    var reducer: String?
    var combiner: String?
    /// A local file or folder.
    var input: String
    /// A local folder that does not exist yet.
    var output: String
    var reducers: Int
    var maps: Int?
    var minSplitSize: Int?
    var sortBufferBytes: Int
    /// The most of its input a reduce task sorts in memory before merging from files.
    var inMemoryMergeBytes: Int
    /// Runs merged at once from files.
    var mergeFactor: Int
    var environment: [String: String]
}
