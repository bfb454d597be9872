import Foundation

/// A package from PyPI (a real peer the tests did not write: Microsoft's SDKs, pyarrow) in its own
/// git-ignored virtual environment under the repository's `.pipehost/`, created on first use.
public struct PythonPackage: Sendable {
    /// What pip installs, pinned: `pyarrow==26.0.1`.
    public let requirement: String
    /// Python that exits 0 when the package is usable: `import pyarrow`.
    public let check: String
    /// The environment's folder.
    public let venv: URL

    /// `venvName` is the environment's folder under `.pipehost/`.
    public init(_ requirement: String, venvName: String, check: String) {
        self.requirement = requirement
        self.check = check
        venv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".pipehost/\(venvName)", isDirectory: true)
    }

    /// The environment's python with the package importable, created and installed when missing;
    /// nil when that is impossible (no python3 with venv, no PyPI). Blocks while pip runs: keep it
    /// in a `static let` so that it runs once.
    public func installedPython() -> String? {
        let python = venv.appendingPathComponent("bin/python").path
        if usable(python) { return python }
        guard Self.runSync("/usr/bin/env", ["python3", "-m", "venv", venv.path]) == 0,
            Self.runSync(venv.appendingPathComponent("bin/pip").path, ["install", "--quiet", requirement]) == 0,
            usable(python)
        else { return nil }
        return python
    }

    private func usable(_ python: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: python) && Self.runSync(python, ["-c", check]) == 0
    }

    private static func runSync(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs `script` (Python source) with `arguments` in `python`, off the cooperative pool;
    /// returns the exit status and the combined output.
    public static func run(python: String, script: String, _ arguments: [String]) async throws -> (Int32, String) {
        let folder = FileManager.default.temporaryDirectory
        let scriptFile = folder.appendingPathComponent("pipehost-test-\(UUID().uuidString).py")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("pipehost-test-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: scriptFile)
            try? FileManager.default.removeItem(at: output)
        }
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scriptFile.path] + arguments
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try handle.close()
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
