/// Decodes the footer's `FileMetaData` and the `PageHeader`s from Thrift's compact protocol.
/// The nesting of these functions follows parquet.thrift's structs, a fixed depth; whatever the
/// input nests beyond them is skipped by ``ThriftCompactReader/skip(_:)``.
extension ParquetFileMetaData {
    init(thrift reader: inout ThriftCompactReader) throws(ParquetFailure) {
        var metadata = ParquetFileMetaData()
        var sawSchema = false
        try reader.fields { reader, id, type throws(ParquetFailure) in
            switch (id, type) {
            case (1, .i32): metadata.version = try reader.i32()
            case (2, .list):
                sawSchema = true
                metadata.schema = try reader.list { reader, _ throws(ParquetFailure) in
                    try ParquetSchemaElement(thrift: &reader)
                }
            case (3, .i64): metadata.numRows = try reader.i64("num_rows", in: 0...Int64.max)
            case (4, .list):
                metadata.rowGroups = try reader.list { reader, _ throws(ParquetFailure) in
                    try ParquetRowGroup(thrift: &reader)
                }
            case (6, .binary): metadata.createdBy = try reader.string()
            default: return false
            }
            return true
        }
        guard sawSchema, !metadata.schema.isEmpty else { throw .malformed("the file footer has no schema") }
        self = metadata
    }
}

extension ParquetSchemaElement {
    init(thrift reader: inout ThriftCompactReader) throws(ParquetFailure) {
        var element = ParquetSchemaElement()
        try reader.fields { reader, id, type throws(ParquetFailure) in
            switch (id, type) {
            case (1, .i32):
                let raw = try reader.i32()
                guard let physical = ParquetPhysicalType(rawValue: raw) else {
                    throw .malformed("a schema element has the unknown physical type \(raw)")
                }
                element.type = physical
            case (2, .i32): element.typeLength = try reader.i32("a type_length", in: 0...(1 << 20))
            case (3, .i32):
                let raw = try reader.i32()
                guard let repetition = ParquetRepetition(rawValue: raw) else {
                    throw .malformed("a schema element has the unknown repetition type \(raw)")
                }
                element.repetition = repetition
            case (4, .binary): element.name = try reader.string()
            case (5, .i32): element.numChildren = try reader.i32("num_children", in: 0...Int32.max)
            case (6, .i32): element.convertedType = ParquetConvertedType(rawValue: try reader.i32())
            case (7, .i32): element.scale = try reader.i32()
            case (8, .i32): element.precision = try reader.i32()
            case (10, .structure): element.logicalType = try ParquetLogicalType(thrift: &reader)
            default: return false
            }
            return true
        }
        self = element
    }
}

extension ParquetLogicalType {
    init(thrift reader: inout ThriftCompactReader) throws(ParquetFailure) {
        var found: ParquetLogicalType?
        try reader.fields { reader, id, type throws(ParquetFailure) in
            guard type == .structure else { return false }
            switch id {
            case 1: found = .string
            case 4: found = .enumeration
            case 6: found = .date
            case 12: found = .json
            case 13: found = .bson
            case 14: found = .uuid
            case 15: found = .float16
            case 5:
                var scale: Int32 = 0
                var precision: Int32 = 0
                try reader.fields { reader, id, type throws(ParquetFailure) in
                    switch (id, type) {
                    case (1, .i32): scale = try reader.i32()
                    case (2, .i32): precision = try reader.i32()
                    default: return false
                    }
                    return true
                }
                found = .decimal(scale: scale, precision: precision)
                return true
            case 7, 8:
                var adjusted = false
                var unit = ParquetTimeUnit.millis
                try reader.fields { reader, id, type throws(ParquetFailure) in
                    switch (id, type) {
                    case (1, .booleanTrue), (1, .booleanFalse): adjusted = try reader.bool(type)
                    case (2, .structure): unit = try ParquetTimeUnit(thrift: &reader)
                    default: return false
                    }
                    return true
                }
                found =
                    id == 7
                    ? .time(unit: unit, adjustedToUTC: adjusted) : .timestamp(unit: unit, adjustedToUTC: adjusted)
                return true
            case 10:
                var width: Int8 = 64
                var signed = true
                try reader.fields { reader, id, type throws(ParquetFailure) in
                    switch (id, type) {
                    case (1, .byte): width = try reader.i8()
                    case (2, .booleanTrue), (2, .booleanFalse): signed = try reader.bool(type)
                    default: return false
                    }
                    return true
                }
                found = .integer(bitWidth: width, signed: signed)
                return true
            default: found = .other(id: id)
            }
            return false  // an empty struct: skipping reads its stop byte
        }
        self = found ?? .other(id: 0)
    }
}

extension ParquetTimeUnit {
    init(thrift reader: inout ThriftCompactReader) throws(ParquetFailure) {
        var unit = ParquetTimeUnit.millis
        try reader.fields { _, id, _ throws(ParquetFailure) in
            switch id {
            case 2: unit = .micros
            case 3: unit = .nanos
            default: unit = .millis
            }
            return false
        }
        self = unit
    }
}

extension ParquetRowGroup {
    init(thrift reader: inout ThriftCompactReader) throws(ParquetFailure) {
        var group = ParquetRowGroup()
        try reader.fields { reader, id, type throws(ParquetFailure) in
            switch (id, type) {
            case (1, .list):
                group.columns = try reader.list { reader, _ throws(ParquetFailure) in
                    try ParquetColumnChunk(thrift: &reader)
                }
            case (2, .i64): group.totalByteSize = try reader.i64()
            case (3, .i64): group.numRows = try reader.i64("a row group's num_rows", in: 0...Int64(Int32.max))
            default: return false
            }
            return true
        }
        self = group
    }
}

