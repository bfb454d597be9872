import Foundation
import PluginKit
import TestSizeTags
import Testing

@testable import SparkPluginCore

/// The data flow driver's report read into ADF's activity output and error.
@Suite(.tags(.small))
struct DataFlowRunReportTests {
    static let succeeded: JSONValue = [
        "dataFlow": "Flow",
        "sources": ["People": ["rowsRead": 4], "Depts": ["rowsRead": 2], "Unused": ["rowsRead": 0]],
        "sinks": [
            "Out": ["rowsWritten": 2, "sinkProcessingTime": 4481, "sources": ["People": ["rowsRead": 4], "Depts": ["rowsRead": 2]]],
            "Empty": ["rowsWritten": 0, "sinkProcessingTime": 12, "sources": ["People": ["rowsRead": 4]]],
        ],
        "stages": [["name": "Out", "milliseconds": 4481], ["name": "Empty", "milliseconds": 12]],
        "error": nil,
    ]

    @Test("rows written per sink with the rows read by the sources that fed it, as runStatus.metrics; a sink that wrote nothing is left out as ADF leaves it out")
    func output() throws {
        let report = try DataFlowRunReport(json: Self.succeeded)
        #expect(report.failure == nil)
        #expect(report.activityFailure() == nil)
        let expected: JSONObject = [
            "runStatus": [
                "metrics": [
                    "Out": [
                        "rowsWritten": 2, "sinkProcessingTime": 4481,
                        "sources": ["People": ["rowsRead": 4], "Depts": ["rowsRead": 2]],
                    ]
                ],
                "stages": [["stage": "Out", "time": 4481], ["stage": "Empty", "time": 12]],
            ]
        ]
        #expect(report.output == expected)
    }

    @Test("a failure becomes ADF's error: the DF- code, 'Job failed due to reason: at Derive 'Raised': …' and the stream in details")
    func failure() throws {
        let report = try DataFlowRunReport(json: [
            "sources": [:], "sinks": [:], "stages": [],
            "error": [
                "code": "DF-Executor-ColumnUnavailable", "message": "A column with name `nmae` cannot be resolved.",
                "step": "Raised", "transformation": "derive",
            ],
        ])
        let failure = try #require(report.activityFailure())
        #expect(failure.errorCode == "DF-Executor-ColumnUnavailable")
        #expect(failure.message == "Job failed due to reason: at Derive 'Raised': A column with name `nmae` cannot be resolved.")
        #expect(failure.failureType == .userError)
        #expect(failure.details == ["transformation": "Raised"])
    }

    @Test("a report that is not the driver's fails with a system error naming the file")
    func malformed() throws {
        #expect(throws: ActivityFailure.self) { try DataFlowRunReport(json: ["sinks": ["Out": ["rowsRead": 1]]]) }
        let folder = NSTemporaryDirectory() + "dataflow-report-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try DataFlowRunReport.read(folder: folder) == nil)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: folder + "/" + DataFlowDriver.resultFileName))
        do {
            _ = try DataFlowRunReport.read(folder: folder)
            Issue.record("a malformed report was read")
        } catch {
            #expect(error.errorCode == "DF-Executor-InternalServerError")
            #expect(error.message.hasPrefix("The data flow driver's report 'dataflow-result.json' is not what pipehost writes: it is not JSON"))
        }
    }
}
