import PluginKit

/// Why Parquet bytes cannot be read or written, one case per kind of problem. The reader and writer
/// know the file; ``failure(file:)`` names it in the activity error.
enum ParquetFailure: Error, Sendable, Equatable {
    /// The bytes end before a structure they announce is complete (`what` names the structure).
    case truncated(what: String)
    /// A value is out of range or contradicts another (`detail` says which and what was expected).
    case malformed(String)
    /// A valid Parquet feature pipehost does not read or write (`detail` names it and what works).
    case unsupported(String)
    /// A page's codec could not decompress or compress it.
    case codec(codec: String, reason: String)

    var reason: String {
        switch self {
        case .truncated(let what): "the file ends inside \(what); it is truncated or not a Parquet file"
        case .malformed(let detail): detail
        case .unsupported(let detail): detail
        case .codec(let codec, let reason): "the \(codec) codec failed: \(reason)"
        }
    }

    /// The activity error for `file`.
    func failure(file: String) -> ActivityFailure {
        DataFailure.parquet(file: file, reason: reason).failure
    }
}
