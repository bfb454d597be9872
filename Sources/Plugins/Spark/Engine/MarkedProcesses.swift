import Foundation

/// The processes of this machine whose environment carries a marker (`NAME=value`, such as
/// `PIPEHOST_SPARK_JOB=<job folder>`), zombies left out: the processes of a job or cluster that
/// another process (a standalone worker) started.
enum MarkedProcesses {
    static func ids(marker name: String, value: String) -> [Int32] {
        let entry = Array("\(name)=\(value)".utf8)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let own = ProcessInfo.processInfo.processIdentifier
        return names.compactMap(Int32.init).filter { pid in
            guard pid != own, let stat = JobProcess.procStat(of: pid), stat.state != "Z", stat.state != "X",
                let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else { return false }
            return data.split(separator: 0).contains { Array($0) == entry }
        }
    }
}
