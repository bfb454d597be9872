import Foundation
import PluginKit

/// What ``DataFlowDriver`` reported about one run of a plan (`dataflow-result.json`): rows read per
/// source, rows written and processing time per sink with the sources that fed it, the time of
/// each stage, or the failure that ended the run. It becomes the activity's output in ADF's shape
/// (`runStatus.metrics.<sink>.rowsWritten`, `….sources.<source>.rowsRead`) or its error.
struct DataFlowRunReport: Sendable, Equatable {
    struct Sink: Sendable, Equatable {
        var name: String
        var rowsWritten: Int64
        /// Milliseconds from the sink's start to its last file written.
        var processingTime: Int64
        /// The sources this sink read, directly or through other transformations, with their rows read.
        var sources: [(name: String, rowsRead: Int64)]

        static func == (lhs: Sink, rhs: Sink) -> Bool {
            lhs.name == rhs.name && lhs.rowsWritten == rhs.rowsWritten && lhs.processingTime == rhs.processingTime
                && lhs.sources.elementsEqual(rhs.sources, by: { $0 == $1 })
        }
    }

    struct Stage: Sendable, Equatable {
        var name: String
        var milliseconds: Int64
    }

    /// The failure that ended a run: ADF's DF-… code, the stream it happened in and the
    /// transformation (script name) that stream is.
    struct Failure: Sendable, Equatable {
        var code: String
        var message: String
        var stream: String?
        var transformation: String?
    }

    var sinks: [Sink]
    var stages: [Stage]
    var failure: Failure?
    /// The local files each file source read, for its after-completion setting (``ProcessedSourceFiles``).
    var sourceFiles: [String: [String]] = [:]

    /// Reads the driver's result document.
    init(json: JSONValue) throws(ActivityFailure) {
        guard case .object(let object) = json else { throw Self.malformed("expected an object") }
        sinks = []
        for (name, value) in object["sinks"]?.objectValue ?? JSONObject() {
            guard let rows = value["rowsWritten"]?.integerValue else { throw Self.malformed("sinks.\(name).rowsWritten is missing") }
            var sources: [(name: String, rowsRead: Int64)] = []
            for (source, counts) in value["sources"]?.objectValue ?? JSONObject() {
                sources.append((source, counts["rowsRead"]?.integerValue ?? 0))
            }
            sinks.append(
                Sink(name: name, rowsWritten: rows, processingTime: value["sinkProcessingTime"]?.integerValue ?? 0, sources: sources))
        }
        for (name, files) in object["sourceFiles"]?.objectValue ?? JSONObject() {
            sourceFiles[name] = (files.arrayValue ?? []).compactMap(\.stringValue)
        }
        stages = (object["stages"]?.arrayValue ?? []).compactMap { stage in
            guard let name = stage["name"]?.stringValue else { return nil }
            return Stage(name: name, milliseconds: stage["milliseconds"]?.integerValue ?? 0)
        }
        if let error = object["error"], case .object = error {
            failure = Failure(
                code: error["code"]?.stringValue ?? "DF-Executor-InternalServerError",
                message: error["message"]?.stringValue ?? "(the driver gave no message)",
                stream: error["step"]?.stringValue, transformation: error["transformation"]?.stringValue)
        }
    }

    /// The report in `folder`, or nil when the driver wrote none (it did not start, or was killed).
    static func read(folder: String) throws(ActivityFailure) -> DataFlowRunReport? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + DataFlowDriver.resultFileName) else { return nil }
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(data))
        } catch {
            throw malformed("it is not JSON (\(error))")
        }
        return try DataFlowRunReport(json: json)
    }

    /// The members the activity's output gains: `runStatus` with ADF's `metrics` (a sink that wrote
    /// no rows is left out, as ADF leaves it out) and the stage timings pipehost measured.
    var output: JSONObject {
        var metrics = JSONObject()
        for sink in sinks where sink.rowsWritten > 0 {
            var sources = JSONObject()
            for source in sink.sources { sources[source.name] = ["rowsRead": .integer(source.rowsRead)] }
            metrics[sink.name] = [
                "rowsWritten": .integer(sink.rowsWritten), "sinkProcessingTime": .integer(sink.processingTime),
                "sources": .object(sources),
            ]
        }
        let stages: [JSONValue] = stages.map { ["stage": .string($0.name), "time": .integer($0.milliseconds)] }
        return ["runStatus": ["metrics": .object(metrics), "stages": .array(stages)]]
    }

    /// The activity's error for a failed run, in ADF's words: "Job failed due to reason: at Sink
    /// 'Out': …" with the DF-… code.
    func activityFailure() -> ActivityFailure? {
        guard let failure else { return nil }
        var place = ""
        if let stream = failure.stream {
            let kind = failure.transformation.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "Transformation"
            place = "at \(kind) '\(stream)': "
        }
        return ActivityFailure.userError(
            "Job failed due to reason: \(place)\(failure.message)", code: failure.code,
            details: failure.stream.map { ["transformation": .string($0)] })
    }

    private static func malformed(_ problem: String) -> ActivityFailure {
        ActivityFailure.systemError(
            "The data flow driver's report '\(DataFlowDriver.resultFileName)' is not what pipehost writes: \(problem).",
            code: "DF-Executor-InternalServerError")
    }
}
