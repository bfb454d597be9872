import Foundation
import LiveProcesses
import PipehostJSON
import PipehostTesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A Spark standalone cluster the test starts itself, from the pyspark jars, the way the plugin
/// starts an on-demand one: a master on 127.0.0.1 with its REST submission server enabled, and
/// two workers; every process carries `PIPEHOST_SPARK_CLUSTER=<its folder>`. It stands for an
/// existing cluster that an `HDInsight` linked service names with `sparkMaster`: it outlives the
/// plugin test beds (a "restarted host" finds it still running) and is stopped by the suite.
final class StandaloneTestCluster: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case notStarted(String)
        var description: String { switch self { case .notStarted(let text): "the test cluster did not start: \(text)" } }
    }

    let folder: String
    let masterPort: Int
    let webUIPort: Int
    let restPort: Int
    private let processes: [Process]

    var masterURL: String { "spark://127.0.0.1:\(masterPort)" }
    var restURL: String { "http://127.0.0.1:\(restPort)" }

    /// The cluster of the running suite (``StandaloneClusterTrait``).
    @TaskLocal static var current: StandaloneTestCluster?

    private init(folder: String, masterPort: Int, webUIPort: Int, restPort: Int, processes: [Process]) {
        self.folder = folder
        self.masterPort = masterPort
        self.webUIPort = webUIPort
        self.restPort = restPort
        self.processes = processes
    }

    static func start(workers: Int = 2) async throws -> StandaloneTestCluster {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spark-test-cluster-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Port 0 everywhere: Spark binds free ports and names them in the master's log.
        try Data("spark.master.rest.enabled true\nspark.master.rest.port 0\n".utf8).write(to: URL(fileURLWithPath: folder + "/master.conf"))
        var processes: [Process] = []
        let master = try launch(
            ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "0", "--webui-port", "0",
             "--properties-file", folder + "/master.conf"], log: folder + "/master.log", folder: folder)
        processes.append(master)
        func stopAll() { for process in processes where process.isRunning { process.terminate() } }
        let log = folder + "/master.log"
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(120))
        var ports: (master: Int, webUI: Int, rest: Int)?
        while ports == nil, clock.now < deadline, master.isRunning {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.contains("elected leader"),
                let masterPort = number(after: "Successfully started service 'sparkMaster' on port ", in: text),
                let webUI = number(after: "Successfully started service 'MasterUI' on port ", in: text),
                let rest = number(after: "Started REST server for submitting applications on 127.0.0.1 with port ", in: text)
            {
                ports = (masterPort, webUI, rest)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        guard let ports else {
            stopAll()
            throw Failure.notStarted((try? String(contentsOfFile: log, encoding: .utf8)) ?? "no master log")
        }
        for index in 1...workers {
            processes.append(try launch(
                ["org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--webui-port", "0", "--cores", "2",
                 "--memory", "2048m", "--work-dir", "\(folder)/worker-\(index)", "spark://127.0.0.1:\(ports.master)"],
                log: "\(folder)/worker-\(index).log", folder: folder))
        }
        let cluster = StandaloneTestCluster(
            folder: folder, masterPort: ports.master, webUIPort: ports.webUI, restPort: ports.rest, processes: processes)
        while clock.now < deadline {
            if let state = try? cluster.masterState(), state["aliveworkers"]?.integerValue == Int64(workers) { return cluster }
            try await Task.sleep(for: .milliseconds(200))
        }
        cluster.stop()
        throw Failure.notStarted("the workers did not register; logs in \(folder)")
    }

    /// The master's state from its web UI (`/json/`): `aliveworkers`, `completedapps`, `completeddrivers`, ….
    func masterState() throws -> JSONValue {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(webUIPort)/json/")!)
        return try JSONParser.parse(Array(data))
    }

    /// The ids of the applications the master has seen end.
    func completedApplications() throws -> [String] {
        (try masterState()["completedapps"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }

    /// The processes of the cluster (the master, the workers and what they started), zombies left out.
    func liveProcesses() -> [Int32] { Self.processes(marked: "PIPEHOST_SPARK_CLUSTER=" + folder) }

    /// Stops the master and workers (their drivers and executors with them) and removes the folder.
    func stop() {
        for process in processes where process.isRunning { process.terminate() }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(20))
        while !liveProcesses().isEmpty, clock.now < deadline { Thread.sleep(forTimeInterval: 0.1) }
        for pid in liveProcesses() { kill(pid, SIGKILL) }
        for process in processes { process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The processes whose environment holds the entry `marker` (`NAME=value`), zombies left out.
    static func processes(marked marker: String) -> [Int32] {
        LiveProcesses.marked(marker).map(\.pid)
    }

    private static func launch(_ arguments: [String], log: String, folder: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SparkTestBed.sparkHome + "/bin/spark-class")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SPARK_HOME"] = SparkTestBed.sparkHome
        environment["SPARK_LOCAL_IP"] = "127.0.0.1"
        environment["PIPEHOST_SPARK_CLUSTER"] = folder
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
        return process
    }

    private static func number(after prefix: String, in text: String) -> Int? {
        guard let range = text.range(of: prefix) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}

/// Starts a ``StandaloneTestCluster`` for the suite it marks and stops it when the suite ends.
struct StandaloneClusterTrait: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let cluster = try await StandaloneTestCluster.start()
        defer { cluster.stop() }
        try await StandaloneTestCluster.$current.withValue(cluster) { try await function() }
    }
}

extension SuiteTrait where Self == StandaloneClusterTrait {
    /// A standalone master and two workers for the suite (``StandaloneTestCluster/current``).
    static var standaloneCluster: Self { StandaloneClusterTrait() }
}

extension SparkTestBed {
    /// The pyspark package folder: Spark's home (`bin/spark-class`, `jars/`).
    static var sparkHome: String { URL(fileURLWithPath: sparkJars).deletingLastPathComponent().path }

    /// The processes of the on-demand clusters of this bed (`PIPEHOST_SPARK_CLUSTER` names a
    /// folder under its work folder), zombies left out, with their command lines.
    func clusterCommandLines() -> [(pid: Int32, commandLine: String)] {
        LiveProcesses.marked("PIPEHOST_SPARK_CLUSTER=\(workFolder)/").map { ($0.pid, $0.commandLine) }
    }

    /// The `cluster.json` the plugin wrote for the on-demand cluster of linked service `name`.
    func clusterRecord(_ name: String = "OnDemandCluster") throws -> JSONValue {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(workFolder)/clusters/\(name)/cluster.json"))
        return try JSONParser.parse(Array(data))
    }

    /// Waits (up to `seconds`) until `condition` holds; returns whether it did.
    static func eventually(seconds: Int = 60, _ condition: () throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(seconds))
        while clock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try condition()
    }
}

/// The master's web UI state of a running on-demand cluster.
func masterState(webUIPort: Int) throws -> JSONValue {
    let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(webUIPort)/json/")!)
    return try JSONParser.parse(Array(data))
}
