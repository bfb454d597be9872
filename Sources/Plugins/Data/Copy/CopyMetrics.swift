import Foundation
import PluginKit

/// What a Copy counted on its way, and its output in ADF's shape ("Copy activity monitoring").
struct CopyMetrics: Sendable {
    var dataRead: Int64 = 0
    var dataWritten: Int64 = 0
    var filesRead: Int = 0
    var filesWritten: Int = 0
    var rowsRead: Int64 = 0
    var rowsCopied: Int64 = 0
    var rowsSkipped: Int64 = 0
    var sourceIsFiles = false
    var sinkIsFiles = false
    var tabular = true
    var skipping = false
    var redirectRowPath: String?
    /// How many files were copied at once (1 unless a file copy ran in parallel).
    var usedParallelCopies = 1

    /// Adds the counts of one part of the copy (a group of files copied on its own).
    mutating func add(_ part: CopyMetrics) {
        dataRead += part.dataRead
        dataWritten += part.dataWritten
        filesRead += part.filesRead
        filesWritten += part.filesWritten
        rowsRead += part.rowsRead
        rowsCopied += part.rowsCopied
    }

    /// The output: `started` and `finished` bound the copy; `sourceType`/`sinkType` are the linked
    /// service types as `executionDetails` names them.
    func output(started: Date, finished: Date, queued: Double, sourceType: String, sinkType: String) -> JSONValue {
        let seconds = max(0, finished.timeIntervalSince(started))
        let wholeSeconds = Int64(seconds.rounded())
        let throughput = seconds > 0 ? (Double(dataRead) / 1024 / seconds * 1000).rounded() / 1000 : 0
        var output = JSONObject()
        output["dataRead"] = .integer(dataRead)
        output["dataWritten"] = .integer(dataWritten)
        if sourceIsFiles { output["filesRead"] = .integer(Int64(filesRead)) }
        if sinkIsFiles { output["filesWritten"] = .integer(Int64(filesWritten)) }
        output["sourcePeakConnections"] = 1
        output["sinkPeakConnections"] = 1
        if tabular {
            output["rowsRead"] = .integer(rowsRead)
            output["rowsCopied"] = .integer(rowsCopied)
        }
        if skipping { output["rowsSkipped"] = .integer(rowsSkipped) }
        if let redirectRowPath { output["redirectRowPath"] = .string(redirectRowPath) }
        output["copyDuration"] = .integer(wholeSeconds)
        output["throughput"] = .double(throughput)
        output["errors"] = .array([])
        output["effectiveIntegrationRuntime"] = "pipehost (local)"
        output["usedParallelCopies"] = .integer(Int64(usedParallelCopies))
        let durationMs = Int64((seconds * 1000).rounded())
        output["executionDetails"] = [
            [
                "source": ["type": .string(sourceType)],
                "sink": ["type": .string(sinkType)],
                "status": "Succeeded",
                "start": .string(ISODates.fractional(started)),
                "duration": .integer(wholeSeconds),
                "usedParallelCopies": .integer(Int64(usedParallelCopies)),
                "profile": [
                    "queue": ["status": "Completed", "duration": .integer(Int64(queued.rounded()))],
                    "transfer": ["status": "Completed", "duration": .integer(wholeSeconds)],
                ],
                "detailedDurations": [
                    "queuingDuration": .integer(Int64(queued.rounded())), "transferDuration": .integer(durationMs / 1000),
                ],
            ]
        ]
        return .object(output)
    }
}
