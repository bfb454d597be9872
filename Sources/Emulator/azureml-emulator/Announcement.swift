import ArgumentParser
import AzureMLEmulator
import Foundation

/// What the emulator prints first on standard output once it listens.
enum Announcement: String, ExpressibleByArgument, CaseIterable {
    /// `listening on http://HOST:PORT`, then each endpoint's URLs and each storage account, for people.
    case text
    /// One JSON line for a program that started the emulator (`pipehost run --emulator`):
    /// `{"listening": "http://HOST:PORT", "storageAccounts": [{"name", "blobEndpoint", "folder"}]}`.
    case json

    func text(for emulator: AzureMLEmulator) -> String {
        switch self {
        case .text:
            return emulator.startupReport
        case .json:
            let accounts = emulator.storage.values.sorted { $0.name < $1.name }.map { account in
                ["name": account.name, "blobEndpoint": account.blobEndpoint, "folder": account.folder.path]
            }
            let document: [String: Any] = ["listening": emulator.baseURL, "storageAccounts": accounts]
            let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
