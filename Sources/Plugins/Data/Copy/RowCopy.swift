import PluginKit

/// The tabular copies: rows from files or a table, through the translator, into files or a
/// table. Every writer stays open until the last row is written and is committed only then.
struct RowCopy: Sendable {
    let translator: Translator?
    let incompatible: IncompatibleRows
    let sourceDataset: Invocation.Dataset
    let sinkDataset: Invocation.Dataset
    let sourceFormat: DatasetFormat?
    let sinkFormat: DatasetFormat?
    /// Writes a line to the run's log.
    let log: @Sendable (String) -> Void

    static let batchSize = 1000

    /// Opens the rows of one source file, seen through the translator.
    private func openFile(_ store: any FileStore, _ entry: FileSelection.Entry) async throws(ActivityFailure)
        -> (reader: any RowReader, bytes: any ByteSource)
    {
        guard let sourceFormat else { throw ActivityFailure.systemError("no source format") }
        let bytes = try await store.open(entry.item.path)
        var isJson = false
        if case .json = sourceFormat { isJson = true }
        let inner = try await sourceFormat.openRows(
            bytes, file: entry.item.path, dataset: sourceDataset, incompatible: incompatible,
            mappedPaths: isJson ? translator?.jsonPaths : nil, collectionReference: translator?.collectionReference)
        return (try mapped(inner, json: isJson, file: entry.item.path), bytes)
    }

    private func mapped(_ inner: any RowReader, json: Bool, file: String) throws(ActivityFailure) -> any RowReader {
        guard let translator, !translator.mappings.isEmpty else { return inner }
        do throws(ActivityFailure) {
            return try MappedRowReader(inner, translator: translator, jsonSource: json, incompatible: incompatible, file: file)
        } catch {
            Task { await inner.close() }
            throw error
        }
    }

    /// Moves every row of `reader` into `writer`; returns the rows written. Reading and writing
    /// overlap: while the writer writes one batch (formatting it, sending it to the server or the
    /// file), the reader reads and converts the next. At most one write is in flight, and none is
    /// left running when this returns or throws.
    private func pump(_ reader: any RowReader, into writer: any RowWriter) async throws(ActivityFailure) -> Int64 {
        var copied: Int64 = 0
        var writing: Task<ActivityFailure?, Never>?
        do throws(ActivityFailure) {
            while true {
                try Cancellation.check()
                let rows = try await reader.next(limit: Self.batchSize)
                if let failure = await Self.wait(for: writing) {
                    // A write cancelled with the copy fails as the cancellation it is.
                    try Cancellation.check()
                    throw failure
                }
                writing = nil
                if rows.isEmpty { return copied }
                writing = Task {
                    do throws(ActivityFailure) {
                        try await writer.write(rows)
                        return nil
                    } catch {
                        return error
                    }
                }
                copied += Int64(rows.count)
            }
        } catch {
            // The copy fails: the write in flight is of no use, and may be waiting on a stuck server.
            writing?.cancel()
            _ = await writing?.value
            throw error
        }
    }

    /// Waits for the write in flight; cancelling the copy (the activity's task) cancels the write,
    /// which runs in a task of its own.
    private static func wait(for writing: Task<ActivityFailure?, Never>?) async -> ActivityFailure? {
        guard let writing else { return nil }
        return await withTaskCancellationHandler {
            await writing.value
        } onCancel: {
            writing.cancel()
        }
    }

    /// Reads the rows of one source file into the writer `open` gives for the file's columns, and
    /// counts them (skipped rows are counted by the caller, from ``incompatible``, as files may be
    /// read concurrently). The file is closed either way; the writer is left to the caller.
    private func copyRows(
        of entry: FileSelection.Entry, from store: any FileStore, metrics: inout CopyMetrics,
        into open: ([Column]) async throws(ActivityFailure) -> any RowWriter
    ) async throws(ActivityFailure) {
        let (reader, bytes) = try await openFile(store, entry)
        do throws(ActivityFailure) {
            let writer = try await open(reader.columns)
            let copied = try await pump(reader, into: writer)
            metrics.rowsCopied += copied
            metrics.rowsRead += copied
            metrics.dataRead += bytes.bytesRead
            metrics.filesRead += 1
            await reader.close()
        } catch {
            await reader.close()
            throw error
        }
    }

