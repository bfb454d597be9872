import PluginKit

/// Rows read from a source: a file in a row format (DelimitedText, Json), a table or a query.
///
/// A reader streams: `next(limit:)` hands out at most `limit` rows at a time and never holds the
/// whole source in memory. The copy loop, Lookup and GetMetadata's `structure` read through it.
protocol RowReader: AnyObject, Sendable {
    /// The columns, known once the reader is open (a header row, a dataset schema, a query's
    /// result description). A row has exactly one cell per column.
    var columns: [Column] { get }
    /// Up to `limit` more rows (limit ≥ 1); an empty array once the source is exhausted.
    func next(limit: Int) async throws(ActivityFailure) -> [[Cell]]
    /// Releases the file, connection or response; safe to call twice.
    func close() async
}

/// Rows written to a sink. Nothing a writer writes is visible before `commit`: a file sink writes
/// to a temporary name and renames it into place, a table sink writes inside one transaction.
/// A failed or cancelled copy calls `abort`, which leaves the sink as it was.
protocol RowWriter: AnyObject, Sendable {
    /// Writes rows in the column order the writer was opened with.
    func write(_ rows: [[Cell]]) async throws(ActivityFailure)
    /// Makes everything written visible and reports what was written.
    func commit() async throws(ActivityFailure) -> WrittenData
    /// Discards everything written; safe to call after a failed `commit` and twice.
    func abort() async
}

/// What a sink reports after its commit, for Copy's output.
struct WrittenData: Sendable, Equatable {
    /// Bytes written to the store (`dataWritten`): file bytes, or the size of the rows sent.
    var bytes: Int64
    var rows: Int64
    var files: Int
}
