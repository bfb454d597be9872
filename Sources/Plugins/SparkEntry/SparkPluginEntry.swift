import PluginKit
import SparkPluginCore

// The Spark plugin's one exported symbol, in its own target so that unit tests can link
// SparkPluginCore beside the other plugins without two `pipehost_plugin_entry_v1`s.

/// The plugin's entry point (docs/plugin-abi.md).
@_cdecl("pipehost_plugin_entry_v1")
public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    PluginExport.entry(SparkPlugin.self, hostABIMajor: major, hostABIMinor: minor)
}
