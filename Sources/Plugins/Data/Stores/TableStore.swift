import PluginKit

/// A store of tables rather than files (PostgreSQL): where Copy, Lookup and GetMetadata get rows
/// from and Copy writes rows to when a dataset names a table.
protocol TableStore: Sendable {
    /// Rows of `source.query` when the source has one, else of the dataset's table (`schema` +
    /// `table`, or the older `tableName`). `source` is a Copy `source` or Lookup `source` object.
    func reader(dataset: Invocation.Dataset, source: JSONValue) async throws(ActivityFailure) -> any RowReader

    /// A writer into the dataset's table following the `sink` settings (`writeBehavior`,
    /// `upsertSettings`, `preCopyScript`, `tableOption`), for rows of `columns`. Everything it
    /// writes, the pre-copy script included, becomes visible only at `commit`.
    func writer(dataset: Invocation.Dataset, sink: JSONValue, columns: [Column]) async throws(ActivityFailure) -> any RowWriter
}