extension ParquetColumnChunk {
    init(thrift reader: inout ThriftCompactReader) throws(ParquetFailure) {
        var chunk = ParquetColumnChunk()
        try reader.fields { reader, id, type throws(ParquetFailure) in
            switch (id, type) {
            case (1, .binary): chunk.filePath = try reader.string()
            case (2, .i64): chunk.fileOffset = try reader.i64()
            case (3, .structure): chunk.metaData = try ParquetColumnMetaData(thrift: &reader)
            default: return false
            }
            return true
        }
        self = chunk
    }
}

extension ParquetColumnMetaData {
    init(thrift reader: inout ThriftCompactReader) throws(ParquetFailure) {
        var meta = ParquetColumnMetaData()
        try reader.fields { reader, id, type throws(ParquetFailure) in
            switch (id, type) {
            case (1, .i32):
                let raw = try reader.i32()
                guard let physical = ParquetPhysicalType(rawValue: raw) else {
                    throw .malformed("a column chunk has the unknown physical type \(raw)")
                }
                meta.type = physical
            case (2, .list):
                meta.encodings = try reader.list { reader, _ throws(ParquetFailure) in
                    ParquetEncoding(rawValue: try reader.i32()) ?? .plain
                }
            case (3, .list):
                meta.pathInSchema = try reader.list { reader, _ throws(ParquetFailure) in try reader.string() }
            case (4, .i32):
                let raw = try reader.i32()
                guard let codec = ParquetCodec(rawValue: raw) else {
                    throw .unsupported("a column chunk uses the unknown compression codec \(raw)")
                }
                meta.codec = codec
            case (5, .i64): meta.numValues = try reader.i64("a column chunk's num_values", in: 0...Int64(Int32.max))
            case (6, .i64): meta.totalUncompressedSize = try reader.i64("total_uncompressed_size", in: 0...Int64.max)
            case (7, .i64): meta.totalCompressedSize = try reader.i64("total_compressed_size", in: 0...Int64.max)
            case (9, .i64): meta.dataPageOffset = try reader.i64("data_page_offset", in: 0...Int64.max)
            case (11, .i64): meta.dictionaryPageOffset = try reader.i64("dictionary_page_offset", in: 0...Int64.max)
            default: return false
            }
            return true
        }
        self = meta
    }
}

extension ParquetPageHeader {
    init(thrift reader: inout ThriftCompactReader) throws(ParquetFailure) {
        var header = ParquetPageHeader()
        try reader.fields { reader, id, type throws(ParquetFailure) in
            switch (id, type) {
            case (1, .i32): header.type = ParquetPageType(rawValue: try reader.i32())
            case (2, .i32):
                header.uncompressedPageSize = try reader.i32("a page's uncompressed_page_size", in: 0...Int32.max)
            case (3, .i32):
                header.compressedPageSize = try reader.i32("a page's compressed_page_size", in: 0...Int32.max)
            case (5, .structure):
                var page = ParquetDataPageHeader()
                try reader.fields { reader, id, type throws(ParquetFailure) in
                    switch (id, type) {
                    case (1, .i32): page.numValues = try reader.i32("a data page's num_values", in: 0...Int32.max)
                    case (2, .i32): page.encoding = try Self.encoding(&reader)
                    case (3, .i32): page.definitionLevelEncoding = try Self.encoding(&reader)
                    case (4, .i32): page.repetitionLevelEncoding = try Self.encoding(&reader)
                    default: return false
                    }
                    return true
                }
                header.dataPage = page
            case (7, .structure):
                var page = ParquetDictionaryPageHeader()
                try reader.fields { reader, id, type throws(ParquetFailure) in
                    switch (id, type) {
                    case (1, .i32): page.numValues = try reader.i32("a dictionary page's num_values", in: 0...Int32.max)
                    case (2, .i32): page.encoding = try Self.encoding(&reader)
                    default: return false
                    }
                    return true
                }
                header.dictionaryPage = page
            case (8, .structure):
                var page = ParquetDataPageHeaderV2()
                try reader.fields { reader, id, type throws(ParquetFailure) in
                    switch (id, type) {
                    case (1, .i32): page.numValues = try reader.i32("a data page's num_values", in: 0...Int32.max)
                    case (2, .i32): page.numNulls = try reader.i32("a data page's num_nulls", in: 0...Int32.max)
                    case (3, .i32): page.numRows = try reader.i32("a data page's num_rows", in: 0...Int32.max)
                    case (4, .i32): page.encoding = try Self.encoding(&reader)
                    case (5, .i32):
                        page.definitionLevelsByteLength = try reader.i32(
                            "definition_levels_byte_length", in: 0...Int32.max)
                    case (6, .i32):
                        page.repetitionLevelsByteLength = try reader.i32(
                            "repetition_levels_byte_length", in: 0...Int32.max)
                    case (7, .booleanTrue), (7, .booleanFalse): page.isCompressed = try reader.bool(type)
                    default: return false
                    }
                    return true
                }
                header.dataPageV2 = page
            default: return false
            }
            return true
        }
        self = header
    }

    private static func encoding(_ reader: inout ThriftCompactReader) throws(ParquetFailure) -> ParquetEncoding {
        let raw = try reader.i32()
        guard let encoding = ParquetEncoding(rawValue: raw) else {
            throw .unsupported("a page uses the unknown encoding \(raw)")
        }
        return encoding
    }
}
