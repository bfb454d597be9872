import DataFlowScript
import Foundation
import PipehostJSON
import PluginTestSupport
import Testing

@testable import SparkPluginCore

/// One data flow run through real Spark by the data flow driver: a script, the CSV each source
/// reads, and the rows each sink must hold.
struct DataFlowCase: Sendable, CustomTestStringConvertible {
    var name: String
    var script: String
    /// CSV text (a header line, then rows) by source stream name.
    var inputs: [String: String]
    var parameters: [String: JSONValue] = [:]
    /// The sink's CSV (header line first) by sink stream name.
    var expected: [String: String]
    /// Compare the rows as sets: for sinks whose row order the data flow does not fix.
    var anyOrder = false
    /// The DF- code and stream of the failure the case must end with, instead of rows.
    var failure: ExpectedFailure? = nil

    struct ExpectedFailure: Sendable {
        var code: String
        var stream: String
        /// Text the message must contain.
        var message: String
    }

    var testDescription: String { name }
}

/// Every case compiled and run in one `spark-submit` (the driver's batch mode), once per test
/// process: a Spark start takes seconds, a case a fraction of one.
final class DataFlowSparkBatch: Sendable {
    /// A case's outcome: each sink's CSV as written, or why there is none.
    enum Outcome: Sendable {
        case ran(sinks: [String: String], report: JSONValue)
        case failed(String)
    }

    let outcomes: [String: Outcome]

    static let sparkVenv = RepositoryPaths.root + "/.pipehost/venv-spark"

    init(_ cases: [DataFlowCase]) {
        var outcomes: [String: Outcome] = [:]
        let root = NSTemporaryDirectory() + "pipehost-dataflow-spark-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        var plans: [JSONValue] = []
        var planned: [(DataFlowCase, sinks: [String: String])] = []
        for (index, flow) in cases.enumerated() {
            let folder = "\(root)/case-\(index)"
            do {
                let graph = try DataFlowGraph(try DataFlowScript.parse(flow.script))
                var stores: [String: PlanStore] = [:]
                var sinkFiles: [String: String] = [:]
                for statement in graph.script.statements {
                    if statement.kind == .source {
                        let path = "\(folder)/in/\(statement.name).csv"
                        try FileManager.default.createDirectory(
                            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                        try Data((flow.inputs[statement.name] ?? "").utf8).write(to: URL(fileURLWithPath: path))
                        stores[statement.name] = .files(
                            format: "csv", path: path, wildcard: nil, options: ["header": "true"], fileName: nil)
                    } else if statement.kind == .sink {
                        let path = "\(folder)/out/\(statement.name)"
                        stores[statement.name] = .files(
                            format: "csv", path: path, wildcard: nil,
                            options: ["header": "true", "ignoreLeadingWhiteSpace": "false", "ignoreTrailingWhiteSpace": "false"],
                            fileName: "rows.csv")
                        sinkFiles[statement.name] = path + "/rows.csv"
                    }
                }
                let plan = try DataFlowCompiler.compile(graph, dataFlow: flow.name, parameters: flow.parameters, stores: stores)
                plans.append(plan.json)
                planned.append((flow, sinkFiles))
            } catch {
                outcomes[flow.name] = .failed("did not compile: \(error)")
            }
        }
        do {
            let results = try Self.run(plans: plans, in: root)
            for ((flow, sinkFiles), report) in zip(planned, results) {
                var sinks: [String: String] = [:]
                for (sink, file) in sinkFiles {
                    sinks[sink] = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
                }
                outcomes[flow.name] = .ran(sinks: sinks, report: report)
            }
        } catch {
            for (flow, _) in planned { outcomes[flow.name] = .failed("\(error)") }
        }
        self.outcomes = outcomes
    }

    struct SparkFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the plans in one spark-submit; the driver's report of each, in order.
    static func run(plans: [JSONValue], in root: String) throws -> [JSONValue] {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let driver = root + "/" + DataFlowDriver.fileName
        try Data(DataFlowDriver.source.utf8).write(to: URL(fileURLWithPath: driver))
        let planFile = root + "/plans.json"
        let resultFile = root + "/results.json"
        try Data(JSONSerializer.serialize(["plans": .array(plans)]).utf8).write(to: URL(fileURLWithPath: planFile))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sparkVenv + "/bin/spark-submit")
        process.arguments = [
            "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=2", "--conf", "spark.ui.enabled=false",
            driver, planFile, resultFile,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["SPARK_LOCAL_IP"] = "127.0.0.1"
        environment["PYSPARK_PYTHON"] = sparkVenv + "/bin/python"
        environment["PATH"] = sparkVenv + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let log = root + "/driver.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try? handle.close()
        guard let data = FileManager.default.contents(atPath: resultFile) else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw SparkFailed(description: "spark-submit exited \(process.terminationStatus) without results:\n" + text.suffix(3000))
        }
        return try JSONParser.parse(Array(data))["results"]?.arrayValue ?? []
    }
}

extension DataFlowSparkBatch {
    /// The cases of ``DataFlowTransformationTests``.
    static let transformationCases =
        DataFlowTransformationCases.all + DataFlowCombiningCases.all + DataFlowRowCases.all
        + DataFlowReshapingCases.all

    /// Every case of ``DataFlowTransformationTests`` and ``DataFlowFunctionTests`` in one batch:
    /// one Spark start per test process, whichever suites run.
    static let shared = DataFlowSparkBatch(transformationCases + DataFlowFunctionCases.all)
}
