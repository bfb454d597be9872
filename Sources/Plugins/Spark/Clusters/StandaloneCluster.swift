import Foundation
import PluginKit

/// A Spark standalone cluster the plugin runs on this machine: a master (its RPC, web UI and REST
/// submission ports all on 127.0.0.1) and worker processes, all in one process group under a
/// watchdog shell, in a folder of its own (`<work>/clusters/<linked service>/`: `cluster.json`,
/// `master.log`, `worker-N.log`, the workers' `worker-N/` work folders with cluster-mode drivers'
/// `stdout`/`stderr`, `lease`, and `ready` once every worker registered).
///
/// The watchdog stops the cluster once `lease` was last touched more than `timeToLiveSeconds` ago
/// (at least 5 minutes while the cluster is starting, before `ready`);
/// the plugin touches it whenever a job starts on the cluster or is polled, and when it ends. So
/// the time to live counts from the last job's end, and a cluster whose host died goes away on its
/// own, unless a later host resumes one of its jobs within the time to live (it adopts the cluster
/// from `cluster.json`).
struct StandaloneCluster: Codable, Sendable, Equatable {
    var linkedService: String
    var folder: String
    /// The watchdog shell, leader of the cluster's process group.
    var process: JobProcess.Identity
    var masterPort: Int
    var webUIPort: Int
    var restPort: Int
    var workers: Int
    var worker: NodeSize
    var timeToLiveSeconds: Int

    var masterURL: String { "spark://127.0.0.1:\(masterPort)" }
    var restURL: String { "http://127.0.0.1:\(restPort)" }
    var webUI: String { "http://127.0.0.1:\(webUIPort)" }
    var lease: String { folder + "/lease" }
    var record: String { folder + "/cluster.json" }

    /// The environment variable every process of a cluster carries (its folder): whoever looks for
    /// the cluster's processes finds the master, the workers, and the drivers and executors they start.
    static let marker = "PIPEHOST_SPARK_CLUSTER"
    /// How long a cluster gets to have its master up and every worker registered.
    static let startTimeout: Duration = .seconds(120)

