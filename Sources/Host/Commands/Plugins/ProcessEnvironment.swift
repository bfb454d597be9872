#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The plugins commands' access to the process: environment variables and standard error, without
/// Foundation (so `pipehost plugins list` starts fast).
enum ProcessEnvironment {
    /// The variables the plugins commands read (`PIPEHOST_PLUGINS`, `TMPDIR`), those that are set.
    static var variables: [String: String] {
        var result: [String: String] = [:]
        for name in ["PIPEHOST_PLUGINS", "TMPDIR"] {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }

    /// Writes one line to standard error.
    static func writeError(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
