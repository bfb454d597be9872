import PipehostPluginABI
import PluginContract
import Synchronization

/// Exports a ``Plugin`` through the C ABI: the one line a plugin adds calls ``entry(_:hostABIMajor:hostABIMinor:)``
/// from its `pipehost_plugin_entry_v1` function.
///
/// ```swift
/// @_cdecl("pipehost_plugin_entry_v1")
/// public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
///     PluginExport.entry(MyPlugin.self, hostABIMajor: major, hostABIMinor: minor)
/// }
/// ```
///
/// The function must be `public` (or it is not exported) and must be named exactly as shown in
/// `@_cdecl`. It returns `UnsafeRawPointer?` so the plugin need not import the C header; the
/// pointer is the `const ph_plugin *` the header declares.
public enum PluginExport {
    /// Builds the plugin's table on the first call (and returns the same table afterwards), or
    /// returns nil when the host's ABI major is not the one this kit implements.
    public static func entry<P: Plugin>(_ plugin: P.Type, hostABIMajor: UInt32, hostABIMinor: UInt32) -> UnsafeRawPointer? {
        guard hostABIMajor == PluginABIVersion.major else { return nil }
        return exportedTable.withLock { exported in
            if let exported { return UnsafeRawPointer(exported.table) }
            let table = PluginTableBuilder.build(P.self)
            exported = ExportedTable(table: table, pluginType: P.self)
            return UnsafeRawPointer(table)
        }
    }

    /// What the host will refuse in this plugin's declarations (id, version, type names,
    /// duplicates), as sentences; empty when it is fine. Call it from a unit test of your plugin.
    public static func problems<P: Plugin>(in plugin: P.Type) -> [String] {
        var problems: [String] = []
        if let problem = IdentifierRules.problem(withPluginID: P.id) { problems.append(problem) }
        if let problem = IdentifierRules.problem(withVersion: P.version) { problems.append(problem) }
        if P.activities.isEmpty { problems.append("the plugin declares no activity types") }
        var seen: Set<String> = []
        for activity in P.activities {
            if let problem = IdentifierRules.problem(withTypeName: activity.typeName) { problems.append(problem) }
            if let types = activity.linkedServiceTypes, case .failure(let problem) = LinkedServiceTypeList.parse(LinkedServiceTypeList.text(types)) {
                problems.append("the linked service types of '\(activity.typeName)' \(problem)")
            }
            if !seen.insert(activity.typeName).inserted {
                problems.append("the activity type '\(activity.typeName)' is declared twice")
            }
        }
        return problems
    }

    /// The plugin type whose table was exported, for `init`.
    static var exportedPluginType: (any Plugin.Type)? {
        exportedTable.withLock { $0?.pluginType }
    }
}

/// The image's one exported table. Built once, never freed: the header requires the table to live
/// as long as the image, and the image is never unloaded.
private struct ExportedTable: @unchecked Sendable {
    let table: UnsafeMutablePointer<ph_plugin>
    let pluginType: any Plugin.Type
}

private let exportedTable = Mutex<ExportedTable?>(nil)

/// Lays out `ph_plugin` and its descriptors in memory that is never freed.
enum PluginTableBuilder {
    static func build<P: Plugin>(_ plugin: P.Type) -> UnsafeMutablePointer<ph_plugin> {
        let definitions = P.activities
        let descriptors = UnsafeMutablePointer<UnsafePointer<ph_activity_descriptor>?>.allocate(
            capacity: max(definitions.count, 1))
        for (index, definition) in definitions.enumerated() {
            let descriptor = UnsafeMutablePointer<ph_activity_descriptor>.allocate(capacity: 1)
            descriptor.initialize(to: ph_activity_descriptor())
            descriptor.pointee.struct_size = StructLayout.activityDescriptorSize
            descriptor.pointee.type_name = immortalCString(definition.typeName)
            descriptor.pointee.description = definition.summary.isEmpty ? nil : immortalCString(definition.summary)
            var flags: ActivityFlags = []
            if definition.isThreadSafe { flags.insert(.threadSafe) }
            if definition.isLongRunning {
                flags.insert(.longRunning)
                descriptor.pointee.start = CallTrampolines.start
                descriptor.pointee.poll = CallTrampolines.poll
                descriptor.pointee.cancel = CallTrampolines.cancel
            } else {
                descriptor.pointee.run = CallTrampolines.run
            }
            descriptor.pointee.flags = flags.rawValue
            if let types = definition.linkedServiceTypes {
                descriptor.pointee.linked_service_types = immortalCString(LinkedServiceTypeList.text(types))
            }
            descriptors[index] = UnsafePointer(descriptor)
        }

        let table = UnsafeMutablePointer<ph_plugin>.allocate(capacity: 1)
        table.initialize(to: ph_plugin())
        table.pointee.struct_size = StructLayout.pluginTableSize
        table.pointee.magic = PluginABIVersion.magic
        table.pointee.abi_major = PluginABIVersion.major
        table.pointee.abi_minor = PluginABIVersion.minor
        table.pointee.build_tag = immortalCString(BuildTag.current)
        table.pointee.plugin_id = immortalCString(P.id)
        table.pointee.version = immortalCString(P.version)
        table.pointee.description = P.summary.isEmpty ? nil : immortalCString(P.summary)
        table.pointee.activity_count = UInt32(clamping: definitions.count)
        table.pointee.activities = UnsafePointer(descriptors)
        table.pointee.`init` = CallTrampolines.initialize
        table.pointee.deinit = CallTrampolines.deinitialize
        return table
    }

    /// A NUL-terminated copy of `text` that is never freed.
    private static func immortalCString(_ text: String) -> UnsafePointer<CChar> {
        let utf8 = Array(text.utf8)
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
        for (index, byte) in utf8.enumerated() { storage[index] = CChar(bitPattern: byte) }
        storage[utf8.count] = 0
        return UnsafePointer(storage)
    }
}
