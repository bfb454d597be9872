/// The cells of one column chunk, page by page: holds the chunk's (compressed) bytes and one
/// decoded page at a time, so a row group costs its column chunks, never the whole file.
struct ParquetColumnChunkReader {
    let column: ParquetColumn
    private let codec: ParquetCodec
    private var cursor: ParquetByteCursor
    private var dictionary: [Cell]?
    private var page: [Cell] = []
    private var pageIndex = 0
    /// Values the chunk still owes (its num_values minus those decoded).
    private var valuesLeft: Int

    init(column: ParquetColumn, chunk: [UInt8], codec: ParquetCodec, values: Int) {
        self.column = column
        self.codec = codec
        self.valuesLeft = values
        cursor = ParquetByteCursor(chunk, context: "the column chunk of '\(column.name)'")
    }

    /// The next `count` cells of the column.
    mutating func take(_ count: Int) throws(ParquetFailure) -> [Cell] {
        var cells: [Cell] = []
        cells.reserveCapacity(count)
        while cells.count < count {
            if pageIndex == page.count {
                page = []
                pageIndex = 0
                try readPage()
                continue
            }
            let available = min(count - cells.count, page.count - pageIndex)
            cells.append(contentsOf: page[pageIndex..<(pageIndex + available)])
            pageIndex += available
        }
        return cells
    }

    /// Decodes the next data page into `page`, reading a dictionary page first when one comes.
    private mutating func readPage() throws(ParquetFailure) {
        while true {
            guard valuesLeft > 0, cursor.remaining > 0 else {
                throw .malformed("the column '\(column.name)' has fewer values than its row group's rows")
            }
            var thrift = ThriftCompactReader(
                cursor.bytes, from: cursor.position, to: cursor.end, context: "a page header of '\(column.name)'")
            let header = try ParquetPageHeader(thrift: &thrift)
            cursor.position = thrift.position
            let body = try cursor.take(Int(header.compressedPageSize))
            switch header.type {
            case .dictionaryPage?:
                guard let dictionaryHeader = header.dictionaryPage else { throw missing("dictionary_page_header") }
                let bytes = try ParquetPageCodec.decompress(
                    cursor.bytes[body], codec: codec, uncompressedSize: Int(header.uncompressedPageSize))
                guard dictionaryHeader.encoding == .plain || dictionaryHeader.encoding == .plainDictionary else {
                    throw .unsupported(
                        "the dictionary of '\(column.name)' is \(dictionaryHeader.encoding)-encoded; dictionaries must be PLAIN"
                    )
                }
                var values = ParquetByteCursor(bytes, context: "the dictionary page of '\(column.name)'")
                dictionary = try column.cells(
                    try ParquetPlain.decode(
                        &values, type: column.physical, typeLength: column.typeLength,
                        count: Int(dictionaryHeader.numValues)))
            case .dataPage?:
                guard let data = header.dataPage else { throw missing("data_page_header") }
                let bytes = try ParquetPageCodec.decompress(
                    cursor.bytes[body], codec: codec, uncompressedSize: Int(header.uncompressedPageSize))
                var page = ParquetByteCursor(bytes, context: "a data page of '\(column.name)'")
                let count = try checkedCount(Int(data.numValues))
                var defined = [Bool](repeating: true, count: count)
                if column.optional {
                    switch data.definitionLevelEncoding {
                    case .rle:
                        let length = Int(try page.littleEndian(4))
                        let range = try page.take(length)
                        var levels = ParquetByteCursor(
                            bytes, from: range.lowerBound, to: range.upperBound, context: page.context)
                        defined = try ParquetRLE.decode(&levels, width: 1, count: count).map { $0 == 1 }
                    case .bitPacked:
                        defined = try page.unpack(count, width: 1).map { $0 == 1 }
                    default:
                        throw .unsupported(
                            "definition levels of '\(column.name)' are \(data.definitionLevelEncoding)-encoded")
                    }
                }
                try fill(defined: defined, values: &page, encoding: data.encoding)
                return
            case .dataPageV2?:
                guard let data = header.dataPageV2 else { throw missing("data_page_header_v2") }
                let count = try checkedCount(Int(data.numValues))
                let levelBytes = Int(data.repetitionLevelsByteLength) + Int(data.definitionLevelsByteLength)
                guard levelBytes <= body.count, levelBytes <= Int(header.uncompressedPageSize) else {
                    throw .malformed("a data page of '\(column.name)' has more level bytes than page bytes")
                }
                let levels = body.lowerBound + Int(data.repetitionLevelsByteLength)
                var defined = [Bool](repeating: true, count: count)
                if column.optional {
                    var cursor = ParquetByteCursor(
                        self.cursor.bytes, from: levels, to: levels + Int(data.definitionLevelsByteLength),
                        context: "the definition levels of '\(column.name)'")
                    defined = try ParquetRLE.decode(&cursor, width: 1, count: count).map { $0 == 1 }
                }
                let valueRange = (body.lowerBound + levelBytes)..<body.upperBound
                let valueSize = Int(header.uncompressedPageSize) - levelBytes
                let bytes =
                    data.isCompressed
                    ? try ParquetPageCodec.decompress(
                        cursor.bytes[valueRange], codec: codec, uncompressedSize: valueSize)
                    : Array(cursor.bytes[valueRange])
                var values = ParquetByteCursor(bytes, context: "a data page of '\(column.name)'")
                try fill(defined: defined, values: &values, encoding: data.encoding)
                return
            case .indexPage?, nil:
                continue  // index pages and newer page types carry no values
            }
        }
    }