    /// Moves every row of a table source into the writer `open` gives for its columns and commits
    /// it; on failure the reader is closed and the writer discarded.
    private func copyTableRows(
        _ reader: any RowReader, metrics: inout CopyMetrics,
        into open: ([Column]) async throws(ActivityFailure) -> any RowWriter
    ) async throws(ActivityFailure) {
        var writer: (any RowWriter)?
        do throws(ActivityFailure) {
            let opened = try await open(reader.columns)
            writer = opened
            let copied = try await pump(reader, into: opened)
            metrics.rowsCopied += copied
            metrics.rowsRead += copied
            await reader.close()
            let written = try await opened.commit()
            metrics.dataWritten += written.bytes
            metrics.dataRead += written.bytes
        } catch {
            await reader.close()
            await writer?.abort()
            throw error
        }
    }

    /// Copies every selected file into its sink file, up to `parallelCopies` sink files at a time
    /// (``ParallelFileCopy``; nil: the default).
    func copyFiles(
        from store: any FileStore, selection: FileSelection, to sinkStore: any FileStore, plan: SinkPlan,
        parallelCopies: Int?, metrics: inout CopyMetrics
    ) async throws(ActivityFailure) {
        guard let sinkFormat else { return }
        let parallel = ParallelFileCopy(selection: selection, plan: plan, parallelCopies: parallelCopies)
        metrics.usedParallelCopies = parallel.parallelCopies
        let total = selection.entries.count
        let skippedBefore = incompatible.count
        try await parallel.run(
            metrics: &metrics,
            copy: { group throws(ActivityFailure) in
                var counted = CopyMetrics()
                var writer: (any RowWriter)?
                do throws(ActivityFailure) {
                    for (entry, number) in zip(group.entries, group.numbers) {
                        try Cancellation.check()
                        log("Copying file \(number) of \(total): '\(entry.item.path)' to '\(group.target)'")
                        try await copyRows(of: entry, from: store, metrics: &counted) { columns throws(ActivityFailure) in
                            if let writer { return writer }
                            let sink = try await sinkStore.create(group.target)
                            let opened = try await sinkFormat.openWriter(
                                sink, file: group.target, columns: columns, dataset: sinkDataset)
                            writer = opened
                            return opened
                        }
                    }
                    guard let writer else { throw ActivityFailure.systemError("no sink writer for '\(group.target)'") }
                    return ParallelFileCopy.Finished(sink: writer, metrics: counted)
                } catch {
                    await writer?.abort()
                    throw error
                }
            },
            commit: { writer, metrics throws(ActivityFailure) in
                let written = try await writer.commit()
                metrics.dataWritten += written.bytes
                metrics.filesWritten += written.files
            },
            abort: { writer in await writer.abort() })
        metrics.rowsRead += incompatible.count - skippedBefore
    }

    func copyFilesToTable(
        from store: any FileStore, selection: FileSelection, to tables: any TableStore, sink: JSONValue,
        metrics: inout CopyMetrics
    ) async throws(ActivityFailure) {
        let skippedBefore = incompatible.count
        var writer: (any RowWriter)?
        do throws(ActivityFailure) {
            for (index, entry) in selection.entries.enumerated() {
                try Cancellation.check()
                log("Copying file \(index + 1) of \(selection.entries.count): '\(entry.item.path)'")
                try await copyRows(of: entry, from: store, metrics: &metrics) { columns throws(ActivityFailure) in
                    if let writer { return writer }
                    let opened = try await tables.writer(dataset: sinkDataset, sink: sink, columns: columns)
                    writer = opened
                    return opened
                }
            }
            if let writer { metrics.dataWritten += try await writer.commit().bytes }
            metrics.rowsRead += incompatible.count - skippedBefore
        } catch {
            await writer?.abort()
            throw error
        }
    }

    func copyTableToFiles(
        from tables: any TableStore, source: JSONValue, to sinkStore: any FileStore, plan: SinkPlan,
        metrics: inout CopyMetrics
    ) async throws(ActivityFailure) {
        guard let sinkFormat, let target = plan.singlePath else { return }
        let reader = try mapped(try await tables.reader(dataset: sourceDataset, source: source), json: false, file: sourceDataset.name)
        try await copyTableRows(reader, metrics: &metrics) { columns throws(ActivityFailure) in
            try await sinkFormat.openWriter(try await sinkStore.create(target), file: target, columns: columns, dataset: sinkDataset)
        }
        metrics.filesWritten += 1
    }

    func copyTableToTable(
        from sourceTables: any TableStore, source: JSONValue, to sinkTables: any TableStore, sink: JSONValue,
        metrics: inout CopyMetrics
    ) async throws(ActivityFailure) {
        let reader = try mapped(try await sourceTables.reader(dataset: sourceDataset, source: source), json: false, file: sourceDataset.name)
        try await copyTableRows(reader, metrics: &metrics) { columns throws(ActivityFailure) in
            try await sinkTables.writer(dataset: sinkDataset, sink: sink, columns: columns)
        }
    }
}
