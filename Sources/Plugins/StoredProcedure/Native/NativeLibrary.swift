#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A native procedure library opened with `dlopen`: the one file of this plugin that uses the
/// dynamic loader. Libraries stay loaded for the life of the process (a procedure may be running
/// on another thread, so nothing is ever closed).
public final class NativeLibrary: @unchecked Sendable {
    // The handle and the function pointers are written once in init and only read afterwards.
    public let path: String
    private let handle: UnsafeMutableRawPointer
    /// `const char *pipehost_procedure_last_message(void)`, when the library exports it.
    private let lastMessage: (@convention(c) () -> UnsafePointer<CChar>?)?

    /// The optional export a library uses to explain a non-zero result.
    public static let messageSymbol = "pipehost_procedure_last_message"

    /// Why a library could not be used.
    public enum LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        /// No file at the path.
        case fileNotFound(path: String)
        /// `dlopen` refused the file; the loader's own words.
        case notLoadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .fileNotFound(let path): "there is no file at '\(path)'"
            case .notLoadable(let path, let reason): "'\(path)' could not be loaded as a shared library: \(reason)"
            }
        }
    }

    /// Opens the library at `path` (`RTLD_NOW | RTLD_LOCAL`: every symbol resolved now, none shared).
    public init(path: String) throws(LoadError) {
        guard access(path, F_OK) == 0 else { throw .fileNotFound(path: path) }
        _ = dlerror()
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw .notLoadable(path: path, reason: Self.loaderMessage() ?? "unknown reason")
        }
        self.path = path
        self.handle = handle
        lastMessage = dlsym(handle, Self.messageSymbol).map {
            unsafeBitCast($0, to: (@convention(c) () -> UnsafePointer<CChar>?).self)
        }
    }

    /// The address of the exported function `symbol`, or nil when the library has none.
    public func function(named symbol: String) -> UnsafeRawPointer? {
        dlsym(handle, symbol).map { UnsafeRawPointer($0) }
    }

    /// The message the library reports for the call that just returned on this thread, if any.
    public func lastMessageOnThisThread() -> String? {
        guard let lastMessage, let text = lastMessage() else { return nil }
        let message = String(cString: text)
        return message.isEmpty ? nil : message
    }

    /// `path` made absolute and free of symbolic links, or nil when it does not exist.
    public static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The folder of the running executable (for `{executableDir}` in library paths).
    public static var executableDirectory: String? {
        guard let executable = canonicalPath("/proc/self/exe") else { return nil }
        guard let slash = executable.lastIndex(of: "/") else { return nil }
        return String(executable[..<slash])
    }

    private static func loaderMessage() -> String? {
        dlerror().map { String(cString: $0) }
    }
}
