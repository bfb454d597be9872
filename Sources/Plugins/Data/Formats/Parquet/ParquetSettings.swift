import PluginKit

/// A `Parquet` dataset's settings: `compressionCodec`, the codec a sink writes its pages with
/// (snappy unless the dataset says otherwise, as ADF). A source reads whatever codec each column
/// chunk names, so a source dataset's codec is only checked to be one of ADF's names.
struct ParquetSettings: Sendable, Equatable {
    /// The codec named, nil when it is one of ADF's that pipehost does not have (lzo, brotli,
    /// lz4, lz4frame, lz4hadoop, bzip2): such a dataset is read, but writing it fails.
    var codec: ParquetCodec?
    /// The codec as the dataset spells it, for messages.
    var codecName: String

    init(dataset: Invocation.Dataset) throws(ActivityFailure) {
        let reader = try PropertyReader(dataset.typeProperties, path: "dataset '\(dataset.name)' typeProperties")
        let name = try reader.string("compressionCodec") ?? "snappy"
        codecName = name
        switch name.lowercased() {
        case "", "none", "uncompressed": codec = .uncompressed
        case "snappy": codec = .snappy
        case "gzip": codec = .gzip
        case "zstd": codec = .zstd
        case "lzo", "brotli", "lz4", "lz4frame", "lz4hadoop", "bzip2": codec = nil
        default:
            throw ActivityFailure.invalidProperty(
                reader.member("compressionCodec"),
                "a Parquet dataset's codec is none, snappy (the default), gzip, zstd, lzo, brotli, lz4, lz4frame, "
                    + "lz4hadoop or bzip2; '\(name)' is not one of them")
        }
    }

    /// The codec a sink writes with; fails for the codecs pipehost does not have.
    func writeCodec(file: String) throws(ActivityFailure) -> ParquetCodec {
        guard let codec else {
            throw ParquetFailure.unsupported(
                "the dataset's compressionCodec '\(codecName)' cannot be written; the codecs pipehost has are \(ParquetPageCodec.available)"
            ).failure(file: file)
        }
        return codec
    }
}
