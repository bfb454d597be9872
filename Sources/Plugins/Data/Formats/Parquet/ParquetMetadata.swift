/// The parts of Parquet's Thrift metadata (parquet.thrift) that pipehost reads and writes.
/// Field ids and enum values are the format's; decoding is in ParquetMetadataDecoding.swift,
/// encoding in ParquetMetadataEncoding.swift.
enum ParquetPhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

enum ParquetRepetition: Int32, Sendable {
    case required = 0, optional = 1, repeated = 2
}

/// The legacy `ConvertedType`, still written beside the logical type for older readers.
enum ParquetConvertedType: Int32, Sendable {
    case utf8 = 0, map = 1, mapKeyValue = 2, list = 3, enumeration = 4, decimal = 5, date = 6
    case timeMillis = 7, timeMicros = 8, timestampMillis = 9, timestampMicros = 10
    case uint8 = 11, uint16 = 12, uint32 = 13, uint64 = 14, int8 = 15, int16 = 16, int32 = 17, int64 = 18
    case json = 19, bson = 20, interval = 21
}

enum ParquetTimeUnit: Sendable, Equatable {
    case millis, micros, nanos
}

/// The `LogicalType` union, as far as it changes how values read.
enum ParquetLogicalType: Sendable, Equatable {
    case string
    case enumeration
    case json
    case bson
    case uuid
    case date
    case decimal(scale: Int32, precision: Int32)
    case time(unit: ParquetTimeUnit, adjustedToUTC: Bool)
    case timestamp(unit: ParquetTimeUnit, adjustedToUTC: Bool)
    case integer(bitWidth: Int8, signed: Bool)
    case float16
    /// MAP, LIST, UNKNOWN (always null) and logical types newer than this reader.
    case other(id: Int16)
}

enum ParquetCodec: Int32, Sendable {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7
}

enum ParquetEncoding: Int32, Sendable {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5, deltaLengthByteArray = 6
    case deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
}

enum ParquetPageType: Int32, Sendable {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}

struct ParquetSchemaElement: Sendable, Equatable {
    var type: ParquetPhysicalType?
    var typeLength: Int32?
    var repetition: ParquetRepetition?
    var name: String = ""
    var numChildren: Int32?
    var convertedType: ParquetConvertedType?
    var scale: Int32?
    var precision: Int32?
    var logicalType: ParquetLogicalType?
}

struct ParquetColumnMetaData: Sendable, Equatable {
    var type: ParquetPhysicalType = .boolean
    var encodings: [ParquetEncoding] = []
    var pathInSchema: [String] = []
    var codec: ParquetCodec = .uncompressed
    var numValues: Int64 = 0
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
}

struct ParquetColumnChunk: Sendable, Equatable {
    /// Set when the chunk lives in another file, which pipehost does not read.
    var filePath: String?
    var fileOffset: Int64 = 0
    var metaData: ParquetColumnMetaData?
}

struct ParquetRowGroup: Sendable, Equatable {
    var columns: [ParquetColumnChunk] = []
    var totalByteSize: Int64 = 0
    var numRows: Int64 = 0
}

struct ParquetFileMetaData: Sendable, Equatable {
    var version: Int32 = 1
    var schema: [ParquetSchemaElement] = []
    var numRows: Int64 = 0
    var rowGroups: [ParquetRowGroup] = []
    var createdBy: String?
}

struct ParquetDataPageHeader: Sendable, Equatable {
    var numValues: Int32 = 0
    var encoding: ParquetEncoding = .plain
    var definitionLevelEncoding: ParquetEncoding = .rle
    var repetitionLevelEncoding: ParquetEncoding = .rle
}

struct ParquetDictionaryPageHeader: Sendable, Equatable {
    var numValues: Int32 = 0
    var encoding: ParquetEncoding = .plain
}

struct ParquetDataPageHeaderV2: Sendable, Equatable {
    var numValues: Int32 = 0
    var numNulls: Int32 = 0
    var numRows: Int32 = 0
    var encoding: ParquetEncoding = .plain
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed = true
}

struct ParquetPageHeader: Sendable, Equatable {
    /// nil for page types newer than this reader; such pages are skipped.
    var type: ParquetPageType?
    var uncompressedPageSize: Int32 = 0
    var compressedPageSize: Int32 = 0
    var dataPage: ParquetDataPageHeader?
    var dictionaryPage: ParquetDictionaryPageHeader?
    var dataPageV2: ParquetDataPageHeaderV2?
}
