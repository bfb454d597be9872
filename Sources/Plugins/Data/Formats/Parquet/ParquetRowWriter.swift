import PluginKit

/// Writes rows as a Parquet file: `PAR1`, row groups of at most ``groupRows`` rows (128 Ki by default, or about
/// ``groupBytes`` of values), each column one chunk of PLAIN data pages, then the footer. The
/// sink is all-or-nothing: nothing is visible under the file's name before ``commit()``.
final class ParquetRowWriter: RowWriter, @unchecked Sendable {
    // The copy loop calls one method at a time.
    private let sink: any ByteSink
    private let file: String
    private let codec: ParquetCodec
    private let encoders: [ParquetColumnEncoder]
    private var buffered: [[Cell]] = []
    private var bufferedBytes = 0
    private var position: Int64 = 0
    private var rowGroups: [ParquetRowGroup] = []
    private var rows: Int64 = 0
    private let groupRows: Int

    static let defaultGroupRows = 128 * 1024
    static let groupBytes = 64 * 1024 * 1024
    static let createdBy = "pipehost"

    /// Opens the writer and writes the leading magic; discards `sink` when that fails.
    static func open(
        sink: any ByteSink, file: String, columns: [Column], settings: ParquetSettings,
        groupRows: Int = defaultGroupRows,
        pageRows: Int = ParquetColumnEncoder.defaultPageRows
    ) async throws(ActivityFailure) -> ParquetRowWriter {
        let codec = try settings.writeCodec(file: file)
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw ParquetFailure.unsupported(
                "two columns are named '\(column.name)'; Parquet column names must be unique"
            )
            .failure(file: file)
        }
        let writer = ParquetRowWriter(
            sink: sink, file: file, codec: codec, columns: columns, groupRows: max(1, groupRows),
            pageRows: max(1, pageRows))
        try await writer.emit(ParquetRowReader.magic)
        return writer
    }

    private init(
        sink: any ByteSink, file: String, codec: ParquetCodec, columns: [Column], groupRows: Int, pageRows: Int
    ) {
        self.sink = sink
        self.file = file
        self.codec = codec
        self.groupRows = groupRows
        encoders = columns.map {
            ParquetColumnEncoder(column: ParquetSchemaMapping.column(for: $0), interim: $0.type, pageRows: pageRows)
        }
    }

    func write(_ rows: [[Cell]]) async throws(ActivityFailure) {
        for row in rows {
            buffered.append(row)
            for cell in row {
                switch cell {
                case .string(let text), .decimal(let text), .dateTime(let text): bufferedBytes += text.utf8.count + 16
                case .bytes(let bytes): bufferedBytes += bytes.count + 16
                default: bufferedBytes += 16
                }
            }
            if buffered.count >= groupRows || bufferedBytes >= Self.groupBytes { try await flushGroup() }
        }
    }

    /// Encodes the buffered rows as one row group and writes it.
    private func flushGroup() async throws(ActivityFailure) {
        guard !buffered.isEmpty else { return }
        var group = ParquetRowGroup(columns: [], totalByteSize: 0, numRows: Int64(buffered.count))
        for (index, encoder) in encoders.enumerated() {
            let cells = buffered.map { index < $0.count ? $0[index] : .null }
            let chunk = try encoder.encode(cells[...], codec: codec, file: file)
            let start = position
            try await emit(chunk.bytes)
            let meta = ParquetColumnMetaData(
                type: encoder.column.physical, encodings: [.plain, .rle], pathInSchema: [encoder.column.name],
                codec: codec,
                numValues: Int64(buffered.count), totalUncompressedSize: chunk.uncompressedSize,
                totalCompressedSize: Int64(chunk.bytes.count), dataPageOffset: start)
            group.columns.append(ParquetColumnChunk(filePath: nil, fileOffset: start, metaData: meta))
            group.totalByteSize += chunk.uncompressedSize
        }
        rows += Int64(buffered.count)
        rowGroups.append(group)
        buffered.removeAll(keepingCapacity: true)
        bufferedBytes = 0
    }

    private func emit(_ bytes: [UInt8]) async throws(ActivityFailure) {
        try await sink.write(bytes)
        position += Int64(bytes.count)
    }

    func commit() async throws(ActivityFailure) -> WrittenData {
        do throws(ActivityFailure) {
            try await flushGroup()
            let metadata = ParquetFileMetaData(
                version: 1, schema: ParquetSchemaMapping.schema(encoders.map(\.column)), numRows: rows,
                rowGroups: rowGroups,
                createdBy: Self.createdBy)
            var thrift = ThriftCompactWriter()
            metadata.encode(into: &thrift)
            let length = UInt32(thrift.bytes.count)
            try await emit(
                thrift.bytes + [
                    UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24),
                ]
                    + ParquetRowReader.magic)
        } catch {
            await sink.abort()
            throw error
        }
        let stored = try await sink.commit()
        return WrittenData(bytes: stored, rows: rows, files: 1)
    }

    func abort() async {
        buffered = []
        await sink.abort()
    }
}
