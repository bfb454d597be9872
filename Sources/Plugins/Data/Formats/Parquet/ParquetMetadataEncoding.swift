/// Encodes the footer's `FileMetaData` and data page headers in Thrift's compact protocol, as
/// the writer needs them (no statistics, no page index).
extension ParquetFileMetaData {
    func encode(into writer: inout ThriftCompactWriter) {
        writer.structure { writer in
            writer.i32(1, version)
            writer.list(2, of: .structure, schema) { writer, element in element.encode(into: &writer) }
            writer.i64(3, numRows)
            writer.list(4, of: .structure, rowGroups) { writer, group in group.encode(into: &writer) }
            if let createdBy { writer.string(6, createdBy) }
        }
    }
}

extension ParquetSchemaElement {
    func encode(into writer: inout ThriftCompactWriter) {
        writer.structure { writer in
            if let type { writer.i32(1, type.rawValue) }
            if let typeLength { writer.i32(2, typeLength) }
            if let repetition { writer.i32(3, repetition.rawValue) }
            writer.string(4, name)
            if let numChildren { writer.i32(5, numChildren) }
            if let convertedType { writer.i32(6, convertedType.rawValue) }
            if let scale { writer.i32(7, scale) }
            if let precision { writer.i32(8, precision) }
            if let logicalType { writer.structField(10) { writer in logicalType.encode(into: &writer) } }
        }
    }
}

extension ParquetLogicalType {
    /// The union's members, inside the LogicalType struct the caller opened.
    func encode(into writer: inout ThriftCompactWriter) {
        func unit(_ unit: ParquetTimeUnit, into writer: inout ThriftCompactWriter) {
            writer.structField(2) { writer in
                writer.structField(unit == .millis ? 1 : unit == .micros ? 2 : 3) { _ in }
            }
        }
        switch self {
        case .string: writer.structField(1) { _ in }
        case .enumeration: writer.structField(4) { _ in }
        case .decimal(let scale, let precision):
            writer.structField(5) { writer in
                writer.i32(1, scale)
                writer.i32(2, precision)
            }
        case .date: writer.structField(6) { _ in }
        case .time(let timeUnit, let adjusted):
            writer.structField(7) { writer in
                writer.bool(1, adjusted)
                unit(timeUnit, into: &writer)
            }
        case .timestamp(let timeUnit, let adjusted):
            writer.structField(8) { writer in
                writer.bool(1, adjusted)
                unit(timeUnit, into: &writer)
            }
        case .integer(let bitWidth, let signed):
            writer.structField(10) { writer in
                writer.i8(1, bitWidth)
                writer.bool(2, signed)
            }
        case .json: writer.structField(12) { _ in }
        case .bson: writer.structField(13) { _ in }
        case .uuid: writer.structField(14) { _ in }
        case .float16: writer.structField(15) { _ in }
        case .other(let id): writer.structField(id) { _ in }
        }
    }
}

extension ParquetRowGroup {
    func encode(into writer: inout ThriftCompactWriter) {
        writer.structure { writer in
            writer.list(1, of: .structure, columns) { writer, chunk in chunk.encode(into: &writer) }
            writer.i64(2, totalByteSize)
            writer.i64(3, numRows)
        }
    }
}

extension ParquetColumnChunk {
    func encode(into writer: inout ThriftCompactWriter) {
        writer.structure { writer in
            writer.i64(2, fileOffset)
            if let metaData {
                writer.structField(3) { writer in
                    writer.i32(1, metaData.type.rawValue)
                    writer.list(2, of: .i32, metaData.encodings) { writer, encoding in writer.listI32(encoding.rawValue)
                    }
                    writer.list(3, of: .binary, metaData.pathInSchema) { writer, name in
                        writer.listBinary(Array(name.utf8))
                    }
                    writer.i32(4, metaData.codec.rawValue)
                    writer.i64(5, metaData.numValues)
                    writer.i64(6, metaData.totalUncompressedSize)
                    writer.i64(7, metaData.totalCompressedSize)
                    writer.i64(9, metaData.dataPageOffset)
                    if let dictionary = metaData.dictionaryPageOffset { writer.i64(11, dictionary) }
                }
            }
        }
    }
}

extension ParquetPageHeader {
    /// A data page v1 header (the only page the writer writes).
    func encode(into writer: inout ThriftCompactWriter) {
        writer.structure { writer in
            writer.i32(1, (type ?? .dataPage).rawValue)
            writer.i32(2, uncompressedPageSize)
            writer.i32(3, compressedPageSize)
            if let dataPage {
                writer.structField(5) { writer in
                    writer.i32(1, dataPage.numValues)
                    writer.i32(2, dataPage.encoding.rawValue)
                    writer.i32(3, dataPage.definitionLevelEncoding.rawValue)
                    writer.i32(4, dataPage.repetitionLevelEncoding.rawValue)
                }
            }
        }
    }
}
