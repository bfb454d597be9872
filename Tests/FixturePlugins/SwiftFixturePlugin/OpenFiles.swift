#if canImport(Glibc)
import Glibc
#endif
import PluginKit

/// What the process running the plugin has open: the target of every descriptor from 3 up, as
/// /proc shows it (`pipe:[1234]`, `/path/to/file`, `socket:[5678]`). Tests use it to see which of
/// the host's descriptors a worker process inherited.
enum OpenFiles {
    static func list() -> JSONValue {
        var targets: [JSONValue] = []
        guard let directory = opendir("/proc/self/fd") else { return ["files": .array([])] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let descriptor = Int32(name), descriptor > 2, descriptor != own else { continue }
            var buffer = [CChar](repeating: 0, count: 4096)
            let length = readlink("/proc/self/fd/\(descriptor)", &buffer, buffer.count - 1)
            guard length > 0 else { continue }
            targets.append(.string(String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        return ["files": .array(targets)]
    }
}
