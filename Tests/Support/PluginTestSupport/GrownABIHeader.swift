import Foundation
import Synchronization

/// A test-only `pipehost_plugin.h` of a later minor: the real header with one field,
/// `uint64_t test_appended`, appended to every struct that may grow (all but the frozen
/// `ph_buffer`), `PH_ABI_MINOR` raised by one and `PH_TEST_GROWN` defined.
///
/// It is made from the real header at test time, so it is always what the next minor would be if
/// it grew every struct today, and the header's own static assertions (the frozen 1.0 sizes)
/// must still hold in it.
public enum GrownABIHeader {
    /// The structs that get the appended field.
    public static let grownStructs = [
        "ph_result", "ph_call_context", "ph_host_services", "ph_ext_host_info", "ph_activity_descriptor", "ph_plugin",
    ]

    private static let written = Mutex<String?>(nil)

    /// The folder holding the grown `pipehost_plugin.h`, written once per test process.
    public static func directory() throws -> String {
        try written.withLock { written in
            if let written { return written }
            let real = try String(contentsOfFile: "\(RepositoryPaths.headerDirectory)/pipehost_plugin.h", encoding: .utf8)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipehost-grown-abi-\(getpid())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try grown(from: real).write(toFile: "\(folder)/pipehost_plugin.h", atomically: true, encoding: .utf8)
            written = folder
            return folder
        }
    }

    /// The grown text of `header`; fails when a place to grow is not found exactly once.
    public static func grown(from header: String) throws -> String {
        let prefix = "#define PH_ABI_MINOR "
        guard let line = header.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
            let minor = UInt32(line.dropFirst(prefix.count).trimmingCharacters(in: CharacterSet(charactersIn: "u ")))
        else {
            throw CompileFailure(command: "growing pipehost_plugin.h", output: "no '\(prefix)<n>u' line in the real header")
        }
        var text = try replacingOnce(
            String(line), with: "\(prefix)\(minor + 1)u\n#define PH_TEST_GROWN 1", in: header)
        for name in grownStructs {
            text = try replacingOnce(
                "} \(name);", with: "    uint64_t test_appended; /* appended by the test-only minor */\n} \(name);",
                in: text)
        }
        return text
    }

    private static func replacingOnce(_ target: String, with replacement: String, in text: String) throws -> String {
        let parts = text.components(separatedBy: target)
        guard parts.count == 2 else {
            throw CompileFailure(
                command: "growing pipehost_plugin.h",
                output: "expected '\(target)' once in the real header, found it \(parts.count - 1) times")
        }
        return parts.joined(separator: replacement)
    }
}
