import Foundation
import PluginKit

/// ADF's Copy activity: reads the first input dataset and writes the first output dataset.
/// Files copy file by file (Binary to Binary byte for byte, else through rows), different sink
/// files up to `parallelCopies` at a time; every sink file or table is committed only after
/// everything was read and written, so a failed or cancelled copy leaves no sink file behind.
struct CopyActivity {
    let plugin: DataPlugin
    let call: ActivityCall<JSONValue>

    enum Side: String { case source = "Source", sink = "Sink" }

    func run() async throws(ActivityFailure) -> JSONValue {
        let started = Date()
        let properties = try PropertyReader(call.input, path: "typeProperties")
        guard let input = call.invocation.inputs.first else { throw ActivityFailure.missingProperty("inputs") }
        guard let output = call.invocation.outputs.first else { throw ActivityFailure.missingProperty("outputs") }
        let source = try properties.object("source")
        let sink = try properties.object("sink")
        let translator = try Translator(properties.value("translator"))
        let skipping = try properties.bool("enableSkipIncompatibleRow") ?? false
        let parallelCopies = try properties.integer("parallelCopies", in: 1...256)
        let incompatible = IncompatibleRows(skipping: skipping)
        let call = self.call
        let log: @Sendable (String) -> Void = { call.log(.info, $0) }
        var metrics = CopyMetrics()
        metrics.skipping = skipping

        let sourceStore = try side(.source) { () throws(ActivityFailure) in
            try DatasetStore.resolve(
                input, tableStores: plugin.tableStores, clients: plugin.http, http: plugin.http,
                storeSettings: source.value("storeSettings"), source: .object(source.object))
        }
        let sinkStore = try side(.sink) { () throws(ActivityFailure) in
            try DatasetStore.resolve(output, tableStores: plugin.tableStores, clients: plugin.http)
        }
        var sourceFiles: (store: any FileStore, selection: FileSelection)?
        do throws(ActivityFailure) {
            switch (sourceStore, sinkStore) {
            case (.files(let store), .files(let sinkFiles)):
                let sourceFormat = try side(.source) { () throws(ActivityFailure) in
                    try DatasetFormat(
                        dataset: input, formatSettings: source.value("formatSettings"),
                        formatSettingsPath: "typeProperties.source.formatSettings")
                }
                let sinkFormat = try side(.sink) { () throws(ActivityFailure) in
                    try DatasetFormat(
                        dataset: output, formatSettings: sink.value("formatSettings"),
                        formatSettingsPath: "typeProperties.sink.formatSettings")
                }
                let selection = try await selectSource(store, dataset: input, source: source)
                sourceFiles = (store, selection)
                metrics.sourceIsFiles = true
                metrics.sinkIsFiles = true
                let plan = try SinkPlan(
                    dataset: output, sink: sink, selection: selection, runId: call.invocation.run.activityRunId,
                    format: sinkFormat)
                if sourceFormat.isBinary || sinkFormat.isBinary {
                    guard sourceFormat.isBinary, sinkFormat.isBinary else {
                        throw ActivityFailure.userError(
                            "A Binary dataset copies only to or from another Binary dataset; '\(input.name)' is "
                                + "\(input.type) and '\(output.name)' is \(output.type).",
                            code: DataErrorCode.invalidDataset)
                    }
                    metrics.tabular = false
                    try await BinaryCopy(
                        source: store, sink: sinkFiles, sourceCompression: sourceFormat.compression,
                        sinkCompression: sinkFormat.compression, log: log
                    ).copy(selection: selection, plan: plan, parallelCopies: parallelCopies, metrics: &metrics)
                } else if let compression = RestFileStore.asIsCompression(
                    from: store, to: sinkFormat, translator: translator)
                {
                    metrics.tabular = false
                    try await BinaryCopy(
                        source: store, sink: sinkFiles, sourceCompression: .none, sinkCompression: compression, log: log
                    ).copy(selection: selection, plan: plan, parallelCopies: parallelCopies, metrics: &metrics)
                } else {
                    let rows = RowCopy(
                        translator: translator, incompatible: incompatible, sourceDataset: input, sinkDataset: output,
                        sourceFormat: sourceFormat, sinkFormat: sinkFormat, log: log)
                    try await rows.copyFiles(
                        from: store, selection: selection, to: sinkFiles, plan: plan, parallelCopies: parallelCopies,
                        metrics: &metrics)
                }
            case (.files(let store), .table(let tables)):
                let sourceFormat = try DatasetFormat(
                    dataset: input, formatSettings: source.value("formatSettings"),
                    formatSettingsPath: "typeProperties.source.formatSettings")
                let selection = try await selectSource(store, dataset: input, source: source)
                sourceFiles = (store, selection)
                metrics.sourceIsFiles = true
                let rows = RowCopy(
                    translator: translator, incompatible: incompatible, sourceDataset: input, sinkDataset: output,
                    sourceFormat: sourceFormat, sinkFormat: nil, log: log)
                try await rows.copyFilesToTable(
                    from: store, selection: selection, to: tables, sink: .object(sink.object),
                    metrics: &metrics)
            case (.table(let tables), .files(let sinkFiles)):
                let sinkFormat = try DatasetFormat(
                    dataset: output, formatSettings: sink.value("formatSettings"),
                    formatSettingsPath: "typeProperties.sink.formatSettings")
                metrics.sinkIsFiles = true
                let rows = RowCopy(
                    translator: translator, incompatible: incompatible, sourceDataset: input, sinkDataset: output,
                    sourceFormat: nil, sinkFormat: sinkFormat, log: log)
                let plan = try SinkPlan(
                    dataset: output, sink: sink, selection: nil, runId: call.invocation.run.activityRunId,
                    format: sinkFormat)
                try await rows.copyTableToFiles(
                    from: tables, source: .object(source.object), to: sinkFiles, plan: plan, metrics: &metrics)
            case (.table(let sourceTables), .table(let sinkTables)):
                let rows = RowCopy(
                    translator: translator, incompatible: incompatible, sourceDataset: input, sinkDataset: output,
                    sourceFormat: nil, sinkFormat: nil, log: log)
                try await rows.copyTableToTable(
                    from: sourceTables, source: .object(source.object), to: sinkTables, sink: .object(sink.object),
                    metrics: &metrics)
            }
        } catch let failure {
            throw Self.wrap(failure)
        }
        metrics.rowsSkipped = incompatible.count
        if incompatible.count > 0 {
            metrics.redirectRowPath = try await IncompatibleRowLog.write(
                Self.inSelectionOrder(incompatible.rows, sourceFiles?.selection), properties: properties, invocation: call.invocation, clients: plugin.http)
        }
        if let sourceFiles, try StoreSettings(
            source.value("storeSettings"), path: "typeProperties.source.storeSettings", recursiveDefault: true
        ).deleteFilesAfterCompletion {
            for entry in sourceFiles.selection.entries { try await sourceFiles.store.delete(entry.item.path) }
        }
        return metrics.output(
            started: started, finished: Date(), queued: 0, sourceType: input.linkedService?.type ?? input.type,
            sinkType: output.linkedService?.type ?? output.type)
    }

