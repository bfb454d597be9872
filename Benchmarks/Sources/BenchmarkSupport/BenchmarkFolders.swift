import Foundation

/// Folders the benchmarks write to, under the system's temporary folder (`$TMPDIR`), never a
/// path of one machine.
public enum BenchmarkFolders {
    /// The plugins' work folder for benchmarks that load plugins.
    public static var pluginWork: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-bench/work").path
    }
}
