import PluginKit

/// Rows of a Parquet file: the footer gives the schema and the row groups; each row group's
/// column chunks are read when the rows reach it and decoded page by page.
final class ParquetRowReader: RowReader, @unchecked Sendable {
    // The copy loop calls one method at a time.
    let columns: [Column]
    private let file: String
    private let spool: ParquetSpool
    private let metadata: ParquetFileMetaData
    private let parquetColumns: [ParquetColumn]
    private var nextGroup = 0
    private var chunks: [ParquetColumnChunkReader] = []
    private var rowsLeftInGroup = 0
    private var closed = false

    /// The footer: `PAR1`, the row groups, the Thrift FileMetaData, its length and `PAR1`.
    static let magic: [UInt8] = Array("PAR1".utf8)
    /// A footer larger than this is refused rather than read into memory.
    static let maximumFooterSize = 64 * 1024 * 1024

    /// Opens `bytes` (a file called `file`); closes them either way.
    static func open(_ bytes: any ByteSource, file: String) async throws(ActivityFailure) -> ParquetRowReader {
        let spool = try await ParquetSpool.copy(bytes, file: file)
        do throws(ActivityFailure) {
            let metadata = try readFooter(spool, file: file)
            let columns: [ParquetColumn]
            do throws(ParquetFailure) {
                columns = try ParquetColumn.flatColumns(metadata.schema)
            } catch {
                throw error.failure(file: file)
            }
            return ParquetRowReader(file: file, spool: spool, metadata: metadata, columns: columns)
        } catch {
            spool.remove()
            throw error
        }
    }

    private init(file: String, spool: ParquetSpool, metadata: ParquetFileMetaData, columns: [ParquetColumn]) {
        self.file = file
        self.spool = spool
        self.metadata = metadata
        parquetColumns = columns
        self.columns = columns.map(\.column)
    }

    static func readFooter(_ spool: ParquetSpool, file: String) throws(ActivityFailure) -> ParquetFileMetaData {
        guard spool.size >= 12 else {
            throw ParquetFailure.malformed(
                "the file has \(spool.size) bytes, too few for a Parquet file (it must start and end with PAR1)"
            )
            .failure(file: file)
        }
        let head = try spool.read(at: 0, count: 4)
        let tail = try spool.read(at: spool.size - 8, count: 8)
        guard head == magic, Array(tail[4..<8]) == magic else {
            throw ParquetFailure.malformed("the file does not start and end with PAR1; it is not a Parquet file")
                .failure(file: file)
        }
        let length = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard Int64(length) <= spool.size - 12, length <= maximumFooterSize else {
            throw ParquetFailure.malformed("the footer length \(length) does not fit the \(spool.size)-byte file")
                .failure(file: file)
        }
        let footer = try spool.read(at: spool.size - 8 - Int64(length), count: length)
        var reader = ThriftCompactReader(footer, context: "the file footer")
        do throws(ParquetFailure) {
            return try ParquetFileMetaData(thrift: &reader)
        } catch {
            throw error.failure(file: file)
        }
    }

    func next(limit: Int) async throws(ActivityFailure) -> [[Cell]] {
        guard !closed else { return [] }
        var rows: [[Cell]] = []
        while rows.count < limit {
            if rowsLeftInGroup == 0 {
                guard nextGroup < metadata.rowGroups.count else { break }
                try openGroup(metadata.rowGroups[nextGroup])
                nextGroup += 1
                continue
            }
            try Cancellation.check()
            let count = min(limit - rows.count, rowsLeftInGroup)
            var columnsOfCells: [[Cell]] = []
            columnsOfCells.reserveCapacity(chunks.count)
            do throws(ParquetFailure) {
                for index in chunks.indices { columnsOfCells.append(try chunks[index].take(count)) }
            } catch {
                throw error.failure(file: file)
            }
            for row in 0..<count { rows.append(columnsOfCells.map { $0[row] }) }
            rowsLeftInGroup -= count
        }
        return rows
    }

    /// Reads the column chunks of `group` (each a byte range of the file).
    private func openGroup(_ group: ParquetRowGroup) throws(ActivityFailure) {
        guard group.columns.count == parquetColumns.count else {
            throw ParquetFailure.malformed(
                "row group \(nextGroup) has \(group.columns.count) column chunks for \(parquetColumns.count) columns"
            ).failure(file: file)
        }
        var readers: [ParquetColumnChunkReader] = []
        for (column, chunk) in zip(parquetColumns, group.columns) {
            guard chunk.filePath == nil || chunk.filePath == "" else {
                throw ParquetFailure.unsupported(
                    "the column '\(column.name)' lives in the other file '\(chunk.filePath ?? "")'"
                )
                .failure(file: file)
            }
            guard let meta = chunk.metaData else {
                throw ParquetFailure.malformed("the column chunk of '\(column.name)' has no metadata").failure(
                    file: file)
            }
            guard meta.type == column.physical else {
                throw ParquetFailure.malformed(
                    "the column chunk of '\(column.name)' is \(meta.type), its schema says \(column.physical)"
                )
                .failure(file: file)
            }
            guard meta.numValues == group.numRows else {
                throw ParquetFailure.malformed(
                    "the column '\(column.name)' has \(meta.numValues) values in a row group of \(group.numRows) rows"
                ).failure(file: file)
            }
            var start = meta.dataPageOffset
            if let dictionary = meta.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
            guard meta.totalCompressedSize <= Int64(Int32.max) else {
                throw ParquetFailure.unsupported("the column chunk of '\(column.name)' is larger than 2 GB").failure(
                    file: file)
            }
            let bytes = try spool.read(at: start, count: Int(meta.totalCompressedSize))
            readers.append(
                ParquetColumnChunkReader(column: column, chunk: bytes, codec: meta.codec, values: Int(meta.numValues)))
        }
        chunks = readers
        rowsLeftInGroup = Int(group.numRows)
    }

    deinit {
        if !closed { spool.remove() }
    }

    func close() async {
        guard !closed else { return }
        closed = true
        chunks = []
        spool.remove()
    }
}
