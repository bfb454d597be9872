#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system calls the plugin runtime needs, in one place and without Foundation (the host's
/// plugin path stays as light as the plugins).
enum FileSystem {
    /// What is at a path.
    enum Kind: Equatable {
        case missing
        case regularFile
        case directory
        /// A device, socket or FIFO.
        case other
    }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The whole file, or the reason it could not be read (`strerror` text).
    static func readFile(_ path: String, limit: Int = 16 * 1024 * 1024) -> Result<[UInt8], FileSystemError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.current(path)) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.current(path))
            }
            if count == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                return .failure(FileSystemError(path: path, reason: "the file is larger than \(limit) bytes"))
            }
        }
    }

    /// Reads at most `count` bytes from the start of a file.
    static func readPrefix(_ path: String, count: Int) -> Result<[UInt8], FileSystemError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.current(path)) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { raw in
                read(descriptor, raw.baseAddress.map { $0 + filled }, count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(.current(path))
            }
            if got == 0 { break }
            filled += got
        }
        return .success(Array(bytes[0..<filled]))
    }

    /// The canonical absolute path (symbolic links resolved), or nil when it does not exist.
    static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The names in a directory (without "." and ".."), sorted, or the reason it could not be listed.
    static func contentsOfDirectory(_ path: String) -> Result<[String], FileSystemError> {
        guard let directory = opendir(path) else { return .failure(.current(path)) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names.sorted())
    }

    /// The running executable's absolute path.
    static func executablePath() -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        return CommandLine.arguments.first.flatMap(canonicalPath)
        #endif
    }

    static func currentDirectory() -> String? {
        guard let path = getcwd(nil, 0) else { return nil }
        defer { free(path) }
        return String(cString: path)
    }

    /// Creates a directory and its missing parents (mode 0700 for new ones).
    static func createDirectories(_ path: String) -> Result<Void, FileSystemError> {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST { return .failure(.current(prefix)) }
            prefix += "/"
        }
        return kind(of: path) == .directory
            ? .success(()) : .failure(FileSystemError(path: path, reason: "it exists and is not a directory"))
    }
}

/// A failed file-system call: the path and the system's reason.
struct FileSystemError: Error, Equatable, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "'\(path)': \(reason)" }

    /// The error `errno` describes now.
    static func current(_ path: String) -> FileSystemError {
        FileSystemError(path: path, reason: String(cString: strerror(errno)))
    }
}

/// Path arithmetic on strings, POSIX style.
enum FilePath {
    static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    /// `path` resolved against `base` when relative.
    static func resolve(_ path: String, against base: String) -> String {
        isAbsolute(path) ? path : join(base, path)
    }

    static func join(_ base: String, _ component: String) -> String {
        if base.isEmpty { return component }
        return base.hasSuffix("/") ? base + component : base + "/" + component
    }

    /// The folder part of a path ("." when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
