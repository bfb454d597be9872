import PluginKit

/// ADF's data activities: Copy, Lookup, GetMetadata, Delete and Validation over datasets on local
/// files, Azure Blob Storage / Data Lake Gen2, HTTP and PostgreSQL. docs/data-activities.md is the
/// user's guide.
public struct DataPlugin: Plugin {
    public static let id = "org.pipehost.data"
    public static let version = "1.0.0"
    public static let summary = "Copy, Lookup, GetMetadata, Delete and Validation on files, blobs, HTTP and PostgreSQL"
    public static let activities: [ActivityDefinition<DataPlugin>] = []

    public init(host: HostServices, settings: JSONValue) throws {}
}

/// The plugin's entry point (docs/plugin-abi.md).
@_cdecl("pipehost_plugin_entry_v1")
public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    PluginExport.entry(DataPlugin.self, hostABIMajor: major, hostABIMinor: minor)
}
