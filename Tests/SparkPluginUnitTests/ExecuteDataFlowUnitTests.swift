import DataFlowScript
import Foundation
import PluginKit
import TestSizeTags
import Testing

@testable import DataPluginCore
@testable import SparkPluginCore

/// `ExecuteDataFlow`'s pure parts: its typeProperties, the stores of sources and sinks, and the
/// DF- codes of what fails before the job starts.
@Suite(.tags(.small))
struct ExecuteDataFlowUnitTests {
    static func settings(_ typeProperties: JSONValue) throws(ActivityFailure) -> ExecuteDataFlowSettings {
        try ExecuteDataFlowSettings(PropertyReader(typeProperties, path: "typeProperties"))
    }

    @Test("data flow parameters are read as ADF writes them: quoted text is a string, numbers and true() are typed, other text stays text")
    func parameters() throws {
        let settings = try Self.settings([
            "dataflow": [
                "referenceName": "Flow", "type": "DataFlowReference",
                "parameters": [
                    "name": "'O\\'Brien'", "limit": "25", "ratio": "-0.5", "enabled": "true()", "raw": "2025-01-31",
                    "typed": 7, "nothing": "null",
                ],
            ]
        ])
        let values = settings.parameters
        #expect(values["name"] == "O'Brien")
        #expect(values["limit"] == 25)
        #expect(values["ratio"] == .double(-0.5))
        #expect(values["enabled"] == true)
        #expect(values["raw"] == "2025-01-31")
        #expect(values["typed"] == 7)
        #expect(values["nothing"] == .null)
        #expect(settings.coreCount == 8)
        #expect(settings.computeType == "General")
        #expect(settings.traceLevel == "Fine")
    }

    @Test("compute and traceLevel are checked as ADF checks them, without regard to case")
    func compute() throws {
        let settings = try Self.settings([
            "dataflow": ["referenceName": "Flow"], "compute": ["coreCount": 16, "computeType": "memoryoptimized"],
            "traceLevel": "coarse",
        ])
        #expect(settings.coreCount == 16 && settings.computeType == "MemoryOptimized" && settings.traceLevel == "Coarse")
        #expect {
            try Self.settings(["dataflow": ["referenceName": "Flow"], "compute": ["computeType": "Huge"]])
        } throws: { error in
            (error as? ActivityFailure)?.message
                == "An invalid value is provided for property 'typeProperties.compute.computeType': expected one of General, MemoryOptimized, ComputeOptimized."
        }
        #expect(throws: ActivityFailure.self) {
            try Self.settings(["dataflow": ["referenceName": "Flow"], "compute": ["coreCount": 0]])
        }
    }

    static func endpoint(_ datasetProperties: JSONValue, script: String = "source() ~> In") throws -> DataFlowEndpoint {
        let statement = try #require(try DataFlowScript.parse(script).statements.first)
        let dataset = try #require(
            Invocation.Dataset(json: [
                "name": "InCsv", "type": "DelimitedText", "typeProperties": datasetProperties,
                "linkedService": ["name": "Lake", "type": "FileServer", "typeProperties": ["host": "/data"]],
            ]))
        let flow = try #require(Invocation.DataFlow(json: ["name": "Flow", "type": "MappingDataFlow"]))
        var withDataset = flow
        withDataset.datasets = ["In": dataset]
        return try DataFlowEndpoint(statement: statement, dataFlow: withDataset, scriptOptions: [:])
    }

    @Test("DelimitedText settings become Spark's CSV options; sinks keep values' spaces")
    func csvOptions() throws {
        let endpoint = try Self.endpoint([
            "location": ["type": "FileServerLocation", "folderPath": "in", "fileName": "orders.csv"],
            "columnDelimiter": "\\t", "firstRowAsHeader": true, "quoteChar": "'", "escapeChar": "\\", "nullValue": "NULL",
            "encodingName": "UTF-16", "compressionCodec": "gzip",
        ])
        #expect(endpoint.format == "csv")
        #expect(endpoint.location.path == "in/orders.csv")
        #expect(
            endpoint.sparkOptions(forSink: false) == [
                "header": "true", "sep": "\t", "quote": "'", "escape": "\\", "nullValue": "NULL", "encoding": "UTF-16",
            ])
        let sink = endpoint.sparkOptions(forSink: true)
        #expect(sink["compression"] == "gzip")
        #expect(sink["ignoreLeadingWhiteSpace"] == "false" && sink["ignoreTrailingWhiteSpace"] == "false")
    }

    @Test("a quote or escape character of more than one character fails before Spark starts, naming the stream")
    func escapeTooLong() throws {
        let endpoint = try Self.endpoint(["location": ["type": "FileServerLocation"], "escapeChar": "\\\\"])
        #expect {
            try endpoint.checkSettings()
        } throws: { error in
            let failure = error as? ActivityFailure
            return failure?.errorCode == "DF-Executor-StoreIsNotDefined"
                && failure?.message
                    == "The escapeChar of 'In' is '\\\\': it must be a single character, or empty for none. Fix the dataset's typeProperties.escapeChar (in JSON a backslash is written \"\\\\\")."
        }
    }

    @Test("compile errors carry ADF's codes: a parameter of the wrong type DF-Executor-InvalidType, the rest DF-Executor-ParseError")
    func compileCodes() throws {
        let graph = try DataFlowGraph(
            DataFlowScript.parse("parameters{\n\tlimit as integer\n}\nsource() ~> In\nIn filter(length(name) > $limit) ~> Out"))
        let stores: [String: PlanStore] = ["In": .unresolved(description: "test")]
        do {
            _ = try DataFlowCompiler.compile(graph, dataFlow: "Flow", parameters: ["limit": "many"], stores: stores)
            Issue.record("compiled a text value for an integer parameter")
        } catch {
            #expect(DataFlowFailure.compile("Flow", error).errorCode == "DF-Executor-InvalidType")
        }
        let unknown = try DataFlowGraph(DataFlowScript.parse("source() ~> In\nIn filter(frobnicate(name)) ~> Out"))
        do {
            _ = try DataFlowCompiler.compile(unknown, dataFlow: "Flow", stores: stores)
            Issue.record("compiled an unknown function")
        } catch {
            let failure = DataFlowFailure.compile("Flow", error)
            #expect(failure.errorCode == "DF-Executor-ParseError")
            #expect(failure.message.hasPrefix("Data flow 'Flow': line 2"), "\(failure.message)")
        }
    }
}
