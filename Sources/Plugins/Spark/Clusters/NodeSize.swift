import Foundation

/// What a worker of an on-demand cluster offers: the cores and memory of the linked service's
/// `dataNodeSize` (an Azure VM size), capped by this machine, or defaults sized to this machine.
struct NodeSize: Sendable, Equatable, Codable {
    var cores: Int
    var memoryMegabytes: Int

    /// The Azure VM sizes HDInsight offers for worker nodes: cores and memory (GB).
    static let azureSizes: [String: (cores: Int, gigabytes: Int)] = [
        "standard_a2_v2": (2, 4), "standard_a4_v2": (4, 8), "standard_a8_v2": (8, 16),
        "standard_a3": (4, 7), "standard_a4": (8, 14), "standard_a6": (4, 28), "standard_a7": (8, 56),
        "standard_d3": (4, 14), "standard_d4": (8, 28), "standard_d12": (4, 28), "standard_d13": (8, 56),
        "standard_d14": (16, 112), "standard_d3_v2": (4, 14), "standard_d4_v2": (8, 28), "standard_d5_v2": (16, 56),
        "standard_d12_v2": (4, 28), "standard_d13_v2": (8, 56), "standard_d14_v2": (16, 112),
        "standard_e2_v3": (2, 16), "standard_e4_v3": (4, 32), "standard_e8_v3": (8, 64), "standard_e16_v3": (16, 128),
        "standard_e2_v4": (2, 16), "standard_e4_v4": (4, 32), "standard_e8_v4": (8, 64), "standard_e16_v4": (16, 128),
    ]

    /// A worker without a known size: every core of this machine and 2 GB (a cluster-mode driver
    /// and an executor of Spark's default 1 GB each).
    static let defaultMemoryMegabytes = 2048

    /// The worker size for `name` (nil: the default); `known` is false for a name not in the table.
    static func worker(
        _ name: String?, processors: Int = ProcessInfo.processInfo.activeProcessorCount,
        machineMegabytes: Int = Int(ProcessInfo.processInfo.physicalMemory >> 20)
    ) -> (size: NodeSize, known: Bool) {
        let cores = max(1, processors)
        guard let name else { return (NodeSize(cores: cores, memoryMegabytes: defaultMemoryMegabytes), true) }
        guard let size = azureSizes[name.lowercased()] else {
            return (NodeSize(cores: cores, memoryMegabytes: defaultMemoryMegabytes), false)
        }
        // Spark does not check what a worker offers against the machine; the cap keeps the
        // scheduler from planning more parallelism, or memory, than there is.
        return (
            NodeSize(
                cores: min(size.cores, cores),
                memoryMegabytes: max(1024, min(size.gigabytes * 1024, machineMegabytes / 2))), true
        )
    }
}
