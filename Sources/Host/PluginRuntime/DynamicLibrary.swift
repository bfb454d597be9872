#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A shared library opened with `dlopen`: the only file in pipehost that calls the dynamic loader.
///
/// Libraries are opened with `RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE` and never closed:
/// - `RTLD_NOW` resolves every symbol at load time, so a missing dependency is reported now, with
///   the file's name, instead of as a crash in the middle of a run;
/// - `RTLD_LOCAL` keeps each plugin's symbols to itself, so two plugins can both link their own
///   copies of the same library;
/// - `RTLD_NODELETE` (and never calling `dlclose`) keeps the image mapped: unmapping a Swift image
///   makes the process crash later in unrelated code, because the runtime keeps its metadata.
struct DynamicLibrary: @unchecked Sendable {
    // The handle is never closed and dlsym is thread-safe, so sharing it across threads is fine.
    let path: String
    private let handle: UnsafeMutableRawPointer

    /// Opens the library at an absolute path, or returns the loader's own explanation.
    static func open(_ path: String) -> Result<DynamicLibrary, DynamicLibraryError> {
        _ = dlerror()  // clear a stale message so the one we report belongs to this call
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            return .failure(DynamicLibraryError(message: lastError() ?? "dlopen failed without a message"))
        }
        return .success(DynamicLibrary(path: path, handle: handle))
    }

    /// The address of an exported symbol, or nil when the library does not export it.
    func address(of symbol: String) -> UnsafeMutableRawPointer? {
        _ = dlerror()
        return dlsym(handle, symbol)
    }

    private static func lastError() -> String? {
        dlerror().map { String(cString: $0) }
    }
}

/// The dynamic loader's message for a library it could not open.
struct DynamicLibraryError: Error, Equatable {
    var message: String
}
