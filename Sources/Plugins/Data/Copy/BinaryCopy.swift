import PluginKit

/// Binary to Binary: each file's bytes stream to the sink unparsed. With the same codec on both
/// sides the compressed bytes pass through; otherwise they are decompressed and/or compressed.
struct BinaryCopy {
    let source: any FileStore
    let sink: any FileStore
    let sourceCompression: CompressionSettings
    let sinkCompression: CompressionSettings
    let log: @Sendable (String) -> Void

    func copy(selection: FileSelection, plan: SinkPlan, metrics: inout CopyMetrics) async throws(ActivityFailure) {
        let passthrough = sourceCompression.codec == sinkCompression.codec
        var open: [String: any ByteSink] = [:]
        var order: [String] = []
        do throws(ActivityFailure) {
            for (index, entry) in selection.entries.enumerated() {
                try Cancellation.check()
                let target = plan.path(for: entry)
                log("Copying file \(index + 1) of \(selection.entries.count): '\(entry.item.path)' to '\(target)'")
                let output: any ByteSink
                if let existing = open[target] {
                    output = existing
                } else {
                    output = try await sink.create(target)
                    open[target] = output
                    order.append(target)
                }
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
            for target in order {
                guard let output = open.removeValue(forKey: target) else { continue }
                metrics.dataWritten += try await output.commit()
                metrics.filesWritten += 1
            }
        } catch {
            for output in open.values { await output.abort() }
            throw error
        }
    }
}
