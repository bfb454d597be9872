#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Keeps a spawned child (a plugin worker, the emulator) from inheriting the host's file
/// descriptors: only its standard input, output and error cross. A descriptor opened without `O_CLOEXEC` anywhere in the host (another
/// library's pipe to a child of its own, a socket, a database file) would otherwise stay open as
/// long as the child lives, and whoever waits for that pipe's end would wait for the child.
enum InheritedDescriptors {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later). Its declaration needs
    /// `_GNU_SOURCE`, which Swift's Glibc module does not define, so it is looked up at run time.
    private static let closeFrom: CloseFrom? = dlsym(
        UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np"
    ).map { unsafeBitCast($0, to: CloseFrom.self) }

    /// Adds actions that close every descriptor from 3 up in the child, after the `dup2`s onto
    /// 0, 1 and 2 already in `actions`.
    static func closeAboveStandardStreams(in actions: inout posix_spawn_file_actions_t) {
        if let closeFrom, closeFrom(&actions, 3) == 0 { return }
        // Without closefrom: close what is open now, as /proc lists it.
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        let own = dirfd(directory)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let descriptor = Int32(name), descriptor > 2, descriptor != own else { continue }
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }
}
