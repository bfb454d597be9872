import PipehostPluginABI
import PluginContract

/// A plugin library that is loaded and whose table passed validation; `init` has not run yet.
///
/// The table pointer is the plugin's static, image-lifetime table, valid for the rest of the
/// process since libraries are never unloaded.
public struct PluginLibrary: @unchecked Sendable {
    // Sendable: the table is immutable static memory of an image that is never unmapped.
    /// The library's canonical absolute path.
    public let path: String
    public let declaration: PluginDeclaration
    /// The validated `ph_plugin` table.
    public let table: UnsafePointer<ph_plugin>

    /// Loads the library at `path` and validates its table, without calling `init`.
    ///
    /// Steps, each with its own error: the file exists; it is an ELF shared library for this
    /// machine; `dlopen` accepts it; it exports `pipehost_plugin_entry_v1`; the entry returns a
    /// table for this host's ABI; the table is valid (``PluginTableReader``).
    public static func load(_ path: String) -> Result<PluginLibrary, PluginLoadError> {
        load(path, hostBuildTag: BuildTag.current)
    }

    static func load(_ path: String, hostBuildTag: String) -> Result<PluginLibrary, PluginLoadError> {
        switch FileSystem.kind(of: path) {
        case .missing: return .failure(.fileNotFound(path: path))
        case .directory: return .failure(.notSharedObject(path: path, reason: "it is a folder"))
        case .other: return .failure(.notSharedObject(path: path, reason: "it is a device, socket or pipe"))
        case .regularFile: break
        }
        let canonical = FileSystem.canonicalPath(path) ?? path
        if let problem = SharedObjectCheck.problem(withFileAt: canonical) {
            return .failure(.notSharedObject(path: path, reason: problem))
        }
        let library: DynamicLibrary
        switch DynamicLibrary.open(canonical) {
        case .success(let opened): library = opened
        case .failure(let error): return .failure(.loadFailed(path: path, reason: error.message))
        }
        guard let address = library.address(of: PluginABIVersion.entrySymbol) else {
            return .failure(.entryMissing(path: path))
        }
        let entry = unsafeBitCast(address, to: ph_plugin_entry_v1_fn.self)
        guard let table = entry(PluginABIVersion.major, PluginABIVersion.minor) else {
            return .failure(
                .hostABIRefused(path: path, hostMajor: PluginABIVersion.major, hostMinor: PluginABIVersion.minor))
        }
        return PluginTableReader.read(table, path: path, hostBuildTag: hostBuildTag).map { declaration in
            PluginLibrary(path: canonical, declaration: declaration, table: table)
        }
    }

    /// The descriptor that declares `typeName`.
    func descriptor(for typeName: String) -> UnsafePointer<ph_activity_descriptor>? {
        guard let pointers = table.pointee.activities else { return nil }
        for index in 0..<Int(table.pointee.activity_count) {
            guard let descriptor = pointers[index], let name = descriptor.pointee.type_name else { continue }
            if String(cString: name) == typeName { return descriptor }
        }
        return nil
    }
}
