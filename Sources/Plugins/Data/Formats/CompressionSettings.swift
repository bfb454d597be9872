import PluginKit

/// A dataset's `compressionCodec` (and the older `compression: {type}`): how a file's bytes are
/// stored. Formats read and write through ``Compression`` when it is not `.none`.
struct CompressionSettings: Sendable, Equatable {
    enum Codec: String, Sendable, Equatable {
        case none
        case gzip
        case deflate
        case zlib = "ZlibDeflate"
        case bzip2
    }

    var codec: Codec
    /// `compressionLevel`: `Optimal` (the default) or `Fastest`.
    var fastest: Bool

    static let none = CompressionSettings(codec: .none, fastest: false)

    init(codec: Codec, fastest: Bool) {
        self.codec = codec
        self.fastest = fastest
    }

    init(_ reader: PropertyReader) throws(ActivityFailure) {
        var name = try reader.string("compressionCodec")
        var levelReader = reader
        var levelKey = "compressionLevel"
        if name == nil, reader.value("compression") != nil {
            levelReader = try reader.object("compression")
            levelKey = "level"
            name = try levelReader.string("type")
        }
        switch name?.lowercased() {
        case nil, "", "none": codec = .none
        case "gzip": codec = .gzip
        case "deflate": codec = .deflate
        case "zlibdeflate": codec = .zlib
        case "bzip2": codec = .bzip2
        case let other?:
            throw ActivityFailure.invalidProperty(
                reader.member("compressionCodec"),
                "pipehost supports gzip, deflate, ZlibDeflate and bzip2; '\(other)' is not one of them")
        }
        fastest = (try levelReader.string(levelKey))?.lowercased() == "fastest"
    }
}
