import PluginKit

/// Binary to Binary: each file's bytes stream to the sink unparsed. With the same codec on both
/// sides the compressed bytes pass through; otherwise they are decompressed and/or compressed.
/// Different sink files are written concurrently (``ParallelFileCopy``).
struct BinaryCopy: Sendable {
    let source: any FileStore
    let sink: any FileStore
    let sourceCompression: CompressionSettings
    let sinkCompression: CompressionSettings
    let log: @Sendable (String) -> Void

    /// Copies every selected file, up to `parallelCopies` sink files at a time (nil: the default).
    func copy(selection: FileSelection, plan: SinkPlan, parallelCopies: Int?, metrics: inout CopyMetrics)
        async throws(ActivityFailure)
    {
        let parallel = ParallelFileCopy(selection: selection, plan: plan, parallelCopies: parallelCopies)
        metrics.usedParallelCopies = parallel.parallelCopies
        let total = selection.entries.count
        try await parallel.run(
            metrics: &metrics,
            copy: { group throws(ActivityFailure) in try await self.copy(group, of: total) },
            commit: { output, metrics throws(ActivityFailure) in
                metrics.dataWritten += try await output.commit()
                metrics.filesWritten += 1
            },
            abort: { output in await output.abort() })
    }

    /// Copies one group's files into its sink file, left uncommitted; aborts it on failure.
    private func copy(_ group: ParallelFileCopy.Group, of total: Int) async throws(ActivityFailure)
        -> ParallelFileCopy.Finished<any ByteSink>
    {
        var metrics = CopyMetrics()
        let output = try await sink.create(group.target)
        do throws(ActivityFailure) {
            for (entry, number) in zip(group.entries, group.numbers) {
                try Cancellation.check()
                log("Copying file \(number) of \(total): '\(entry.item.path)' to '\(group.target)'")
                try await copyFile(entry, into: output, target: group.target, metrics: &metrics)
            }
            return ParallelFileCopy.Finished(sink: output, metrics: metrics)
        } catch {
            await output.abort()
            throw error
        }
    }

    /// Streams one source file into `output`.
    private func copyFile(
        _ entry: FileSelection.Entry, into output: any ByteSink, target: String, metrics: inout CopyMetrics
    ) async throws(ActivityFailure) {
        let passthrough = sourceCompression.codec == sinkCompression.codec
        let input = try await source.open(entry.item.path)
        do throws(ActivityFailure) {
            let decompressor = passthrough ? nil : try Compression.decompressor(sourceCompression, file: entry.item.path)
            let compressor = passthrough ? nil : try Compression.compressor(sinkCompression, file: target)
            while true {
                try Cancellation.check()
                let chunk = try await input.read(maximum: ByteChunk.size)
                var bytes = chunk
                if let decompressor { bytes = try decompressor.process(bytes, final: chunk.isEmpty) }
                if let compressor { bytes = try compressor.process(bytes, final: chunk.isEmpty) }
                if !bytes.isEmpty { try await output.write(bytes) }
                if chunk.isEmpty { break }
            }
            metrics.dataRead += input.bytesRead
            metrics.filesRead += 1
            await input.close()
        } catch {
            await input.close()
            throw error
        }
    }
}
