import DataPluginCore
import PluginKit

// The data plugin's one exported symbol. It lives in its own target so that the unit tests can
// link DataPluginCore next to the other plugins without two `pipehost_plugin_entry_v1`s.

/// The plugin's entry point (docs/plugin-abi.md).
@_cdecl("pipehost_plugin_entry_v1")
public func pipehostPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    PluginExport.entry(DataPlugin.self, hostABIMajor: major, hostABIMinor: minor)
}
