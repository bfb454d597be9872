import AsyncHTTPClient
import Foundation
import PluginKit

/// A `RestService` linked service with a `RestResource` dataset as a read-only store of one
/// "file": every page of the resource, requested as the pagination rules say
/// (``RestPageSource``). Copy and Lookup read it through the Json row path.
struct RestFileStore: FileStore {
    let service: RestLinkedService
    let settings: RestSourceSettings
    let client: HTTPClient
    let tokens: AadTokens

    var description: String { "RestService '\(service.name)'" }

    /// Reads the linked service and the request settings of `dataset` and `source`.
    static func make(
        _ dataset: Invocation.Dataset, service: Invocation.LinkedService, source: JSONValue?, clients: HttpClients,
        tokens: AadTokens, authorityHost: String?
    ) throws(ActivityFailure) -> RestFileStore {
        RestFileStore(
            service: try RestLinkedService(service, authorityHost: authorityHost),
            settings: try RestSourceSettings(dataset: dataset, source: source), client: clients.client, tokens: tokens)
    }

    /// The one "file" is the resource; nothing is requested until it is opened.
    func item(at path: String) async throws(ActivityFailure) -> FileItem? {
        FileItem(path: path, isFolder: false, size: 0, lastModified: nil, contentMD5: nil)
    }

    func list(folder: String, recursive: Bool) async throws(ActivityFailure) -> [FileItem] {
        [FileItem(path: folder, isFolder: false, size: 0, lastModified: nil, contentMD5: nil)]
    }

    func open(_ path: String) async throws(ActivityFailure) -> any ByteSource {
        try RestPageSource(service: service, settings: settings, client: client, tokens: tokens)
    }

    func create(_ path: String) async throws(ActivityFailure) -> any ByteSink {
        throw readOnly
    }

    func delete(_ path: String) async throws(ActivityFailure) {
        throw readOnly
    }

    private var readOnly: ActivityFailure {
        .userError(
            "\(description) is read-only here: REST datasets are sources of Copy and Lookup.",
            code: DataErrorCode.invalidDataset)
    }
}

extension RestFileStore {
    /// The sink compression when a copy from `store` writes the REST response as-is (ADF's
    /// "Export JSON response as-is": a Json sink, `setOfObjects` in UTF-8, and no translator);
    /// nil when the copy goes through rows instead.
    static func asIsCompression(
        from store: any FileStore, to sinkFormat: DatasetFormat, translator: Translator?
    ) -> CompressionSettings? {
        guard store is RestFileStore, translator == nil, case .json(let settings) = sinkFormat,
            settings.filePattern == .setOfObjects, settings.encoding == .utf8
        else { return nil }
        return settings.compression
    }
}
