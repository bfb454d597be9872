import Foundation
import PluginKit

/// One column's cells of a row group turned into physical values and definition levels, then
/// into PLAIN data pages (v1) compressed with the file's codec.
struct ParquetColumnEncoder {
    let column: ParquetColumn
    let interim: InterimType
    /// Rows per data page.
    var pageRows = Self.defaultPageRows

    /// The default rows per data page; pages stay near a megabyte for common column widths.
    static let defaultPageRows = 16 * 1024

    /// The encoded chunk: page headers and bodies back to back, and its sizes.
    struct Chunk {
        var bytes: [UInt8]
        var uncompressedSize: Int64
    }

    func encode(_ cells: ArraySlice<Cell>, codec: ParquetCodec, file: String) throws(ActivityFailure) -> Chunk {
        var chunk = Chunk(bytes: [], uncompressedSize: 0)
        var start = cells.startIndex
        while start < cells.endIndex {
            let end = min(start + pageRows, cells.endIndex)
            let (levels, values) = try physical(cells[start..<end])
            var body = ParquetRLE.encode(levels, width: 1)
            let length = UInt32(body.count)
            body =
                [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
                + body
            body += ParquetPlain.encode(values, fixedWidth: column.physical == .fixedLenByteArray)
            let compressed: [UInt8]
            do throws(ParquetFailure) {
                compressed = try ParquetPageCodec.compress(body, codec: codec)
            } catch {
                throw error.failure(file: file)
            }
            guard body.count <= Int(Int32.max), compressed.count <= Int(Int32.max) else {
                throw ParquetFailure.unsupported("a page of '\(column.name)' is larger than 2 GB").failure(file: file)
            }
            let header = ParquetPageHeader(
                type: .dataPage, uncompressedPageSize: Int32(body.count), compressedPageSize: Int32(compressed.count),
                dataPage: ParquetDataPageHeader(numValues: Int32(end - start), encoding: .plain))
            var thrift = ThriftCompactWriter()
            header.encode(into: &thrift)
            chunk.bytes += thrift.bytes
            chunk.bytes += compressed
            chunk.uncompressedSize += Int64(thrift.bytes.count + body.count)
            start = end
        }
        return chunk
    }

    /// Definition levels (1 for a value, 0 for null) and the non-null values.
    private func physical(_ cells: ArraySlice<Cell>) throws(ActivityFailure) -> ([UInt32], ParquetValues) {
        var levels: [UInt32] = []
        levels.reserveCapacity(cells.count)
        var booleans: [Bool] = []
        var int32s: [Int32] = []
        var int64s: [Int64] = []
        var floats: [Float] = []
        var doubles: [Double] = []
        var binaries: [[UInt8]] = []
        let isTemporal = interim == .date || interim == .dateTime || interim == .dateTimeOffset
        for cell in cells {
            // Date-time text is parsed here directly: exact to the microsecond, any offset.
            if isTemporal, let text = cell.text,
                let parsed = ParquetTime.parse(text.trimmingCharacters(in: .whitespaces))
            {
                levels.append(1)
                if interim == .date {
                    guard let days = Int32(exactly: parsed.days) else { throw conversionFailure(cell) }
                    int32s.append(days)
                } else if interim == .dateTimeOffset || parsed.offsetSeconds != nil {
                    int64s.append(parsed.utcMicroseconds)
                } else {
                    int64s.append(parsed.days * 86_400_000_000 + parsed.microseconds)
                }
                continue
            }
            guard let converted = TypeConversion.convert(cell, to: interim), converted != .null else {
                if case .null = cell {
                    levels.append(0)
                    continue
                }
                if case .string(let text) = cell, text.isEmpty {
                    levels.append(0)
                    continue
                }
                throw conversionFailure(cell)
            }
            levels.append(1)
            switch (column.physical, converted) {
            case (.boolean, .boolean(let flag)): booleans.append(flag)
            case (.int32, .integer(let number)):
                guard let narrow = Int32(exactly: number) else { throw conversionFailure(cell) }
                int32s.append(narrow)
            case (.int32, .dateTime(let text)):
                guard let parsed = ParquetTime.parse(text), let days = Int32(exactly: parsed.days) else {
                    throw conversionFailure(cell)
                }
                int32s.append(days)
            case (.int64, .integer(let number)): int64s.append(number)
            case (.int64, .dateTime(let text)):
                guard let parsed = ParquetTime.parse(text) else { throw conversionFailure(cell) }
                if interim == .dateTimeOffset || parsed.offsetSeconds != nil {
                    int64s.append(parsed.utcMicroseconds)
                } else {
                    int64s.append(parsed.days * 86_400_000_000 + parsed.microseconds)
                }
            case (.float, .double(let number)): floats.append(Float(number))
            case (.double, .double(let number)): doubles.append(number)
            case (.fixedLenByteArray, .decimal(let text)):
                guard
                    let bytes = ParquetDecimal.unscaledBytes(
                        text, scale: Int(ParquetSchemaMapping.decimalScale),
                        precision: Int(ParquetSchemaMapping.decimalPrecision),
                        width: ParquetSchemaMapping.decimalWidth)
                else { throw conversionFailure(cell) }
                binaries.append(bytes)
            case (.byteArray, .bytes(let bytes)): binaries.append(bytes)
            case (.byteArray, .string(let text)): binaries.append(Array(text.utf8))
            case (.byteArray, let other): binaries.append(Array((other.text ?? "").utf8))
            default: throw conversionFailure(cell)
            }
        }
        let values: ParquetValues =
            switch column.physical {
            case .boolean: .booleans(booleans)
            case .int32: .int32s(int32s)
            case .int64: .int64s(int64s)
            case .float: .floats(floats)
            case .double: .doubles(doubles)
            case .int96, .fixedLenByteArray, .byteArray: .binaries(binaries)
            }
        return (levels, values)
    }

    private func conversionFailure(_ cell: Cell) -> ActivityFailure {
        var type = interim.rawValue
        if interim == .decimal { type += " (Parquet DECIMAL(38, 18))" }
        return DataFailure.typeConversion(column: column.name, value: cell.text ?? "", type: type).failure
    }
}
