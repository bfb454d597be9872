import PipehostPluginABI
import PluginContract

/// The host's services as the plugin sees them outside a call: logging from `init`, `shutdown` or
/// background threads, and facts about the host. Valid from `init` until `shutdown` returns; a
/// plugin may keep it that long and use it from any thread.
public struct HostServices: @unchecked Sendable {
    // The table is host-owned, immutable and valid until deinit: safe to share across threads.
    let table: UnsafePointer<ph_host_services>

    init(table: UnsafePointer<ph_host_services>) {
        self.table = table
    }

    /// The host's name and version, e.g. `"pipehost 0.1.0"`.
    public var hostVersion: String {
        table.pointee.host_version.map { String(cString: $0) } ?? "unknown host"
    }

    /// The host's ABI version as `(major, minor)`.
    public var abiVersion: (major: UInt32, minor: UInt32) {
        (table.pointee.abi_major, table.pointee.abi_minor)
    }

    /// Writes a message to the host's log, outside any call.
    public func log(_ level: LogLevel, _ message: String) {
        Self.log(table, context: nil, level, message)
    }

    /// A folder where the plugin may create working folders (it exists), from the host-info
    /// extension; nil when the host does not offer it.
    public var workDirectory: String? {
        hostInfo.flatMap { info in info.pointee.work_directory.map { String(cString: $0) } }
    }

    /// True when the plugin runs in an isolated worker process rather than in the host.
    public var isIsolated: Bool {
        hostInfo.map { $0.pointee.isolated != 0 } ?? false
    }

    /// Looks up an optional host feature by versioned id, e.g. `"org.pipehost.host-info/1"`.
    /// Returns nil when the host does not offer it.
    public func extensionPointer(_ id: String) -> UnsafeRawPointer? {
        guard StructLayout.hasField(\ph_host_services.get_extension, structSize: table.pointee.struct_size),
            let getExtension = table.pointee.get_extension
        else { return nil }
        return id.withCString { getExtension(table, $0) }
    }

    private var hostInfo: UnsafePointer<ph_ext_host_info>? {
        guard let raw = extensionPointer(PluginABIVersion.hostInfoExtensionID) else { return nil }
        let info = raw.assumingMemoryBound(to: ph_ext_host_info.self)
        guard StructLayout.isCompatible(structSize: info.pointee.struct_size, frozenSize: StructLayout.FrozenSize.hostInfo)
        else {
            return nil
        }
        return info
    }

    static func log(
        _ table: UnsafePointer<ph_host_services>, context: UnsafePointer<ph_call_context>?, _ level: LogLevel,
        _ message: String
    ) {
        guard let log = table.pointee.log else { return }
        var text = message
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                log(table, context, level.rawValue, chars.baseAddress, UInt64(chars.count))
            }
        }
    }
}
