import DataPluginCore
import PluginKit

/// ADF's `DataLakeAnalyticsU-SQL`: Azure Data Lake Analytics was retired on 29 February 2024 and
/// U-SQL has no engine outside it, so the activity is claimed (a pipeline that has one still
/// loads and validates), its typeProperties are checked as ADF checks them, and it fails saying so.
enum USQLActivity {
    struct Output: Encodable, Sendable {}

    static func run(_ call: ActivityCall<JSONValue>) throws(ActivityFailure) -> Output {
        let reader = try PropertyReader(call.input, path: "typeProperties")
        let script = try reader.requiredString("scriptPath")
        guard !script.isEmpty else {
            throw ActivityFailure.userError("The file path should not be null or empty.", code: SparkErrorCode.emptyFilePath)
        }
        guard reader.value("scriptLinkedService")?["referenceName"]?.stringValue != nil else {
            throw ActivityFailure.missingProperty(reader.member("scriptLinkedService"))
        }
        _ = try reader.integer("degreeOfParallelism", in: 1...250)
        _ = try reader.integer("priority", in: 1...1000)
        if let mode = try reader.string("compilationMode"), !["semantic", "full", "singlebox"].contains(mode.lowercased()) {
            throw ActivityFailure.invalidProperty(reader.member("compilationMode"), "expected Semantic, Full or SingleBox")
        }
        _ = try reader.string("runtimeVersion")
        _ = try reader.object("parameters")
        throw ActivityFailure.userError(
            "Cannot run the U-SQL script '\(script)': Azure Data Lake Analytics was retired on 29 February 2024 and "
                + "U-SQL has no engine outside it, so pipehost cannot run DataLakeAnalyticsU-SQL activities. Port the "
                + "script to Spark SQL and run it with an HDInsightHive or HDInsightSpark activity (docs/spark.md).",
            code: SparkErrorCode.dataLakeAnalyticsUnavailable)
    }
}