    private func missing(_ field: String) -> ParquetFailure {
        .malformed("a page of '\(column.name)' has no \(field)")
    }

    /// The most values one page may hold: writers keep pages to thousands of rows, and a page
    /// is decoded whole.
    static let maximumPageValues = 4 * 1024 * 1024

    private mutating func checkedCount(_ count: Int) throws(ParquetFailure) -> Int {
        guard count <= Self.maximumPageValues else {
            throw .unsupported(
                "a data page of '\(column.name)' holds \(count) values, more than the \(Self.maximumPageValues) pipehost reads per page"
            )
        }
        guard count >= 0, count <= valuesLeft else {
            throw .malformed(
                "a data page of '\(column.name)' has \(count) values where \(valuesLeft) remain in the chunk")
        }
        valuesLeft -= count
        return count
    }

    /// Decodes the page's non-null values and spreads them over `defined` into ``page``.
    private mutating func fill(defined: [Bool], values: inout ParquetByteCursor, encoding: ParquetEncoding)
        throws(ParquetFailure)
    {
        let present = defined.reduce(0) { $0 + ($1 ? 1 : 0) }
        let cells = try decodeValues(&values, encoding: encoding, count: present)
        guard cells.count == present else {
            throw .malformed("a data page of '\(column.name)' decoded \(cells.count) values, expected \(present)")
        }
        var merged: [Cell] = []
        merged.reserveCapacity(defined.count)
        var next = 0
        for isDefined in defined {
            if isDefined {
                merged.append(cells[next])
                next += 1
            } else {
                merged.append(.null)
            }
        }
        page = merged
        pageIndex = 0
    }

    private func decodeValues(_ cursor: inout ParquetByteCursor, encoding: ParquetEncoding, count: Int)
        throws(ParquetFailure) -> [Cell]
    {
        switch encoding {
        case .plain:
            return try column.cells(
                ParquetPlain.decode(&cursor, type: column.physical, typeLength: column.typeLength, count: count))
        case .plainDictionary, .rleDictionary:
            guard let dictionary else {
                throw .malformed(
                    "a data page of '\(column.name)' is dictionary-encoded but the chunk has no dictionary page")
            }
            if count == 0 { return [] }
            let width = Int(try cursor.byte())
            let indices = try ParquetRLE.decode(&cursor, width: width, count: count)
            var cells: [Cell] = []
            cells.reserveCapacity(count)
            for index in indices {
                guard Int(index) < dictionary.count else {
                    throw .malformed(
                        "a data page of '\(column.name)' refers to dictionary entry \(index) of \(dictionary.count)")
                }
                cells.append(dictionary[Int(index)])
            }
            return cells
        case .rle:
            guard column.physical == .boolean else {
                throw .unsupported("the RLE encoding of '\(column.name)' is only defined for BOOLEAN values")
            }
            let length = Int(try cursor.littleEndian(4))
            let range = try cursor.take(length)
            var bits = ParquetByteCursor(
                cursor.bytes, from: range.lowerBound, to: range.upperBound, context: cursor.context)
            return try column.cells(.booleans(try ParquetRLE.decode(&bits, width: 1, count: count).map { $0 == 1 }))
        case .deltaBinaryPacked:
            let numbers = try ParquetDelta.binaryPacked(&cursor, limit: count)
            switch column.physical {
            case .int32: return try column.cells(.int32s(numbers.map { Int32(truncatingIfNeeded: $0) }))
            case .int64: return try column.cells(.int64s(numbers))
            default:
                throw .malformed(
                    "DELTA_BINARY_PACKED is not defined for the \(column.physical) column '\(column.name)'")
            }
        case .deltaLengthByteArray:
            guard column.physical == .byteArray else {
                throw .malformed(
                    "DELTA_LENGTH_BYTE_ARRAY is not defined for the \(column.physical) column '\(column.name)'")
            }
            return try column.cells(.binaries(try ParquetDelta.lengthByteArray(&cursor, count: count)))
        case .deltaByteArray:
            guard column.physical == .byteArray || column.physical == .fixedLenByteArray else {
                throw .malformed("DELTA_BYTE_ARRAY is not defined for the \(column.physical) column '\(column.name)'")
            }
            let values = try ParquetDelta.byteArray(&cursor, count: count)
            if column.physical == .fixedLenByteArray, let wrong = values.first(where: { $0.count != column.typeLength })
            {
                throw .malformed(
                    "a value of the FIXED_LEN_BYTE_ARRAY(\(column.typeLength)) column '\(column.name)' has \(wrong.count) bytes"
                )
            }
            return try column.cells(.binaries(values))
        case .byteStreamSplit:
            return try column.cells(
                try ParquetDelta.byteStreamSplit(
                    &cursor, type: column.physical, typeLength: column.typeLength, count: count))
        case .bitPacked:
            throw .unsupported("the values of '\(column.name)' use the deprecated BIT_PACKED encoding")
        }
    }
}