    /// The skipped rows in the order a one-at-a-time copy meets them: by source file in the
    /// selection's order (files copied in parallel record theirs interleaved), then as recorded.
    static func inSelectionOrder(_ rows: [IncompatibleRows.Row], _ selection: FileSelection?) -> [IncompatibleRows.Row] {
        guard let selection, selection.entries.count > 1 else { return rows }
        var place: [String: Int] = [:]
        for (index, entry) in selection.entries.enumerated() where place[entry.item.path] == nil {
            place[entry.item.path] = index
        }
        return rows.enumerated()
            .sorted { left, right in
                let (a, b) = (place[left.element.file] ?? Int.max, place[right.element.file] ?? Int.max)
                return a != b ? a < b : left.offset < right.offset
            }
            .map(\.element)
    }

    private func selectSource(
        _ store: any FileStore, dataset: Invocation.Dataset, source: PropertyReader
    ) async throws(ActivityFailure) -> FileSelection {
        let settings = try StoreSettings(
            source.value("storeSettings"), path: "typeProperties.source.storeSettings", recursiveDefault: true)
        let location = try DatasetLocation(dataset: dataset)
        return try await FileSelection.select(in: store, location: location, settings: settings)
    }

    /// Runs a step whose failure belongs to one side: it fails as ADF writes it,
    /// `Failure happened on 'Source' side. ErrorCode=…,'Message=…'`.
    private func side<T>(_ side: Side, _ body: () throws(ActivityFailure) -> T) throws(ActivityFailure) -> T {
        do throws(ActivityFailure) {
            return try body()
        } catch {
            throw Self.wrap(error, side: side)
        }
    }

    /// A Copy fails with ADF's 2200 and the inner code in the message, as ADF writes it;
    /// cancellation and property errors (2103–2105) stay as they are.
    static func wrap(_ failure: ActivityFailure, side: Side? = nil) -> ActivityFailure {
        let keep: Set<String> = [
            ActivityErrorCode.activityCancelled, ActivityErrorCode.missingRequiredProperty,
            ActivityErrorCode.wrongPropertyType, ActivityErrorCode.invalidPropertyValue, DataErrorCode.copyFailed,
            DataErrorCode.unsupportedLinkedService,
        ]
        if keep.contains(failure.errorCode) { return failure }
        return ActivityFailure(
            errorCode: DataErrorCode.copyFailed,
            message: (side.map { "Failure happened on '\($0.rawValue)' side. " } ?? "")
                + "ErrorCode=\(failure.errorCode),'Message=\(failure.message)'", failureType: failure.failureType,
            details: failure.details)
    }
}
