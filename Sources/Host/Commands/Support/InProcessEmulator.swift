import AzureMLEmulator
import Foundation
import PipehostJSON

/// The Azure ML emulator running inside `pipehost run` on a free loopback port, so that an example
/// factory runs with no other setup: its URL is handed to the pipeline as a global parameter, and
/// after the run the blobs the run wrote are listed with their local paths.
final class InProcessEmulator: Sendable {
    let emulator: AzureMLEmulator
    let urlParameter: String
    private let before: [String: BlobFileStamp]

    private init(emulator: AzureMLEmulator, urlParameter: String, before: [String: BlobFileStamp]) {
        self.emulator = emulator
        self.urlParameter = urlParameter
        self.before = before
    }

    /// Loads the configuration and starts the emulator on 127.0.0.1, port 0.
    static func start(configurationPath: String, urlParameter: String) async throws(CommandFailure) -> InProcessEmulator {
        let configuration: EmulatorConfiguration
        do {
            configuration = try EmulatorConfiguration.load(from: URL(fileURLWithPath: configurationPath))
        } catch {
            throw CommandFailure("--emulator: \(error)")
        }
        let emulator: AzureMLEmulator
        do {
            emulator = try await AzureMLEmulator.start(configuration: configuration)
        } catch {
            throw CommandFailure("--emulator: the Azure ML emulator could not start: \(error)")
        }
        let folders = emulator.storage.values.map(\.folder)
        return InProcessEmulator(emulator: emulator, urlParameter: urlParameter, before: BlobFileStamp.scan(folders))
    }

    /// The factory's global parameters with the emulator's URL in `urlParameter` (keeping the
    /// factory's spelling of its name).
    func globalParameters(overriding factory: JSONObject) -> JSONObject {
        var result = factory
        let name = factory.member(caseInsensitive: urlParameter)?.key ?? urlParameter
        result[name] = .string(emulator.baseURL)
        return result
    }

    /// What to tell the user after the run: where the emulator ran and which blob files the run
    /// created or changed, as paths relative to the current folder when they are under it.
    func report() -> String {
        let after = BlobFileStamp.scan(emulator.storage.values.map(\.folder))
        let written = after.filter { before[$0.key] != $0.value }.keys.sorted()
        let current = FileManager.default.currentDirectoryPath + "/"
        var lines = ["Azure ML emulator: \(emulator.baseURL) (in this process, stopped with the run)"]
        if written.isEmpty {
            lines.append("  the run wrote no blobs")
        } else {
            lines.append("  blobs the run wrote:")
            for path in written {
                lines.append("    " + (path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func stop() async {
        await emulator.stop()
    }
}

/// A blob file's size and modification time, to tell which files a run wrote.
struct BlobFileStamp: Sendable, Equatable {
    var size: Int
    var modified: Date

    /// Every regular file under `folders`, by absolute path.
    static func scan(_ folders: [URL]) -> [String: BlobFileStamp] {
        var stamps: [String: BlobFileStamp] = [:]
        for folder in folders {
            guard
                let files = FileManager.default.enumerator(
                    at: folder, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey])
            else { continue }
            for case let file as URL in files {
                guard let values = try? file.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]),
                    values.isRegularFile == true
                else { continue }
                stamps[file.standardizedFileURL.path] = BlobFileStamp(
                    size: values.fileSize ?? 0, modified: values.contentModificationDate ?? .distantPast)
            }
        }
        return stamps
    }
}