    /// The watchdog: it starts the master, then (once the master leads) the workers, and stops them
    /// all when the lease is older than the time to live, or when it is signalled.
    /// Arguments: spark-class, master port, web UI port, properties file, workers, cores, memory, time to live.
    static let script = #"""
        spark_class=$1 port=$2 webui=$3 properties=$4 workers=$5 cores=$6 memory=$7 ttl=$8
        pids=""
        stop() { [ -n "$pids" ] && kill $pids 2>/dev/null; wait; exit 0; }
        trap stop TERM INT HUP
        "$spark_class" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
            --webui-port "$webui" --properties-file "$properties" > master.log 2>&1 &
        pids=$!
        tries=0
        until grep -q "elected leader" master.log 2>/dev/null; do
            tries=$((tries + 1))
            [ "$tries" -gt 1200 ] && { echo "the master did not start"; stop; }
            kill -0 $pids 2>/dev/null || { echo "the master ended"; stop; }
            sleep 0.1
        done
        i=1
        while [ "$i" -le "$workers" ]; do
            mkdir -p "worker-$i"
            "$spark_class" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port 0 \
                --cores "$cores" --memory "$memory" --work-dir "$PWD/worker-$i" "spark://127.0.0.1:$port" \
                > "worker-$i.log" 2>&1 &
            pids="$pids $!"
            i=$((i + 1))
        done
        while :; do
            sleep 1
            [ -f lease ] || { echo "the lease was removed"; break; }
            # Until the plugin saw every worker registered, the cluster is starting: it gets
            # at least 5 minutes, whatever its time to live.
            limit=$ttl
            [ -f ready ] || [ "$limit" -ge 300 ] || limit=300
            age=$(( $(date +%s) - $(stat -c %Y lease) ))
            [ "$age" -ge "$limit" ] && { echo "timeToLive of $ttl s expired"; break; }
        done
        stop
        """#

    /// Starts the processes of a cluster for `spec` in `folder` (emptied first); returns at once,
    /// before the cluster is ready (see ``waitUntilReady(rest:)``).
    static func launch(
        _ spec: OnDemandClusterSpec, folder: String, installation: SparkInstallation
    ) throws(ActivityFailure) -> StandaloneCluster {
        let failure = { (reason: String) in OnDemandClusters.creationFailed(spec.linkedService, reason) }
        let files = FileManager.default
        try? files.removeItem(atPath: folder)
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure("could not create the cluster folder '\(folder)': \(error.localizedDescription)")
        }
        guard let ports = FreePort.loopback(count: 3) else { throw failure("no free TCP port on 127.0.0.1") }
        let properties = folder + "/master.conf"
        let text = "spark.master.rest.enabled true\nspark.master.rest.port \(ports[2])\n"
        guard files.createFile(atPath: properties, contents: Data(text.utf8)), files.createFile(atPath: folder + "/lease", contents: nil)
        else { throw failure("could not write '\(properties)'") }

        var environment = ProcessInfo.processInfo.environment
        environment["PIPEHOST_SPARK_JOB"] = nil
        environment["SPARK_HOME"] = installation.home
        environment["SPARK_LOCAL_IP"] = "127.0.0.1"
        environment["PYSPARK_PYTHON"] = installation.python
        if let java = installation.javaHome { environment["JAVA_HOME"] = java }
        environment[marker] = folder
        let command = [
            "/bin/sh", "-c", script, "pipehost-spark-cluster", installation.home + "/bin/spark-class",
            String(ports[0]), String(ports[1]), properties, String(spec.workers), String(spec.worker.cores),
            "\(spec.worker.memoryMegabytes)m", String(spec.timeToLiveSeconds),
        ]
        let process: JobProcess.Identity
        do {
            process = try JobProcess.spawn(
                command, folder: folder, directory: folder, environment: environment.map { "\($0)=\($1)" })
        } catch {
            throw failure(error.description)
        }
        let cluster = StandaloneCluster(
            linkedService: spec.linkedService, folder: folder, process: process, masterPort: ports[0], webUIPort: ports[1],
            restPort: ports[2], workers: spec.workers, worker: spec.worker, timeToLiveSeconds: spec.timeToLiveSeconds)
        if let data = try? JSONEncoder().encode(cluster) { files.createFile(atPath: cluster.record, contents: data) }
        return cluster
    }

    /// The cluster recorded in `folder`, if its processes still run.
    static func load(folder: String) -> StandaloneCluster? {
        guard let data = FileManager.default.contents(atPath: folder + "/cluster.json"),
            let cluster = try? JSONDecoder().decode(StandaloneCluster.self, from: data), cluster.isRunning
        else { return nil }
        return cluster
    }

    /// Waits until the master answers and every worker has registered; fails with 2328 (and stops
    /// the cluster) when that does not happen within ``startTimeout``.
    func waitUntilReady(rest: MasterREST) async throws(ActivityFailure) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: Self.startTimeout)
        var last = "the master did not answer"
        while clock.now < deadline {
            touch()
            guard isRunning else {
                last = "the cluster's processes ended"
                break
            }
            do {
                let state = try await rest.masterState(webUI)
                let alive = state["aliveworkers"]?.integerValue ?? 0
                if alive >= Int64(workers) {
                    touch()
                    _ = FileManager.default.createFile(atPath: folder + "/ready", contents: nil)
                    return
                }
                last = "\(alive) of \(workers) workers registered with the master"
            } catch {
                last = error.description
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        stop()
        throw OnDemandClusters.creationFailed(linkedService, "\(last) (after up to \(Self.startTimeout)). \(logErrors())")
    }

    /// True while the watchdog runs (the cluster has not been stopped or expired).
    var isRunning: Bool { JobProcess.isRunning(process) }

    /// Marks the cluster in use now: the time to live counts from here.
    func touch() {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: lease)
    }

    /// Stops every process of the cluster: asks them to end, kills what is left after a grace.
    func stop() {
        try? FileManager.default.removeItem(atPath: lease)
        JobProcess.signalGroup(process, SIGTERM)
        if waitForGroupEnd(seconds: 15) { return }
        JobProcess.signalGroup(process, SIGKILL)
        _ = waitForGroupEnd(seconds: 5)
    }

    private func waitForGroupEnd(seconds: Int) -> Bool {
        for _ in 0..<(seconds * 20) {
            if !JobProcess.groupIsAlive(process) { return true }
            usleep(50_000)
        }
        return !JobProcess.groupIsAlive(process)
    }

    /// The error lines of the master's and workers' logs, for a failure message.
    func logErrors() -> String {
        var parts: [String] = []
        let logs = ["driver.log", "master.log"] + (1...max(1, workers)).map { "worker-\($0).log" }
        for name in logs {
            let lines = DriverLog.tail(folder + "/" + name)
            if let error = DriverLog.error(in: lines) ?? (name == "driver.log" ? lines.last.map(String.init) : nil) {
                parts.append("\(name): \(error)")
            }
        }
        return parts.isEmpty ? "Logs: '\(folder)'." : parts.joined(separator: "; ") + ". Logs: '\(folder)'."
    }
}
